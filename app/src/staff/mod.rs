//! "Manage staff and inboxes": practice admins invite staff by NHS email
//! with a role (by email or a link to copy), renew and revoke invitations,
//! and change registered staff; invited people register or accept. Also
//! "Register a practice" for network administrators and the bulk invite.

pub mod bulk;
pub mod invitations;
pub mod model;
pub use invitations::api;
#[cfg(feature = "ssr")]
pub use invitations::{repo, service};
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
