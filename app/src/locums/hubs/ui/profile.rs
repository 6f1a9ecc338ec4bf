//! `/hub-management/profile`: "Your profile", what the hubs a locum joins
//! see of them.

use leptos::prelude::*;
use leptos_meta::Title;

use super::hub_management::status_tag;
use crate::components::{BackLink, PageSkeleton, SummaryList, SummaryRow};
use crate::locums::hubs::api::get_locum_profile;
use crate::locums::model::{DocumentAction, LocumProfile};

/// `/hub-management/profile`.
#[component]
pub fn LocumProfilePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_locum_profile());
    view! {
        <Title text="Your profile"/>
        <BackLink href="/hub-management" text="Back to Hub management"/>
        <PageSkeleton data page=move |p: LocumProfile| view! { <Profile p/> }.into_any()/>
    }
}

#[component]
fn Profile(p: LocumProfile) -> impl IntoView {
    let hubs = if p.hubs.is_empty() {
        view! { <p class="nhsuk-body">"You have not added a hub yet."</p> }.into_any()
    } else {
        p.hubs
            .into_iter()
            .map(|hub| {
                let docs = hub
                    .documents
                    .into_iter()
                    .map(|d| {
                        let state = match (d.done, d.action) {
                            (Some(when), DocumentAction::Sign) => format!("signed {when}"),
                            (Some(when), DocumentAction::Read) => format!("read {when}"),
                            (None, DocumentAction::Sign) => "to sign".to_string(),
                            (None, DocumentAction::Read) => "to read".to_string(),
                        };
                        view! { <li>{d.title}": "{state}</li> }
                    })
                    .collect_view();
                let places: Vec<String> = hub
                    .locations
                    .into_iter()
                    .filter(|l| l.chosen)
                    .map(|l| l.name)
                    .collect();
                let places = if places.is_empty() {
                    "None chosen".to_string()
                } else {
                    places.join(", ")
                };
                view! {
                    <h3>{hub.hub_name}" "{status_tag(hub.status)}</h3>
                    <p class="nhsuk-body">"Locations: "{places}</p>
                    <ul class="nhsuk-list nhsuk-list--bullet">{docs}</ul>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h1>"Your profile"</h1>
        <p class="nhsuk-body">"The hubs you join see these details. To change them, contact the network's support team."</p>
        <SummaryList>
            <SummaryRow key="Name">{p.name}</SummaryRow>
            <SummaryRow key="Email address">{p.email}</SummaryRow>
            <SummaryRow key="Profession">{p.profession}</SummaryRow>
            <SummaryRow key=p.registration_label>{p.registration_number}</SummaryRow>
            <SummaryRow key="Mobile number">{p.mobile}</SummaryRow>
        </SummaryList>
        <h2>"Hubs"</h2>
        {hubs}
    }
}
