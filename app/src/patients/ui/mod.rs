//! What the patient pages share: the account state tag, and the routes.

mod routes;

pub use routes::PatientsRoutes;

use leptos::prelude::*;

use crate::components::{Tag, TagColour};
use crate::patients::model::AccountState;

/// The account's state as an NHS tag.
#[component]
pub fn StateTag(state: AccountState) -> impl IntoView {
    let colour = match state {
        AccountState::Active => TagColour::Green,
        AccountState::PendingRegistration | AccountState::PendingEmailConfirmation => {
            TagColour::Blue
        }
        AccountState::Locked => TagColour::Red,
        AccountState::Disabled => TagColour::Orange,
        AccountState::None => TagColour::Grey,
    };
    view! { <Tag text=state.label() colour/> }
}
