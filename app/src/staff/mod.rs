//! "Manage staff and inboxes": practice admins invite staff by NHS email
//! with a role (by email or a link to copy), renew and revoke invitations,
//! and change registered staff; invited people register or accept. Also
//! "Register a practice" for network administrators and the bulk invite.

pub mod api;
pub mod csv;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
