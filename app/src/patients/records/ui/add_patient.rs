//! `/practices/:id/patients/new`: "Add a patient".

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::{
    use_form_errors, BackLink, Button, DateInput, ErrorSummary, TextInput, Textarea,
};
use crate::patients::model::patient_page;
use crate::patients::records::api::AddPatient;

/// `/practices/:id/patients/new`.
#[component]
pub fn AddPatientPage() -> impl IntoView {
    let params = use_params_map();
    let org = OrgId::new(params.read_untracked().get("id").unwrap_or_default());
    let add = ServerAction::<AddPatient>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            if let Some(Ok(id)) = add.value().get() {
                navigate(
                    &format!("{}?done=added", patient_page(&org, &id)),
                    Default::default(),
                );
            }
        });
    }
    let form = use_form_errors(add.value(), "given_name");
    let errors = form.errors;
    let back = format!("/practices/{org}/patients");
    view! {
        <Title text="Add a patient"/>
        <BackLink href=back text="Back to Patients"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Add a patient"</h1>
                <ActionForm action=add attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=org.to_string()/>
                    <TextInput id="given_name" name="patient[given_name]" label="First name" autocomplete="off" error=form.field("given_name")/>
                    <TextInput id="family_name" name="patient[family_name]" label="Last name" autocomplete="off" error=form.field("family_name")/>
                    <TextInput id="nhs_number" name="patient[nhs_number]" label="NHS number" hint="10 digits, like 485 777 3456" inputmode="numeric" autocomplete="off" error=form.field("nhs_number")/>
                    <DateInput id="dob_day" name="patient[dob]" legend="Date of birth" hint="For example, 15 3 1984"
                        names=["patient[dob_day]".to_string(), "patient[dob_month]".to_string(), "patient[dob_year]".to_string()]
                        error=form.field("dob_day")/>
                    <TextInput id="email" name="patient[email]" label="Email address (optional)" input_type="email" autocomplete="off" error=form.field("email")/>
                    <TextInput id="mobile" name="patient[mobile]" label="Mobile number (optional)" input_type="tel" autocomplete="off" error=form.field("mobile")/>
                    <Textarea id="address" name="patient[address]" label="Address (optional)" hint="Up to 8 lines" rows=4 error=form.field("address")/>
                    <TextInput id="postcode" name="patient[postcode]" label="Postcode (optional)" autocomplete="off" error=form.field("postcode")/>
                    <Button disabled=add.pending()>"Add patient"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
