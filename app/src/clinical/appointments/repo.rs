//! The SQL of appointment settings, reminders sent and reminder rounds.

use crate::ids::{OrgId, PatientId, UserId};
use sqlx::AnyConnection;

/// A practice's stored settings, with the names of who set them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SettingsRow {
    pub reminders_on: i64,
    pub reminder_hours: String,
    pub reminder_message: String,
    pub reminders_set_at: Option<i64>,
    pub reminders_set_by: Option<String>,
    pub booking_on: i64,
    pub booking_slot_types: String,
    pub booking_days_ahead: i64,
    pub booking_set_at: Option<i64>,
    pub booking_set_by: Option<String>,
}

/// The practice's settings, if any were ever saved.
pub async fn settings(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<Option<SettingsRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.reminders_on, s.reminder_hours, s.reminder_message, s.reminders_set_at,
                (SELECT name FROM users WHERE id = s.reminders_set_by) AS reminders_set_by,
                s.booking_on, s.booking_slot_types, s.booking_days_ahead, s.booking_set_at,
                (SELECT name FROM users WHERE id = s.booking_set_by) AS booking_set_by
           FROM appointment_settings s WHERE s.organisation_id = $1",
    )
    .bind(organisation_id)
    .fetch_optional(conn)
    .await
}

/// Makes the practice's settings row if missing (with the given message
/// and days ahead as its first values) and locks it.
pub async fn lock_settings(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    message: &str,
    days_ahead: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO appointment_settings (organisation_id, reminder_message, booking_days_ahead)
         VALUES ($1, $2, $3)
         ON CONFLICT (organisation_id) DO UPDATE SET reminders_on = appointment_settings.reminders_on",
    )
    .bind(organisation_id)
    .bind(message)
    .bind(days_ahead)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_reminders(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    on: bool,
    hours: &str,
    message: &str,
    by: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE appointment_settings SET reminders_on = $2, reminder_hours = $3,
            reminder_message = $4, reminders_set_by = $5, reminders_set_at = $6
          WHERE organisation_id = $1",
    )
    .bind(organisation_id)
    .bind(i64::from(on))
    .bind(hours)
    .bind(message)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_booking(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    on: bool,
    slot_types: &str,
    days_ahead: i64,
    by: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE appointment_settings SET booking_on = $2, booking_slot_types = $3,
            booking_days_ahead = $4, booking_set_by = $5, booking_set_at = $6
          WHERE organisation_id = $1",
    )
    .bind(organisation_id)
    .bind(i64::from(on))
    .bind(slot_types)
    .bind(days_ahead)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Practices with reminders on, after `after` in id order.
pub async fn practices_with_reminders(
    conn: &mut AnyConnection,
    after: &str,
    limit: i64,
) -> Result<Vec<OrgId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT organisation_id FROM appointment_settings
          WHERE reminders_on = 1 AND organisation_id > $1
          ORDER BY organisation_id LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// One reminder about to be sent.
pub struct NewReminder<'a> {
    pub organisation_id: &'a OrgId,
    pub appointment_id: &'a str,
    pub hours_before: i64,
    pub patient_id: &'a PatientId,
    pub appointment_start: i64,
    pub runner: &'a str,
}

/// Records the reminder; false when it was already sent (by anyone).
pub async fn record_reminder(
    conn: &mut AnyConnection,
    reminder: &NewReminder<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO appointment_reminders (organisation_id, appointment_id, hours_before,
            patient_id, appointment_start, sent_at, runner)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (organisation_id, appointment_id, hours_before) DO NOTHING",
    )
    .bind(reminder.organisation_id)
    .bind(reminder.appointment_id)
    .bind(reminder.hours_before)
    .bind(reminder.patient_id)
    .bind(reminder.appointment_start)
    .bind(now)
    .bind(reminder.runner)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many reminders the practice has sent.
pub async fn reminders_sent(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM appointment_reminders WHERE organisation_id = $1")
        .bind(organisation_id)
        .fetch_one(conn)
        .await
}

/// Claims the reminder round for `runner`; false when another process (or
/// this one before a restart) already has it.
pub async fn claim_round(
    conn: &mut AnyConnection,
    round: i64,
    runner: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO appointment_reminder_rounds (round, runner, started_at) VALUES ($1, $2, $3)
         ON CONFLICT (round) DO NOTHING",
    )
    .bind(round)
    .bind(runner)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn finish_round(
    conn: &mut AnyConnection,
    round: i64,
    sent: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE appointment_reminder_rounds SET finished_at = $2, sent = $3 WHERE round = $1",
    )
    .bind(round)
    .bind(now)
    .bind(sent)
    .execute(conn)
    .await?;
    Ok(())
}
