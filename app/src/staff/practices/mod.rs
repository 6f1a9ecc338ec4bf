//! Practices: "Register a practice" (with the invitation of its first
//! Practice admin) and the practice's details (name, clinical system).

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
