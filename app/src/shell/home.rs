use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{TabItem, Tabs};

#[component]
pub fn HomePage() -> impl IntoView {
    let tabs = vec![
        TabItem {
            id: "staff",
            label: "Staff",
            content: ViewFn::from(|| {
                view! {
                    <h2>"Staff"</h2>
                    <p class="nhsuk-body">
                        "Practice admins invite staff by their NHS email address and choose their role. "
                        "Staff register from the invite link and work from group inboxes, "
                        "or from the All Practices inbox if they cover several practices."
                    </p>
                }
            }),
        },
        TabItem {
            id: "patients",
            label: "Patients",
            content: ViewFn::from(|| {
                view! {
                    <h2>"Patients"</h2>
                    <p class="nhsuk-body">
                        "Practices register patients, send portal credentials and letters, "
                        "see each account's state and activity log, and link carers to the people they care for."
                    </p>
                }
            }),
        },
        TabItem {
            id: "locums",
            label: "Locums",
            content: ViewFn::from(|| {
                view! {
                    <h2>"Locums"</h2>
                    <p class="nhsuk-body">
                        "Locum GPs register with the network, join federation and PCN hubs, "
                        "share their availability, offer cover for shifts and invoice for the work they do."
                    </p>
                }
            }),
        },
    ];
    view! {
        <Title text="Home"/>
        <h1>"Gatehouse"</h1>
        <p class="nhsuk-body-l">
            "Onboard and run the people around GP practices: practice staff, patients and locums."
        </p>
        <Tabs title="What Gatehouse does" tabs/>
        <p class="nhsuk-body">
            <a href="/organisations">"See the organisations in the network"</a>
        </p>
        <super::PageReady/>
    }
}

/// Served by the service worker when a page cannot be reached.
#[component]
pub fn OfflinePage() -> impl IntoView {
    view! {
        <Title text="You are offline"/>
        <div class="gh-offline">
            <h1>"You are offline"</h1>
            <p class="nhsuk-body">"Gatehouse cannot be reached at the moment. Check your internet connection and try again."</p>
            <p class="nhsuk-body">"Nothing you were doing has been saved or sent."</p>
        </div>
        <super::PageReady/>
    }
}
