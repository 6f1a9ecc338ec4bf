//! "Create credentials for many patients": new Patient Portal Credentials,
//! kept for later, for every patient of a practice whose Actions would offer
//! them (record Active; no account, or locked, or waiting for an email
//! confirmation), as a background job of [`BULK_BATCH`] patients per batch.
//! Their letters are made later (one by one today; in bulk with the
//! letters issue).

use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{JobId, OrgId, PatientId, UserId};
use crate::jobs::service::{
    self as jobs, Batch, JobChange, JobError, JobKind, NewJob, Step, StepFuture,
};
use crate::org::model::Permission;
use crate::patients::codes;
use crate::patients::repo::{self, NewCredentials};
use crate::patients::service as shared;
use crate::server::Ctx;
use sqlx::AnyConnection;

use super::super::model::CredentialsForm;

/// Patients per batch (one transaction with the job's progress).
pub const BULK_BATCH: i64 = 500;

pub const BULK_CREDENTIALS_JOB: JobKind = JobKind {
    name: "patients.bulk_credentials",
    label: "Patient Portal Credentials for many patients",
    detail_heading: "",
    max_attempts: 5,
    step: bulk_credentials_step,
};

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Payload {
    expires_at: i64,
}

/// Where the batches have got to: the last patient id done.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Cursor {
    after: String,
}

/// Starts the job, keyed by the page's `submission` so pressing twice
/// starts one. The caller has ManagePatients in the practice.
pub async fn start_bulk_credentials(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    form: &CredentialsForm,
    submission: &str,
) -> Result<(JobId, JobChange), AppError> {
    jobs::check_submission(submission)?;
    let now = cx.now_ms();
    let expires_at = super::check_expiry(form, now)?;
    let payload = serde_json::to_string(&Payload { expires_at }).map_err(AppError::internal)?;
    let queued = cx
        .db
        .transaction(async |tx| {
            crate::org::service::practice(tx, practice_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let total = repo::count_bulk_candidates(tx, practice_id).await?;
            if total == 0 {
                return Err(AppError::field(
                    "expiry_day",
                    "No patients need credentials: every patient has an account, active credentials, or a record that is not Active",
                ));
            }
            let label = format!("{} ({total} patients)", BULK_CREDENTIALS_JOB.label);
            let job = NewJob {
                kind: &BULK_CREDENTIALS_JOB,
                payload,
                organisation_id: Some(practice_id),
                requested_by: Some(&actor.id),
                key: Some(format!(
                    "{}:{practice_id}:{submission}",
                    BULK_CREDENTIALS_JOB.name
                )),
                run_at: now,
                total,
            };
            let queued = jobs::start_for(&mut *tx, now, job, &label).await?;
            Ok(queued)
        })
        .await?;
    Ok((
        queued.id.clone(),
        JobChange {
            job_id: queued.id,
            organisation_id: Some(practice_id.clone()),
        },
    ))
}

fn bulk_credentials_step<'a>(
    cx: Ctx<'a>,
    tx: &'a mut AnyConnection,
    batch: &'a Batch,
) -> StepFuture<'a> {
    Box::pin(async move {
        let payload: Payload = serde_json::from_str(&batch.payload)
            .map_err(|_| JobError::Fail("The settings of this job cannot be read".to_string()))?;
        let (Some(practice_id), Some(requester)) = (&batch.organisation_id, &batch.requested_by)
        else {
            return Err(JobError::Fail(
                "The person who started this job no longer has an account".to_string(),
            ));
        };
        // The job acts for the one who started it, while they may.
        if !crate::org::access::may(&mut *tx, requester, Permission::ManagePatients, practice_id)
            .await?
        {
            return Err(JobError::Fail(
                "The person who started this job may no longer manage patients here".to_string(),
            ));
        }
        let cursor: Cursor = serde_json::from_str(&batch.detail).unwrap_or_default();
        let issue = Issue {
            practice_id,
            requester,
            after: &cursor.after,
            expires_at: payload.expires_at,
            now: batch.now_ms,
        };
        let found = issue_batch(cx, tx, issue).await?;
        let count = i64::try_from(found.len()).unwrap_or(0);
        let done = batch.done + count;
        let finished = count < BULK_BATCH;
        let total = if finished {
            done
        } else {
            batch.total.max(done)
        };
        let after = found.last().map_or(cursor.after, |id| id.to_string());
        Ok(Step {
            done,
            total,
            message: format!("Created credentials for {done} of {total} patients"),
            detail: serde_json::to_string(&Cursor { after }).unwrap_or_default(),
            finished,
        })
    })
}

/// What one batch works on.
struct Issue<'a> {
    practice_id: &'a OrgId,
    requester: &'a UserId,
    after: &'a str,
    expires_at: i64,
    now: i64,
}

/// One batch: credentials for up to [`BULK_BATCH`] patients after `after`,
/// with Patient IDs for those without. Returns the patients done.
async fn issue_batch(
    cx: Ctx<'_>,
    tx: &mut AnyConnection,
    issue: Issue<'_>,
) -> Result<Vec<PatientId>, AppError> {
    let candidates = repo::bulk_candidates(tx, issue.practice_id, issue.after, BULK_BATCH).await?;
    let keys = shared::code_keys(cx);
    // A Patient ID for each (kept only where the record has none yet), and
    // credentials whose code is derived from their id.
    let records: Vec<(PatientId, String)> = candidates
        .into_iter()
        .map(|(id, portal)| (id, portal.unwrap_or_else(codes::new_patient_id)))
        .collect();
    let credentials: Vec<(String, String)> = records
        .iter()
        .map(|_| {
            let id = uuid::Uuid::new_v4().to_string();
            let hash = keys.hash(&keys.code_for(&id));
            (id, hash)
        })
        .collect();
    let rows: Vec<NewCredentials<'_>> = records
        .iter()
        .zip(&credentials)
        .map(|((patient_id, _), (id, hash))| NewCredentials {
            id,
            patient_id,
            code_hash: hash,
            created_by: Some(issue.requester),
            now: issue.now,
            expires_at: issue.expires_at,
            distributed: false,
        })
        .collect();
    repo::insert_many_credentials(tx, &rows).await?;
    repo::open_for_registration(tx, cx.db.backend, &records).await?;
    let ids: Vec<PatientId> = records.into_iter().map(|(id, _)| id).collect();
    Ok(ids)
}
