//! Patient requests and the inboxes that hold them: "My inbox", the
//! practice's unassigned queue, group inboxes shared by a role, and the All
//! Practices view that merges a person's practices; the public "Contact your
//! practice" form and requests logged by phone.
//!
//! One folder per sub-feature, each with the layers it needs:
//! - `inbox/`: the inbox page (the person's practices, the views, the list,
//!   the navigation with open counts) and its live-updates listener;
//! - `request/`: one request's page and its actions;
//! - `contact/`: the public contact form, its confirmation, and logging a
//!   phone request;
//! - `group_inboxes/`: the "Group inboxes" tab and the All Practices view.
//!
//! Shared here: `model.rs` (request kind and status, `url_word`), `repo.rs`
//! (the SQL several sub-features use: inserting a request, assignment and
//! status with the open counts in `inbox_counts`, group inbox lookups),
//! `live.rs` (the `/inbox/events` stream) and `ui/` (the feature's routes).

pub mod contact;
pub mod group_inboxes;
pub mod inbox;
#[cfg(feature = "ssr")]
pub mod live;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod request;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
