//! Registered staff: the "Registered staff" list, one person's role page
//! (EMIS username, change role, disable or enable, remove) and the rule
//! that a practice keeps an active Practice admin.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
