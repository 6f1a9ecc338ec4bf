//! Background jobs: queue one inside the caller's transaction, run due
//! jobs batch by batch, declare recurring schedules, show and cancel jobs.
//!
//! A job kind is a [`JobKind`]: a name, a label people read and a `step`
//! that does one batch of the work inside the transaction that also records
//! the job's progress. A runner that dies mid-batch commits nothing; one
//! that dies between batches loses its lease, and the runner that takes the
//! job over starts from the progress the last batch committed. So each
//! effect happens once, however often the job changes hands.

use std::future::Future;
use std::pin::Pin;

mod pages;
mod runner;
mod schedule;
pub use pages::{cancel, job, job_of_kind, jobs_page, JobOf};
pub use runner::{Ended, JobChange, RunReport, Runner, ROUND_BUDGET};
pub use schedule::{queue_due_ticks, tick_key, Every, Schedule};

use sqlx::AnyConnection;

use super::model::JobState;
use super::repo::{self, ClaimedRow, NewJobRow};
use crate::activity::model::ActivityEvent;
use crate::error::AppError;
use crate::ids::{JobId, OrgId, UserId};
use crate::server::activity;
use crate::server::clock::{doubling_delay_ms, HOUR_MS, MINUTE_MS};
use crate::server::Ctx;

/// How long a runner holds a job it claimed; each batch renews it. A
/// runner that stops (its process died) holds its job no longer than this.
pub const LEASE_MS: i64 = 2 * MINUTE_MS;
/// The wait after a job's first failed attempt; it doubles after each.
pub const FIRST_RETRY_MS: i64 = 30_000;
/// The longest wait between attempts.
pub const MAX_RETRY_MS: i64 = HOUR_MS;

/// One batch of a job, as its step sees it.
#[derive(Debug, Clone)]
pub struct Batch {
    pub id: JobId,
    pub organisation_id: Option<OrgId>,
    pub requested_by: Option<UserId>,
    pub payload: String,
    /// Progress the earlier batches committed: where this one starts.
    pub done: i64,
    pub total: i64,
    /// What the earlier batches kept (the kind's own text, e.g. JSON).
    pub detail: String,
    pub now_ms: i64,
}

/// What a batch did: the progress to record with its effects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub done: i64,
    pub total: i64,
    pub message: String,
    pub detail: String,
    /// No more batches.
    pub finished: bool,
}

/// Why a batch failed. Its transaction is rolled back either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    /// Worth trying again later (the database was busy, a server did not
    /// answer): the job is queued again with a growing wait, until its
    /// kind's `max_attempts`.
    Retry(String),
    /// Will never work as asked: the job fails with this message.
    Fail(String),
}

impl From<AppError> for JobError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Internal(reference) => {
                JobError::Retry(format!("Something went wrong (reference {reference})"))
            }
            AppError::Unavailable => JobError::Retry(AppError::Unavailable.to_string()),
            AppError::Invalid(errors) => JobError::Fail(
                errors
                    .0
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join(". "),
            ),
            AppError::Forbidden => {
                JobError::Fail("The person who started this job may no longer do it".to_string())
            }
            other => JobError::Fail(other.to_string()),
        }
    }
}

impl From<sqlx::Error> for JobError {
    fn from(error: sqlx::Error) -> Self {
        AppError::from(error).into()
    }
}

pub type StepFuture<'a> = Pin<Box<dyn Future<Output = Result<Step, JobError>> + Send + 'a>>;

/// One batch of a kind's work, on the transaction that records its
/// progress.
pub type StepFn = for<'a> fn(Ctx<'a>, &'a mut AnyConnection, &'a Batch) -> StepFuture<'a>;

/// A kind of job, declared by the feature that owns the work and listed in
/// [`super::kinds::KINDS`].
pub struct JobKind {
    /// Stored in `jobs.kind`; never renamed.
    pub name: &'static str,
    /// What people read ("Bulk staff invite").
    pub label: &'static str,
    /// The heading of the lines the job keeps in its detail ("Rows not
    /// sent"), shown on its page.
    pub detail_heading: &'static str,
    /// Attempts before a job that keeps failing gives up.
    pub max_attempts: i64,
    pub step: StepFn,
    /// What the job makes, linked from its page.
    pub result: Option<JobResult>,
}

/// A page of what a job made: its link's words and its address (from the
/// job's organisation and id).
#[derive(Clone, Copy)]
pub struct JobResult {
    pub text: &'static str,
    pub path: fn(&OrgId, &JobId) -> String,
}

/// A job to queue.
pub struct NewJob<'a> {
    pub kind: &'a JobKind,
    pub payload: String,
    pub organisation_id: Option<&'a OrgId>,
    pub requested_by: Option<&'a UserId>,
    /// Asking again with the same key finds the first job instead.
    pub key: Option<String>,
    pub run_at: i64,
    /// Work items, when known (0 until the first batch says).
    pub total: i64,
}

/// A queued job, or the one already queued under the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub id: JobId,
    pub created: bool,
}

/// Queues a job inside the caller's transaction: nothing runs unless it
/// commits. With a key that an earlier job has, no job is added and the
/// earlier one is returned.
pub async fn enqueue(
    conn: &mut AnyConnection,
    now_ms: i64,
    job: NewJob<'_>,
) -> Result<Queued, AppError> {
    let row = NewJobRow {
        kind: job.kind.name,
        payload: &job.payload,
        organisation_id: job.organisation_id,
        requested_by: job.requested_by,
        idempotency_key: job.key.as_deref(),
        run_at: job.run_at,
        max_attempts: job.kind.max_attempts.max(1),
        total: job.total,
        now_ms,
    };
    if let Some(id) = repo::insert(&mut *conn, &row).await? {
        return Ok(Queued { id, created: true });
    }
    let key = job
        .key
        .as_deref()
        .ok_or_else(|| AppError::internal("job not inserted"))?;
    let existing = repo::by_key(conn, key)
        .await?
        .ok_or_else(|| AppError::internal("job key conflict without a job"))?;
    if existing.organisation_id.as_ref() != job.organisation_id {
        return Err(AppError::BadRequest);
    }
    Ok(Queued {
        id: existing.id,
        created: false,
    })
}

/// Records that someone started a job (the activity log), in the
/// transaction that queued it.
pub async fn record_started(
    conn: &mut AnyConnection,
    now_ms: i64,
    actor: &UserId,
    organisation_id: &OrgId,
    job: &JobId,
    label: &str,
) -> Result<(), AppError> {
    activity::record_for(
        conn,
        now_ms,
        Some(actor),
        organisation_id,
        ("job", job.as_str()),
        ActivityEvent::JobStarted,
        label,
    )
    .await
}

/// The longest submission key a page may send to key its job (a UUID).
pub const SUBMISSION_MAX: usize = 64;

/// Checks the key a page sends so that pressing "Send" twice (or posting
/// the page again) finds the same job: letters, digits and hyphens, at most
/// [`SUBMISSION_MAX`]. Anything else is `BadRequest`.
pub fn check_submission(submission: &str) -> Result<(), AppError> {
    let fits = !submission.is_empty()
        && submission.len() <= SUBMISSION_MAX
        && submission
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if fits {
        Ok(())
    } else {
        Err(AppError::BadRequest)
    }
}

/// Queues a job someone asked for in an organisation (`job` names both)
/// and, when it is new rather than found by its key, records "Job started"
/// with `label`, all in the caller's transaction.
pub async fn start_for(
    conn: &mut AnyConnection,
    now_ms: i64,
    job: NewJob<'_>,
    label: &str,
) -> Result<Queued, AppError> {
    let (organisation_id, actor) = (job.organisation_id, job.requested_by);
    let queued = enqueue(&mut *conn, now_ms, job).await?;
    if let (true, Some(organisation_id), Some(actor)) = (queued.created, organisation_id, actor) {
        record_started(conn, now_ms, actor, organisation_id, &queued.id, label).await?;
    }
    Ok(queued)
}
