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
mod schedule;
pub use pages::{cancel, job, jobs_page};
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

// ---------------------------------------------------------------- running

/// Which job changed, for live updates (published after commit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobChange {
    pub job_id: JobId,
    pub organisation_id: Option<OrgId>,
}

/// One runner: its id (its claims carry it), the kinds it knows and whom
/// to tell when a job changed.
pub struct Runner<'a> {
    pub cx: Ctx<'a>,
    pub kinds: &'a [JobKind],
    pub id: String,
    pub changed: &'a (dyn Fn(&JobChange) + Send + Sync),
}

/// How a job's run on this runner ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Done,
    Failed,
    Cancelled,
    /// Failed this time; queued to try again.
    Retrying,
    /// Another runner holds it now (this one's lease ran out).
    LostLease,
}

/// What one pass of a runner did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub claimed: usize,
    pub done: usize,
    pub failed: usize,
    pub cancelled: usize,
    pub retrying: usize,
    pub lost: usize,
}

impl RunReport {
    fn count(&mut self, end: Ended) {
        match end {
            Ended::Done => self.done += 1,
            Ended::Failed => self.failed += 1,
            Ended::Cancelled => self.cancelled += 1,
            Ended::Retrying => self.retrying += 1,
            Ended::LostLease => self.lost += 1,
        }
    }
}

/// The jobs of a round: claimed in it (at most this many), or claimed
/// before.
enum Jobs<'j> {
    Claim(i64),
    Held(&'j [ClaimedRow]),
}

/// Why a batch did not finish: its step failed, or the database did.
enum BatchFailed {
    Step(JobError),
    Database(AppError),
}

/// How long one round's transaction may go on taking batches before it
/// commits: quick batches of many jobs share one commit, a slow batch
/// commits on its own (SQLite's write lock is never held much longer).
pub const ROUND_BUDGET: std::time::Duration = std::time::Duration::from_millis(20);

impl<'a> Runner<'a> {
    /// Claims up to `limit` due jobs and runs them to their end, in rounds
    /// that give each job its next batch in turn.
    pub async fn run_due(&self, limit: usize) -> Result<RunReport, AppError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // The first round claims its jobs in its own transaction.
        let (claimed, outcomes) = match self.round(Jobs::Claim(limit), false).await {
            Ok(first) => first,
            Err(_) => self.round(Jobs::Claim(limit), true).await?,
        };
        let mut report = RunReport {
            claimed: claimed.len(),
            ..RunReport::default()
        };
        let mut active: std::collections::VecDeque<ClaimedRow> = claimed.into();
        for end in self.settle(&mut active, outcomes) {
            report.count(end);
        }
        while !active.is_empty() {
            for end in self.run_round(&mut active).await? {
                report.count(end);
            }
        }
        Ok(report)
    }

    /// Claims up to `limit` due jobs for this runner.
    pub async fn claim(&self, limit: usize) -> Result<Vec<ClaimedRow>, AppError> {
        let now = self.cx.now_ms();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let claimed = self
            .cx
            .db
            .transaction(async |tx| {
                Ok(
                    repo::claim_due(tx, self.cx.db.backend, &self.id, now, now + LEASE_MS, limit)
                        .await?,
                )
            })
            .await?;
        Ok(claimed)
    }

    /// One round, in one transaction: the jobs at the front of `active`
    /// each run their next batch in turn (its effects and its progress
    /// together), until every job has had one or [`ROUND_BUDGET`] has
    /// passed. After the commit, a job with more to do goes to the back;
    /// the ones that ended are returned.
    ///
    /// A round first runs without savepoints (one statement a batch
    /// besides the step's own). If a batch fails, that round is rolled
    /// back whole and run again with each batch in a savepoint of its own,
    /// so only the failed batch is undone and its failure recorded. If the
    /// round cannot commit, none of it happened: the jobs stay claimed
    /// until their leases end and are taken again then.
    pub async fn run_round(
        &self,
        active: &mut std::collections::VecDeque<ClaimedRow>,
    ) -> Result<Vec<Ended>, AppError> {
        let queued: Vec<ClaimedRow> = active.iter().cloned().collect();
        let (_, outcomes) = match self.round(Jobs::Held(&queued), false).await {
            Ok(round) => round,
            Err(_) => self.round(Jobs::Held(&queued), true).await?,
        };
        Ok(self.settle(active, outcomes))
    }

    /// After a round's commit: tells of every job it ran, sends the ones
    /// with more to do to the back and returns how the others ended.
    fn settle(
        &self,
        active: &mut std::collections::VecDeque<ClaimedRow>,
        outcomes: Vec<Option<Ended>>,
    ) -> Vec<Ended> {
        let mut ended = Vec::new();
        for outcome in outcomes {
            let Some(job) = active.pop_front() else {
                break;
            };
            (self.changed)(&JobChange {
                job_id: job.id.clone(),
                organisation_id: job.organisation_id.clone(),
            });
            match outcome {
                Some(end) => ended.push(end),
                None => active.push_back(job),
            }
        }
        ended
    }

    /// The transaction of one round (see [`Runner::run_round`]), on the
    /// jobs it claims or on jobs claimed before; with `careful`, each batch
    /// in a savepoint. Returns the round's jobs and how far each got.
    async fn round(
        &self,
        jobs: Jobs<'_>,
        careful: bool,
    ) -> Result<(Vec<ClaimedRow>, Vec<Option<Ended>>), AppError> {
        let cx = self.cx;
        let now = cx.now_ms();
        let started = std::time::Instant::now();
        cx.db
            .transaction(async |tx| {
                let (queued, held) = match jobs {
                    Jobs::Claim(limit) => {
                        let backend = cx.db.backend;
                        let lease = now + LEASE_MS;
                        let claimed =
                            repo::claim_due(&mut *tx, backend, &self.id, now, lease, limit).await?;
                        let held = claimed.iter().map(repo::HeldRow::from).collect();
                        (claimed, held)
                    }
                    Jobs::Held(queued) => {
                        let ids: Vec<&JobId> = queued.iter().map(|job| &job.id).collect();
                        let held = repo::hold(&mut *tx, &ids, &self.id, now + LEASE_MS).await?;
                        (queued.to_vec(), held)
                    }
                };
                let mut outcomes = Vec::with_capacity(queued.len());
                for job in &queued {
                    let state = held.iter().find(|h| h.id == job.id);
                    outcomes.push(self.batch_in(tx, job, state, now, careful).await?);
                    if started.elapsed() >= ROUND_BUDGET {
                        break;
                    }
                }
                Ok((queued, outcomes))
            })
            .await
    }

    /// Runs one batch of one claimed job on its own (a round of one);
    /// `None` when there is more to do. An error of the database counts as
    /// a failed attempt that is tried again once the lease ends.
    pub async fn run_batch(&self, job: &ClaimedRow) -> Option<Ended> {
        let mut one = std::collections::VecDeque::from([job.clone()]);
        match self.run_round(&mut one).await {
            Ok(ended) => ended.first().copied(),
            Err(_) => Some(Ended::Retrying),
        }
    }

    /// Runs a claimed job batch by batch until it ends here.
    pub async fn run_claimed(&self, job: ClaimedRow) -> Ended {
        loop {
            if let Some(end) = self.run_batch(&job).await {
                return end;
            }
        }
    }

    /// The next batch of `job` inside the round's transaction (in a
    /// savepoint when `careful`); `None` when there is more to do. Without
    /// `careful`, a failed batch is an error that rolls the round back.
    async fn batch_in(
        &self,
        tx: &mut AnyConnection,
        job: &ClaimedRow,
        held: Option<&repo::HeldRow>,
        now: i64,
        careful: bool,
    ) -> Result<Option<Ended>, AppError> {
        use sqlx::Connection;
        let Some(held) = held else {
            return Ok(Some(Ended::LostLease));
        };
        let Some(kind) = self.kinds.iter().find(|k| k.name == job.kind) else {
            let error = format!("Gatehouse does not know jobs of kind {:?}", job.kind);
            return self.give_up_in(tx, job, &error, now).await.map(Some);
        };
        if held.cancel_requested != 0 {
            let state = JobState::Cancelled.as_str();
            repo::finish(tx, &job.id, &self.id, state, None, now).await?;
            return Ok(Some(Ended::Cancelled));
        }
        let batch = Batch {
            id: job.id.clone(),
            organisation_id: job.organisation_id.clone(),
            requested_by: job.requested_by.clone(),
            payload: job.payload.clone(),
            done: held.progress_done,
            total: held.progress_total,
            detail: held.detail.clone(),
            now_ms: now,
        };
        let outcome = if careful {
            let mut savepoint = tx.begin().await?;
            let outcome = self
                .step_and_save(&mut savepoint, kind, job, &batch, now)
                .await;
            match outcome {
                Ok(_) => savepoint.commit().await?,
                // The batch's effects go; the failure is recorded below.
                Err(_) => savepoint.rollback().await?,
            }
            outcome
        } else {
            self.step_and_save(tx, kind, job, &batch, now).await
        };
        match outcome {
            Ok(end) => Ok(end),
            Err(BatchFailed::Database(error)) => Err(error),
            // Not careful: the round is rolled back and run again carefully.
            Err(BatchFailed::Step(_)) if !careful => {
                Err(AppError::Conflict("a batch failed".to_string()))
            }
            Err(BatchFailed::Step(JobError::Fail(message))) => {
                self.give_up_in(tx, job, &message, now).await.map(Some)
            }
            Err(BatchFailed::Step(JobError::Retry(message))) => {
                self.retry_in(tx, job, &message, now).await.map(Some)
            }
        }
    }

    /// The kind's step on one batch, then its progress.
    async fn step_and_save(
        &self,
        conn: &mut AnyConnection,
        kind: &JobKind,
        job: &ClaimedRow,
        batch: &Batch,
        now: i64,
    ) -> Result<Option<Ended>, BatchFailed> {
        let step = (kind.step)(self.cx, &mut *conn, batch)
            .await
            .map_err(BatchFailed::Step)?;
        let progress = repo::Progress {
            done: step.done,
            total: step.total,
            message: &step.message,
            detail: &step.detail,
        };
        repo::save_progress(conn, &job.id, &self.id, &progress, step.finished, now)
            .await
            .map_err(|e| BatchFailed::Database(e.into()))?;
        Ok(step.finished.then_some(Ended::Done))
    }

    /// A failed attempt: again after a growing wait, or failed for good
    /// once the kind's attempts are used up.
    async fn retry_in(
        &self,
        tx: &mut AnyConnection,
        job: &ClaimedRow,
        error: &str,
        now: i64,
    ) -> Result<Ended, AppError> {
        let failed_attempts = job.attempts + 1;
        if failed_attempts >= job.max_attempts {
            return self.give_up_in(tx, job, error, now).await;
        }
        let run_at = now + doubling_delay_ms(FIRST_RETRY_MS, MAX_RETRY_MS, failed_attempts);
        Ok(
            if repo::retry_later(tx, &job.id, &self.id, error, run_at).await? {
                Ended::Retrying
            } else {
                Ended::LostLease
            },
        )
    }

    async fn give_up_in(
        &self,
        tx: &mut AnyConnection,
        job: &ClaimedRow,
        error: &str,
        now: i64,
    ) -> Result<Ended, AppError> {
        repo::count_attempt(&mut *tx, &job.id, &self.id).await?;
        let failed = repo::finish(
            tx,
            &job.id,
            &self.id,
            JobState::Failed.as_str(),
            Some(error),
            now,
        )
        .await?;
        Ok(if failed {
            Ended::Failed
        } else {
            Ended::LostLease
        })
    }
}
