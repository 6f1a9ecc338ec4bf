//! Patient records, Patient Profile credentials and "Client support" in the
//! database. SQL only: the rules are in the services. Records here;
//! credentials, the bulk job's statements and client support in their own
//! files, re-exported.

use crate::ids::{OrgId, PatientId, UserId};
use sqlx::AnyConnection;

use super::model::{AccountState, RecordStatus, ValidPatient};

mod bulk;
mod credentials;
mod documents;
mod support;

pub use bulk::*;
pub use credentials::*;
pub use documents::*;
pub use support::*;

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
    /// As stored: read [`PatientRow::account_state`].
    #[sqlx(rename = "account_state", try_from = "String")]
    pub stored_state: AccountState,
    /// 1 when the record has credentials in the state 'valid'.
    pub valid_credentials: i64,
    pub disabled_by: Option<String>,
    pub portal_id: Option<String>,
    pub user_id: Option<UserId>,
}

const PATIENT_COLUMNS: &str = "p.id, p.practice_id, o.name AS practice_name, p.nhs_number,
    p.given_name, p.family_name, p.date_of_birth, p.email, p.mobile, p.address, p.postcode,
    p.record_status, p.account_state, p.disabled_by, p.portal_id, p.user_id,
    CAST(CASE WHEN EXISTS (SELECT 1 FROM patient_credentials c
                            WHERE c.patient_id = p.id AND c.state = 'valid')
              THEN 1 ELSE 0 END AS BIGINT) AS valid_credentials";

impl PatientRow {
    /// The account's state as shown and acted on.
    pub fn account_state(&self) -> AccountState {
        AccountState::shown(self.stored_state, self.valid_credentials > 0)
    }
}

pub async fn insert_patient(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    patient: &ValidPatient,
    portal_id: &str,
    now: i64,
) -> Result<PatientId, sqlx::Error> {
    let id = PatientId::generate();
    sqlx::query(
        "INSERT INTO patients (id, practice_id, nhs_number, given_name, family_name, family_lower,
                               given_lower, date_of_birth, email, mobile, address, postcode,
                               created_at, portal_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
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
    .bind(portal_id)
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

/// Records of the practice with an email address whose status is
/// "active", after `after` in id order: whom appointment reminders may go to.
pub async fn reachable_patients(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    after: &str,
    limit: i64,
) -> Result<Vec<PatientRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {PATIENT_COLUMNS} FROM patients p JOIN organisations o ON o.id = p.practice_id
          WHERE p.practice_id = $1 AND p.record_status = 'active' AND p.email IS NOT NULL
            AND p.email <> '' AND p.id > $2
          ORDER BY p.id LIMIT $3"
    );
    sqlx::query_as(&sql)
        .bind(practice_id)
        .bind(after)
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// Whether any record is linked to the account.
pub async fn has_records(conn: &mut AnyConnection, user_id: &UserId) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM patients WHERE user_id = $1 LIMIT 1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// Moves the account from `from` to `to` (in their stored forms,
/// [`AccountState::stored`]); false when it was no longer in `from`
/// (someone else changed it first).
pub async fn set_account_state(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    from: AccountState,
    to: AccountState,
    disabled_by: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE patients SET account_state = $1, disabled_by = $2
          WHERE id = $3 AND account_state IN ($4, $5)",
    )
    .bind(to.stored())
    .bind(disabled_by)
    .bind(patient_id)
    .bind(from.as_str())
    .bind(from.stored())
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

/// Whether a record has this Patient ID.
pub async fn portal_id_taken(
    conn: &mut AnyConnection,
    portal_id: &str,
) -> Result<bool, sqlx::Error> {
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM patients WHERE portal_id = $1")
        .bind(portal_id)
        .fetch_optional(conn)
        .await?;
    Ok(taken.is_some())
}

/// Gives the record its Patient ID; false when another record has it.
pub async fn set_portal_id(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    portal_id: &str,
) -> Result<bool, sqlx::Error> {
    if portal_id_taken(&mut *conn, portal_id).await? {
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
