//! Gatehouse: Leptos components, routes and server functions shared by the
//! server (feature `ssr`) and the browser (feature `hydrate`).
#![forbid(unsafe_code)]
#![recursion_limit = "256"]

pub mod accounts;
pub mod activity;
pub mod auth;
pub mod clinical;
pub mod components;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod error;
pub mod files;
pub mod ids;
pub mod jobs;
#[cfg(test)]
mod layers;
pub mod letters;
pub mod locums;
pub mod mail;
pub mod notifications;
pub mod org;
pub mod patients;
pub mod requests;
#[cfg(feature = "ssr")]
pub mod server;
pub mod shell;
pub mod shifts;
pub mod staff;

pub use error::AppError;
pub use shell::{shell, App};
