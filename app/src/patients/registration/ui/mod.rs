//! Pages of "Register for Patient Profile" and the email confirmation.

mod confirm;
mod register;

pub use confirm::{ConfirmEmailPage, EmailConfirmedPage};
pub use register::{RegisterPage, RegisteredPage};
