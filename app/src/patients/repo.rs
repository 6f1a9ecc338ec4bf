//! Patient records, Patient Profile credentials and "Client support" in the
//! database. SQL only: the rules are in the services.

use crate::ids::{OrgId, PatientId, UserId};
use sqlx::AnyConnection;

use super::model::{AccountState, RecordStatus, ValidPatient};

/// A patient record with its practice's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PatientRow {
    pub id: PatientId,
    pub practice_id: OrgId,
    pub practice_name: String,
    pub nhs_number: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    #[sqlx(try_from = "String")]
    pub record_status: RecordStatus,
    #[sqlx(try_from = "String")]
    pub account_state: AccountState,
    pub disabled_by: Option<String>,
    pub portal_id: Option<String>,
    pub user_id: Option<UserId>,
}

const PATIENT_COLUMNS: &str = "p.id, p.practice_id, o.name AS practice_name, p.nhs_number,
    p.given_name, p.family_name, p.date_of_birth, p.email, p.mobile, p.address, p.postcode,
    p.record_status, p.account_state, p.disabled_by, p.portal_id, p.user_id";

pub async fn insert_patient(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    patient: &ValidPatient,
    now: i64,
) -> Result<PatientId, sqlx::Error> {
    let id = PatientId::generate();
    sqlx::query(
        "INSERT INTO patients (id, practice_id, nhs_number, given_name, family_name, family_lower,
                               given_lower, date_of_birth, email, mobile, address, postcode, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(practice_id)
    .bind(&patient.nhs_number)
    .bind(&patient.given_name)
    .bind(&patient.family_name)
    .bind(patient.family_name.to_lowercase())
    .bind(patient.given_name.to_lowercase())
    .bind(&patient.date_of_birth)
    .bind(&patient.email)
    .bind(&patient.mobile)
    .bind(&patient.address)
    .bind(&patient.postcode)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// What a search looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    NhsNumber(String),
    /// ISO 8601.
    DateOfBirth(String),
    /// Lower-case words; the first starts a first or last name, every word
    /// starts one of them.
    Name(Vec<String>),
}

/// The next string after every string that starts with `prefix` (its last
/// character moved on by one), for an index range scan on both backends.
fn prefix_end(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    match chars.pop() {
        Some(last) => {
            let next = char::from_u32(u32::from(last) + 1).unwrap_or(char::MAX);
            chars.push(next);
            chars.into_iter().collect()
        }
        None => String::from(char::MAX),
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_prefix(word: &str) -> String {
    let mut pattern = String::new();
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Up to `limit` records of the practice that match, by name.
pub async fn search(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    search: &Search,
    limit: i64,
) -> Result<Vec<PatientRow>, sqlx::Error> {
    let order = "ORDER BY p.family_lower, p.given_lower, p.id LIMIT";
    match search {
        Search::NhsNumber(digits) => {
            let sql = format!(
                "SELECT {PATIENT_COLUMNS} FROM patients p JOIN organisations o ON o.id = p.practice_id
                  WHERE p.practice_id = $1 AND p.nhs_number = $2 {order} $3"
            );
            sqlx::query_as(&sql)
                .bind(practice_id)
                .bind(digits)
                .bind(limit)
                .fetch_all(conn)
                .await
        }
        Search::DateOfBirth(date) => {
            let sql = format!(
                "SELECT {PATIENT_COLUMNS} FROM patients p JOIN organisations o ON o.id = p.practice_id
                  WHERE p.practice_id = $1 AND p.date_of_birth = $2 {order} $3"
            );
            sqlx::query_as(&sql)
                .bind(practice_id)
                .bind(date)
                .bind(limit)
                .fetch_all(conn)
                .await
        }
        Search::Name(words) => {
            let first = words.first().cloned().unwrap_or_default();
            // Every further word must start the first or the last name.
            let mut more = String::new();
            for n in 0..words.len().saturating_sub(1) {
                let slot = 6 + n;
                more.push_str(&format!(
                    " AND (p.family_lower LIKE ${slot} ESCAPE '\\' OR p.given_lower LIKE ${slot} ESCAPE '\\')"
                ));
            }
            let sql = format!(
                "SELECT {PATIENT_COLUMNS} FROM patients p JOIN organisations o ON o.id = p.practice_id
                  WHERE p.practice_id = $1
                    AND ((p.family_lower >= $2 AND p.family_lower < $3)
                      OR (p.given_lower >= $2 AND p.given_lower < $3))
                    AND (p.family_lower LIKE $4 ESCAPE '\\' OR p.given_lower LIKE $4 ESCAPE '\\')
                    {more} {order} $5"
            );
            let mut query = sqlx::query_as(&sql)
                .bind(practice_id)
                .bind(first.clone())
                .bind(prefix_end(&first))
                .bind(like_prefix(&first))
                .bind(limit);
            for word in words.iter().skip(1) {
                query = query.bind(like_prefix(word));
            }
            query.fetch_all(conn).await
        }
    }
}

/// A record of the practice.
pub async fn patient(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    patient_id: &PatientId,
) -> Result<Option<PatientRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PATIENT_COLUMNS} FROM patients p JOIN organisations o ON o.id = p.practice_id
          WHERE p.id = $1 AND p.practice_id = $2"
    );
    sqlx::query_as(&sql)
        .bind(patient_id)
        .bind(practice_id)
        .fetch_optional(conn)
        .await
}

/// The record with this Patient ID, at any practice.
pub async fn patient_by_portal_id(
    conn: &mut AnyConnection,
    portal_id: &str,
) -> Result<Option<PatientRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PATIENT_COLUMNS} FROM patients p JOIN organisations o ON o.id = p.practice_id
          WHERE p.portal_id = $1"
    );
    sqlx::query_as(&sql)
        .bind(portal_id)
        .fetch_optional(conn)
        .await
}

/// The records a person's account is linked to.
pub async fn patients_of_user(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Vec<PatientRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PATIENT_COLUMNS} FROM patients p JOIN organisations o ON o.id = p.practice_id
          WHERE p.user_id = $1 ORDER BY o.name, p.id"
    );
    sqlx::query_as(&sql).bind(user_id).fetch_all(conn).await
}

/// Moves the account from `from` to `to`; false when it was no longer in
/// `from` (someone else changed it first).
pub async fn set_account_state(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    from: AccountState,
    to: AccountState,
    disabled_by: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE patients SET account_state = $1, disabled_by = $2 WHERE id = $3 AND account_state = $4",
    )
    .bind(to.as_str())
    .bind(disabled_by)
    .bind(patient_id)
    .bind(from.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_record_status(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    status: RecordStatus,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE patients SET record_status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(patient_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives the record its Patient ID; false when another record has it.
pub async fn set_portal_id(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    portal_id: &str,
) -> Result<bool, sqlx::Error> {
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM patients WHERE portal_id = $1")
        .bind(portal_id)
        .fetch_optional(&mut *conn)
        .await?;
    if taken.is_some() {
        return Ok(false);
    }
    sqlx::query("UPDATE patients SET portal_id = $1 WHERE id = $2 AND portal_id IS NULL")
        .bind(portal_id)
        .bind(patient_id)
        .execute(conn)
        .await?;
    Ok(true)
}

pub async fn link_user(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    user_id: &UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE patients SET user_id = $1 WHERE id = $2")
        .bind(user_id)
        .bind(patient_id)
        .execute(conn)
        .await?;
    Ok(())
}

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

/// One "Client support" row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SupportRow {
    pub organisation_kind: String,
    pub email: String,
    pub phone: String,
}

pub async fn support_rows(
    conn: &mut AnyConnection,
    network_id: &OrgId,
) -> Result<Vec<SupportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT organisation_kind, email, phone FROM client_support WHERE network_id = $1
          ORDER BY organisation_kind",
    )
    .bind(network_id)
    .fetch_all(conn)
    .await
}

pub async fn save_support(
    conn: &mut AnyConnection,
    network_id: &OrgId,
    row: &SupportRow,
    by: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM client_support WHERE network_id = $1 AND organisation_kind = $2")
        .bind(network_id)
        .bind(&row.organisation_kind)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO client_support (network_id, organisation_kind, email, phone, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(network_id)
    .bind(&row.organisation_kind)
    .bind(&row.email)
    .bind(&row.phone)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

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
