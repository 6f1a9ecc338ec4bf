//! What the shifts pages share, and their routes.

mod routes;

pub use routes::ShiftsRoutes;

use leptos::prelude::*;

use crate::components::{FormErrors, Tag, TagColour};
use crate::error::{FieldError, FieldErrors};
use crate::shifts::model::{OfferStatus, ShiftStatus};

/// A shift's state in words on a tag (never colour alone).
pub fn shift_status_tag(status: ShiftStatus) -> impl IntoView {
    let colour = match status {
        ShiftStatus::Open => TagColour::Blue,
        ShiftStatus::Booked => TagColour::Green,
        ShiftStatus::Cancelled => TagColour::Grey,
    };
    view! { <Tag text=status.label() colour/> }
}

/// An offer's state in words on a tag.
pub fn offer_status_tag(status: OfferStatus) -> impl IntoView {
    let colour = match status {
        OfferStatus::Offered => TagColour::Blue,
        OfferStatus::Accepted => TagColour::Green,
        OfferStatus::Declined | OfferStatus::Withdrawn => TagColour::Grey,
    };
    view! { <Tag text=status.label() colour/> }
}

/// A page's errors where one action's "reason" belongs to the row whose
/// form was sent (`sent`, that row's id): renamed `reason-<row>` so the
/// error summary links to that row's text area.
pub fn with_row_reasons(
    others: Signal<FieldErrors>,
    reasons: Signal<FieldErrors>,
    sent: Signal<Option<String>>,
) -> FormErrors {
    FormErrors::new(Signal::derive(move || {
        let mut all = others.get();
        let row = sent.get();
        all.0
            .extend(reasons.get().0.into_iter().map(|e| match &row {
                Some(id) if e.field == "reason" => {
                    FieldError::new(format!("reason-{id}"), e.message)
                }
                _ => e,
            }));
        all
    }))
}

/// The "reason" message beside one row's text area, only while that
/// row's form is the one last sent.
pub fn row_reason(
    reasons: Signal<FieldErrors>,
    sent: Signal<Option<String>>,
    row: String,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        (sent.get().as_deref() == Some(row.as_str()))
            .then(|| reasons.get().for_field("reason"))
            .flatten()
    })
}
