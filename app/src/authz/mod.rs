//! Authorisation: what each role may do (one table, in `model`), and the one
//! check every server function makes before it touches data.
//!
//! Rule: a membership in an organisation grants its role's permissions in
//! that organisation and in every organisation below it (a network
//! administrator's rights reach every hub and practice of the network; a hub
//! manager's reach the hub's practices). Memberships are read from the
//! database on every request, so a role change takes effect on the next
//! request without signing out and in.

pub mod model;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
pub use service::{authorize, require_signed_in};
