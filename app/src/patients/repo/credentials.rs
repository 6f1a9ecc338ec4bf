//! Patient Profile credentials in the database.

use crate::ids::{PatientId, UserId};
use sqlx::AnyConnection;

/// A set of credentials.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CredentialsRow {
    pub id: String,
    pub patient_id: PatientId,
    pub code_hash: String,
    pub state: String,
    pub failed_attempts: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub distributed_at: Option<i64>,
    pub sent_at: Option<i64>,
}

/// The patient's newest credentials.
pub async fn newest_credentials(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
) -> Result<Option<CredentialsRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, patient_id, code_hash, state, failed_attempts, created_at, expires_at,
                distributed_at, sent_at
           FROM patient_credentials WHERE patient_id = $1
          ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(patient_id)
    .fetch_optional(conn)
    .await
}

/// The patient's credentials with this id.
pub async fn credentials_by_id(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    id: &str,
) -> Result<Option<CredentialsRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, patient_id, code_hash, state, failed_attempts, created_at, expires_at,
                distributed_at, sent_at
           FROM patient_credentials WHERE patient_id = $1 AND id = $2",
    )
    .bind(patient_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Ends the patient's valid credentials with `state` ('superseded',
/// 'ended' or 'used'); how many it ended.
pub async fn finish_valid_credentials(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    state: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE patient_credentials SET state = $1, finished_at = $2
          WHERE patient_id = $3 AND state = 'valid'",
    )
    .bind(state)
    .bind(now)
    .bind(patient_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Ends one set of credentials if it is still valid; false otherwise.
pub async fn finish_credentials(
    conn: &mut AnyConnection,
    credentials_id: &str,
    state: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE patient_credentials SET state = $1, finished_at = $2 WHERE id = $3 AND state = 'valid'",
    )
    .bind(state)
    .bind(now)
    .bind(credentials_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub struct NewCredentials<'a> {
    pub id: &'a str,
    pub patient_id: &'a PatientId,
    pub code_hash: &'a str,
    pub created_by: Option<&'a UserId>,
    pub now: i64,
    pub expires_at: i64,
    pub distributed: bool,
}

pub async fn insert_credentials(
    conn: &mut AnyConnection,
    new: NewCredentials<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO patient_credentials (id, patient_id, code_hash, state, created_by, created_at,
                                          expires_at, distributed_at)
         VALUES ($1, $2, $3, 'valid', $4, $5, $6, $7)",
    )
    .bind(new.id)
    .bind(new.patient_id)
    .bind(new.code_hash)
    .bind(new.created_by)
    .bind(new.now)
    .bind(new.expires_at)
    .bind(new.distributed.then_some(new.now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_distributed(
    conn: &mut AnyConnection,
    credentials_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE patient_credentials SET distributed_at = COALESCE(distributed_at, $1) WHERE id = $2",
    )
    .bind(now)
    .bind(credentials_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_sent(
    conn: &mut AnyConnection,
    credentials_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE patient_credentials SET sent_at = $1 WHERE id = $2")
        .bind(now)
        .bind(credentials_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Counts one wrong attempt against valid credentials; the new count.
pub async fn count_failed_attempt(
    conn: &mut AnyConnection,
    credentials_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "UPDATE patient_credentials SET failed_attempts = failed_attempts + 1 WHERE id = $1 AND state = 'valid'",
    )
    .bind(credentials_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT failed_attempts FROM patient_credentials WHERE id = $1")
        .bind(credentials_id)
        .fetch_one(conn)
        .await
}

/// Inserts many sets of credentials in one statement.
pub async fn insert_many_credentials(
    conn: &mut AnyConnection,
    rows: &[NewCredentials<'_>],
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let values: Vec<String> = (0..rows.len())
        .map(|n| {
            let b = 7 * n;
            format!(
                "(${}, ${}, ${}, 'valid', ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO patient_credentials (id, patient_id, code_hash, state, created_by, created_at,
                                          expires_at, distributed_at)
         VALUES {}",
        values.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for row in rows {
        query = query
            .bind(row.id)
            .bind(row.patient_id)
            .bind(row.code_hash)
            .bind(row.created_by)
            .bind(row.now)
            .bind(row.expires_at)
            .bind(row.distributed.then_some(row.now));
    }
    query.execute(conn).await?;
    Ok(())
}
