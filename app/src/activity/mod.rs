//! A subject's history from the activity log, in words: the "Recent
//! activity" on the account page and a person's activity for administrators.
//! The log itself (append-only rows) is `crate::server::activity`.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
