//! The statements of the bulk credentials job: which patients need
//! credentials, and opening many accounts at once.

use crate::ids::{JobId, OrgId, PatientId};
use sqlx::AnyConnection;

/// Up to `limit` patients of the practice after `after` (by id) whose
/// record is Active and whose account has none, is locked, or waits for an
/// email confirmation: the rows a batch looks at, in id order. Which of them
/// already have valid credentials is [`with_valid_credentials`] (asked
/// apart: joined here, PostgreSQL's generic plan read every credential of
/// the table per batch).
pub async fn bulk_candidates(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    after: &str,
    limit: i64,
) -> Result<Vec<BulkCandidate>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, portal_id, account_state FROM patients
          WHERE practice_id = $1 AND id > $2 AND record_status = 'active'
            AND account_state IN ('none', 'locked', 'pending_email_confirmation')
          ORDER BY id LIMIT $3",
    )
    .bind(practice_id)
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Those of `patients` with credentials in the state 'valid'.
pub async fn with_valid_credentials(
    conn: &mut AnyConnection,
    patients: &[PatientId],
) -> Result<Vec<PatientId>, sqlx::Error> {
    if patients.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=patients.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT DISTINCT patient_id FROM patient_credentials
          WHERE state = 'valid' AND patient_id IN ({})",
        marks.join(", ")
    );
    let mut query = sqlx::query_scalar(&sql);
    for id in patients {
        query = query.bind(id);
    }
    query.fetch_all(conn).await
}

#[derive(Debug, sqlx::FromRow)]
pub struct BulkCandidate {
    pub id: PatientId,
    pub portal_id: Option<String>,
    /// As stored.
    pub account_state: String,
}

/// How many patients of the practice need credentials: the rows of
/// [`bulk_candidates`] without valid credentials.
pub async fn count_bulk_candidates(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM patients
          WHERE practice_id = $1 AND record_status = 'active'
            AND account_state IN ('none', 'locked', 'pending_email_confirmation')
            AND NOT EXISTS (SELECT 1 FROM patient_credentials c
                             WHERE c.patient_id = patients.id AND c.state = 'valid')",
    )
    .bind(practice_id)
    .fetch_one(conn)
    .await
}

/// Moves many accounts to the stored state `state`, giving each record
/// that has no Patient ID the one paired with it, in one statement: a join
/// with the list of values where the backend plans that well, else a CASE
/// over the rows found by primary key (`Backend::joins_values_in_updates`).
pub async fn open_for_registration(
    conn: &mut AnyConnection,
    backend: crate::server::Backend,
    records: &[(PatientId, String)],
    state: &str,
) -> Result<(), sqlx::Error> {
    if records.is_empty() {
        return Ok(());
    }
    let n = 2 * records.len();
    let sql = if backend.joins_values_in_updates() {
        let values: Vec<String> = (0..records.len())
            .map(|n| format!("(${}, ${})", 2 * n + 1, 2 * n + 2))
            .collect();
        format!(
            "UPDATE patients SET portal_id = COALESCE(patients.portal_id, v.column2),
                    account_state = ${}, disabled_by = NULL
               FROM (VALUES {}) AS v WHERE patients.id = v.column1",
            n + 1,
            values.join(", ")
        )
    } else {
        let cases: String = (0..records.len())
            .map(|n| format!(" WHEN ${} THEN ${}", 2 * n + 1, 2 * n + 2))
            .collect();
        let ids: Vec<String> = (0..records.len())
            .map(|n| format!("${}", 2 * n + 1))
            .collect();
        format!(
            "UPDATE patients SET portal_id = COALESCE(portal_id, CASE id{cases} END),
                    account_state = ${}, disabled_by = NULL
              WHERE id IN ({})",
            n + 1,
            ids.join(", ")
        )
    };
    let mut query = sqlx::query(&sql);
    for (id, portal_id) in records {
        query = query.bind(id).bind(portal_id);
    }
    query.bind(state).execute(conn).await?;
    Ok(())
}

/// Puts the practice's patients among `patients` on the job's list (others
/// are ignored). Returns how many were listed.
pub async fn select_for_job(
    conn: &mut AnyConnection,
    job_id: &JobId,
    practice_id: &OrgId,
    patients: &[PatientId],
) -> Result<u64, sqlx::Error> {
    let mut listed = 0;
    for chunk in patients.chunks(500) {
        let sql = format!(
            "INSERT INTO job_patients (job_id, patient_id)
             SELECT $1, id FROM patients WHERE practice_id = $2 AND id IN ({})
             ON CONFLICT (job_id, patient_id) DO NOTHING",
            crate::server::db::placeholders(chunk, 3)
        );
        let mut query = sqlx::query(&sql).bind(job_id).bind(practice_id);
        for id in chunk {
            query = query.bind(id);
        }
        listed += query.execute(&mut *conn).await?.rows_affected();
    }
    Ok(listed)
}

/// [`bulk_candidates`] among the patients on the job's list.
pub async fn selected_candidates(
    conn: &mut AnyConnection,
    job_id: &JobId,
    after: &str,
    limit: i64,
) -> Result<Vec<BulkCandidate>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.portal_id, p.account_state
           FROM job_patients j JOIN patients p ON p.id = j.patient_id
          WHERE j.job_id = $1 AND j.patient_id > $2 AND p.record_status = 'active'
            AND p.account_state IN ('none', 'locked', 'pending_email_confirmation')
          ORDER BY j.patient_id LIMIT $3",
    )
    .bind(job_id)
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// [`count_bulk_candidates`] among the patients on the job's list.
pub async fn count_selected_candidates(
    conn: &mut AnyConnection,
    job_id: &JobId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM job_patients j JOIN patients p ON p.id = j.patient_id
          WHERE j.job_id = $1 AND p.record_status = 'active'
            AND p.account_state IN ('none', 'locked', 'pending_email_confirmation')
            AND NOT EXISTS (SELECT 1 FROM patient_credentials c
                             WHERE c.patient_id = p.id AND c.state = 'valid')",
    )
    .bind(job_id)
    .fetch_one(conn)
    .await
}

/// Notes the credentials the job made for each patient (listing the
/// patient when the job found them itself).
pub async fn note_job_credentials(
    conn: &mut AnyConnection,
    job_id: &JobId,
    made: &[(&PatientId, &str)],
) -> Result<(), sqlx::Error> {
    for chunk in made.chunks(500) {
        let sql = format!(
            "INSERT INTO job_patients (job_id, patient_id, credentials_id) VALUES {}
             ON CONFLICT (job_id, patient_id) DO UPDATE SET credentials_id = excluded.credentials_id",
            crate::server::db::value_rows(chunk.len(), 3)
        );
        let mut query = sqlx::query(&sql);
        for (patient, credentials) in chunk {
            query = query.bind(job_id).bind(*patient).bind(*credentials);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// How many patients the job made credentials for.
pub async fn count_job_credentials(
    conn: &mut AnyConnection,
    job_id: &JobId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM job_patients WHERE job_id = $1 AND credentials_id IS NOT NULL",
    )
    .bind(job_id)
    .fetch_one(conn)
    .await
}

/// The records of one part of the job's patients with credentials, in the
/// order of their names, `limit` from `offset`.
pub async fn job_part_patients(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    job_id: &JobId,
    offset: i64,
    limit: i64,
) -> Result<Vec<super::PatientRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM job_patients j
           JOIN patients p ON p.id = j.patient_id
           JOIN organisations o ON o.id = p.practice_id
          WHERE j.job_id = $1 AND p.practice_id = $2 AND j.credentials_id IS NOT NULL
          ORDER BY p.family_lower, p.given_lower, p.id LIMIT $3 OFFSET $4",
        super::PATIENT_COLUMNS
    );
    sqlx::query_as(&sql)
        .bind(job_id)
        .bind(practice_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(conn)
        .await
}

/// The credentials the job made for the patients of the same part as
/// [`job_part_patients`].
pub async fn job_part_credentials(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    job_id: &JobId,
    offset: i64,
    limit: i64,
) -> Result<Vec<super::CredentialsRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.patient_id, c.code_hash, c.state, c.failed_attempts, c.created_at,
                c.expires_at, c.distributed_at, c.sent_at
           FROM job_patients j
           JOIN patients p ON p.id = j.patient_id
           JOIN patient_credentials c ON c.id = j.credentials_id AND c.patient_id = p.id
          WHERE j.job_id = $1 AND p.practice_id = $2
          ORDER BY p.family_lower, p.given_lower, p.id LIMIT $3 OFFSET $4",
    )
    .bind(job_id)
    .bind(practice_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await
}

/// How many of `patients` (of the practice) need credentials, as
/// [`count_bulk_candidates`] counts them.
pub async fn count_needing_among(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    patients: &[PatientId],
) -> Result<i64, sqlx::Error> {
    if patients.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "SELECT COUNT(*) FROM patients
          WHERE practice_id = $1 AND id IN ({}) AND record_status = 'active'
            AND account_state IN ('none', 'locked', 'pending_email_confirmation')
            AND NOT EXISTS (SELECT 1 FROM patient_credentials c
                             WHERE c.patient_id = patients.id AND c.state = 'valid')",
        crate::server::db::placeholders(patients, 2)
    );
    let mut query = sqlx::query_scalar(&sql).bind(practice_id);
    for id in patients {
        query = query.bind(id);
    }
    query.fetch_one(conn).await
}
