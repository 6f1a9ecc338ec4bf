//! The locum's side of hubs: "Hub management" ("Add Hub", hub locations,
//! documents to read or sign) and "Your profile".

pub mod api;
#[cfg(feature = "ssr")]
pub mod download;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
