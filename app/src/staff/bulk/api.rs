//! Server functions of the bulk invite: check a file, send a batch of it.
//! Each is a public endpoint: it authenticates and authorises itself (see
//! server/tests/it/authorisation.rs), then calls the service.

use crate::ids::OrgId;
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Needs ManageStaff: checks a bulk-invite file; changes nothing.
#[server(endpoint = "preview_bulk_invites")]
pub async fn preview_bulk_invites(
    organisation_id: OrgId,
    text: String,
) -> Result<BulkPreview, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::preview_bulk_invites(state.cx(), &organisation_id, &text).await
}

/// Needs ManageStaff: sends the valid rows of the file whose line numbers
/// are `from_line..=to_line` (at most 50 rows), one transaction per call.
#[server(endpoint = "send_bulk_invites")]
pub async fn send_bulk_invites(
    organisation_id: OrgId,
    text: String,
    from_line: usize,
    to_line: usize,
) -> Result<Vec<BulkResult>, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::send_bulk_invites(
        state.cx(),
        &actor,
        &organisation_id,
        &text,
        from_line,
        to_line,
    )
    .await
}
