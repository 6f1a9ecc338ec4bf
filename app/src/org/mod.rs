//! Organisations, memberships and roles, and the one access API.
//!
//! This module owns the `organisations` and `memberships` tables (only
//! `org::repo` runs SQL on them; other repos may only `JOIN organisations`
//! to show a name), the roles (`model::Role`, their labels), the
//! role → permission table (`model::role_permissions`) and every answer to
//! "may this person do X here" (`access`).
//!
//! The inheritance rule (`model::Permission::reach`), written once:
//! - **Inherited** permissions (ViewOrganisation, ManageOrganisation,
//!   ManageStaff, ManageInboxes, ManageShifts, ViewActivity,
//!   UnlockAccounts) are held in the organisation of an active membership
//!   and in every organisation below it: a network administrator manages
//!   every hub and practice of the network, a hub manager the hub's
//!   practices.
//! - **Direct** permissions (HandleRequests, ViewPatients, ManagePatients,
//!   ManageLetters, BookShifts) need a direct, active role in that very organisation:
//!   inbox work, patient data and a locum's hub work are never opened by a
//!   role in a network or hub above.
//!
//! Memberships are read on every check, so a role change applies to the
//! next request.

#[cfg(feature = "ssr")]
pub mod access;
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
