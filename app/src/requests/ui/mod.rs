//! The routes of the requests pages (each page is in its sub-feature's
//! `ui/`, one page per file), and the pieces several of them share.

mod routes;

pub use routes::RequestsRoutes;

/// The "Group inboxes" tab, named here by the staff page that shows it.
pub use crate::requests::group_inboxes::ui::{group_inboxes_resource, GroupInboxesPanel};

/// "1 request" or "N requests", for the inbox names and counts.
pub(in crate::requests) fn plural(n: i64) -> String {
    if n == 1 {
        "1 request".to_string()
    } else {
        format!("{n} requests")
    }
}
