//! Pages of the request inboxes: the inbox with its navigation, a request
//! with its actions, the public "Contact your practice" form and its
//! confirmation, logging a phone request, and the "Group inboxes" tab of
//! "Manage staff and inboxes". One page per file; the pieces several pages
//! share are here.

mod request;
mod routes;

pub use request::RequestPage;
pub use routes::RequestsRoutes;

/// The "Group inboxes" tab, named here by the staff page that shows it.
pub use crate::requests::group_inboxes::ui::{group_inboxes_resource, GroupInboxesPanel};

pub(in crate::requests) fn plural(n: i64) -> String {
    if n == 1 {
        "1 request".to_string()
    } else {
        format!("{n} requests")
    }
}
