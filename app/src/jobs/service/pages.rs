//! What the job pages show and "Cancel": who may see an organisation's
//! jobs (ViewActivity there; a network's page also lists the schedules'),
//! each job as people read it, the cancel with its activity entry, and a
//! job as the feature that queued it reads it back.

use sqlx::AnyConnection;

use super::{JobChange, JobKind};
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{JobId, OrgId};
use crate::jobs::model::{JobState, JobView, JobsPage, JOBS_SHOWN};
use crate::jobs::repo::{self, JobRow};
use crate::org::access;
use crate::org::model::{OrgKind, Permission};
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::dates::uk_date_time;
use crate::server::Ctx;

/// Whether `user` may see the jobs of `organisation_id` (ViewActivity
/// there), and the schedules' jobs too (in a network).
async fn viewer_of(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    organisation_id: &OrgId,
) -> Result<(orgs::OrganisationRow, bool), AppError> {
    access::check(conn, user, Permission::ViewActivity, organisation_id).await?;
    let organisation = orgs::organisation(conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let system = organisation.kind == OrgKind::Network;
    Ok((organisation, system))
}

async fn view_of(
    conn: &mut AnyConnection,
    kinds: &[JobKind],
    user: &CurrentUser,
    row: JobRow,
) -> Result<JobView, AppError> {
    let kind = kinds.iter().find(|k| k.name == row.kind);
    let state = crate::server::db::known(JobState::parse(&row.state), "job state", &row.state)?;
    let cancelling = row.cancel_requested != 0 && state == JobState::Running;
    let may_cancel = match (&row.requested_by, &row.organisation_id) {
        (Some(by), _) if *by == user.id => true,
        (_, Some(org)) => access::may(conn, &user.id, Permission::ManageOrganisation, org).await?,
        (_, None) => false,
    };
    let waiting_again = state == JobState::Queued && row.attempts > 0;
    let result = kind
        .and_then(|k| k.result)
        .zip(row.organisation_id.as_ref())
        .map(|(result, org)| ((result.path)(org, &row.id), result.text.to_string()));
    Ok(JobView {
        id: row.id,
        label: kind.map_or_else(|| row.kind.clone(), |k| k.label.to_string()),
        requested_by: row
            .requested_by_name
            .unwrap_or_else(|| "Gatehouse (scheduled)".to_string()),
        organisation_id: row.organisation_id,
        state,
        done: row.progress_done,
        total: row.progress_total,
        message: row.progress_message,
        error: row.last_error,
        retry_at: waiting_again.then(|| uk_date_time(row.run_at)),
        created: uk_date_time(row.created_at),
        finished: row.finished_at.map(uk_date_time),
        cancelling,
        can_cancel: may_cancel && !state.is_finished() && !cancelling,
        detail_heading: kind.map_or("", |k| k.detail_heading).to_string(),
        detail: detail_lines(&row.detail),
        result,
    })
}

/// A job's detail is a JSON list of lines; anything else shows nothing.
fn detail_lines(detail: &str) -> Vec<String> {
    serde_json::from_str(detail).unwrap_or_default()
}

/// The jobs page of an organisation.
pub async fn jobs_page(
    cx: Ctx<'_>,
    kinds: &[JobKind],
    user: &CurrentUser,
    organisation_id: &OrgId,
) -> Result<JobsPage, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let (organisation, system) = viewer_of(&mut conn, user, organisation_id).await?;
    let rows = repo::newest(&mut conn, organisation_id, system, JOBS_SHOWN).await?;
    let mut jobs = Vec::with_capacity(rows.len());
    for row in rows {
        jobs.push(view_of(&mut conn, kinds, user, row).await?);
    }
    Ok(JobsPage {
        organisation_id: organisation.id,
        organisation_name: organisation.name,
        jobs,
    })
}

/// One job of the organisation (or, in a network, of the schedules).
/// Another organisation's job is `NotFound`.
pub async fn job(
    cx: Ctx<'_>,
    kinds: &[JobKind],
    user: &CurrentUser,
    organisation_id: &OrgId,
    job_id: &JobId,
) -> Result<JobView, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let (_, system) = viewer_of(&mut conn, user, organisation_id).await?;
    let row = repo::by_id(&mut conn, job_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let belongs = match &row.organisation_id {
        Some(org) => org == organisation_id,
        None => system,
    };
    if !belongs {
        return Err(AppError::NotFound);
    }
    view_of(&mut conn, kinds, user, row).await
}

/// "Cancel": the one who started the job, or someone who manages the
/// organisation. A queued job is cancelled at once, a running one after
/// its current batch. One transaction with its activity entry.
pub async fn cancel(
    cx: Ctx<'_>,
    kinds: &[JobKind],
    user: &CurrentUser,
    organisation_id: &OrgId,
    job_id: &JobId,
) -> Result<JobChange, AppError> {
    let now = cx.now_ms();
    let shown = job(cx, kinds, user, organisation_id, job_id).await?;
    if shown.state.is_finished() {
        return Err(AppError::Conflict(format!(
            "This job has already finished: it is {}",
            shown.state.label()
        )));
    }
    if !shown.can_cancel && !shown.cancelling {
        return Err(AppError::Forbidden);
    }
    let organisation = shown.organisation_id.clone();
    cx.db
        .transaction(async |tx| {
            let changed = repo::request_cancel(tx, job_id, now).await?;
            if changed == 0 {
                return Err(AppError::Conflict(
                    "This job has already finished".to_string(),
                ));
            }
            if let Some(org) = &organisation {
                activity::record_for(
                    tx,
                    now,
                    Some(&user.id),
                    org,
                    ("job", job_id.as_str()),
                    ActivityEvent::JobCancelled,
                    &shown.label,
                )
                .await?;
            }
            Ok(())
        })
        .await?;
    Ok(JobChange {
        job_id: job_id.clone(),
        organisation_id: organisation,
    })
}

/// A job of a kind in an organisation, as its own feature reads it.
#[derive(Debug, Clone)]
pub struct JobOf {
    pub payload: String,
    pub state: JobState,
}

/// The job `id` if it is of `kind` and in `organisation_id`.
pub async fn job_of_kind(
    conn: &mut AnyConnection,
    id: &JobId,
    organisation_id: &OrgId,
    kind: &JobKind,
) -> Result<Option<JobOf>, AppError> {
    let Some(row) = repo::by_id(conn, id).await? else {
        return Ok(None);
    };
    if row.kind != kind.name || row.organisation_id.as_ref() != Some(organisation_id) {
        return Ok(None);
    }
    let state = crate::server::db::known(JobState::parse(&row.state), "job state", &row.state)?;
    Ok(Some(JobOf {
        payload: row.payload,
        state,
    }))
}
