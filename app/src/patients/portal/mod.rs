//! "Your Patient Profile": the signed-in patient's own pages.

pub mod api;
#[cfg(feature = "ssr")]
pub mod download;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
