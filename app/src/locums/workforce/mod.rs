//! The hub's side: "Hub workforce" with "Enable" / "Disable", hub
//! locations and hub documents (Hub managers), and "Add a hub" (Network
//! administrators).

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
