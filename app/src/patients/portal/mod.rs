//! "Your Patient Profile": the signed-in patient's own pages.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
