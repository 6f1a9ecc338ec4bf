//! `/set-password/:token`: the page a one-time password link opens.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::accounts::api::{check_password_link, SetPassword};
use crate::components::{use_form_errors, Button, ErrorSummary, PageSkeleton, TextInput};

/// `/set-password/:token`: the page a one-time link opens.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let link = Resource::new(token, check_password_link);
    view! {
        <Title text="Set your password"/>
        <PageSkeleton data=link loading=|| view! { <p class="nhsuk-body">"Checking your link…"</p> } page=move |email| view! { <SetPasswordForm token=token() email/> }.into_any()/>
    }
}

#[component]
fn SetPasswordForm(token: String, email: String) -> impl IntoView {
    let action = ServerAction::<SetPassword>::new();
    let form = use_form_errors(action.value(), "password");
    let errors = form.errors;

    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            navigate("/password-set", Default::default());
        }
    });

    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Set your password"</h1>
                <p class="nhsuk-body">"You are setting the password for " <strong>{email}</strong> "."</p>
                <ActionForm action attr:novalidate=true>
                    <input type="hidden" name="token" value=token/>
                    <TextInput
                        id="password"
                        label="Create a password"
                        hint="Use 12 characters or more. A few unrelated words are easy to remember and hard to guess."
                        input_type="password"
                        autocomplete="new-password"
                        error=form.field("password")
                    />
                    <TextInput
                        id="confirm"
                        label="Confirm your password"
                        input_type="password"
                        autocomplete="new-password"
                        error=form.field("confirm")
                    />
                    <Button disabled=action.pending()>"Set password"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
