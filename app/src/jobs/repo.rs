//! The `jobs` table. Portable SQL; the claim takes row locks with
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL (several runners pass over each
//! other's rows) and relies on SQLite's single writer; a batch holds its
//! own job row (an `UPDATE` that renews the lease) so that a takeover waits
//! for it to commit.

use sqlx::AnyConnection;

use crate::ids::{JobId, OrgId, UserId};
use crate::server::Backend;

/// A job to insert.
pub struct NewJobRow<'a> {
    pub kind: &'a str,
    pub payload: &'a str,
    pub organisation_id: Option<&'a OrgId>,
    pub requested_by: Option<&'a UserId>,
    pub idempotency_key: Option<&'a str>,
    pub run_at: i64,
    pub max_attempts: i64,
    pub total: i64,
    pub now_ms: i64,
}

/// Inserts a job; `None` when a job with the same idempotency key exists
/// (then nothing is written).
pub async fn insert(
    conn: &mut AnyConnection,
    job: &NewJobRow<'_>,
) -> Result<Option<JobId>, sqlx::Error> {
    let id = JobId::generate();
    let inserted = sqlx::query(
        "INSERT INTO jobs (id, kind, payload, organisation_id, requested_by, idempotency_key,
                           state, run_at, max_attempts, progress_total, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9, $10)
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(&id)
    .bind(job.kind)
    .bind(job.payload)
    .bind(job.organisation_id)
    .bind(job.requested_by)
    .bind(job.idempotency_key)
    .bind(job.run_at)
    .bind(job.max_attempts)
    .bind(job.total)
    .bind(job.now_ms)
    .execute(conn)
    .await?;
    Ok((inserted.rows_affected() == 1).then_some(id))
}

/// A job as stored, with the names of who asked and where.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub id: JobId,
    pub kind: String,
    pub payload: String,
    pub organisation_id: Option<OrgId>,
    pub organisation_name: Option<String>,
    pub requested_by: Option<UserId>,
    pub requested_by_name: Option<String>,
    pub state: String,
    pub run_at: i64,
    pub attempts: i64,
    pub max_attempts: i64,
    pub progress_done: i64,
    pub progress_total: i64,
    pub progress_message: String,
    pub detail: String,
    pub last_error: Option<String>,
    pub cancel_requested: i64,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const SELECT_JOB: &str =
    "SELECT j.id, j.kind, j.payload, j.organisation_id, o.name AS organisation_name,
        j.requested_by, u.name AS requested_by_name, j.state, j.run_at, j.attempts, j.max_attempts,
        j.progress_done, j.progress_total, j.progress_message, j.detail, j.last_error,
        j.cancel_requested, j.created_at, j.finished_at
   FROM jobs j
   LEFT JOIN organisations o ON o.id = j.organisation_id
   LEFT JOIN users u ON u.id = j.requested_by";

pub async fn by_id(conn: &mut AnyConnection, id: &JobId) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT_JOB} WHERE j.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT_JOB} WHERE j.idempotency_key = $1"))
        .bind(key)
        .fetch_optional(conn)
        .await
}

/// The newest jobs of an organisation, and with `system` those of no
/// organisation (the schedules').
pub async fn newest(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    system: bool,
    limit: i64,
) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT_JOB} WHERE j.organisation_id = $1 OR ($2 = 1 AND j.organisation_id IS NULL)
          ORDER BY j.created_at DESC, j.id DESC LIMIT $3"
    ))
    .bind(organisation_id)
    .bind(i64::from(system))
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// A job a runner has claimed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedRow {
    pub id: JobId,
    pub kind: String,
    pub payload: String,
    pub organisation_id: Option<OrgId>,
    pub requested_by: Option<UserId>,
    pub attempts: i64,
    pub max_attempts: i64,
    pub progress_done: i64,
    pub progress_total: i64,
    pub detail: String,
    pub cancel_requested: i64,
}

/// Claims up to `limit` due jobs for `runner` until `lease_until`: first
/// running jobs whose runner's lease ran out (it died), then queued jobs
/// whose time has come, oldest due first. Each statement takes its rows
/// atomically, so a job is never claimed by two runners at once; each
/// reads an index in order (`jobs_leases`, `jobs_due`), however many
/// finished jobs the table keeps.
pub async fn claim_due(
    conn: &mut AnyConnection,
    backend: Backend,
    runner: &str,
    now_ms: i64,
    lease_until_ms: i64,
    limit: i64,
) -> Result<Vec<ClaimedRow>, sqlx::Error> {
    let claim = |due: &str, order: &str| {
        format!(
            "UPDATE jobs SET state = 'running', claimed_by = $1, lease_until = $2,
                             started_at = COALESCE(started_at, $3)
              WHERE id IN (SELECT id FROM jobs WHERE {due} ORDER BY {order} LIMIT $4 {})
          RETURNING id, kind, payload, organisation_id, requested_by, attempts, max_attempts,
                    progress_done, progress_total, detail, cancel_requested",
            backend.skip_locked()
        )
    };
    let mut claimed: Vec<ClaimedRow> = sqlx::query_as(&claim(
        "state = 'running' AND lease_until <= $3",
        "lease_until",
    ))
    .bind(runner)
    .bind(lease_until_ms)
    .bind(now_ms)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let room = limit - i64::try_from(claimed.len()).unwrap_or(limit);
    if room > 0 {
        let queued: Vec<ClaimedRow> =
            sqlx::query_as(&claim("state = 'queued' AND run_at <= $3", "run_at"))
                .bind(runner)
                .bind(lease_until_ms)
                .bind(now_ms)
                .bind(room)
                .fetch_all(conn)
                .await?;
        claimed.extend(queued);
    }
    Ok(claimed)
}

/// The state of each job of `ids` this runner still holds, their leases
/// renewed to `lease_until` and their rows locked until the transaction
/// ends (an `UPDATE` locks its rows on PostgreSQL; SQLite's write
/// transaction holds the database). A job missing from the answer is no
/// longer this runner's (its lease ran out and another runner took it, or
/// it was finished).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HeldRow {
    pub id: JobId,
    pub progress_done: i64,
    pub progress_total: i64,
    pub detail: String,
    pub cancel_requested: i64,
}

impl From<&ClaimedRow> for HeldRow {
    /// A job just claimed in this transaction: held as claimed.
    fn from(job: &ClaimedRow) -> Self {
        HeldRow {
            id: job.id.clone(),
            progress_done: job.progress_done,
            progress_total: job.progress_total,
            detail: job.detail.clone(),
            cancel_requested: job.cancel_requested,
        }
    }
}

pub async fn hold(
    conn: &mut AnyConnection,
    ids: &[&JobId],
    runner: &str,
    lease_until_ms: i64,
) -> Result<Vec<HeldRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "UPDATE jobs SET lease_until = $1
          WHERE claimed_by = $2 AND state = 'running' AND id IN ({})
      RETURNING id, progress_done, progress_total, detail, cancel_requested",
        crate::server::db::placeholders(ids, 3)
    );
    let mut query = sqlx::query_as(&sql).bind(lease_until_ms).bind(runner);
    for id in ids {
        query = query.bind(*id);
    }
    query.fetch_all(conn).await
}

/// Progress after a batch.
pub struct Progress<'a> {
    pub done: i64,
    pub total: i64,
    pub message: &'a str,
    pub detail: &'a str,
}

/// Records a batch's progress in one statement; with `finished`, the job
/// is also done and its claim released.
pub async fn save_progress(
    conn: &mut AnyConnection,
    id: &JobId,
    runner: &str,
    progress: &Progress<'_>,
    finished: bool,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET progress_done = $1, progress_total = $2, progress_message = $3,
                         detail = $4,
                         state = CASE WHEN $5 = 1 THEN 'done' ELSE state END,
                         finished_at = CASE WHEN $5 = 1 THEN $6 ELSE finished_at END,
                         claimed_by = CASE WHEN $5 = 1 THEN NULL ELSE claimed_by END,
                         lease_until = CASE WHEN $5 = 1 THEN NULL ELSE lease_until END
          WHERE id = $7 AND claimed_by = $8",
    )
    .bind(progress.done)
    .bind(progress.total)
    .bind(progress.message)
    .bind(progress.detail)
    .bind(i64::from(finished))
    .bind(now_ms)
    .bind(id)
    .bind(runner)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a job this runner holds: `done`, `failed` (with the error) or
/// `cancelled`.
pub async fn finish(
    conn: &mut AnyConnection,
    id: &JobId,
    runner: &str,
    state: &str,
    error: Option<&str>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET state = $1, last_error = COALESCE($2, last_error), finished_at = $3,
                         claimed_by = NULL, lease_until = NULL
          WHERE id = $4 AND claimed_by = $5",
    )
    .bind(state)
    .bind(error)
    .bind(now_ms)
    .bind(id)
    .bind(runner)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A failed attempt: queued again for `run_at`, the claim released.
pub async fn retry_later(
    conn: &mut AnyConnection,
    id: &JobId,
    runner: &str,
    error: &str,
    run_at_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET state = 'queued', attempts = attempts + 1, last_error = $1, run_at = $2,
                         claimed_by = NULL, lease_until = NULL
          WHERE id = $3 AND claimed_by = $4",
    )
    .bind(error)
    .bind(run_at_ms)
    .bind(id)
    .bind(runner)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts a failed attempt of a job that will not be tried again.
pub async fn count_attempt(
    conn: &mut AnyConnection,
    id: &JobId,
    runner: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE jobs SET attempts = attempts + 1 WHERE id = $1 AND claimed_by = $2")
        .bind(id)
        .bind(runner)
        .execute(conn)
        .await
        .map(|_| ())
}

/// "Cancel": a queued job is cancelled at once; a running one is marked,
/// and its runner stops it before its next batch. Returns the rows changed
/// (0 when the job had already finished).
pub async fn request_cancel(
    conn: &mut AnyConnection,
    id: &JobId,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    let queued = sqlx::query(
        "UPDATE jobs SET state = 'cancelled', finished_at = $1, cancel_requested = 1
          WHERE id = $2 AND state = 'queued'",
    )
    .bind(now_ms)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let running =
        sqlx::query("UPDATE jobs SET cancel_requested = 1 WHERE id = $1 AND state = 'running'")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    Ok(queued.rows_affected() + running.rows_affected())
}
