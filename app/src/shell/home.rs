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
/// "You are offline", announced while the browser has no connection: in
/// the app a link or button then cannot load anything, and this says why.
/// (A page opened while offline is the service worker's static
/// `/offline.html` instead.)
#[component]
pub fn OfflineNotice() -> impl IntoView {
    let offline = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let _ = window_event_listener(leptos::ev::offline, move |_| offline.set(true));
        let _ = window_event_listener(leptos::ev::online, move |_| offline.set(false));
    }
    view! {
        <div class="gh-offline-notice" role="status">
            {move || offline.get().then(|| view! {
                <div class="nhsuk-warning-callout">
                    <h2 class="nhsuk-warning-callout__label">
                        <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"You are offline"</span>
                    </h2>
                    <p class="nhsuk-body">"Pages and changes cannot load until the connection is back. Nothing you were doing has been saved or sent."</p>
                </div>
            })}
        </div>
    }
}
