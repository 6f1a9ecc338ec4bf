//! Group inboxes: the "Group inboxes" tab of "Manage staff and inboxes",
//! adding a group inbox shared by a role, the "Enable All Practice inbox
//! view" setting, and the near-miss names its banner lists.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
