//! `/sign-in`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::SignIn;
use crate::components::{use_form_errors, Button, ErrorSummary, TextInput};

/// A full page load, so every part of the page (header included) shows the
/// new signed-in state.
fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let form = use_form_errors(action.value(), "email");
    let errors = form.errors;
    let query = leptos_router::hooks::use_query_map();
    Effect::new(move |_| {
        // The server chose the page: the one that sent them here (an
        // invitation, say) if it is a page of this site, else their inbox
        // or account.
        if let Some(Ok(landing)) = action.value().get() {
            reload_to(&landing);
        }
    });
    let next = query.with_untracked(|q| q.get("next")).unwrap_or_default();
    view! {
        <Title text="Sign in"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Sign in to Gatehouse"</h1>
                <ActionForm action attr:novalidate=true>
                    <input type="hidden" name="next" value=next/>
                    <TextInput
                        id="email"
                        label="Email address"
                        input_type="email"
                        autocomplete="username"
                        error=form.field("email")
                    />
                    <TextInput
                        id="password"
                        label="Password"
                        input_type="password"
                        autocomplete="current-password"
                        error=form.field("password")
                    />
                    <Button disabled=action.pending()>"Sign in"</Button>
                </ActionForm>
                <p class="nhsuk-body">"Patients with a letter from their practice: "<a href="/patient-profile/register">"register for Patient Profile"</a>"."</p>
                <p class="nhsuk-body">"Locum GPs, nurses and pharmacists: "<a href="/locums/register">"create an account"</a>"."</p>
                <crate::patients::support::ui::SupportContactNote/>
                <p class="nhsuk-body"><a href="/forgot-password">"Forgot your password?"</a></p>
            </div>
        </div>
    }
}
