//! Patient Profile credentials, their letter, and the Enable and Disable
//! Actions.

pub mod api;
#[cfg(feature = "ssr")]
pub mod docx;
#[cfg(feature = "ssr")]
pub mod download;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
