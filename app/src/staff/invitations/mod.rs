//! Invitations: inviting by email or a copied link, the links, and joining
//! from one.

pub mod api;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
