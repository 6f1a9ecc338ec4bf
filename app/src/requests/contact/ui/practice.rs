//! `/practices/:id`: a practice's public page.

use leptos::prelude::*;
use leptos_meta::Title;

use super::practice_page;
use crate::requests::contact::model::PracticeContact;

/// `/practices/:id`: the practice's name, address and phone number, and
/// "Contact your practice". Public; linked from the organisations list.
#[component]
pub fn PracticePage() -> impl IntoView {
    practice_page("Practice", |practice| {
        view! { <Practice practice/> }.into_any()
    })
}

#[component]
fn Practice(practice: PracticeContact) -> impl IntoView {
    let contact = format!("/practices/{}/contact", practice.id);
    let address = (!practice.address.is_empty()).then(|| {
        let lines = practice
            .address
            .iter()
            .map(|line| view! { {line.clone()}<br/> })
            .collect_view();
        view! {
            <h2 class="nhsuk-heading-s">"Address"</h2>
            <p class="nhsuk-body">{lines}</p>
        }
    });
    let phone = practice
        .phone_href()
        .zip(practice.phone.clone())
        .map(|(href, phone)| {
            view! {
                <h2 class="nhsuk-heading-s">"Phone"</h2>
                <p class="nhsuk-body"><a href=href>{phone}</a></p>
            }
        });
    let nothing_yet = (address.is_none() && phone.is_none()).then(|| {
        view! { <p class="nhsuk-body">"The practice has not added its address and phone number yet."</p> }
    });
    view! {
        <Title text=practice.name.clone()/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <h1>{practice.name.clone()}</h1>
                {address}
                {phone}
                {nothing_yet}
                <h2>"Contact your practice online"</h2>
                <p class="nhsuk-body">"Ask the practice for help with a health problem or an admin request, such as a fit note or a letter."</p>
                <a class="nhsuk-button" href=contact>"Contact your practice"</a>
            </div>
        </div>
    }
}
