//! Server functions of the job pages. Each is a public endpoint: it
//! authenticates and authorises itself (ViewActivity in the organisation),
//! then calls the service.

use crate::ids::{JobId, OrgId};
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Needs ViewActivity: the organisation's newest jobs.
#[server(endpoint = "organisation_jobs")]
pub async fn organisation_jobs(organisation_id: OrgId) -> Result<JobsPage, AppError> {
    use crate::org::model::Permission;
    let (user, state) =
        crate::org::access::authorize(Permission::ViewActivity, &organisation_id).await?;
    super::service::jobs_page(state.cx(), &super::kinds::KINDS, &user, &organisation_id).await
}

/// Needs ViewActivity: one job of the organisation.
#[server(endpoint = "organisation_job")]
pub async fn organisation_job(organisation_id: OrgId, job_id: JobId) -> Result<JobView, AppError> {
    use crate::org::model::Permission;
    let (user, state) =
        crate::org::access::authorize(Permission::ViewActivity, &organisation_id).await?;
    super::service::job(
        state.cx(),
        &super::kinds::KINDS,
        &user,
        &organisation_id,
        &job_id,
    )
    .await
}

/// "Cancel": the one who started the job or someone who manages the
/// organisation. A plain form post lands back on the job's page.
#[server(endpoint = "cancel_job")]
pub async fn cancel_job(organisation_id: OrgId, job_id: JobId) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (user, state) =
        crate::org::access::authorize(Permission::ViewActivity, &organisation_id).await?;
    let change = super::service::cancel(
        state.cx(),
        &super::kinds::KINDS,
        &user,
        &organisation_id,
        &job_id,
    )
    .await?;
    state.events.job_changed(change.organisation_id.as_ref());
    crate::server::forms::plain_form_lands_on(&format!(
        "/organisations/{organisation_id}/jobs/{job_id}?cancelled=1"
    ));
    Ok(())
}
