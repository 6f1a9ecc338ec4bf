//! `/setup`: the first run, while Gatehouse has no accounts.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{setup_needed, FirstRunSetup};
use crate::components::{
    use_form_errors, Button, ErrorPage, ErrorSummary, PageSkeleton, TextInput,
};
use crate::error::AppError;

/// `/setup`: the first run, while Gatehouse has no accounts. Afterwards it
/// is "Page not found".
#[component]
pub fn SetupPage() -> impl IntoView {
    let needed = Resource::new(|| (), |_| setup_needed());
    view! {
        <Title text="Set up Gatehouse"/>
        <PageSkeleton data=needed loading=|| () page=move |value| {
            match value {
                true => view! { <SetupForm/> }.into_any(),
                false => view! { <ErrorPage error=AppError::NotFound/> }.into_any(),
            }
        }/>
    }
}

#[component]
fn SetupForm() -> impl IntoView {
    let action = ServerAction::<FirstRunSetup>::new();
    let form = use_form_errors(action.value(), "name");
    let errors = form.errors;
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            #[cfg(feature = "hydrate")]
            let _ = window().location().assign("/account");
        }
    });
    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Set up Gatehouse"</h1>
                <p class="nhsuk-body">"Create the network administrator's account. You can invite everyone else once you have signed in."</p>
                <ActionForm action attr:novalidate=true>
                    <TextInput id="name" label="Full name" autocomplete="name" error=form.field("name")/>
                    <TextInput id="email" label="Email address" hint="Use your NHS email address, like name@nhs.net" input_type="email" autocomplete="username" error=form.field("email")/>
                    <TextInput id="password" label="Create a password" hint="Use 12 characters or more." input_type="password" autocomplete="new-password" error=form.field("password")/>
                    <TextInput id="confirm" label="Confirm your password" input_type="password" autocomplete="new-password" error=form.field("confirm")/>
                    <Button disabled=action.pending()>"Create account"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
