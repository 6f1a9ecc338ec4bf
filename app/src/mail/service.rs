//! Delivering the outbox: claim due messages, send each, record the result.
//! A failed message is tried again later with growing delays; nothing is
//! deleted, so a message survives SMTP outages and server restarts.

use crate::server::Ctx;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use super::model::MailboxEmail;
use super::repo::{self, ClaimedEmail};
use super::transport::{Outcome, Transport};
use crate::error::AppError;
use crate::server::clock::{HOUR_MS, MINUTE_MS};
use crate::server::dates::uk_date_time;
use crate::server::Mode;

/// A claim lasts this long. A worker that dies mid-batch holds its messages
/// no longer than this; then another worker sends them.
pub const LEASE_MS: i64 = 10 * MINUTE_MS;
/// The wait after the first failed attempt; it doubles after each failure.
pub const FIRST_RETRY_MS: i64 = 30_000;
/// The longest wait between attempts.
pub const MAX_RETRY_MS: i64 = HOUR_MS;
/// How many messages `/dev/mailbox` shows.
pub const DEV_MAILBOX_LIMIT: i64 = 100;

/// The wait before the next attempt after `failed_attempts` failures:
/// 30 s, 1 min, 2 min, 4 min … never more than an hour.
pub fn retry_delay_ms(failed_attempts: i64) -> i64 {
    crate::server::clock::doubling_delay_ms(FIRST_RETRY_MS, MAX_RETRY_MS, failed_attempts)
}

/// What one delivery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Due messages this pass took on.
    pub claimed: usize,
    /// Accepted by the SMTP server.
    pub sent: usize,
    /// Kept in the development mailbox.
    pub kept_in_dev_mailbox: usize,
    /// Failed this time; tried again later.
    pub retrying: usize,
    /// Given up on: they can never be sent as they stand.
    pub undeliverable: usize,
    /// Claimed but then taken over by another worker (an expired lease).
    pub lost_claims: usize,
}

/// Messages sent at once within a pass (the four lanes of `deliver_due`),
/// each over its own SMTP connection; the transport pools that many.
pub const CONCURRENT_SENDS: usize = 4;

/// One delivery pass: claims up to `batch` due messages for a new worker id
/// and delivers them, `CONCURRENT_SENDS` at a time, over `transport` (which
/// reuses its SMTP connections). Once the server turns out to be
/// unreachable, the rest of the batch is rescheduled without trying it.
pub async fn deliver_due(
    cx: Ctx<'_>,
    transport: &Transport,
    batch: usize,
) -> Result<DeliveryReport, AppError> {
    let worker = uuid::Uuid::new_v4().to_string();
    let now = cx.now_ms();
    let claimed = {
        let mut conn = cx.db.pool.acquire().await?;
        repo::claim_due(
            &mut conn,
            cx.db.backend,
            &worker,
            now,
            now + LEASE_MS,
            batch,
        )
        .await?
    };
    let pass = Pass {
        cx,
        transport,
        worker: &worker,
        claimed: &claimed,
        next: AtomicUsize::new(0),
        unreachable: OnceLock::new(),
    };
    let (a, b, c, d) = tokio::join!(pass.lane(), pass.lane(), pass.lane(), pass.lane());
    let mut report = DeliveryReport {
        claimed: claimed.len(),
        ..DeliveryReport::default()
    };
    for lane in [a?, b?, c?, d?] {
        report.add(lane);
    }
    if report.retrying > 0 {
        tracing::warn!(
            retrying = report.retrying,
            error = pass
                .unreachable
                .get()
                .map_or("rejected by the SMTP server", String::as_str),
            "some emails could not be sent; they will be tried again"
        );
    }
    Ok(report)
}

impl DeliveryReport {
    fn add(&mut self, other: DeliveryReport) {
        self.sent += other.sent;
        self.kept_in_dev_mailbox += other.kept_in_dev_mailbox;
        self.retrying += other.retrying;
        self.undeliverable += other.undeliverable;
        self.lost_claims += other.lost_claims;
    }
}

/// The claimed batch, shared by the lanes of one pass: each lane takes the
/// next message not yet taken.
struct Pass<'a> {
    cx: Ctx<'a>,
    transport: &'a Transport,
    worker: &'a str,
    claimed: &'a [ClaimedEmail],
    next: AtomicUsize,
    unreachable: OnceLock<String>,
}

impl Pass<'_> {
    async fn lane(&self) -> Result<DeliveryReport, AppError> {
        let mut report = DeliveryReport::default();
        while let Some(message) = self.claimed.get(self.next.fetch_add(1, Ordering::Relaxed)) {
            let outcome = match self.unreachable.get() {
                Some(error) => Outcome::Retry {
                    error: error.clone(),
                    unreachable: true,
                },
                None => {
                    self.transport
                        .deliver(&message.id, &message.email, self.cx.now_ms())
                        .await
                }
            };
            if let Outcome::Retry {
                error,
                unreachable: true,
            } = &outcome
            {
                let _ = self.unreachable.set(error.clone());
            }
            record(
                self.cx,
                self.worker,
                message,
                &outcome,
                self.cx.now_ms(),
                &mut report,
            )
            .await?;
        }
        Ok(report)
    }
}

async fn record(
    cx: Ctx<'_>,
    worker: &str,
    message: &ClaimedEmail,
    outcome: &Outcome,
    now: i64,
    report: &mut DeliveryReport,
) -> Result<(), AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    // Once a message has left, its stored copy keeps no one-time link
    // (a token read from the table must not work); only the development
    // mailbox, whose purpose is to show the links, keeps them.
    let (text, html) = (
        redact_tokens(&message.email.text),
        redact_tokens(&message.email.html),
    );
    let redacted = repo::KeptBodies {
        text: &text,
        html: &html,
    };
    let kept = match outcome {
        Outcome::Sent => {
            report.sent += 1;
            repo::mark_delivered(
                &mut conn,
                &message.id,
                worker,
                repo::STATUS_SENT,
                now,
                redacted,
            )
            .await?
        }
        Outcome::KeptInDevMailbox => {
            report.kept_in_dev_mailbox += 1;
            tracing::info!(outbox_id = %message.id, "email kept in the development mailbox: see /dev/mailbox");
            repo::mark_delivered(
                &mut conn,
                &message.id,
                worker,
                repo::STATUS_DEV_MAILBOX,
                now,
                repo::KeptBodies {
                    text: &message.email.text,
                    html: &message.email.html,
                },
            )
            .await?
        }
        Outcome::Retry { error, .. } => {
            report.retrying += 1;
            let next = now + retry_delay_ms(message.attempts + 1);
            repo::mark_retry(&mut conn, &message.id, worker, error, next).await?
        }
        Outcome::Undeliverable(reason) => {
            report.undeliverable += 1;
            tracing::error!(outbox_id = %message.id, %reason, "email can never be sent; marked failed");
            repo::mark_undeliverable(&mut conn, &message.id, worker, reason, redacted).await?
        }
    };
    if !kept {
        report.lost_claims += 1;
        tracing::warn!(outbox_id = %message.id, "email claim expired before its result was recorded");
    }
    Ok(())
}

/// What a sent message's stored copy says where its link's token was.
pub const REDACTED: &str = "[removed once sent]";

/// `body` with every one-time token (a run of 32 or more hexadecimal
/// digits: tokens are 64) replaced by [`REDACTED`]. Links keep their
/// path, so the stored copy still shows what kind of link was sent.
pub fn redact_tokens(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 32 {
            out.push_str(REDACTED);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in body.chars() {
        if c.is_ascii_hexdigit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The development mailbox, newest first. Refused (`NotFound`, as if the
/// page did not exist) in production.
/// Whether the development mailbox is there: in development, never in
/// production.
pub fn dev_mailbox_open(mode: Mode) -> bool {
    mode != Mode::Production
}

pub async fn dev_mailbox(cx: Ctx<'_>, mode: Mode) -> Result<Vec<MailboxEmail>, AppError> {
    if !dev_mailbox_open(mode) {
        return Err(AppError::NotFound);
    }
    let mut conn = cx.db.pool.acquire().await?;
    let kept = repo::dev_mailbox(&mut conn, DEV_MAILBOX_LIMIT).await?;
    Ok(kept
        .into_iter()
        .map(|email| MailboxEmail {
            delivered: uk_date_time(email.delivered_at_ms),
            id: email.id,
            to: email.to,
            subject: email.subject,
            text: email.text,
        })
        .collect())
}

/// How long a delivered message keeps its words (for support questions)
/// before housekeeping removes them.
pub const KEEP_DELIVERED_MS: i64 = 7 * 24 * HOUR_MS;

/// Housekeeping: removes the words of up to `limit` messages delivered (or
/// given up on) more than [`KEEP_DELIVERED_MS`] ago; their addresses,
/// subjects and times stay.
pub async fn redact_delivered(
    conn: &mut sqlx::AnyConnection,
    cx: Ctx<'_>,
    limit: i64,
) -> Result<u64, AppError> {
    let removed = repo::KeptBodies {
        text: "[removed by housekeeping]",
        html: "<p>[removed by housekeeping]</p>",
    };
    let before = cx.now_ms() - KEEP_DELIVERED_MS;
    Ok(repo::redact_delivered(conn, cx.db.backend, before, removed, limit).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_30_seconds_then_twice_as_long_each_time_up_to_an_hour() {
        let delays: Vec<i64> = (1..=9).map(retry_delay_ms).collect();
        assert_eq!(
            delays,
            [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, HOUR_MS, HOUR_MS]
        );
        assert_eq!(retry_delay_ms(1_000), HOUR_MS);
        assert_eq!(retry_delay_ms(0), FIRST_RETRY_MS);
    }
}
