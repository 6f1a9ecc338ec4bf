//! "Manage staff and inboxes": practice admins invite staff by NHS email
//! with a role (by email or a link to copy), renew and revoke invitations,
//! and change registered staff; invited people register or accept. Also
//! "Register a practice" for network administrators and the bulk invite.
//!
//! One folder per part, each with its own layers: `invitations` (inviting,
//! the links, and joining from one), `members` (registered staff and the
//! last-admin rule), `practices` (registering a practice, its details) and
//! `bulk` (the CSV file). What they share stays here: the clinical system
//! and EMIS usernames (`model`), the `Env` of an action and the
//! organisation's lock (`service`), the "Manage staff and inboxes" page
//! with its tabs from several parts and its data (`ui`, `api`), and the
//! inbox door (`InboxAccess`, `service::inbox_access`).

pub mod api;
pub mod bulk;
pub mod invitations;
pub mod members;
pub mod model;
pub mod practices;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod testing;
pub mod ui;
