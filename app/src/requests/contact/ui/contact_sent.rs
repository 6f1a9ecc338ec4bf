//! `/practices/:id/contact/sent`: the confirmation of the contact form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::Panel;

/// `/practices/:id/contact/sent`: the confirmation, with the reference.
#[component]
pub fn ContactSentPage() -> impl IntoView {
    let query = use_query_map();
    let reference = query
        .with_untracked(|q| q.get("reference"))
        .unwrap_or_default();
    view! {
        <Title text="Request sent"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Panel title="Request sent">
                    "Your reference number"<br/><strong class="gh-reference">{reference}</strong>
                </Panel>
                <h2>"What happens next"</h2>
                <p class="nhsuk-body">"Someone at the practice will read your request and contact you by email or phone. Quote your reference number if you contact the practice about it."</p>
                <p class="nhsuk-body">"If you feel worse while you wait, use NHS 111 online or call 111. Call 999 in an emergency."</p>
            </div>
        </div>
    }
}
