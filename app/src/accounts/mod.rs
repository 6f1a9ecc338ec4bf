//! Accounts the foundation needs: creating the network administrator (CLI)
//! and the one-time link that lets a person set their password.
//! Sign-in, sessions and roles' permissions build on this (issue 3).

pub mod api;
#[cfg(feature = "ssr")]
pub mod common;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
