//! Letters from Word templates (issue 18). So far: reading and writing
//! Word packages with fixed limits (`package`) and the merge of `{{field}}`
//! in their text, however Word split it into runs (`merge`). The built-in
//! invitation letter of Patient Profile is written with them.

pub mod api;
#[cfg(feature = "ssr")]
pub mod merge;
pub mod model;
#[cfg(feature = "ssr")]
pub mod package;
#[cfg(feature = "ssr")]
pub mod qr;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
pub(crate) mod tests;
pub mod ui;
