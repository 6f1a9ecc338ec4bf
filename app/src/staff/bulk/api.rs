//! Server functions of the bulk invite: check a file, start sending it.
//! Each is a public endpoint: it authenticates and authorises itself (see
//! server/tests/it/authorisation.rs), then calls the service.

use crate::ids::{JobId, OrgId};
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

/// Needs ManageStaff: checks the file again and starts a background job
/// that sends its valid rows (it goes on if the tab is closed). The same
/// `submission` (from the check) finds the same job.
#[server(endpoint = "start_bulk_invite")]
pub async fn start_bulk_invite(
    organisation_id: OrgId,
    text: String,
    submission: String,
) -> Result<JobId, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    let (job, change) =
        super::service::start_bulk_invite(state.cx(), &actor, &organisation_id, &text, &submission)
            .await?;
    state.events.job_queued();
    state.events.job_changed(change.organisation_id.as_ref());
    Ok(job)
}
