//! Delivery through lettre to a real SMTP server (`sink::SmtpSink`) on
//! 127.0.0.1, with time from a `FixedClock`. Runs on SQLite, and on
//! PostgreSQL when TEST_POSTGRES_URL is set.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::time::Instant;

use super::model::{OutgoingEmail, Template};
use super::repo::{self, STATUS_DEV_MAILBOX, STATUS_FAILED, STATUS_QUEUED, STATUS_SENT};
use super::service::{deliver_due, dev_mailbox, FIRST_RETRY_MS, LEASE_MS};
use super::sink::{ReceivedEmail, SmtpSink};
use super::transport::Transport;
use super::worker::run_worker;
use crate::error::AppError;
use crate::server::clock::{FixedClock, HOUR_MS, MINUTE_MS};
use crate::server::testing::{cx_of, fresh_db, fresh_db_url};
use crate::server::{Db, Mode, SharedClock};

const FROM: &str = "Gatehouse <gatehouse@gatehouse.test>";
const START: i64 = 1_795_000_000_000;

fn numbered(n: usize) -> OutgoingEmail {
    OutgoingEmail::from_template(
        format!("person{n}@nhs.net"),
        format!("Message {n:04}"),
        &Template {
            greeting: "Hello".into(),
            paragraphs: vec![format!("This is message number {n}.")],
            ..Template::default()
        },
    )
}

fn shift_confirmed() -> OutgoingEmail {
    OutgoingEmail::from_template(
        "karen.francis@nhs.net",
        "Your shift is confirmed",
        &Template {
            greeting: "Dear Karen".into(),
            paragraphs: vec!["Your shift on 1 December at Riverside Practice is confirmed.".into()],
            link: Some((
                "See your shifts".into(),
                "http://127.0.0.1:3000/shifts".into(),
            )),
            footer: Some("You get this email because you booked a shift.".into()),
        },
    )
}

async fn queue_one(db: &Db, now: i64, email: &OutgoingEmail) -> String {
    let mut conn = db.pool.acquire().await.unwrap();
    repo::queue(&mut conn, now, email).await.unwrap()
}

#[derive(Debug)]
struct Row {
    status: String,
    attempts: i64,
    last_error: Option<String>,
    next_attempt_at: i64,
    sent_at: Option<i64>,
}

async fn row(db: &Db, id: &str) -> Row {
    let (status, attempts, last_error, next_attempt_at, sent_at): (
        String,
        i64,
        Option<String>,
        i64,
        Option<i64>,
    ) = sqlx::query_as(
        "SELECT status, attempts, last_error, next_attempt_at, sent_at FROM outbox WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    Row {
        status,
        attempts,
        last_error,
        next_attempt_at,
        sent_at,
    }
}

async fn count_with_status(db: &Db, status: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = $1")
        .bind(status)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// Undoes quoted-printable (soft line breaks and `=XX`), enough to read
/// the HTML part in assertions.
fn unquote(raw: &str) -> String {
    let bytes = raw.replace("=\r\n", "").into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (other, _) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn message_ids(received: &[ReceivedEmail]) -> HashSet<String> {
    received
        .iter()
        .map(|m| {
            m.header("Message-ID")
                .expect("every message has a Message-ID")
        })
        .collect()
}

#[tokio::test]
async fn a_due_message_is_delivered_through_smtp_with_text_and_html_parts_and_marked_sent_once() {
    let db = fresh_db().await;
    let sink = SmtpSink::start().await.unwrap();
    let transport = Transport::smtp(&sink.url(), FROM).unwrap();
    let clock = FixedClock::at(START);
    let id = queue_one(&db, START, &shift_confirmed()).await;

    let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");

    let received = sink.received();
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert_eq!(message.from, "gatehouse@gatehouse.test");
    assert_eq!(message.recipients, ["karen.francis@nhs.net"]);
    assert_eq!(
        message.header("Subject").as_deref(),
        Some("Your shift is confirmed")
    );
    assert_eq!(
        message.header("Message-ID"),
        Some(format!("<{id}@gatehouse.test>"))
    );
    assert!(message
        .header("Content-Type")
        .is_some_and(|t| t.starts_with("multipart/alternative")));
    let body = unquote(&message.raw);
    assert!(
        body.contains("Content-Type: text/plain; charset=utf-8"),
        "{body}"
    );
    assert!(
        body.contains("Content-Type: text/html; charset=utf-8"),
        "{body}"
    );
    assert!(body.contains("See your shifts:\r\nhttp://127.0.0.1:3000/shifts"));
    assert!(body.contains("<a href=\"http://127.0.0.1:3000/shifts\""));
    assert!(body.contains(">See your shifts</a>"));

    let stored = row(&db, &id).await;
    assert_eq!(stored.status, STATUS_SENT);
    assert_eq!(stored.attempts, 1);
    assert_eq!(stored.sent_at, Some(START));
    assert_eq!(stored.last_error, None);

    clock.advance_ms(HOUR_MS);
    let again = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!(again.claimed, 0);
    assert_eq!(sink.received_count(), 1);
}

#[tokio::test]
async fn once_sent_the_stored_copy_keeps_no_one_time_link_but_the_email_had_it() {
    let db = fresh_db().await;
    let sink = SmtpSink::start().await.unwrap();
    let transport = Transport::smtp(&sink.url(), FROM).unwrap();
    let clock = FixedClock::at(START);
    let (token, _hash) = crate::server::tokens::new_token();
    let link = format!("http://127.0.0.1:3000/set-password/{token}");
    let reset = OutgoingEmail::from_template(
        "lead@nhs.net",
        "Reset your Gatehouse password",
        &Template {
            greeting: "Hello".into(),
            paragraphs: vec!["Use this link within 1 hour.".into()],
            link: Some(("Choose a new password".into(), link.clone())),
            footer: None,
        },
    );
    let id = queue_one(&db, START, &reset).await;
    let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    assert!(unquote(&sink.received()[0].raw).contains(&link));

    let (text, html): (String, String) =
        sqlx::query_as("SELECT text_body, html_body FROM outbox WHERE id = $1")
            .bind(&id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert!(!text.contains(&token) && !html.contains(&token), "{text}");
    assert!(text.contains(&format!(
        "http://127.0.0.1:3000/set-password/{}",
        super::service::REDACTED
    )));
    assert!(text.contains("Use this link within 1 hour."));
}

#[test]
fn redaction_removes_long_hex_runs_only() {
    use super::service::{redact_tokens, REDACTED};
    let token = "ab".repeat(32);
    assert_eq!(
        redact_tokens(&format!("/invite/{token}?x=1 and {token}.")),
        format!("/invite/{REDACTED}?x=1 and {REDACTED}.")
    );
    // Ids, dates and references stay readable.
    let plain = "Request R-1A2B3C4D5E on 2026-11-30, id 6f1c2a9e-0b1d-4c6e-9f3a-2b7d8e9f0a1b";
    assert_eq!(redact_tokens(plain), plain);
}

#[tokio::test]
async fn while_smtp_is_down_a_message_is_retried_later_with_growing_delays_and_not_before_its_next_attempt_time(
) {
    let db = fresh_db().await;
    let mut sink = SmtpSink::start().await.unwrap();
    sink.stop().await;
    let transport = Transport::smtp(&sink.url(), FROM).unwrap();
    let clock = FixedClock::at(START);
    let id = queue_one(&db, START, &numbered(1)).await;

    let mut now = START;
    for (attempt, delay) in [(1, 30_000), (2, 60_000), (3, 120_000)] {
        let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
            .await
            .unwrap();
        assert_eq!(report.retrying, 1, "attempt {attempt}: {report:?}");
        let stored = row(&db, &id).await;
        assert_eq!(stored.status, STATUS_QUEUED);
        assert_eq!(stored.attempts, attempt);
        assert_eq!(stored.next_attempt_at, now + delay);
        assert_eq!(stored.sent_at, None);
        let error = stored.last_error.unwrap_or_default();
        assert!(!error.is_empty() && error.len() <= 210 && !error.contains('\n'));

        // One millisecond early: nothing is attempted.
        clock.advance_ms(delay - 1);
        let early = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
            .await
            .unwrap();
        assert_eq!(early.claimed, 0, "attempt {attempt} came early");
        assert_eq!(row(&db, &id).await.attempts, attempt);
        clock.advance_ms(1);
        now += delay;
    }

    // SMTP is back and the fourth attempt is due: it goes.
    assert_eq!(sink.received_count(), 0);
    sink.restart().await.unwrap();
    let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let stored = row(&db, &id).await;
    assert_eq!(stored.status, STATUS_SENT);
    assert_eq!(stored.attempts, 4);
    assert_eq!(stored.sent_at, Some(now));
    assert_eq!(stored.last_error, None);
    assert_eq!(sink.received_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_smtp_outage_and_a_server_restart_all_1000_queued_emails_arrive_exactly_once() {
    let started = Instant::now();
    let (db, url) = fresh_db_url().await;
    let mut sink = SmtpSink::start().await.unwrap();
    sink.stop().await;
    let clock = FixedClock::at(START);

    let mut tx = db.pool.begin().await.unwrap();
    for n in 0..1000 {
        repo::queue(&mut tx, START, &numbered(n)).await.unwrap();
    }
    tx.commit().await.unwrap();
    let queued_at = started.elapsed();

    let transport = Transport::smtp(&sink.url(), FROM).unwrap();
    let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 1000)
        .await
        .unwrap();
    assert_eq!(
        (report.claimed, report.retrying),
        (1000, 1000),
        "{report:?}"
    );
    let failed_once: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE status = 'queued' AND attempts = 1 AND last_error IS NOT NULL",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(failed_once, 1000);
    let failed_at = started.elapsed();

    // The server dies: its worker and database pool go away.
    drop(transport);
    db.pool.close().await;
    drop(db);

    // It starts again, connects to the same database; SMTP is back.
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    sink.restart().await.unwrap();
    let transport = Transport::smtp(&sink.url(), FROM).unwrap();
    clock.advance_ms(FIRST_RETRY_MS);

    let mut passes = 0;
    loop {
        passes += 1;
        assert!(passes < 100, "delivery never finished");
        let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 100)
            .await
            .unwrap();
        if report.claimed == 0 {
            if count_with_status(&db, STATUS_QUEUED).await == 0 {
                break;
            }
            clock.advance_ms(HOUR_MS);
        }
    }
    let delivered_at = started.elapsed();

    let received = sink.received();
    assert_eq!(received.len(), 1000);
    assert_eq!(
        message_ids(&received).len(),
        1000,
        "a message arrived twice"
    );
    let subjects: HashSet<String> = received
        .iter()
        .filter_map(|m| m.header("Subject"))
        .collect();
    let expected: HashSet<String> = (0..1000).map(|n| format!("Message {n:04}")).collect();
    assert_eq!(subjects, expected);
    assert_eq!(count_with_status(&db, STATUS_SENT).await, 1000);
    eprintln!(
        "outage test on {}: queued in {queued_at:?}, failed pass done at {failed_at:?}, \
         all delivered at {delivered_at:?} ({passes} passes)",
        db.backend.name()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_running_at_once_on_postgresql_never_send_a_message_twice() {
    if std::env::var("TEST_POSTGRES_URL").map_or(true, |url| url.is_empty()) {
        eprintln!("skipped: set TEST_POSTGRES_URL to run the two-worker test on PostgreSQL");
        return;
    }
    let (db, url) = fresh_db_url().await;
    let sink = SmtpSink::start().await.unwrap();
    let clock = FixedClock::at(START);
    let mut tx = db.pool.begin().await.unwrap();
    for n in 0..200 {
        repo::queue(&mut tx, START, &numbered(n)).await.unwrap();
    }
    tx.commit().await.unwrap();

    // Two replicas: each its own pool and its own SMTP connections.
    let replica = |db: Db| {
        let clock = clock.clone();
        let smtp_url = sink.url();
        tokio::spawn(async move {
            let transport = Transport::smtp(&smtp_url, FROM).unwrap();
            let mut sent = 0;
            loop {
                let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
                    .await
                    .unwrap();
                assert_eq!(report.lost_claims, 0);
                sent += report.sent;
                if report.claimed == 0 {
                    return sent;
                }
            }
        })
    };
    let other = Db::connect(&url).await.unwrap();
    let (a, b) = tokio::join!(replica(db.clone()), replica(other));
    let (a, b) = (a.unwrap(), b.unwrap());
    eprintln!("two workers: {a} and {b} messages");
    assert_eq!(a + b, 200);

    let received = sink.received();
    assert_eq!(received.len(), 200);
    assert_eq!(
        message_ids(&received).len(),
        200,
        "a message was sent twice"
    );
    assert_eq!(count_with_status(&db, STATUS_SENT).await, 200);
}

#[tokio::test]
async fn a_message_claimed_by_a_worker_that_died_is_sent_once_its_lease_runs_out() {
    let db = fresh_db().await;
    let sink = SmtpSink::start().await.unwrap();
    let transport = Transport::smtp(&sink.url(), FROM).unwrap();
    let clock = FixedClock::at(START);
    let id = queue_one(&db, START, &numbered(7)).await;
    {
        let mut conn = db.pool.acquire().await.unwrap();
        let taken = repo::claim_due(&mut conn, db.backend, "died", START, START + LEASE_MS, 10)
            .await
            .unwrap();
        assert_eq!(taken.len(), 1);
    }
    clock.advance_ms(LEASE_MS - 1);
    let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!(report.claimed, 0);
    clock.advance_ms(1);
    let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(row(&db, &id).await.status, STATUS_SENT);
    assert_eq!(sink.received_count(), 1);
}

#[tokio::test]
async fn a_message_to_a_malformed_address_is_marked_failed_and_never_tried_again() {
    let db = fresh_db().await;
    let sink = SmtpSink::start().await.unwrap();
    let transport = Transport::smtp(&sink.url(), FROM).unwrap();
    let clock = FixedClock::at(START);
    let mut bad = numbered(1);
    bad.to = "not an address".into();
    let id = queue_one(&db, START, &bad).await;
    let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!(report.undeliverable, 1);
    let stored = row(&db, &id).await;
    assert_eq!(stored.status, STATUS_FAILED);
    assert!(stored.last_error.is_some());
    clock.advance_ms(2 * HOUR_MS);
    let again = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!(again.claimed, 0);
    assert_eq!(sink.received_count(), 0);
}

#[tokio::test]
async fn without_smtp_in_development_mail_goes_to_the_dev_mailbox_newest_first() {
    let db = fresh_db().await;
    let transport = Transport::dev_mailbox(FROM).unwrap();
    assert!(transport.is_dev_mailbox());
    let clock = FixedClock::at(START);
    assert_eq!(
        dev_mailbox(
            cx_of(&db, FixedClock::at(START).as_ref()),
            Mode::Development
        )
        .await,
        Ok(vec![])
    );

    let first = queue_one(&db, START, &shift_confirmed()).await;
    deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    clock.advance_ms(MINUTE_MS);
    let second = queue_one(&db, START + MINUTE_MS, &numbered(2)).await;
    let report = deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!(report.kept_in_dev_mailbox, 1);

    let stored = row(&db, &first).await;
    assert_eq!(stored.status, STATUS_DEV_MAILBOX);
    assert_eq!(stored.sent_at, Some(START));
    let mailbox = dev_mailbox(
        cx_of(&db, FixedClock::at(START).as_ref()),
        Mode::Development,
    )
    .await
    .unwrap();
    let ids: Vec<&str> = mailbox.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, [second.as_str(), first.as_str()]);
    assert_eq!(mailbox[1].to, "karen.francis@nhs.net");
    assert_eq!(mailbox[1].subject, "Your shift is confirmed");
    assert!(mailbox[1].text.contains("http://127.0.0.1:3000/shifts"));
    assert_eq!(
        mailbox[1].delivered,
        crate::server::dates::uk_date_time(START)
    );
}

#[tokio::test]
async fn the_dev_mailbox_does_not_exist_in_production() {
    let db = fresh_db().await;
    let transport = Transport::dev_mailbox(FROM).unwrap();
    let clock = FixedClock::at(START);
    queue_one(&db, START, &shift_confirmed()).await;
    deliver_due(cx_of(&db, clock.as_ref()), &transport, 10)
        .await
        .unwrap();
    assert_eq!(
        dev_mailbox(cx_of(&db, FixedClock::at(START).as_ref()), Mode::Production).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        dev_mailbox(
            cx_of(&db, FixedClock::at(START).as_ref()),
            Mode::Development
        )
        .await
        .unwrap()
        .len(),
        1
    );
}

#[tokio::test]
async fn the_worker_delivers_as_soon_as_it_starts_and_stops_when_told() {
    let db = fresh_db().await;
    let sink = SmtpSink::start().await.unwrap();
    let transport = Transport::smtp(&sink.url(), FROM).unwrap();
    let clock: SharedClock = FixedClock::at(START);
    let id = queue_one(&db, START, &numbered(3)).await;

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(run_worker(
        db.clone(),
        clock,
        std::sync::Arc::new(crate::server::testing::test_config("sqlite::memory:")),
        transport,
        async {
            let _ = stopped.await;
        },
    ));
    // The first pass runs at once; wait for it (not for time to pass).
    for _ in 0..500 {
        if sink.received_count() == 1 && row(&db, &id).await.status == STATUS_SENT {
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(row(&db, &id).await.status, STATUS_SENT);
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), worker)
        .await
        .expect("the worker stops when told")
        .unwrap();
}
