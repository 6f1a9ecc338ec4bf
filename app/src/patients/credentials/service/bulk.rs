//! "Create credentials for many patients": new Patient Portal Credentials
//! for every patient of a practice whose Actions would offer them (record
//! Active; no account, or locked, or waiting for an email confirmation), or
//! for those of them selected on "Patients", as a background job of
//! [`BULK_BATCH`] patients per batch. With letters chosen, the credentials
//! are distributed: each patient's log gets "Patient Credentials
//! Distributed" and "Patient Access Letter Generated" for each letter, and
//! the job's letters print as one document per letter (one page a patient,
//! [`LETTERS_PER_PART`] patients a part). Without, they are kept for later.

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{JobId, LetterTemplateId, OrgId, PatientId, UserId};
use crate::jobs::service::{
    self as jobs, Batch, JobChange, JobError, JobKind, JobResult, NewJob, Step, StepFuture,
};
use crate::org::model::Permission;
use crate::patients::codes;
use crate::patients::model::AccountState;
use crate::patients::repo::{self, NewCredentials};
use crate::patients::service::{self as shared, last_day_in_words};
use crate::server::activity;
use crate::server::Ctx;
use sqlx::AnyConnection;
use std::collections::HashMap;

use super::super::model::{CredentialsForm, JobLetters, LettersToPrint, LETTERS_PER_PART};
use crate::letters::render::FieldValues;

/// Patients per batch (one transaction with the job's progress).
pub const BULK_BATCH: i64 = 500;

pub const BULK_CREDENTIALS_JOB: JobKind = JobKind {
    name: "patients.bulk_credentials",
    label: "Patient Portal Credentials for many patients",
    detail_heading: "",
    result: Some(JobResult {
        text: "Letters for these patients",
        path: letters_page,
    }),
    max_attempts: 5,
    step: bulk_credentials_step,
};

/// The most patients selected at once (by ticking, or all matching a
/// search), as the error says.
pub const MAX_SELECTED: usize = 10_000;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Payload {
    expires_at: i64,
    /// Whether the job works on its list (`job_patients`) rather than on
    /// every patient who needs credentials.
    #[serde(default)]
    selected: bool,
    /// The letter templates to make for each patient.
    #[serde(default)]
    letters: Vec<LetterTemplateId>,
}

/// Which patients a bulk job is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every patient of the practice who needs credentials.
    Everyone,
    /// These patients (those of them who need credentials).
    Patients(Vec<PatientId>),
    /// Every patient a search on "Patients" finds.
    Search(String),
}

impl Selection {
    /// From the form: the ticked patients, else the search, else everyone.
    pub fn from_form(patients: &[String], query: &str) -> Selection {
        let ticked: Vec<PatientId> = patients
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| PatientId::new(p.trim()))
            .collect();
        if !ticked.is_empty() {
            Selection::Patients(ticked)
        } else if !query.trim().is_empty() {
            Selection::Search(query.trim().to_string())
        } else {
            Selection::Everyone
        }
    }
}

/// What the form chose: the patients and the letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkChoice {
    pub selection: Selection,
    pub letters: Vec<LetterTemplateId>,
}

/// The patients of a selection, by id (none for [`Selection::Everyone`]);
/// refuses more than [`MAX_SELECTED`].
async fn selected_ids(
    cx: Ctx<'_>,
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    selection: &Selection,
) -> Result<Vec<PatientId>, AppError> {
    let too_many = || {
        AppError::field(
            "patients",
            "Select at most 10,000 patients at once: narrow the search",
        )
    };
    match selection {
        Selection::Everyone => Ok(Vec::new()),
        Selection::Patients(ids) if ids.len() > MAX_SELECTED => Err(too_many()),
        Selection::Patients(ids) => Ok(ids.clone()),
        Selection::Search(query) => {
            let today = crate::server::dates::uk_today(cx.now_ms());
            let Some(search) = crate::patients::records::service::parse_query(query, today)? else {
                return Ok(Vec::new());
            };
            let limit = i64::try_from(MAX_SELECTED).unwrap_or(i64::MAX) + 1;
            let rows = repo::search(conn, practice_id, &search, limit).await?;
            if rows.len() > MAX_SELECTED {
                return Err(too_many());
            }
            Ok(rows.into_iter().map(|r| r.id).collect())
        }
    }
}

/// What the form offers: how many of the selection need credentials, and
/// the practice's letter templates. Nothing is written.
pub async fn bulk_selection(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    selection: &Selection,
) -> Result<(i64, usize, Vec<(LetterTemplateId, String)>), AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let ids = selected_ids(cx, &mut conn, practice_id, selection).await?;
    let needing = if *selection == Selection::Everyone {
        repo::count_bulk_candidates(&mut conn, practice_id).await?
    } else {
        let mut needing = 0;
        for chunk in ids.chunks(500) {
            needing += repo::count_needing_among(&mut conn, practice_id, chunk).await?;
        }
        needing
    };
    let letters = crate::letters::service::patient_letter_choices(&mut conn, practice_id).await?;
    Ok((needing, ids.len(), letters))
}

/// Where the batches have got to: the last patient id done.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Cursor {
    after: String,
}

/// The page of a job's letters.
fn letters_page(organisation_id: &OrgId, job_id: &JobId) -> String {
    format!("/practices/{organisation_id}/patients/bulk-credentials/{job_id}")
}

/// Starts the job, keyed by the page's `submission` so pressing twice
/// starts one. The caller has ManagePatients in the practice.
pub async fn start_bulk_credentials(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    form: &CredentialsForm,
    choice: &BulkChoice,
    submission: &str,
) -> Result<(JobId, JobChange), AppError> {
    jobs::check_submission(submission)?;
    let now = cx.now_ms();
    let expires_at = super::check_expiry(form, now)?;
    let selected = choice.selection != Selection::Everyone;
    let queued = cx
        .db
        .transaction(async |tx| {
            crate::org::service::practice(tx, practice_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let offered = crate::letters::service::patient_letter_choices(tx, practice_id).await?;
            let mut letters: Vec<LetterTemplateId> = Vec::new();
            for letter in &choice.letters {
                if !offered.iter().any(|(id, _)| id == letter) {
                    return Err(AppError::field(
                        "letters",
                        "Select letters from the list: one of them is no longer a letter template",
                    ));
                }
                if !letters.contains(letter) {
                    letters.push(letter.clone());
                }
            }
            let ids = selected_ids(cx, tx, practice_id, &choice.selection).await?;
            if selected && ids.is_empty() {
                return Err(AppError::field(
                    "patients",
                    "Select the patients to create credentials for",
                ));
            }
            let payload = serde_json::to_string(&Payload {
                expires_at,
                selected,
                letters,
            })
            .map_err(AppError::internal)?;
            let total = if selected {
                let mut total = 0;
                for chunk in ids.chunks(500) {
                    total += repo::count_needing_among(tx, practice_id, chunk).await?;
                }
                total
            } else {
                repo::count_bulk_candidates(tx, practice_id).await?
            };
            if total == 0 {
                return Err(AppError::field(
                    if selected { "patients" } else { "expiry_day" },
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
            if queued.created && selected {
                repo::select_for_job(tx, &queued.id, practice_id, &ids).await?;
            }
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
            job_id: &batch.id,
            practice_id,
            requester,
            after: &cursor.after,
            expires_at: payload.expires_at,
            selected: payload.selected,
            letters: &payload.letters,
            now: batch.now_ms,
        };
        let batch_done = issue_batch(cx, tx, issue).await?;
        let done = batch.done + i64::try_from(batch_done.issued).unwrap_or(0);
        let finished = batch_done.looked_at < BULK_BATCH as usize;
        let total = if finished {
            done
        } else {
            batch.total.max(done)
        };
        let after = batch_done.last.map_or(cursor.after, |id| id.to_string());
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
    job_id: &'a JobId,
    practice_id: &'a OrgId,
    requester: &'a UserId,
    after: &'a str,
    expires_at: i64,
    /// Whether the batch works on the job's list.
    selected: bool,
    /// The letters made for each patient (none: credentials kept for
    /// later).
    letters: &'a [LetterTemplateId],
    now: i64,
}

/// The letters of a batch's new credentials: recorded for each patient
/// (so visible ones reach them), with "Patient Credentials Distributed"
/// and "Patient Access Letter Generated" for each letter in their log.
async fn distribute(
    tx: &mut AnyConnection,
    issue: &Issue<'_>,
    made: &[(&PatientId, &str)],
) -> Result<(), AppError> {
    let names: Vec<(LetterTemplateId, String)> =
        crate::letters::service::patient_letter_choices(tx, issue.practice_id)
            .await?
            .into_iter()
            .filter(|(id, _)| issue.letters.contains(id))
            .collect();
    let mut letters = Vec::with_capacity(made.len() * names.len());
    for (patient_id, credentials_id) in made {
        for (template_id, _) in &names {
            letters.push(crate::letters::service::NewPatientLetter {
                patient_id,
                template_id,
                credentials_id,
            });
        }
    }
    crate::letters::service::record_patient_letters(tx, &letters, issue.requester, issue.now)
        .await?;
    let expiry = format!(
        "Expire at the end of {}",
        last_day_in_words(issue.expires_at)
    );
    let ids: Vec<String> = made.iter().map(|(p, _)| p.to_string()).collect();
    let mut entries = Vec::with_capacity(made.len() * (1 + names.len()));
    for id in &ids {
        entries.push(activity::Entry {
            actor_id: Some(issue.requester),
            organisation_id: Some(issue.practice_id),
            subject_type: "patient",
            subject_id: id,
            event: ActivityEvent::CredentialsDistributed,
            details: &expiry,
        });
        for (_, name) in &names {
            entries.push(activity::Entry {
                actor_id: Some(issue.requester),
                organisation_id: Some(issue.practice_id),
                subject_type: "patient",
                subject_id: id,
                event: ActivityEvent::AccessLetterGenerated,
                details: name,
            });
        }
    }
    activity::record_many(tx, issue.now, &entries).await?;
    Ok(())
}

/// What a batch did.
struct BatchDone {
    /// Patients looked at (fewer than [`BULK_BATCH`]: the last batch).
    looked_at: usize,
    /// The last of them, where the next batch starts.
    last: Option<PatientId>,
    /// Patients given credentials.
    issued: usize,
}

/// One batch: credentials for those of the next [`BULK_BATCH`] patients
/// after `after` that have no valid credentials, with Patient IDs for
/// records without.
async fn issue_batch(
    cx: Ctx<'_>,
    tx: &mut AnyConnection,
    issue: Issue<'_>,
) -> Result<BatchDone, AppError> {
    let looked_at = if issue.selected {
        repo::selected_candidates(tx, issue.job_id, issue.after, BULK_BATCH).await?
    } else {
        repo::bulk_candidates(tx, issue.practice_id, issue.after, BULK_BATCH).await?
    };
    let ids: Vec<PatientId> = looked_at.iter().map(|c| c.id.clone()).collect();
    let covered = repo::with_valid_credentials(tx, &ids).await?;
    let last = ids.last().cloned();
    let count = looked_at.len();
    let candidates: Vec<_> = looked_at
        .into_iter()
        .filter(|c| !covered.contains(&c.id))
        .collect();
    let keys = shared::code_keys(cx);
    // Records to change: those without a Patient ID (added before every
    // record got one) and accounts locked or waiting for an email
    // confirmation. The rest are 'none', which the new credentials make
    // "Pending registration" without writing the record.
    let pending = AccountState::PendingRegistration.stored();
    let changed: Vec<(PatientId, String)> = candidates
        .iter()
        .filter(|c| c.portal_id.is_none() || c.account_state != pending)
        .map(|c| {
            let portal_id = c.portal_id.clone().unwrap_or_else(codes::new_patient_id);
            (c.id.clone(), portal_id)
        })
        .collect();
    let credentials: Vec<(String, String)> = candidates
        .iter()
        .map(|_| {
            let id = uuid::Uuid::new_v4().to_string();
            let hash = keys.hash(&keys.code_for(&id));
            (id, hash)
        })
        .collect();
    let rows: Vec<NewCredentials<'_>> = candidates
        .iter()
        .zip(&credentials)
        .map(|(candidate, (id, hash))| NewCredentials {
            id,
            patient_id: &candidate.id,
            code_hash: hash,
            created_by: Some(issue.requester),
            now: issue.now,
            expires_at: issue.expires_at,
            distributed: !issue.letters.is_empty(),
        })
        .collect();
    repo::insert_many_credentials(tx, &rows).await?;
    repo::open_for_registration(tx, cx.db.backend, &changed, pending).await?;
    let made: Vec<(&PatientId, &str)> = candidates
        .iter()
        .zip(&credentials)
        .map(|(candidate, (id, _))| (&candidate.id, id.as_str()))
        .collect();
    repo::note_job_credentials(tx, issue.job_id, &made).await?;
    if !issue.letters.is_empty() {
        distribute(tx, &issue, &made).await?;
    }
    Ok(BatchDone {
        looked_at: count,
        last,
        issued: candidates.len(),
    })
}

/// A bulk job's letters: which, for how many patients, in which parts.
/// `NotFound` unless `job_id` is a bulk credentials job of the practice.
pub async fn job_letters(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    job_id: &JobId,
) -> Result<JobLetters, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let (_, practice_name) = crate::org::service::practice(&mut conn, practice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (payload, running) = job_payload(&mut conn, practice_id, job_id).await?;
    let letters = chosen_letters(&mut conn, practice_id, &payload).await?;
    let patients = repo::count_job_credentials(&mut conn, job_id).await?;
    let parts = (0..(patients + LETTERS_PER_PART - 1) / LETTERS_PER_PART)
        .map(|n| {
            (
                n * LETTERS_PER_PART + 1,
                ((n + 1) * LETTERS_PER_PART).min(patients),
            )
        })
        .collect();
    Ok(JobLetters {
        practice_name,
        patients,
        letters: letters
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        parts,
        running,
    })
}

/// One part of one of a job's letters for printing, each patient's letter
/// as lines.
pub async fn job_letters_to_print(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    job_id: &JobId,
    letter: &LetterTemplateId,
    part: i64,
) -> Result<LettersToPrint, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let (_, practice_name) = crate::org::service::practice(&mut conn, practice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let values = part_values(cx, &mut conn, practice_id, job_id, letter, part).await?;
    let (letter_name, pages) =
        crate::letters::service::letters_lines(&mut conn, practice_id, letter, &values).await?;
    Ok(LettersToPrint {
        practice_name,
        letter_name,
        pages,
    })
}

/// One part of one of a job's letters as a Word file, one page a patient:
/// (file name, bytes).
pub async fn job_letters_docx(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    job_id: &JobId,
    letter: &LetterTemplateId,
    part: i64,
) -> Result<(String, Vec<u8>), AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let values = part_values(cx, &mut conn, practice_id, job_id, letter, part).await?;
    let (name, bytes) =
        crate::letters::service::letters_docx(cx, &mut conn, practice_id, letter, &values).await?;
    let stem = name.trim_end_matches(".docx");
    Ok((format!("{stem} part {part}.docx"), bytes))
}

/// The job's settings and whether it is still to finish.
async fn job_payload(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    job_id: &JobId,
) -> Result<(Payload, bool), AppError> {
    let job = jobs::job_of_kind(conn, job_id, practice_id, &BULK_CREDENTIALS_JOB)
        .await?
        .ok_or(AppError::NotFound)?;
    let payload: Payload = serde_json::from_str(&job.payload).map_err(AppError::internal)?;
    Ok((payload, !job.state.is_finished()))
}

/// The job's letters that are still letter templates: (id, name).
async fn chosen_letters(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    payload: &Payload,
) -> Result<Vec<(LetterTemplateId, String)>, AppError> {
    Ok(
        crate::letters::service::patient_letter_choices(conn, practice_id)
            .await?
            .into_iter()
            .filter(|(id, _)| payload.letters.contains(id))
            .collect(),
    )
}

/// The merge fields of each patient of one part (1-based) of the job's
/// letters, by name; `NotFound` for a letter the job did not make or a
/// part it does not have.
async fn part_values(
    cx: Ctx<'_>,
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    job_id: &JobId,
    letter: &LetterTemplateId,
    part: i64,
) -> Result<Vec<FieldValues>, AppError> {
    let (payload, _) = job_payload(conn, practice_id, job_id).await?;
    if !payload.letters.contains(letter) || part < 1 {
        return Err(AppError::NotFound);
    }
    let offset = (part - 1) * LETTERS_PER_PART;
    let patients =
        repo::job_part_patients(conn, practice_id, job_id, offset, LETTERS_PER_PART).await?;
    if patients.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut credentials: HashMap<PatientId, repo::CredentialsRow> =
        repo::job_part_credentials(conn, practice_id, job_id, offset, LETTERS_PER_PART)
            .await?
            .into_iter()
            .map(|c| (c.patient_id.clone(), c))
            .collect();
    let practice = super::practice_letter_details(cx, conn, practice_id, cx.now_ms()).await?;
    let mut values = Vec::with_capacity(patients.len());
    for patient in &patients {
        let credentials = credentials.remove(&patient.id).ok_or(AppError::NotFound)?;
        let letter = super::patient_letter_details(cx, &practice, patient, &credentials);
        values.push(super::field_values(&letter, &patient.nhs_number));
    }
    Ok(values)
}
