//! Patient requests and the inboxes that hold them: "My inbox", the
//! practice's unassigned queue, group inboxes shared by a role, and the All
//! Practices view that merges a person's practices; the public "Contact your
//! practice" form and requests logged by phone.

pub mod api;
pub mod contact;
pub mod group_inboxes;
pub mod inbox;
#[cfg(feature = "ssr")]
pub mod live;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
