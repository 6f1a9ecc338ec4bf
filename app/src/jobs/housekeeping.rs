//! Housekeeping, the first recurring jobs: each batch asks every feature to
//! delete (or redact) up to [`BATCH`] rows it no longer needs, in the
//! batch's transaction, until a batch finds fewer. Deleting what is already
//! gone does nothing, so a batch repeated after a takeover is harmless.

use super::service::{Batch, Every, JobError, JobKind, Schedule, Step, StepFuture};
use crate::server::Ctx;
use sqlx::AnyConnection;

/// Rows each purge takes per batch (one transaction).
pub const BATCH: i64 = 500;

fn step_of(done: i64, removed: u64, full: bool, what: &str) -> Step {
    let done = done + i64::try_from(removed).unwrap_or(i64::MAX);
    Step {
        done,
        total: done,
        message: format!("{done} {what}"),
        detail: String::new(),
        finished: !full,
    }
}

/// Stale sign-in failure counts and contact-form submissions (limits that
/// no longer count).
pub const PURGE_LIMITS: JobKind = JobKind {
    name: "housekeeping.purge_limits",
    label: "Housekeeping: forget old sign-in and contact-form limits",
    detail_heading: "",
    max_attempts: 3,
    step: purge_limits,
    result: None,
};

fn purge_limits<'a>(cx: Ctx<'a>, tx: &'a mut AnyConnection, batch: &'a Batch) -> StepFuture<'a> {
    Box::pin(async move {
        let contacts =
            crate::requests::contact::service::purge_stale_limits(&mut *tx, cx, BATCH).await?;
        let sessions_and_counts = crate::auth::service::purge_stale(&mut *tx, cx, BATCH).await?;
        let removed = contacts + sessions_and_counts;
        let full = contacts == BATCH as u64 || sessions_and_counts >= BATCH as u64;
        Ok::<_, JobError>(step_of(batch.done, removed, full, "rows removed"))
    })
}

/// One-time links (set password, invitations) that expired or were used.
pub const PURGE_LINKS: JobKind = JobKind {
    name: "housekeeping.purge_links",
    label: "Housekeeping: delete expired and used links",
    detail_heading: "",
    max_attempts: 3,
    step: purge_links,
    result: None,
};

fn purge_links<'a>(cx: Ctx<'a>, tx: &'a mut AnyConnection, batch: &'a Batch) -> StepFuture<'a> {
    Box::pin(async move {
        let tokens = crate::accounts::service::purge_expired_links(&mut *tx, cx, BATCH).await?;
        let invites =
            crate::staff::invitations::service::purge_spent_links(&mut *tx, cx, BATCH).await?;
        let full = tokens == BATCH as u64 || invites == BATCH as u64;
        Ok::<_, JobError>(step_of(batch.done, tokens + invites, full, "links deleted"))
    })
}

/// The words of delivered emails, a week after delivery.
pub const REDACT_MESSAGES: JobKind = JobKind {
    name: "housekeeping.redact_messages",
    label: "Housekeeping: remove the words of delivered emails",
    detail_heading: "",
    max_attempts: 3,
    step: redact_messages,
    result: None,
};

fn redact_messages<'a>(cx: Ctx<'a>, tx: &'a mut AnyConnection, batch: &'a Batch) -> StepFuture<'a> {
    Box::pin(async move {
        let redacted = crate::mail::service::redact_delivered(&mut *tx, cx, BATCH).await?;
        let full = redacted == BATCH as u64;
        Ok::<_, JobError>(step_of(batch.done, redacted, full, "emails redacted"))
    })
}

/// When housekeeping runs (on clocks in England).
pub const SCHEDULES: [Schedule; 3] = [
    Schedule {
        kind: &PURGE_LIMITS,
        every: Every::Hour { minute: 5 },
    },
    Schedule {
        kind: &PURGE_LINKS,
        every: Every::Day { hour: 2, minute: 0 },
    },
    Schedule {
        kind: &REDACT_MESSAGES,
        every: Every::Day {
            hour: 2,
            minute: 30,
        },
    },
];
