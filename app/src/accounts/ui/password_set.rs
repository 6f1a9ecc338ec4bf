//! `/password-set`: the confirmation after the password is set.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::Panel;

/// Confirmation after the password is set.
#[component]
pub fn PasswordSetPage() -> impl IntoView {
    view! {
        <Title text="Password set"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Panel title="Password set">"Your Gatehouse password has been saved."</Panel>
                <h2>"What happens next"</h2>
                <p class="nhsuk-body">
                    "The link you used cannot be used again. Keep your password private: "
                    "nobody from the NHS will ever ask you for it."
                </p>
                <p class="nhsuk-body">"You can now sign in with your email address and the new password."</p>
                <p class="nhsuk-body"><a class="nhsuk-button" href="/sign-in">"Sign in"</a></p>
            </div>
        </div>
    }
}
