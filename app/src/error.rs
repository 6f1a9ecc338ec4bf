//! The one error type shared by the browser and the server.
//!
//! Server functions return `Result<T, AppError>`. Internal failures are logged
//! on the server with a short reference id and only that reference reaches the
//! browser, never the underlying message.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A message about one form field, shown both in the error summary and beside
/// the field. `field` is the id of the input the summary links to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Field errors in the order the fields appear on the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: &str, message: &str) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for one field, if it has one.
    pub fn for_field(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    }

    /// `Ok(())` when there is nothing to report, otherwise `AppError::Invalid`.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("There is a problem")]
    Invalid(FieldErrors),
    #[error("You need to sign in to see this page")]
    Unauthenticated,
    #[error("You do not have permission to do that")]
    Forbidden,
    #[error("Page not found")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("This link has expired or has already been used")]
    LinkExpired,
    #[error("There have been too many attempts. Wait a few minutes and try again")]
    RateLimited,
    /// A limit over a longer spell, whose message says how long to wait.
    #[error("{0}")]
    TooManyRequests(String),
    #[error("The request could not be understood. Reload the page and try again")]
    BadRequest,
    #[error("Gatehouse could not be reached. Check your connection and try again")]
    Unavailable,
    #[error(
        "Sorry, there is a problem with the service. Quote reference {0} if you contact support"
    )]
    Internal(String),
}

impl AppError {
    /// Bad input in one field: `Invalid` with that field's message.
    pub fn field(field: &str, message: &str) -> AppError {
        let mut errors = FieldErrors::default();
        errors.push(field, message);
        AppError::Invalid(errors)
    }

    /// The HTTP status a page showing this error is served with.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            AppError::Invalid(_) => S::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated => S::UNAUTHORIZED,
            AppError::Forbidden => S::FORBIDDEN,
            AppError::NotFound => S::NOT_FOUND,
            AppError::Conflict(_) => S::CONFLICT,
            AppError::LinkExpired => S::GONE,
            AppError::RateLimited | AppError::TooManyRequests(_) => S::TOO_MANY_REQUESTS,
            AppError::BadRequest => S::BAD_REQUEST,
            AppError::Unavailable => S::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// Field errors, when this is a validation failure.
    pub fn field_errors(&self) -> FieldErrors {
        match self {
            AppError::Invalid(errors) => errors.clone(),
            _ => FieldErrors::default(),
        }
    }

    /// Logs `cause` with a fresh reference id and returns the error the user
    /// sees, which carries only the reference.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let reference = new_reference();
        tracing::error!(reference = %reference, error = %cause, "internal error");
        AppError::Internal(reference)
    }
}

#[cfg(feature = "ssr")]
fn new_reference() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    id[..8].to_uppercase()
}

#[cfg(feature = "ssr")]
/// A row that was asked for and is not there is `NotFound`; every other
/// database error is internal (logged with a reference).
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::RowNotFound => AppError::NotFound,
            err => AppError::internal(err),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) => AppError::Unavailable,
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            #[cfg(feature = "ssr")]
            other => AppError::internal(other),
            #[cfg(not(feature = "ssr"))]
            _ => AppError::Internal("browser".to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_keep_page_order_and_find_each_field() {
        let mut errors = FieldErrors::default();
        errors.push("password", "Enter a password");
        errors.push("confirm", "Enter the password again");
        assert_eq!(errors.0[0].field, "password");
        assert_eq!(
            errors.for_field("confirm").as_deref(),
            Some("Enter the password again")
        );
        assert_eq!(errors.for_field("email"), None);
        assert!(matches!(errors.into_result(), Err(AppError::Invalid(_))));
    }

    #[test]
    fn no_field_errors_is_success() {
        assert_eq!(FieldErrors::default().into_result(), Ok(()));
    }

    #[test]
    fn an_expired_link_is_served_as_gone_and_a_missing_page_as_not_found() {
        assert_eq!(AppError::LinkExpired.status(), http::StatusCode::GONE);
        assert_eq!(AppError::NotFound.status(), http::StatusCode::NOT_FOUND);
    }

    #[test]
    fn an_internal_error_shows_only_its_reference() {
        let shown = AppError::Internal("AB12CD34".into()).to_string();
        assert!(shown.contains("AB12CD34"));
        assert!(shown.starts_with("Sorry, there is a problem with the service"));
    }
}
