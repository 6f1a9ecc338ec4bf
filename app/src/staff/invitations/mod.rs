//! Invitations: "Send invite" and "Copy invite link", the invitation's
//! links ("Resend", "Copy new link", "Revoke") and the "Invited staff"
//! list, and the invited person's side: opening the link, accepting it or
//! registering from it.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
