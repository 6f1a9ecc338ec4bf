//! What the patient sub-features share on the server: loading a record of a
//! practice, where its account stands, its activity entries, and the keys
//! of activation codes.

use crate::activity::model::ActivityEvent;
use crate::error::AppError;
use crate::ids::{OrgId, PatientId, UserId};
use crate::server::activity;
use crate::server::Ctx;
use sqlx::AnyConnection;

use super::codes::CodeKeys;
use super::model::Standing;
/// A patient record as read, for other features' services.
pub use super::repo::PatientRow;
use super::repo::{self, CredentialsRow};

/// The record, if it is one of this practice's (`NotFound` otherwise, so
/// another practice's patients cannot even be confirmed to exist).
pub async fn load(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    patient_id: &PatientId,
) -> Result<PatientRow, AppError> {
    repo::patient(conn, practice_id, patient_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether credentials can still be used at `now`.
pub fn usable(credentials: &CredentialsRow, now: i64) -> bool {
    credentials.state == "valid" && credentials.expires_at > now
}

/// Where the record's account stands, with its newest credentials.
pub async fn standing(
    conn: &mut AnyConnection,
    row: &PatientRow,
    now: i64,
) -> Result<(Standing, Option<CredentialsRow>), AppError> {
    let credentials = repo::newest_credentials(conn, &row.id).await?;
    let standing = Standing {
        state: row.account_state(),
        record: row.record_status,
        active_credentials: credentials.as_ref().is_some_and(|c| usable(c, now)),
        registered: row.user_id.is_some(),
    };
    Ok((standing, credentials))
}

/// A Patient ID no record has yet. Every record gets one when it is added
/// (records from before then when their first credentials are made), so
/// issuing credentials never has to touch the record's indexed columns.
pub async fn free_patient_id(conn: &mut AnyConnection) -> Result<String, AppError> {
    for _ in 0..5 {
        let id = super::codes::new_patient_id();
        if !repo::portal_id_taken(&mut *conn, &id).await? {
            return Ok(id);
        }
    }
    Err(AppError::internal("no free Patient ID after 5 tries"))
}

/// Appends to the record's activity log, in the caller's transaction.
pub async fn record(
    conn: &mut AnyConnection,
    now: i64,
    actor: Option<&UserId>,
    row: &PatientRow,
    event: ActivityEvent,
    details: &str,
) -> Result<(), AppError> {
    activity::record_for(
        conn,
        now,
        actor,
        &row.practice_id,
        ("patient", &row.id),
        event,
        details,
    )
    .await
}

/// The keys of activation codes, derived from SECRET_KEY.
pub fn code_keys(cx: Ctx<'_>) -> CodeKeys {
    CodeKeys::from_secret(cx.config.secret_key.as_bytes())
}

/// A date (year, month, day) in England at the end of which something
/// expires: the first instant of the next day.
pub fn end_of_day_ms(date: time::Date) -> i64 {
    let next = date.next_day().unwrap_or(date);
    crate::server::dates::uk_instant_ms(time::PrimitiveDateTime::new(next, time::Time::MIDNIGHT))
}

/// The UK date an instant falls on, in words ("1 December 2026"), of the
/// day before `end_ms` when it is the end of a day.
pub fn last_day_in_words(end_ms: i64) -> String {
    let (y, m, d) = crate::server::dates::uk_today(end_ms - 1);
    crate::server::dates::iso_date_in_words(&format!("{y:04}-{m:02}-{d:02}"))
}

/// Records of the practice that appointment reminders may go to: status
/// "active" with an email address, after `after` in id order.
pub async fn reachable_patients(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    after: &str,
    limit: i64,
) -> Result<Vec<PatientRow>, AppError> {
    Ok(repo::reachable_patients(conn, practice_id, after, limit).await?)
}

/// The account's own records whose Patient Profile is "Active" (what a
/// signed-in patient may book with).
pub async fn own_active_records(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Vec<PatientRow>, AppError> {
    Ok(repo::patients_of_user(conn, user_id)
        .await?
        .into_iter()
        .filter(|r| {
            r.account_state() == super::model::AccountState::Active
                && r.record_status == super::model::RecordStatus::Active
        })
        .collect())
}
