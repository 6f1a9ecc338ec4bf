//! `/practices/:id/patients/:patient/letter`: the letter creation page
//! (choose the letter, preview it with the patient's data, "Print" and
//! "Mark as sent"), and `…/letter/print`, the letter alone to print.

use crate::ids::{OrgId, PatientId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{form_errors, BackLink, Button, ErrorSummary, FormErrors, PageSkeleton};
use crate::patients::credentials::api::{letter_page, patient_letter, MarkLetterSent};
use crate::patients::credentials::model::{Letter, BUILT_IN_LETTER};
use crate::patients::model::patient_page;

/// The practice, the patient and the letter chosen (`?letter=`).
fn ids() -> impl Fn() -> (OrgId, PatientId, String) + Clone + Send + Sync + 'static {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let letter = query.read().get("letter").unwrap_or_default();
        params.with(|p| {
            (
                OrgId::new(p.get("id").unwrap_or_default()),
                PatientId::new(p.get("patient").unwrap_or_default()),
                letter,
            )
        })
    }
}

/// `?letter=…` for a letter template, nothing for the built-in letter.
fn choice_query(letter: &Letter) -> String {
    if letter.chosen == BUILT_IN_LETTER.0 {
        String::new()
    } else {
        format!("?letter={}", letter.chosen)
    }
}

/// `/practices/:id/patients/:patient/letter`.
#[component]
pub fn LetterPage() -> impl IntoView {
    let ids = ids();
    let data = Resource::new(ids.clone(), |(org, patient, letter)| {
        patient_letter(org, patient, letter)
    });
    view! {
        <Title text="Create the letter"/>
        <PageSkeleton data page=move |letter: Letter| {
            let (org, patient, _) = ids();
            view! { <LetterCreation org patient letter/> }
        }/>
    }
}

#[component]
fn LetterCreation(org: OrgId, patient: PatientId, letter: Letter) -> impl IntoView {
    let sent = ServerAction::<MarkLetterSent>::new();
    let navigate = use_navigate();
    let record = patient_page(&org, &patient);
    {
        let record = record.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = sent.value().get() {
                navigate(&format!("{record}?done=sent"), Default::default());
            }
        });
    }
    let form = FormErrors::new(form_errors(sent.value(), "mark_sent"));
    let errors = form.errors;
    let print = format!("{}/print", letter_page(&org, &patient));
    view! {
        <BackLink href=record text="Back to the patient's record"/>
        <ErrorSummary errors/>
        <span class="nhsuk-caption-l">{letter.patient_name.clone()}</span>
        <h1>"Create the letter"</h1>
        <form method="get" action=letter_page(&org, &patient)>
            <div class="nhsuk-form-group">
                <fieldset class="nhsuk-fieldset">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"Letter"</legend>
                    <div class="nhsuk-radios">
                        {letter.choices.iter().enumerate().map(|(n, (value, name))| {
                            let id = if n == 0 { "letter".to_string() } else { format!("letter-{}", n + 1) };
                            view! {
                                <div class="nhsuk-radios__item">
                                    <input class="nhsuk-radios__input" id=id.clone() name="letter" type="radio" value=value.clone() checked=*value == letter.chosen/>
                                    <label class="nhsuk-label nhsuk-radios__label" for=id>{name.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            {(letter.choices.len() > 1).then(|| view! {
                <button class="nhsuk-button nhsuk-button--secondary" type="submit">"Preview this letter"</button>
            })}
        </form>
        <h2>"Preview"</h2>
        <div class="gh-letter-preview">
            <LetterText letter=letter.clone()/>
        </div>
        <p class="nhsuk-body"><a class="nhsuk-button nhsuk-button--secondary" href=format!("{print}{}", choice_query(&letter)) target="_blank">"Print view (opens in a new tab)"</a></p>
        <p class="nhsuk-body"><a href=format!("{}.docx{}", letter_page(&org, &patient), choice_query(&letter)) download rel="external">"Download the letter as a Word file (.docx)"</a></p>
        <h2>"When the letter has gone"</h2>
        <p class="nhsuk-body">{match letter.sent.clone() {
            Some(when) => format!("Marked as sent on {when}."),
            None => "Mark it as sent, so the activity log says so.".to_string(),
        }}</p>
        <ActionForm action=sent attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org.to_string()/>
            <input type="hidden" name="patient_id" value=patient.to_string()/>
            <Button id="mark_sent" disabled=sent.pending()>"Mark as sent"</Button>
        </ActionForm>
    }
}

/// `/practices/:id/patients/:patient/letter/print`: the letter alone (the
/// page's header and footer are not printed).
#[component]
pub fn LetterPrintPage() -> impl IntoView {
    let ids = ids();
    let data = Resource::new(ids, |(org, patient, letter)| {
        patient_letter(org, patient, letter)
    });
    view! {
        <Title text="Patient Profile letter"/>
        <PageSkeleton data page=move |letter: Letter| view! {
            <div class="gh-letter">
                <h1 class="nhsuk-u-visually-hidden">"Patient Profile letter"</h1>
                <LetterText letter/>
            </div>
        }/>
    }
}

/// The chosen letter with the patient's data: a letter template's text, or
/// the built-in invitation letter.
#[component]
fn LetterText(letter: Letter) -> impl IntoView {
    if !letter.template_lines.is_empty() {
        return view! { <TemplateText letter/> }.into_any();
    }
    view! { <BuiltInText letter/> }.into_any()
}

/// A letter template's text, a paragraph per line; the QR code after it.
#[component]
fn TemplateText(letter: Letter) -> impl IntoView {
    let paragraphs = letter
        .template_lines
        .iter()
        .map(|line| {
            if line.trim().is_empty() {
                view! { <br/> }.into_any()
            } else {
                view! { <p class="nhsuk-body gh-letter__line">{line.clone()}</p> }.into_any()
            }
        })
        .collect_view();
    view! {
        {paragraphs}
        <div class="gh-letter__qr" role="img" aria-label="QR code of the registration address" inner_html=letter.qr_svg.clone()></div>
    }
}

/// The built-in invitation letter with the patient's data.
#[component]
fn BuiltInText(letter: Letter) -> impl IntoView {
    let lines = |lines: Vec<String>| {
        lines
            .into_iter()
            .map(|line| view! { {line}<br/> })
            .collect_view()
    };
    view! {
        <div class="gh-letter__from">
            <p class="nhsuk-body"><strong>{letter.practice_name.clone()}</strong><br/>{lines(letter.practice_address.clone())}</p>
        </div>
        <p class="nhsuk-body">{letter.patient_name.clone()}<br/>{lines(letter.patient_address.clone())}</p>
        <p class="nhsuk-body">{letter.date.clone()}</p>
        <p class="nhsuk-body">{format!("Dear {},", letter.patient_name)}</p>
        <p class="nhsuk-body">{format!("{} invites you to use Patient Profile: see your letters and documents from the practice, and contact the practice online.", letter.practice_name)}</p>
        <p class="nhsuk-body">"To register, go to the address below or scan the QR code, and enter these details with your date of birth:"</p>
        <dl class="nhsuk-summary-list gh-letter__codes">
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Patient ID"</dt>
                <dd class="nhsuk-summary-list__value" id="letter-patient-id">{letter.patient_code.clone()}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
                <dt class="nhsuk-summary-list__key">"Activation code"</dt>
                <dd class="nhsuk-summary-list__value" id="letter-activation-code">{letter.activation_code.clone()}</dd>
            </div>
        </dl>
        <p class="nhsuk-body gh-letter__link" id="letter-link">{letter.register_link.clone()}</p>
        <div class="gh-letter__qr" role="img" aria-label="QR code of the registration address" inner_html=letter.qr_svg.clone()></div>
        <p class="nhsuk-body">{format!("These details work until the end of {}. Keep this letter private: anyone with it and your date of birth could register as you.", letter.expires)}</p>
        {letter.support.clone().map(|s| view! {
            <p class="nhsuk-body">{format!("If your details have expired or you need help, contact {} or call {}.", s.email, s.phone)}</p>
        })}
        <p class="nhsuk-body">"Yours sincerely,"<br/>{letter.practice_name.clone()}</p>
    }
}
