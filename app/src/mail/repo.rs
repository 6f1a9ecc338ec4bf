//! The `outbox` table. Every query is portable except the claim, which takes
//! row locks with `FOR UPDATE SKIP LOCKED` on PostgreSQL and relies on
//! SQLite running one writing statement at a time.

use sqlx::AnyConnection;

use super::model::OutgoingEmail;
use crate::server::Backend;

pub const STATUS_QUEUED: &str = "queued";
pub const STATUS_SENT: &str = "sent";
pub const STATUS_DEV_MAILBOX: &str = "dev_mailbox";
pub const STATUS_FAILED: &str = "failed";

/// Writes an email to the outbox inside the caller's transaction, due now.
/// Nothing is sent unless that transaction commits. Returns the outbox id.
pub async fn queue(
    conn: &mut AnyConnection,
    now_ms: i64,
    email: &OutgoingEmail,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO outbox (id, to_address, subject, text_body, html_body, status,
                             created_at, next_attempt_at, attempts)
         VALUES ($1, $2, $3, $4, $5, 'queued', $6, $6, 0)",
    )
    .bind(&id)
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.text)
    .bind(&email.html)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(id)
}

/// A message a worker has claimed and now owns until `claimed_until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedEmail {
    pub id: String,
    pub email: OutgoingEmail,
    /// Attempts made before this one.
    pub attempts: i64,
}

/// A claimed message as the claim returns it.
#[derive(Debug, sqlx::FromRow)]
struct ClaimRow {
    id: String,
    to_address: String,
    subject: String,
    text_body: String,
    html_body: String,
    attempts: i64,
}

/// The claim: one statement, with the backend's row-lock clause.
fn claim_sql(backend: Backend) -> String {
    format!(
        "UPDATE outbox SET claimed_by = $1, claimed_until = $2
          WHERE id IN (SELECT id FROM outbox
                        WHERE status = 'queued' AND next_attempt_at <= $3
                          AND (claimed_until IS NULL OR claimed_until <= $3)
                        ORDER BY next_attempt_at, created_at, id
                        LIMIT $4
                        {})
      RETURNING id, to_address, subject, text_body, html_body, attempts",
        backend.skip_locked()
    )
}

/// Claims up to `limit` due messages for `worker` until `lease_until`, in one
/// atomic statement: a message is never claimed by two workers at once.
/// A message whose earlier lease ran out (its worker died) is due again.
pub async fn claim_due(
    conn: &mut AnyConnection,
    backend: Backend,
    worker: &str,
    now_ms: i64,
    lease_until_ms: i64,
    limit: usize,
) -> Result<Vec<ClaimedEmail>, sqlx::Error> {
    let sql = claim_sql(backend);
    let rows: Vec<ClaimRow> = sqlx::query_as(&sql)
        .bind(worker)
        .bind(lease_until_ms)
        .bind(now_ms)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| ClaimedEmail {
            id: row.id,
            email: OutgoingEmail {
                to: row.to_address,
                subject: row.subject,
                text: row.text_body,
                html: row.html_body,
            },
            attempts: row.attempts,
        })
        .collect())
}

/// The text and HTML bodies a message keeps once it is no longer queued.
#[derive(Debug, Clone, Copy)]
pub struct KeptBodies<'a> {
    pub text: &'a str,
    pub html: &'a str,
}

/// Records a delivery (`sent` or `dev_mailbox`) and the bodies to keep.
/// Only the worker holding the claim may; false when the claim was lost.
pub async fn mark_delivered(
    conn: &mut AnyConnection,
    id: &str,
    worker: &str,
    status: &str,
    now_ms: i64,
    kept: KeptBodies<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET status = $1, sent_at = $2, attempts = attempts + 1, last_error = NULL,
                           claimed_by = NULL, claimed_until = NULL, text_body = $5, html_body = $6
          WHERE id = $3 AND claimed_by = $4",
    )
    .bind(status)
    .bind(now_ms)
    .bind(id)
    .bind(worker)
    .bind(kept.text)
    .bind(kept.html)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed attempt and when to try again, and releases the claim.
pub async fn mark_retry(
    conn: &mut AnyConnection,
    id: &str,
    worker: &str,
    error: &str,
    next_attempt_at_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
                           claimed_by = NULL, claimed_until = NULL
          WHERE id = $3 AND claimed_by = $4",
    )
    .bind(error)
    .bind(next_attempt_at_ms)
    .bind(id)
    .bind(worker)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives up on a message that can never be sent (e.g. a malformed address).
pub async fn mark_undeliverable(
    conn: &mut AnyConnection,
    id: &str,
    worker: &str,
    error: &str,
    kept: KeptBodies<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1,
                           claimed_by = NULL, claimed_until = NULL, text_body = $4, html_body = $5
          WHERE id = $2 AND claimed_by = $3",
    )
    .bind(error)
    .bind(id)
    .bind(worker)
    .bind(kept.text)
    .bind(kept.html)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A message kept in the development mailbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KeptEmail {
    pub id: String,
    #[sqlx(rename = "to_address")]
    pub to: String,
    pub subject: String,
    #[sqlx(rename = "text_body")]
    pub text: String,
    pub delivered_at_ms: i64,
}

/// The development mailbox, newest first.
pub async fn dev_mailbox(
    conn: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<KeptEmail>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, to_address, subject, text_body, sent_at AS delivered_at_ms FROM outbox
          WHERE status = 'dev_mailbox' AND sent_at IS NOT NULL
          ORDER BY sent_at DESC, created_at DESC, id DESC
          LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Replaces the bodies of up to `limit` messages sent (or given up on)
/// before `before` with `removed`; queued messages and the development
/// mailbox keep theirs.
pub async fn redact_delivered(
    conn: &mut AnyConnection,
    backend: Backend,
    before: i64,
    removed: KeptBodies<'_>,
    limit: i64,
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "UPDATE outbox SET text_body = $1, html_body = $2
          WHERE id IN (SELECT id FROM outbox
                        WHERE status IN ('sent', 'failed') AND created_at < $3
                          AND text_body <> $1
                        LIMIT $4 {})",
        backend.skip_locked()
    );
    let done = sqlx::query(&sql)
        .bind(removed.text)
        .bind(removed.html)
        .bind(before)
        .bind(limit)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::testing::fresh_db;

    fn email(to: &str) -> OutgoingEmail {
        OutgoingEmail {
            to: to.into(),
            subject: "Subject".into(),
            text: "Text".into(),
            html: "<p>Text</p>".into(),
        }
    }

    const KEEP: KeptBodies<'static> = KeptBodies {
        text: "text",
        html: "<p>html</p>",
    };

    async fn outbox_count(conn: &mut AnyConnection) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(conn)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn queueing_inside_a_rolled_back_transaction_leaves_no_message() {
        let db = fresh_db().await;
        let mut tx = db.pool.begin().await.unwrap();
        let id = queue(&mut tx, 1_000, &email("a@nhs.net")).await.unwrap();
        assert!(!id.is_empty());
        assert_eq!(outbox_count(&mut tx).await, 1);
        tx.rollback().await.unwrap();

        let mut conn = db.pool.acquire().await.unwrap();
        assert_eq!(outbox_count(&mut conn).await, 0);
        let claimed = claim_due(&mut conn, db.backend, "w", 2_000, 9_000, 10)
            .await
            .unwrap();
        assert!(claimed.is_empty());
    }

    #[tokio::test]
    async fn queueing_inside_a_committed_transaction_leaves_one_due_message() {
        let db = fresh_db().await;
        let mut tx = db.pool.begin().await.unwrap();
        let id = queue(&mut tx, 1_000, &email("a@nhs.net")).await.unwrap();
        tx.commit().await.unwrap();

        let mut conn = db.pool.acquire().await.unwrap();
        let claimed = claim_due(&mut conn, db.backend, "w", 1_000, 9_000, 10)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].id, id);
        assert_eq!(claimed[0].email, email("a@nhs.net"));
        assert_eq!(claimed[0].attempts, 0);
    }

    #[tokio::test]
    async fn a_claimed_message_is_not_claimed_again_until_its_lease_runs_out() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        queue(&mut conn, 1_000, &email("a@nhs.net")).await.unwrap();
        let first = claim_due(&mut conn, db.backend, "one", 1_000, 5_000, 10)
            .await
            .unwrap();
        assert_eq!(first.len(), 1);
        let second = claim_due(&mut conn, db.backend, "two", 4_999, 9_999, 10)
            .await
            .unwrap();
        assert!(second.is_empty());
        // Worker "one" died: at the end of its lease the message is due again.
        let third = claim_due(&mut conn, db.backend, "two", 5_000, 9_999, 10)
            .await
            .unwrap();
        assert_eq!(third.len(), 1);
        // The dead worker can no longer record anything for it.
        assert!(
            !mark_delivered(&mut conn, &first[0].id, "one", STATUS_SENT, 5_001, KEEP)
                .await
                .unwrap()
        );
        assert!(
            mark_delivered(&mut conn, &first[0].id, "two", STATUS_SENT, 5_001, KEEP)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn claims_take_the_oldest_due_messages_first_up_to_the_limit() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        let first = queue(&mut conn, 1_000, &email("1@nhs.net")).await.unwrap();
        let second = queue(&mut conn, 2_000, &email("2@nhs.net")).await.unwrap();
        queue(&mut conn, 9_000, &email("later@nhs.net"))
            .await
            .unwrap();
        let claimed = claim_due(&mut conn, db.backend, "w", 3_000, 60_000, 1)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].id, first);
        let claimed = claim_due(&mut conn, db.backend, "w", 3_000, 60_000, 10)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].id, second);
    }
}
