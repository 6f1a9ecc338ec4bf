//! `/patient-profile/confirm/:token`: the email confirmation link (a button
//! confirms, so link checkers that open emails confirm nothing), and
//! `/patient-profile/confirmed`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::{use_form_errors, Button, ErrorSummary, Panel};
use crate::patients::registration::api::ConfirmPatientEmail;

/// `/patient-profile/confirm/:token`.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let confirm = ServerAction::<ConfirmPatientEmail>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = confirm.value().get() {
            navigate("/patient-profile/confirmed", Default::default());
        }
    });
    let form = use_form_errors(confirm.value(), "confirm");
    let errors = form.errors;
    view! {
        <Title text="Confirm your email address"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Confirm your email address"</h1>
                <p class="nhsuk-body">"Confirm your email address to finish registering for Patient Profile."</p>
                <ActionForm action=confirm attr:novalidate=true>
                    <input type="hidden" name="token" value=token/>
                    <Button id="confirm" disabled=confirm.pending()>"Confirm my email address"</Button>
                </ActionForm>
            </div>
        </div>
    }
}

/// `/patient-profile/confirmed`.
#[component]
pub fn EmailConfirmedPage() -> impl IntoView {
    view! {
        <Title text="Email address confirmed"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Panel title="Email address confirmed">"Your Patient Profile account is ready"</Panel>
                <p class="nhsuk-body"><a class="nhsuk-button" href="/sign-in?next=/patient-profile">"Sign in"</a></p>
            </div>
        </div>
    }
}
