//! Patient Profile credentials, their letter, and the Enable and Disable
//! Actions.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
