//! `/practices/:id/contact`: the public "Contact your practice" form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use super::{practice_page, RequestFields};
use crate::components::{use_form_errors, Button, ErrorSummary};
use crate::requests::contact::api::*;
use crate::requests::contact::model::*;

/// `/practices/:id/contact`: the public "Contact your practice" form.
#[component]
pub fn ContactPage() -> impl IntoView {
    practice_page("Contact your practice", |practice| {
        view! { <ContactForm practice/> }.into_any()
    })
}

#[component]
fn ContactForm(practice: PracticeContact) -> impl IntoView {
    let submit = ServerAction::<SubmitContactForm>::new();
    let navigate = use_navigate();
    let practice_id = practice.id.clone();
    Effect::new(move |_| {
        if let Some(Ok(reference)) = submit.value().get() {
            navigate(&sent_page(&practice_id, &reference), Default::default());
        }
    });
    let form = use_form_errors(submit.value(), "patient_name");
    let errors = form.errors;
    view! {
        <Title text=format!("Contact your practice: {}", practice.name)/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{practice.name.clone()}</span>
                <h1>"Contact your practice"</h1>
                <p class="nhsuk-body">"Use this form to ask the practice for help with a health problem or an admin request. Someone at the practice will read it and contact you."</p>
                {practice.phone_href().zip(practice.phone.clone()).map(|(href, phone)| view! {
                    <p class="nhsuk-body">"You can also phone the practice on " <a href=href>{phone}</a> "."</p>
                })}
                <div class="nhsuk-warning-callout">
                    <h2 class="nhsuk-warning-callout__label">
                        <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Do not use this form in an emergency"</span>
                    </h2>
                    <p class="nhsuk-body">"Call 999 if it is a life-threatening emergency. For urgent help when the practice is closed, use NHS 111 online or call 111."</p>
                </div>
                <ActionForm action=submit attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=practice.id.clone()/>
                    <RequestFields form voice=Voice::Patient you=practice.you.clone().unwrap_or_default()/>
                    // People never see this; simple robots fill it in.
                    <div class="gh-honeypot" aria-hidden="true">
                        <label for="website">"Leave this empty"</label>
                        <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"/>
                    </div>
                    <Button disabled=submit.pending()>"Send request"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
