//! Notifications: in Gatehouse (the bell in the header, the list, mark as
//! read) and by email through the outbox, as each person prefers per kind.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
