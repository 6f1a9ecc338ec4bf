//! The bulk invite: "Check file" checks every row of the CSV file as an
//! invitation without changing anything; sending invites the valid rows of
//! a batch in one transaction, under the hourly limit.

use super::model::*;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::ids::JobId;
use crate::ids::OrgId;
use crate::jobs::service::{
    self as jobs, Batch, JobChange, JobError, JobKind, NewJob, Step, StepFuture,
};
use crate::org::access as orgs_access;
use crate::org::model::Permission;
use crate::org::model::Role;
use crate::org::service as orgs;
use crate::server::clock::HOUR_MS;
use crate::server::Ctx;
use crate::staff::invitations::service::{
    check_allowance, check_invite_fields, invite_in_tx, links_since, pending_invite, Delivery,
};
use crate::staff::model::ClinicalSystem;
use crate::staff::service::locked_organisation;
use sqlx::AnyConnection;

/// Every message of a validation failure in one sentence (a bulk row). A
/// file has no role menu, so a bad role names the roles it may have.
fn messages(errors: &FieldErrors) -> String {
    errors
        .0
        .iter()
        .map(|e| match e.field.as_str() {
            "role" => role_message(),
            _ => e.message.clone(),
        })
        .collect::<Vec<_>>()
        .join(". ")
}

/// "Role must be one of: GP, Nurse, …" (the practice roles, as in the file).
pub fn role_message() -> String {
    format!("Role must be one of: {}", Role::practice_labels())
}

/// Checks a bulk-invite file row by row without changing anything.
pub async fn preview_bulk_invites(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
    text: &str,
) -> Result<BulkPreview, AppError> {
    use super::csv::{parse, RowShape};
    let shapes = parse(text).map_err(|problem| AppError::field("file", &problem.message()))?;
    if shapes.is_empty() {
        return Err(AppError::field(
            "file",
            "The file has no rows under the column names",
        ));
    }
    let now = cx.now_ms();
    let mut conn = cx.db.pool.acquire().await?;
    let organisation = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let is_emis = organisation.clinical_system == ClinicalSystem::EmisWeb;
    let mut seen: Vec<(String, &'static str)> = Vec::new();
    let mut rows = Vec::with_capacity(shapes.len());
    for shape in shapes {
        let row = match shape {
            RowShape::Blank { line } => BulkRow {
                line,
                email: String::new(),
                role: String::new(),
                emis_username: String::new(),
                error: Some("Row is empty".to_string()),
            },
            RowShape::WrongColumns { line, found } => BulkRow {
                line,
                email: String::new(),
                role: String::new(),
                emis_username: String::new(),
                error: Some(format!(
                    "Row has {found} columns: it needs email, role and EMIS username"
                )),
            },
            RowShape::Row(row) => {
                let error = match check_invite_fields(
                    &cx.config.staff,
                    &row.email,
                    &row.role,
                    &row.emis_username,
                    is_emis,
                ) {
                    Err(AppError::Invalid(errors)) => Some(messages(&errors)),
                    Err(other) => Some(other.to_string()),
                    Ok(fields) => {
                        let key = (fields.email.lower(), fields.role.as_str());
                        if seen.contains(&key) {
                            Some("The same email and role appear earlier in the file".to_string())
                        } else if orgs::holds_role(&mut conn, organisation_id, &key.0, key.1)
                            .await?
                        {
                            Some(format!("Already registered as {}", fields.role.label()))
                        } else if pending_invite(&mut conn, organisation_id, &key.0, key.1)
                            .await?
                            .is_some()
                        {
                            Some(format!(
                                "Already invited as {}: use \"Resend\" instead",
                                fields.role.label()
                            ))
                        } else {
                            seen.push(key);
                            None
                        }
                    }
                };
                BulkRow {
                    line: row.line,
                    email: row.email,
                    role: row.role,
                    emis_username: row.emis_username,
                    error,
                }
            }
        };
        rows.push(row);
    }
    let used = links_since(&mut conn, organisation_id, now - HOUR_MS).await?;
    let ready = rows.iter().filter(|r| r.error.is_none()).count();
    Ok(BulkPreview {
        rows,
        ready,
        allowance: (cx.config.staff.invites_per_hour - used).max(0),
        submission: uuid::Uuid::new_v4().to_string(),
    })
}

/// Rows invited per batch of a bulk-invite job (one transaction each).
pub const BULK_BATCH: usize = 50;

/// "Send N invites": the sending of a checked file, as a background job
/// that goes on when the tab is closed. Each batch of [`BULK_BATCH`] rows
/// is one transaction with the job's progress.
pub const BULK_INVITE_JOB: JobKind = JobKind {
    name: "staff.bulk_invite",
    label: "Bulk staff invite",
    detail_heading: "Rows not sent",
    max_attempts: 5,
    step: bulk_invite_step,
    result: None,
};

/// What a bulk-invite job is given: the file and the lines the check
/// passed, and the lines it refused with why.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct BulkJobPayload {
    text: String,
    lines: Vec<usize>,
    refused: Vec<String>,
}

/// "Row 3 (a@nhs.net): Already invited …"
fn row_line(line: usize, email: &str, error: &str) -> String {
    if email.is_empty() {
        format!("Row {line}: {error}")
    } else {
        format!("Row {line} ({email}): {error}")
    }
}

/// Starts sending a checked file: checks it again, and queues a job for
/// the rows that pass, with an activity entry, in one transaction. The
/// `submission` from "Check file" keys the job: pressing "Send" twice, or
/// posting the same page again, finds the same job.
pub async fn start_bulk_invite(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    text: &str,
    submission: &str,
) -> Result<(JobId, JobChange), AppError> {
    jobs::check_submission(submission)?;
    let checked = preview_bulk_invites(cx, organisation_id, text).await?;
    if checked.ready == 0 {
        return Err(AppError::field(
            "file",
            "No rows can be sent. Correct the file and check it again",
        ));
    }
    let ready = i64::try_from(checked.ready).map_err(|_| AppError::BadRequest)?;
    if ready > checked.allowance {
        return Err(AppError::Conflict(format!(
            "This practice can send {} more invites this hour. Remove rows or try again later.",
            checked.allowance
        )));
    }
    let payload = BulkJobPayload {
        text: text.to_string(),
        lines: checked
            .rows
            .iter()
            .filter(|r| r.error.is_none())
            .map(|r| r.line)
            .collect(),
        refused: checked
            .rows
            .iter()
            .filter_map(|r| r.error.as_ref().map(|e| row_line(r.line, &r.email, e)))
            .collect(),
    };
    let payload = serde_json::to_string(&payload).map_err(AppError::internal)?;
    let now = cx.now_ms();
    let queued = cx
        .db
        .transaction(async |tx| {
            let job = NewJob {
                kind: &BULK_INVITE_JOB,
                payload,
                organisation_id: Some(organisation_id),
                requested_by: Some(&actor.id),
                key: Some(format!(
                    "{}:{organisation_id}:{submission}",
                    BULK_INVITE_JOB.name
                )),
                run_at: now,
                total: ready,
            };
            let label = format!("{} ({ready} rows)", BULK_INVITE_JOB.label);
            let queued = jobs::start_for(&mut *tx, now, job, &label).await?;
            Ok(queued)
        })
        .await?;
    Ok((
        queued.id.clone(),
        JobChange {
            job_id: queued.id,
            organisation_id: Some(organisation_id.clone()),
        },
    ))
}

fn bulk_invite_step<'a>(
    cx: Ctx<'a>,
    tx: &'a mut AnyConnection,
    batch: &'a Batch,
) -> StepFuture<'a> {
    Box::pin(async move {
        let payload: BulkJobPayload = serde_json::from_str(&batch.payload)
            .map_err(|_| JobError::Fail("The file of this job cannot be read".to_string()))?;
        let (Some(organisation_id), Some(requester)) =
            (&batch.organisation_id, &batch.requested_by)
        else {
            return Err(JobError::Fail(
                "The person who started this job no longer has an account".to_string(),
            ));
        };
        // The job acts for the one who started it, while they may.
        if !orgs_access::may(
            &mut *tx,
            requester,
            Permission::ManageStaff,
            organisation_id,
        )
        .await?
        {
            return Err(JobError::Fail(
                "The person who started this job may no longer invite staff here".to_string(),
            ));
        }
        let actor = crate::accounts::service::acting_user(&mut *tx, requester).await?;
        let start = usize::try_from(batch.done)
            .unwrap_or(0)
            .min(payload.lines.len());
        let end = (start + BULK_BATCH).min(payload.lines.len());
        let mut not_sent: Vec<String> = if batch.done == 0 {
            payload.refused.clone()
        } else {
            serde_json::from_str(&batch.detail).unwrap_or_default()
        };
        if start < end {
            let results = send_rows(
                &mut *tx,
                cx,
                &actor,
                organisation_id,
                &payload.text,
                &payload.lines[start..end],
                batch.now_ms,
            )
            .await?;
            not_sent.extend(
                results
                    .iter()
                    .filter_map(|r| r.error.as_ref().map(|e| row_line(r.line, &r.email, e))),
            );
        }
        let total = i64::try_from(payload.lines.len()).unwrap_or(i64::MAX);
        let done = i64::try_from(end).unwrap_or(total);
        Ok(Step {
            done,
            total,
            message: format!("Sent {done} of {total} invites"),
            detail: serde_json::to_string(&not_sent).unwrap_or_default(),
            finished: end >= payload.lines.len(),
        })
    })
}

/// Sends the rows of a bulk-invite file on `lines` (at most `BULK_BATCH`
/// rows, those the check passed), inside the caller's
/// transaction. The file is parsed again here, so only what the server
/// checked is sent. A row that is not valid (now) is reported and skipped;
/// the others are sent. If the batch would pass the hourly limit, nothing
/// in it is sent.
async fn send_rows(
    tx: &mut AnyConnection,
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    text: &str,
    lines: &[usize],
    now: i64,
) -> Result<Vec<BulkResult>, AppError> {
    use super::csv::{parse, RowShape};
    let shapes = parse(text).map_err(|problem| AppError::field("file", &problem.message()))?;
    let batch: Vec<_> = shapes
        .into_iter()
        .filter_map(|shape| match shape {
            RowShape::Row(row) if lines.contains(&row.line) => Some(row),
            _ => None,
        })
        .collect();
    if batch.is_empty() || batch.len() > BULK_BATCH {
        return Err(AppError::BadRequest);
    }
    let organisation = locked_organisation(tx, organisation_id).await?;
    let is_emis = organisation.clinical_system == ClinicalSystem::EmisWeb;
    let wanted = i64::try_from(batch.len()).map_err(|_| AppError::BadRequest)?;
    check_allowance(tx, &cx.config.staff, organisation_id, now, wanted).await?;
    let mut results = Vec::with_capacity(batch.len());
    for row in &batch {
        let outcome = match check_invite_fields(
            &cx.config.staff,
            &row.email,
            &row.role,
            &row.emis_username,
            is_emis,
        ) {
            Ok(fields) => {
                invite_in_tx(tx, cx, actor, &organisation, &fields, Delivery::Email, now).await
            }
            Err(error) => Err(error),
        };
        let error = match outcome {
            Ok(_) => None,
            Err(AppError::Invalid(errors)) => Some(messages(&errors)),
            Err(AppError::Internal(reference)) => return Err(AppError::Internal(reference)),
            Err(other) => Some(other.to_string()),
        };
        results.push(BulkResult {
            line: row.line,
            email: row.email.clone(),
            error,
        });
    }
    Ok(results)
}
