//! Locum registration: "Create an account" (public), the verification
//! link, and the network's activation queue ("Activate" / "Reject").

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
