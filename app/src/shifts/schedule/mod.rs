//! The locum's side: the unified Schedule, "Assign to me" and "Give back".

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
