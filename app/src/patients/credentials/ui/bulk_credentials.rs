//! `/practices/:id/patients/bulk-credentials`: "Create credentials for many
//! patients": credentials, kept for later, for every patient who needs
//! them, made by a background job whose page opens.

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::{use_form_errors, BackLink, Button, DateInput, ErrorSummary, PageSkeleton};
use crate::patients::credentials::api::{get_bulk_credentials_form, StartBulkCredentials};
use crate::patients::credentials::model::BulkCredentialsDefaults;

/// `/practices/:id/patients/bulk-credentials`.
#[component]
pub fn BulkCredentialsPage() -> impl IntoView {
    let params = use_params_map();
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    let data = Resource::new(org, get_bulk_credentials_form);
    view! {
        <Title text="Create credentials for many patients"/>
        <PageSkeleton data page=move |defaults: BulkCredentialsDefaults| view! { <BulkForm org=org() defaults/> }/>
    }
}

#[component]
fn BulkForm(org: OrgId, defaults: BulkCredentialsDefaults) -> impl IntoView {
    let start = ServerAction::<StartBulkCredentials>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            if let Some(Ok(job)) = start.value().get() {
                navigate(
                    &format!("/organisations/{org}/jobs/{job}"),
                    Default::default(),
                );
            }
        });
    }
    let form = use_form_errors(start.value(), "expiry_day");
    let errors = form.errors;
    let none = defaults.patients == 0;
    view! {
        <BackLink href=format!("/practices/{org}/patients") text="Back to Patients"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{defaults.practice_name.clone()}</span>
                <h1>"Create credentials for many patients"</h1>
                {if none {
                    view! { <p class="nhsuk-body">"No patients need credentials: every patient has an account, active credentials, or a record that is not Active."</p> }.into_any()
                } else {
                    view! {
                        <p class="nhsuk-body">{format!(
                            "{} patients have no Patient Profile account, or a locked one: each gets a Patient ID and an activation code, kept until their letter is printed. This runs in the background; you can close the page.",
                            defaults.patients
                        )}</p>
                        <ActionForm action=start>
                            <input type="hidden" name="organisation_id" value=org.to_string()/>
                            <input type="hidden" name="submission" value=defaults.submission.clone()/>
                            <input type="hidden" name="credentials[distribution]" value="later"/>
                            <DateInput id="expiry_day" name="credentials[expiry]" legend="Credentials Expiry Date"
                                hint=format!("At most 90 days from today ({}).", defaults.latest)
                                names=["credentials[expiry_day]".to_string(), "credentials[expiry_month]".to_string(), "credentials[expiry_year]".to_string()]
                                values=(defaults.day.clone(), defaults.month.clone(), defaults.year.clone())
                                error=form.field("expiry_day")/>
                            <Button disabled=start.pending()>{format!("Create credentials for {} patients", defaults.patients)}</Button>
                        </ActionForm>
                    }.into_any()
                }}
            </div>
        </div>
    }
}
