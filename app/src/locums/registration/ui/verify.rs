//! `/locums/verify/:token`: the verification link (a button verifies, so
//! link checkers that open emails verify nothing), and `/locums/verified`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::{use_form_errors, Button, ErrorSummary, Panel};
use crate::locums::registration::api::VerifyLocumEmail;

/// `/locums/verify/:token`.
#[component]
pub fn VerifyLocumPage() -> impl IntoView {
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let verify = ServerAction::<VerifyLocumEmail>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = verify.value().get() {
            navigate("/locums/verified", Default::default());
        }
    });
    let form = use_form_errors(verify.value(), "verify");
    let errors = form.errors;
    view! {
        <Title text="Verify your email address"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Verify your email address"</h1>
                <p class="nhsuk-body">"Verify your email address to send your locum account to the network for activation."</p>
                <ActionForm action=verify attr:novalidate=true>
                    <input type="hidden" name="token" value=token/>
                    <Button id="verify" disabled=verify.pending()>"Verify my email address"</Button>
                </ActionForm>
            </div>
        </div>
    }
}

/// `/locums/verified`.
#[component]
pub fn LocumVerifiedPage() -> impl IntoView {
    view! {
        <Title text="Email address verified"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Panel title="Email address verified">"Your account is waiting to be activated"</Panel>
                <p class="nhsuk-body">"The network's administrators have been told. We will email you when your account is ready; then you can sign in."</p>
            </div>
        </div>
    }
}
