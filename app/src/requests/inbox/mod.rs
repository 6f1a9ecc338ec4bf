//! The inbox: the practices where a person works requests
//! (`service::handler_practices`), the navigation with open counts, the
//! views (My inbox, Unassigned, a group inbox, the All Practices views),
//! the filtered list and its page size, and the page's live updates.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
