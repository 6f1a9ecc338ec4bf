//! Server functions of the inbox page (signed in; the service shows only
//! the practices where the person works requests).

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Signed in: the inbox page. Without `view`, the person's first inbox
/// ("My Inbox - All Practices" when they have that view). A Practice admin
/// without a staff role is told how to give themselves one.
#[server(endpoint = "inbox_screen")]
pub async fn get_inbox_screen(
    #[server(default)] view: String,
    #[server(default)] target: String,
    #[server(default)] kind: String,
    #[server(default)] status: String,
    #[server(default)] page: String,
) -> Result<InboxScreen, AppError> {
    use crate::requests::model::{RequestKind, RequestStatus};
    let (user, state) = crate::org::access::require_signed_in().await?;
    let view = if view.is_empty() {
        None
    } else {
        Some(parse_view(&view, &target)?)
    };
    let filter = InboxFilter {
        kind: RequestKind::parse(&kind),
        status: RequestStatus::parse(&status),
        // A page that is not a number is the first.
        page: page.trim().parse().unwrap_or(1),
    };
    super::service::inbox_page(state.cx(), &user, view, &filter).await
}

/// The view from its URL words: `mine`, `unassigned` (with a practice id),
/// `group` (with an inbox id), `mine_all`, or `group_all` (with a name key).
pub fn parse_view(view: &str, target: &str) -> Result<InboxView, AppError> {
    InboxView::from_query(view, target).ok_or(AppError::BadRequest)
}
