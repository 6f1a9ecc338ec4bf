//! `/practices/:id/patients/:patient/credentials`: "Create Patient Portal
//! Credentials": the "Credentials Expiry Date" and "Distribute now" or
//! "Distribute later", then "Submit".

use crate::ids::{OrgId, PatientId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::{
    use_form_errors, BackLink, Button, DateInput, ErrorSummary, PageSkeleton, Radios,
};
use crate::patients::credentials::api::{get_credentials_form, letter_page, CreateCredentials};
use crate::patients::credentials::model::CredentialsDefaults;
use crate::patients::model::patient_page;

/// `/practices/:id/patients/:patient/credentials`.
#[component]
pub fn CreateCredentialsPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            (
                OrgId::new(p.get("id").unwrap_or_default()),
                PatientId::new(p.get("patient").unwrap_or_default()),
            )
        })
    };
    let data = Resource::new(ids, |(org, patient)| get_credentials_form(org, patient));
    view! {
        <Title text="Create Patient Portal Credentials"/>
        <PageSkeleton data page=move |defaults: CredentialsDefaults| {
            let (org, patient) = ids();
            view! { <CredentialsForm org patient defaults/> }
        }/>
    }
}

#[component]
fn CredentialsForm(org: OrgId, patient: PatientId, defaults: CredentialsDefaults) -> impl IntoView {
    let create = ServerAction::<CreateCredentials>::new();
    let navigate = use_navigate();
    let back = patient_page(&org, &patient);
    {
        let (org, patient) = (org.clone(), patient.clone());
        Effect::new(move |_| {
            if let Some(Ok(now)) = create.value().get() {
                let to = if now {
                    letter_page(&org, &patient)
                } else {
                    format!("{}?done=later", patient_page(&org, &patient))
                };
                navigate(&to, Default::default());
            }
        });
    }
    let form = use_form_errors(create.value(), "expiry_day");
    let errors = form.errors;
    let options = vec![
        (
            "now".to_string(),
            "Distribute now: open the letter creation page to choose and print the letter".to_string(),
        ),
        (
            "later".to_string(),
            "Distribute later: go back to the patient's record. The credentials stay until new ones overwrite them".to_string(),
        ),
    ];
    view! {
        <BackLink href=back text="Back to the patient's record"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{defaults.patient_name.clone()}</span>
                <h1>"Create Patient Portal Credentials"</h1>
                <p class="nhsuk-body">"The patient gets a Patient ID, an activation code and a link to register, by letter. Any earlier credentials stop working."</p>
                <ActionForm action=create attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=org.to_string()/>
                    <input type="hidden" name="patient_id" value=patient.to_string()/>
                    <DateInput id="expiry_day" name="credentials[expiry]" legend="Credentials Expiry Date"
                        hint=format!("The credentials stop working at the end of this day if they are not used. At most 90 days from today ({}).", defaults.latest)
                        names=["credentials[expiry_day]".to_string(), "credentials[expiry_month]".to_string(), "credentials[expiry_year]".to_string()]
                        values=(defaults.day.clone(), defaults.month.clone(), defaults.year.clone())
                        error=form.field("expiry_day")/>
                    <Radios id="distribution" name="credentials[distribution]" legend="Distribution" options selected="now" error=form.field("distribution")/>
                    <Button disabled=create.pending()>"Submit"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
