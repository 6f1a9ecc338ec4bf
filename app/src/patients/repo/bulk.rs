//! The statements of the bulk credentials job: which patients need
//! credentials, and opening many accounts at once.

use crate::ids::{OrgId, PatientId};
use sqlx::AnyConnection;

/// Patients of the practice after `after` (by id) whose Actions would offer
/// new credentials without looking at their credentials: record Active,
/// account with none, locked, or waiting for an email confirmation.
pub async fn bulk_candidates(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    after: &str,
    limit: i64,
) -> Result<Vec<(PatientId, Option<String>)>, sqlx::Error> {
    let rows: Vec<BulkCandidate> = sqlx::query_as(
        "SELECT id, portal_id FROM patients
          WHERE practice_id = $1 AND id > $2 AND record_status = 'active'
            AND account_state IN ('none', 'locked', 'pending_email_confirmation')
          ORDER BY id LIMIT $3",
    )
    .bind(practice_id)
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.portal_id)).collect())
}

#[derive(sqlx::FromRow)]
struct BulkCandidate {
    id: PatientId,
    portal_id: Option<String>,
}

/// How many patients [`bulk_candidates`] would give in all.
pub async fn count_bulk_candidates(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM patients
          WHERE practice_id = $1 AND record_status = 'active'
            AND account_state IN ('none', 'locked', 'pending_email_confirmation')",
    )
    .bind(practice_id)
    .fetch_one(conn)
    .await
}

/// Makes many accounts "Pending registration", giving each record that
/// has no Patient ID the one paired with it, in one statement: a join with
/// the list of values where the backend plans that well, else a CASE over
/// the rows found by primary key
/// (`Backend::joins_values_in_updates`).
pub async fn open_for_registration(
    conn: &mut AnyConnection,
    backend: crate::server::Backend,
    records: &[(PatientId, String)],
) -> Result<(), sqlx::Error> {
    if records.is_empty() {
        return Ok(());
    }
    let sql = if backend.joins_values_in_updates() {
        let values: Vec<String> = (0..records.len())
            .map(|n| format!("(${}, ${})", 2 * n + 1, 2 * n + 2))
            .collect();
        format!(
            "UPDATE patients SET portal_id = COALESCE(patients.portal_id, v.column2),
                    account_state = 'pending_registration', disabled_by = NULL
               FROM (VALUES {}) AS v WHERE patients.id = v.column1",
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
                    account_state = 'pending_registration', disabled_by = NULL
              WHERE id IN ({})",
            ids.join(", ")
        )
    };
    let mut query = sqlx::query(&sql);
    for (id, portal_id) in records {
        query = query.bind(id).bind(portal_id);
    }
    query.execute(conn).await?;
    Ok(())
}
