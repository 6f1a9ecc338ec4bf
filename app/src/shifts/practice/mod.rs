//! The practice's side of locum work: "Requirements" (post a session that
//! needs cover, see the offers locums make, "Accept" or "Decline" them,
//! cancel a requirement with a reason).

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
