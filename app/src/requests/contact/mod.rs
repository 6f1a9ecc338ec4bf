//! New requests: the public "Contact your practice" form with its checks,
//! limits and honeypot, its "Request sent" confirmation, and "Log a phone
//! request" for staff.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
