//! The routes of the requests pages (each page is in its sub-feature's
//! `ui/`, one page per file), and the pieces several of them share.

mod routes;

pub use routes::RequestsRoutes;

/// "1 request" or "N requests", for the inbox names and counts.
pub(in crate::requests) fn plural(n: i64) -> String {
    if n == 1 {
        "1 request".to_string()
    } else {
        format!("{n} requests")
    }
}
