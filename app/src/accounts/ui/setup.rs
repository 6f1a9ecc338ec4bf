//! `/setup`: the first run, while Gatehouse has no accounts.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{setup_needed, FirstRunSetup};
use crate::components::{form_errors, Button, ErrorPage, ErrorSummary, TextInput};
use crate::error::AppError;

/// `/setup`: the first run, while Gatehouse has no accounts. Afterwards it
/// is "Page not found".
#[component]
pub fn SetupPage() -> impl IntoView {
    let needed = Resource::new(|| (), |_| setup_needed());
    view! {
        <Title text="Set up Gatehouse"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match needed.await {
                    Ok(true) => view! { <SetupForm/> }.into_any(),
                    Ok(false) => view! { <ErrorPage error=AppError::NotFound/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SetupForm() -> impl IntoView {
    let action = ServerAction::<FirstRunSetup>::new();
    let errors = form_errors(action.value(), "name");
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().assign("/account");
        }
    });
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            crate::components::focus_error_summary();
        }
    });
    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Set up Gatehouse"</h1>
                <p class="nhsuk-body">"Create the network administrator's account. You can invite everyone else once you have signed in."</p>
                <ActionForm action>
                    <TextInput id="name" label="Full name" autocomplete="name" error=field_error("name")/>
                    <TextInput id="email" label="Email address" hint="Use your NHS email address, like name@nhs.net" input_type="email" autocomplete="username" error=field_error("email")/>
                    <TextInput id="password" label="Create a password" hint="Use 12 characters or more." input_type="password" autocomplete="new-password" error=field_error("password")/>
                    <TextInput id="confirm" label="Confirm your password" input_type="password" autocomplete="new-password" error=field_error("confirm")/>
                    <Button disabled=action.pending()>"Create account"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
