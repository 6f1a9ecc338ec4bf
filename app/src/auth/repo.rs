use crate::ids::{OrgId, UserId};
use sqlx::AnyConnection;

use crate::server::Backend;

#[derive(Debug, sqlx::FromRow)]
pub struct SignInRecord {
    pub user_id: UserId,
    pub password_hash: Option<String>,
    pub status: String,
    pub locked_at: Option<i64>,
}

pub async fn find_sign_in_record(
    conn: &mut AnyConnection,
    email_lower: &str,
) -> Result<Option<SignInRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id AS user_id, password_hash, status, locked_at FROM users WHERE email_lower = $1",
    )
    .bind(email_lower)
    .fetch_optional(conn)
    .await
}

pub async fn insert_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: &UserId,
    now_ms: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(&id)
    .bind(token_hash)
    .bind(user_id)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(id)
}

#[derive(Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub user_id: UserId,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub user_name: String,
    pub user_email: String,
    pub user_status: String,
    pub organisation_id: Option<OrgId>,
    /// The person's unread notifications (for the header's bell).
    pub unread_notifications: i64,
}

/// An open (not ended) session by its token hash.
pub async fn find_open_session(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, u.name AS user_name,
                u.email AS user_email, u.status AS user_status, s.organisation_id,
                (SELECT COUNT(*) FROM notifications n
                  WHERE n.user_id = s.user_id AND n.read_at IS NULL) AS unread_notifications
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.ended_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

pub async fn touch_session(
    conn: &mut AnyConnection,
    id: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now_ms)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn end_session(
    conn: &mut AnyConnection,
    id: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
        .bind(now_ms)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every open session of a user; returns how many.
pub async fn end_all_sessions(
    conn: &mut AnyConnection,
    user_id: &UserId,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    let result =
        sqlx::query("UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL")
            .bind(now_ms)
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(result.rows_affected())
}

/// Locks the account (if not locked already); true when this call locked it.
pub async fn lock_user(
    conn: &mut AnyConnection,
    user_id: &UserId,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("UPDATE users SET locked_at = $1 WHERE id = $2 AND locked_at IS NULL")
        .bind(now_ms)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Whether the account is locked.
pub async fn is_locked(conn: &mut AnyConnection, user_id: &UserId) -> Result<bool, sqlx::Error> {
    let locked: Option<Option<i64>> =
        sqlx::query_scalar("SELECT locked_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(matches!(locked, Some(Some(_))))
}

/// Lifts the lock; true when the account was locked.
pub async fn unlock_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<bool, sqlx::Error> {
    let result =
        sqlx::query("UPDATE users SET locked_at = NULL WHERE id = $1 AND locked_at IS NOT NULL")
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(result.rows_affected() == 1)
}

/// Records the organisation chosen in the switcher for this session.
pub async fn set_session_organisation(
    conn: &mut AnyConnection,
    session_id: &str,
    organisation_id: &OrgId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET organisation_id = $1 WHERE id = $2")
        .bind(organisation_id)
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One row of `sign_in_failures`.
#[derive(Debug, sqlx::FromRow)]
struct FailuresRow {
    throttle_key: String,
    failures: i64,
    last_failure_at: i64,
}

/// (failures, last failure time) stored for a throttle key.
pub async fn failures_of(
    conn: &mut AnyConnection,
    key: &str,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row: Option<FailuresRow> = sqlx::query_as(
        "SELECT throttle_key, failures, last_failure_at FROM sign_in_failures WHERE throttle_key = $1",
    )
    .bind(key)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.failures, r.last_failure_at)))
}

/// (key, failures, last failure time) stored for any of the keys, in one
/// query.
pub async fn failures_of_keys(
    conn: &mut AnyConnection,
    keys: [&str; 3],
) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    let rows: Vec<FailuresRow> = sqlx::query_as(
        "SELECT throttle_key, failures, last_failure_at FROM sign_in_failures
          WHERE throttle_key IN ($1, $2, $3)",
    )
    .bind(keys[0])
    .bind(keys[1])
    .bind(keys[2])
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.throttle_key, r.failures, r.last_failure_at))
        .collect())
}

/// Stores the count of failures for a key.
pub async fn save_failures(
    conn: &mut AnyConnection,
    key: &str,
    failures: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sign_in_failures (throttle_key, failures, last_failure_at) VALUES ($1, $2, $3)
         ON CONFLICT (throttle_key) DO UPDATE SET failures = $2, last_failure_at = $3",
    )
    .bind(key)
    .bind(failures)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes the key's row for the rest of the transaction (creating it with
/// no failures if it is new), so concurrent attempts on the same key read
/// and count one after another. SQLite's write transactions are serial
/// anyway; on PostgreSQL the upsert holds the row lock until commit.
pub async fn hold_failures(conn: &mut AnyConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sign_in_failures (throttle_key, failures, last_failure_at) VALUES ($1, 0, 0)
         ON CONFLICT (throttle_key) DO UPDATE SET failures = sign_in_failures.failures",
    )
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes counts that no longer count: client addresses last failing at
/// or before `clients_before`, accounts and account-and-address pairs at or
/// before `accounts_before`; never the
/// `keep` keys (this attempt's own). Rows another attempt holds are
/// skipped on PostgreSQL (`SKIP LOCKED`), so two attempts never wait for
/// each other here.
pub async fn purge_failures(
    conn: &mut AnyConnection,
    backend: Backend,
    clients_before: i64,
    accounts_before: i64,
    keep: [&str; 3],
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "DELETE FROM sign_in_failures WHERE throttle_key IN (
             SELECT throttle_key FROM sign_in_failures
              WHERE last_failure_at <= CASE WHEN throttle_key LIKE 'ip:%' THEN $1 ELSE $2 END
                AND throttle_key NOT IN ($3, $4, $5)
              {})",
        backend.skip_locked()
    );
    let done = sqlx::query(&sql)
        .bind(clients_before)
        .bind(accounts_before)
        .bind(keep[0])
        .bind(keep[1])
        .bind(keep[2])
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Whether the account may start a session now: active and not locked,
/// read under the row's write lock (the no-op update waits for a
/// transaction that is locking the account, then sees its lock).
pub async fn claim_usable_user(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET locked_at = NULL WHERE id = $1 AND locked_at IS NULL AND status = 'active'",
    )
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Forgets the failures counted against a key and every key that starts
/// with `prefix`.
pub async fn clear_failures(
    conn: &mut AnyConnection,
    key: &str,
    prefix: &str,
) -> Result<(), sqlx::Error> {
    // In the order every attempt takes its rows (the throttle's keys sorted:
    // `email:` before `pair:`): the account's row first, then its pairs. One
    // statement for both would lock them in the table's order, and a
    // parallel attempt at the same account holding the account's row while
    // it waits for a pair's would then deadlock with it (seen on
    // PostgreSQL under a sign-in flood).
    sqlx::query("DELETE FROM sign_in_failures WHERE throttle_key = $1")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE substr(throttle_key, 1, length($1)) = $1")
        .bind(prefix)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes up to `limit` sessions that ended or that no request can use
/// any more (idle since `idle_before`, or begun before `begun_before`).
pub async fn purge_sessions(
    conn: &mut AnyConnection,
    backend: Backend,
    idle_before: i64,
    begun_before: i64,
    limit: i64,
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "DELETE FROM sessions WHERE id IN (
             SELECT id FROM sessions
              WHERE ended_at IS NOT NULL OR last_seen_at < $1 OR created_at < $2
              LIMIT $3 {})",
        backend.skip_locked()
    );
    let done = sqlx::query(&sql)
        .bind(idle_before)
        .bind(begun_before)
        .bind(limit)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
