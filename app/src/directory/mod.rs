//! The public directory of organisations in the network: the network
//! operator, federation/PCN hubs and GP practices (names and ODS codes are
//! public information, so this page needs no sign-in).

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod ui;
