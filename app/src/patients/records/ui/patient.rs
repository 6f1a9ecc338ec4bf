//! `/practices/:id/patients/:patient`: the "Patient Information View": the
//! record, its status, and the "Patient Profile" module (the account's
//! state, its credentials, "Actions" and the activity log), and the
//! record's documents.

use crate::ids::{OrgId, PatientId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{
    form_errors, BackLink, Button, ButtonKind, ErrorSummary, FormErrors, NotificationBanner,
    PageSkeleton, Select, SummaryList, SummaryRow, Table,
};
use crate::error::FieldErrors;
use crate::patients::credentials::api::{letter_page, SetPatientAccountEnabled};
use crate::patients::documents::ui::Documents;
use crate::patients::model::*;
use crate::patients::records::api::{get_patient, SetRecordStatus};
use crate::patients::ui::StateTag;

/// `/practices/:id/patients/:patient`.
#[component]
pub fn PatientPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        params.with(|p| {
            (
                OrgId::new(p.get("id").unwrap_or_default()),
                PatientId::new(p.get("patient").unwrap_or_default()),
                query.read().get("done").unwrap_or_default(),
            )
        })
    };
    let data = Resource::new(args, |(org, patient, _)| get_patient(org, patient));
    let done = move || query.read().get("done");
    view! {
        <Title text="Patient Information View"/>
        <PageSkeleton data transition=true page=move |patient: PatientDetail| view! { <Patient patient done=done()/> }/>
    }
}

fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "added" => "Patient added",
        "later" => "Credentials created. Print their letter when you are ready to distribute them.",
        "sent" => "Letter marked as sent",
        "disabled" => "Patient Profile account disabled",
        "enabled" => "Patient Profile account enabled",
        "status" => "Record status changed",
        "document" => "Document added",
        "visibility" => "Patient Profile Is Visible changed",
        _ => return None,
    })
}

#[component]
fn Patient(patient: PatientDetail, done: Option<String>) -> impl IntoView {
    let enable = ServerAction::<SetPatientAccountEnabled>::new();
    let status = ServerAction::<SetRecordStatus>::new();
    let page = patient_page(&patient.practice_id, &patient.id);
    let navigate = use_navigate();
    {
        // A state offers Enable or Disable, never both: the one offered is
        // what a success did (the action's input is gone once it resolves).
        let done = if patient.actions.contains(&PatientAction::Enable) {
            "enabled"
        } else {
            "disabled"
        };
        let page = page.clone();
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = enable.value().get() {
                navigate(&format!("{page}?done={done}"), Default::default());
            }
        });
    }
    {
        let page = page.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = status.value().get() {
                navigate(&format!("{page}?done=status"), Default::default());
            }
        });
    }
    let enable_errors = form_errors(enable.value(), "actions");
    let status_errors = form_errors(status.value(), "record_status");
    let errors = Signal::derive(move || {
        let mut all = FieldErrors::default();
        all.0.extend(enable_errors.get().0);
        all.0.extend(status_errors.get().0);
        all
    });
    let form = FormErrors::new(errors);
    let name = patient.name();
    let banner = done.as_deref().and_then(done_message);
    if banner.is_some() {
        // The confirmation takes focus, so keyboard and screen-reader
        // users hear what happened.
        crate::components::focus_when_drawn("done");
    }
    let org = patient.practice_id.clone();
    let id = patient.id.clone();
    let statuses: Vec<(String, String)> = RecordStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();
    let actions = patient
        .actions
        .clone()
        .into_iter()
        .map(|action| {
            let (org, id) = (org.clone(), id.clone());
            match action {
                PatientAction::CreateCredentials => view! {
                    <li>
                        <a class="nhsuk-button nhsuk-button--secondary" href=format!("{}/credentials", patient_page(&org, &id))>
                            "Create Patient Portal Credentials"
                        </a>
                    </li>
                }
                .into_any(),
                PatientAction::Disable | PatientAction::Enable => {
                    let on = action == PatientAction::Enable;
                    view! {
                        <li>
                            <ActionForm action=enable attr:novalidate=true>
                                <input type="hidden" name="organisation_id" value=org.to_string()/>
                                <input type="hidden" name="patient_id" value=id.to_string()/>
                                <input type="hidden" name="enabled" value=if on { "true" } else { "false" }/>
                                <Button kind=if on { ButtonKind::Secondary } else { ButtonKind::Warning } disabled=enable.pending()>
                                    {action.label()}
                                </Button>
                            </ActionForm>
                        </li>
                    }
                    .into_any()
                }
            }
        })
        .collect_view();
    let has_actions = !patient.actions.is_empty();
    let events = patient
        .activity
        .iter()
        .cloned()
        .map(|e| {
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{e.when}</td>
                    <td class="nhsuk-table__cell">{e.what}</td>
                    <td class="nhsuk-table__cell">{e.by}</td>
                    <td class="nhsuk-table__cell">{e.details}</td>
                </tr>
            }
        })
        .collect_view();
    let no_events = patient.activity.is_empty();
    let address = patient.address.join(", ");
    view! {
        <BackLink href=format!("/practices/{}/patients", patient.practice_id) text="Back to Patients"/>
        <ErrorSummary errors/>
        {banner.map(|message| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{message}</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{patient.practice_name.clone()}</span>
        <h1>{name}</h1>
        <SummaryList>
            <SummaryRow key="NHS number">{patient.nhs_number.clone()}</SummaryRow>
            <SummaryRow key="Date of birth">{patient.date_of_birth.clone()}</SummaryRow>
            <SummaryRow key="Email address">{patient.email.clone().unwrap_or_else(|| "Not given".into())}</SummaryRow>
            <SummaryRow key="Mobile">{patient.mobile.clone().unwrap_or_else(|| "Not given".into())}</SummaryRow>
            <SummaryRow key="Address">{if address.is_empty() { "Not given".to_string() } else { address }}</SummaryRow>
            <SummaryRow key="Postcode">{patient.postcode.clone().unwrap_or_else(|| "Not given".into())}</SummaryRow>
            <SummaryRow key="Record status">{patient.record.label()}</SummaryRow>
        </SummaryList>

        <section class="nhsuk-card" aria-labelledby="patient-profile">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading" id="patient-profile">"Patient Profile"</h2>
                <p class="nhsuk-body">"Account: " <StateTag state=patient.state/></p>
                {patient.disabled_automatically.then(|| view! {
                    <p class="nhsuk-body">"Disabled automatically because the record is " {patient.record.label()} "."</p>
                })}
                {patient.credentials.clone().map(|c| view! {
                    <SummaryList>
                        <SummaryRow key="Patient ID">{c.patient_code}</SummaryRow>
                        <SummaryRow key="Credentials">{c.status}</SummaryRow>
                        <SummaryRow key="Credentials Expiry Date">{c.expires}</SummaryRow>
                        <SummaryRow key="Letter sent">{c.letter_sent.unwrap_or_else(|| "Not yet".into())}</SummaryRow>
                    </SummaryList>
                })}
                {patient.letter_available.then(|| view! {
                    <p class="nhsuk-body"><a href=letter_page(&patient.practice_id, &patient.id)>"Open the letter creation page"</a></p>
                })}
                {patient.may_manage.then(|| view! {
                    <h3 id="actions">"Actions"</h3>
                    {if has_actions {
                        view! { <ul class="nhsuk-list">{actions}</ul> }.into_any()
                    } else {
                        view! { <p class="nhsuk-body">"No actions are available for this account now."</p> }.into_any()
                    }}
                })}
            </div>
        </section>

        <Documents org=org.clone() patient=id.clone() documents=patient.documents.clone() may_manage=patient.may_manage/>

        <h2>"Activity log"</h2>
        {if no_events {
            view! { <p class="nhsuk-body">"No Patient Profile activity yet."</p> }.into_any()
        } else {
            view! {
                <Table caption="Patient Profile activity, newest first" headings=vec!["When", "What", "By", "Details"]>
                    {events}
                </Table>
            }.into_any()
        }}

        {patient.may_manage.then(|| view! {
            <h2>"Record status"</h2>
            <p class="nhsuk-body">"A record marked Deceased or Left the practice disables its Patient Profile account automatically."</p>
            <ActionForm action=status attr:novalidate=true>
                <input type="hidden" name="organisation_id" value=org.to_string()/>
                <input type="hidden" name="patient_id" value=id.to_string()/>
                <Select id="record_status" label="Record status" options=statuses.clone() selected=patient.record.as_str().to_string() error=form.field("record_status")/>
                <Button kind=ButtonKind::Secondary disabled=status.pending()>"Save record status"</Button>
            </ActionForm>
        })}
    }
}
