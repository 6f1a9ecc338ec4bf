//! Server functions of "Manage staff and inboxes" itself: the page's data
//! and the inbox door. Each is a public endpoint: it authenticates and
//! authorises itself (see server/tests/it/authorisation.rs), then calls the
//! service.

use crate::ids::OrgId;
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Needs ManageStaff in the organisation: its staff and invitations.
#[server(endpoint = "list_staff")]
pub async fn list_staff(organisation_id: OrgId) -> Result<StaffOverview, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::overview(state.cx(), &organisation_id).await
}

/// Signed in: whether the inbox opens in the organisation the person is
/// working in, and if not, why (a Practice admin without a staff role).
#[server(endpoint = "check_inbox_access")]
pub async fn check_inbox_access() -> Result<InboxAccess, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::inbox_access(state.cx(), &user).await
}
