//! `/patient-profile/register`: "Register for Patient Profile" (public),
//! and `/patient-profile/registered`: "Check your email".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::{use_form_errors, Button, DateInput, ErrorSummary, Panel, TextInput};
use crate::patients::registration::api::RegisterPatient;
use crate::patients::support::ui::SupportContactNote;

/// `/patient-profile/register`. `?patient_id=` (the letter's link or QR
/// code) fills in the Patient ID.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let query = use_query_map();
    let patient_id = query
        .with_untracked(|q| q.get("patient_id"))
        .unwrap_or_default()
        .chars()
        .take(20)
        .collect::<String>();
    let register = ServerAction::<RegisterPatient>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = register.value().get() {
            navigate("/patient-profile/registered", Default::default());
        }
    });
    let form = use_form_errors(register.value(), "patient_id");
    let errors = form.errors;
    view! {
        <Title text="Register for Patient Profile"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Register for Patient Profile"</h1>
                <p class="nhsuk-body">"Use the Patient ID and activation code from the letter your practice sent you, with your date of birth."</p>
                <ActionForm action=register attr:novalidate=true>
                    <TextInput id="patient_id" name="registration[patient_id]" label="Patient ID" hint="8 letters and numbers, like ABCD-EFGH" value=patient_id autocomplete="off" error=form.field("patient_id")/>
                    <TextInput id="activation_code" name="registration[activation_code]" label="Activation code" hint="15 letters and numbers, like ABCDE-FGHJK-MNPQR" autocomplete="off" error=form.field("activation_code")/>
                    <DateInput id="dob_day" name="registration[dob]" legend="Date of birth" hint="For example, 15 3 1984"
                        names=["registration[dob_day]".to_string(), "registration[dob_month]".to_string(), "registration[dob_year]".to_string()]
                        birthday=true error=form.field("dob_day")/>
                    <TextInput id="email" name="registration[email]" label="Email address" hint="We will send a link to confirm it" input_type="email" autocomplete="email" error=form.field("email")/>
                    <TextInput id="password" name="registration[password]" label="Create a password" hint="At least 12 characters. A few unrelated words make a strong one." input_type="password" autocomplete="new-password" error=form.field("password")/>
                    <TextInput id="confirm" name="registration[confirm]" label="Enter the password again" input_type="password" autocomplete="new-password" error=form.field("confirm")/>
                    <Button disabled=register.pending()>"Register"</Button>
                </ActionForm>
                <SupportContactNote/>
            </div>
        </div>
    }
}

/// `/patient-profile/registered`: "Check your email".
#[component]
pub fn RegisteredPage() -> impl IntoView {
    view! {
        <Title text="Check your email"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Panel title="Check your email">
                    "We have sent you a link to confirm your email address"
                </Panel>
                <p class="nhsuk-body">"Open the link in the email to finish registering. It works for 7 days. Then you can sign in to Patient Profile."</p>
                <p class="nhsuk-body">"If the email has not arrived after a few minutes, check your spam or junk folder."</p>
            </div>
        </div>
    }
}
