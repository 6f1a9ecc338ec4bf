//! "A reminder comes the day before": a recurring job that, each hour,
//! reminds every locum of their booked shifts starting within the next 24
//! hours, in Gatehouse and by email ("Shifts" notifications).
//!
//! Exactly once: each reminder is a row in `shift_reminders` keyed by the
//! shift, the reminder's kind and the locum, inserted with the notification
//! in the job's batch transaction (`ON CONFLICT DO NOTHING`). A second
//! runner, a tick run again after a restart, or an hour later finds the row
//! and sends nothing; a rolled-back batch leaves neither row nor email.

use crate::error::AppError;
use crate::jobs::service::{Batch, Every, JobError, JobKind, Schedule, Step, StepFuture};
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::server::Ctx;
use crate::shifts::model::rate_in_words;
use crate::shifts::repo;
use crate::shifts::service::{when_in_words, DAY_MS};
use sqlx::AnyConnection;

/// The kind of reminder stored in `shift_reminders.kind`.
const DAY_BEFORE: &str = "day_before";
/// Reminders per batch (one transaction).
const BATCH: i64 = 200;

/// The job: "Shift reminders".
pub const SHIFT_REMINDERS: JobKind = JobKind {
    name: "shifts.reminders",
    label: "Shift reminders for the next day",
    detail_heading: "",
    max_attempts: 3,
    step: remind,
    result: None,
};

/// Every hour, on the hour.
pub const SCHEDULES: [Schedule; 1] = [Schedule {
    kind: &SHIFT_REMINDERS,
    every: Every::Hour { minute: 0 },
}];

fn remind<'a>(cx: Ctx<'a>, tx: &'a mut AnyConnection, batch: &'a Batch) -> StepFuture<'a> {
    Box::pin(async move {
        let sent = send_due(cx, tx, BATCH).await?;
        let done = batch.done + sent;
        Ok::<_, JobError>(Step {
            done,
            total: done,
            message: format!("{done} reminders sent"),
            detail: String::new(),
            finished: sent < BATCH,
        })
    })
}

/// Sends up to `limit` reminders of booked shifts starting within the next
/// 24 hours that have not had one; returns how many were sent.
pub async fn send_due(cx: Ctx<'_>, tx: &mut AnyConnection, limit: i64) -> Result<i64, AppError> {
    let now = cx.now_ms();
    let mut sent = 0;
    for row in repo::due_reminders(tx, DAY_BEFORE, now, now + DAY_MS, limit).await? {
        let Some(locum) = row.locum_id.clone() else {
            continue;
        };
        if !repo::record_reminder(tx, &row.id, DAY_BEFORE, &locum, now).await? {
            continue;
        }
        let when = when_in_words(row.starts_at, row.ends_at);
        let place = match (&row.location_name, &row.location_address) {
            (Some(name), Some(address)) => format!("{name}, {address}"),
            (Some(name), None) => name.clone(),
            _ => row.organisation_name.clone(),
        };
        let title = format!("Reminder: your shift on {when}");
        let notes = if row.notes.is_empty() {
            String::new()
        } else {
            format!(" Notes: {}", row.notes)
        };
        let body = format!(
            "You are working for {} on {when} at {place} ({}).{notes}",
            row.organisation_name,
            rate_in_words(row.rate_pence)
        );
        let notice = Notice {
            kind: NoticeKind::Shifts,
            title: &title,
            body: &body,
            link: Some("/schedule"),
        };
        notify(tx, now, &cx.config.base_url, &locum, &notice).await?;
        sent += 1;
    }
    Ok(sent)
}
