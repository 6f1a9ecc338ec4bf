//! "Register for Patient Profile" and the email confirmation.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
