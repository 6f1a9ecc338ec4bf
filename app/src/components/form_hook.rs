use leptos::prelude::*;

use super::{focus_error_summary, form_errors};
use crate::error::{AppError, FieldErrors};

/// A form's error wiring (NHS error summary pattern): the errors for the
/// `<ErrorSummary>`, keyboard focus moved to the summary whenever it gains
/// some, and each field's own message.
#[derive(Debug, Clone, Copy)]
pub struct FormErrors {
    /// Every error of the form, for the error summary.
    pub errors: Signal<FieldErrors>,
}

impl FormErrors {
    /// Wires up errors computed by the form itself (several actions, or
    /// fields renamed): focuses the error summary whenever `errors` gains
    /// some (in the browser; effects do not run on the server).
    pub fn new(errors: Signal<FieldErrors>) -> Self {
        Effect::new(move |_| {
            if !errors.get().is_empty() {
                focus_error_summary();
            }
        });
        Self { errors }
    }

    /// The message to show beside `field`, while it has one.
    pub fn field(self, field: &'static str) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || errors.get().for_field(field))
    }
}

/// The form hook of a form with one server action: its latest result's
/// field errors (an error that belongs to no field is shown against
/// `default_field`), wired as [`FormErrors::new`] does.
pub fn use_form_errors<T, S>(value: S, default_field: &'static str) -> FormErrors
where
    T: Send + Sync + 'static,
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    FormErrors::new(form_errors(value, default_field))
}
