//! What the shifts pages share, and their routes.

mod routes;

pub use routes::ShiftsRoutes;

use leptos::prelude::*;

use crate::components::{Tag, TagColour};
use crate::shifts::model::ShiftStatus;

/// A shift's state in words on a tag (never colour alone).
pub fn shift_status_tag(status: ShiftStatus) -> impl IntoView {
    let colour = match status {
        ShiftStatus::Open => TagColour::Blue,
        ShiftStatus::Booked => TagColour::Green,
        ShiftStatus::Cancelled => TagColour::Grey,
    };
    view! { <Tag text=status.label() colour/> }
}
