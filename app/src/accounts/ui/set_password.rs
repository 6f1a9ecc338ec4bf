//! `/set-password/:token`: the page a one-time password link opens.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::accounts::api::{check_password_link, SetPassword};
use crate::components::{form_errors, Button, ErrorPage, ErrorSummary, TextInput};

/// `/set-password/:token`: the page a one-time link opens.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let link = Resource::new(token, check_password_link);
    view! {
        <Title text="Set your password"/>
        <Suspense fallback=|| view! { <p class="nhsuk-body">"Checking your link…"</p> }>
            {move || Suspend::new(async move {
                match link.await {
                    Ok(email) => view! { <SetPasswordForm token=token() email/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SetPasswordForm(token: String, email: String) -> impl IntoView {
    let action = ServerAction::<SetPassword>::new();
    let errors = form_errors(action.value(), "password");
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            navigate("/password-set", Default::default());
        }
    });
    // After a failed attempt, move focus to the error summary (NHS pattern).
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            crate::components::focus_error_summary();
        }
    });

    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Set your password"</h1>
                <p class="nhsuk-body">"You are setting the password for " <strong>{email}</strong> "."</p>
                <ActionForm action>
                    <input type="hidden" name="token" value=token/>
                    <TextInput
                        id="password"
                        label="Create a password"
                        hint="Use 12 characters or more. A few unrelated words are easy to remember and hard to guess."
                        input_type="password"
                        autocomplete="new-password"
                        error=field_error("password")
                    />
                    <TextInput
                        id="confirm"
                        label="Confirm your password"
                        input_type="password"
                        autocomplete="new-password"
                        error=field_error("confirm")
                    />
                    <Button disabled=action.pending()>"Set password"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
