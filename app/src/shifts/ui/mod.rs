//! What the shifts pages share, and their routes.

mod routes;

pub use routes::ShiftsRoutes;

use leptos::prelude::*;

use crate::components::{FormErrors, Tag, TagColour};
use crate::error::{FieldError, FieldErrors};
use crate::shifts::model::{OfferStatus, RequestStatus, ShiftStatus};

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

/// A request for cover's state in words on a tag.
pub fn request_status_tag(status: RequestStatus) -> impl IntoView {
    let colour = match status {
        RequestStatus::Requested => TagColour::Blue,
        RequestStatus::Accepted => TagColour::Yellow,
        RequestStatus::Confirmed => TagColour::Green,
        RequestStatus::Declined | RequestStatus::Expired => TagColour::Grey,
    };
    view! { <Tag text=status.label() colour/> }
}

/// The key of the row whose form was sent last. An action's input is
/// only there while it runs; this keeps it for the errors that come back.
pub fn remember_sent(
    input: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> Signal<Option<String>> {
    let last = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(key) = input() {
            last.set(Some(key));
        }
    });
    last.into()
}

/// A page's errors where some fields belong to the row whose form was
/// sent (`sent`, that row's id): each of `fields` in `rows` is renamed
/// `<field>-<row>` so the error summary links to that row's own input.
pub fn with_row_errors(
    others: Signal<FieldErrors>,
    rows: Signal<FieldErrors>,
    sent: Signal<Option<String>>,
    fields: &'static [&'static str],
) -> FormErrors {
    FormErrors::new(Signal::derive(move || {
        let mut all = others.get();
        let row = sent.get();
        all.0.extend(rows.get().0.into_iter().map(|e| match &row {
            Some(id) if fields.contains(&e.field.as_str()) => {
                FieldError::new(format!("{}-{id}", e.field), e.message)
            }
            _ => e,
        }));
        all
    }))
}

/// The message for `field` beside one row's input, only while that row's
/// form is the one last sent.
pub fn row_error(
    errors: Signal<FieldErrors>,
    sent: Signal<Option<String>>,
    row: String,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        (sent.get().as_deref() == Some(row.as_str()))
            .then(|| errors.get().for_field(field))
            .flatten()
    })
}
