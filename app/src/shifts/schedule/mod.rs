//! The locum's side: the unified Schedule, "Assign to me", "Offer cover",
//! "Give back", and the private calendar feed (`calendar`, its HTTP
//! handler).

pub mod api;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
