//! `/forgot-password`: ask for a password reset link.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::RequestPasswordReset;
use crate::components::{use_form_errors, Button, ErrorSummary, Panel, TextInput};

/// `/forgot-password`: asks for the email address, then always says the
/// same thing, whether or not the address has an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let form = use_form_errors(action.value(), "email");
    let errors = form.errors;
    let field_error = form.field("email");
    // `?sent=1`: where the form lands without WebAssembly.
    let query = leptos_router::hooks::use_query_map();
    let sent = move || {
        matches!(action.value().get(), Some(Ok(())))
            || query.with(|q| q.get("sent").is_some_and(|v| v == "1"))
    };
    view! {
        <Title text="Reset your password"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Show
                    when=sent
                    fallback=move || view! {
                        <ErrorSummary errors/>
                        <h1>"Reset your password"</h1>
                        <p class="nhsuk-body">"Enter the email address you use for Gatehouse. We will email you a link to choose a new password."</p>
                        <ActionForm action attr:novalidate=true>
                            <TextInput id="email" label="Email address" input_type="email" autocomplete="username" error=field_error/>
                            <Button disabled=action.pending()>"Send reset link"</Button>
                        </ActionForm>
                    }
                >
                    <Panel title="Check your email">"If that address has a Gatehouse account, we have sent it a link to reset the password."</Panel>
                    <p class="nhsuk-body">"The link works once and for 1 hour. If nothing arrives in a few minutes, check your spam folder or ask your practice administrator."</p>
                    <p class="nhsuk-body"><a href="/sign-in">"Back to sign in"</a></p>
                </Show>
            </div>
        </div>
    }
}
