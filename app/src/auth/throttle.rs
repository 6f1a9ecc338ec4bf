//! Growing delays after failed sign-ins, per account and per client address,
//! and the lock after repeated failures on one account.
//!
//! The first `FREE_FAILURES` failures cost nothing; after that each further
//! attempt must wait 1 s, 2 s, 4 s … (at most `MAX_WAIT_MS`) after the last
//! failure. `LOCK_AFTER` failures in a row on an existing account lock it
//! until an administrator lifts the lock. A client address's count is
//! forgotten `FORGET_AFTER_MS` after its last failure; an account's count
//! when it signs in successfully, or `ACCOUNT_FORGET_AFTER_MS` after its
//! last failure.

use sqlx::AnyConnection;

use crate::server::clock::MINUTE_MS;

pub const FREE_FAILURES: i64 = 3;
pub const LOCK_AFTER: i64 = 10;
pub const MAX_WAIT_MS: i64 = 15 * MINUTE_MS;
pub const FORGET_AFTER_MS: i64 = 15 * MINUTE_MS;
/// An account's count is forgotten this long after its last failure (a
/// lock, once made, stays until an administrator lifts it).
pub const ACCOUNT_FORGET_AFTER_MS: i64 = 24 * 60 * MINUTE_MS;

/// How long after the last failure the next attempt must wait, given the
/// number of failures so far.
pub fn wait_after(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(20) as u32;
    (1000_i64 << doublings).min(MAX_WAIT_MS)
}

pub fn account_key(email_lower: &str) -> String {
    format!("email:{email_lower}")
}

pub fn client_key(client: &str) -> String {
    format!("ip:{client}")
}

/// (failures, last failure time) for a key, if it has failed recently.
async fn load(
    conn: &mut AnyConnection,
    key: &str,
    now_ms: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row = super::repo::failures_of(conn, key).await?;
    Ok(row.filter(|(_, last)| still_counts(key, *last, now_ms)))
}

/// Client addresses are forgiven after a quiet spell of 15 minutes;
/// accounts by a successful sign-in, an unlock, or a day without failures.
fn still_counts(key: &str, last_failure_at: i64, now_ms: i64) -> bool {
    let forget_after = if key.starts_with("ip:") {
        FORGET_AFTER_MS
    } else {
        ACCOUNT_FORGET_AFTER_MS
    };
    now_ms - last_failure_at < forget_after
}

/// What the failure counts say about an attempt.
#[derive(Debug, Default)]
pub struct Standing {
    /// When the next attempt may be made, if that is later than now.
    pub blocked_until: Option<i64>,
    /// The keys that have failures counted against them.
    pub counted: Vec<String>,
}

/// Reads the counts for both keys of an attempt in one query.
pub async fn standing(
    conn: &mut AnyConnection,
    account_key: &str,
    client_key: &str,
    now_ms: i64,
) -> Result<Standing, sqlx::Error> {
    let rows = super::repo::failures_of_both(conn, account_key, client_key).await?;
    let mut standing = Standing::default();
    for (key, failures, last) in rows {
        if !still_counts(&key, last, now_ms) {
            continue;
        }
        let next = last + wait_after(failures);
        if next > now_ms {
            standing.blocked_until = standing.blocked_until.max(Some(next));
        }
        standing.counted.push(key);
    }
    Ok(standing)
}

/// Counts an attempt as a failure against its account *before* its
/// password is checked, so a burst of parallel guesses at one account gets
/// no more password checks than the same guesses one after another: each
/// reservation holds both keys' rows, reads the standing and counts, in
/// turn. `None` when the attempt must wait (nothing is counted then).
/// Otherwise the account's count including this attempt; a good sign-in
/// gives the reservation back with [`release`]. The client address is
/// counted only once a password has failed ([`record_failure`]): people
/// behind one address (a practice's network) signing in at the same
/// moment must not hold each other up.
pub async fn reserve(
    conn: &mut AnyConnection,
    backend: crate::server::Backend,
    account_key: &str,
    client_key: &str,
    now_ms: i64,
) -> Result<Option<i64>, sqlx::Error> {
    // Always in the same order ("email:…" before "ip:…"), so two attempts
    // never wait for each other's rows.
    super::repo::hold_failures(&mut *conn, account_key).await?;
    super::repo::hold_failures(&mut *conn, client_key).await?;
    // Counts that no longer count are deleted, so made-up addresses and
    // emails do not pile up.
    super::repo::purge_failures(
        &mut *conn,
        backend,
        now_ms - FORGET_AFTER_MS,
        now_ms - ACCOUNT_FORGET_AFTER_MS,
        [account_key, client_key],
    )
    .await?;
    let standing = standing(&mut *conn, account_key, client_key, now_ms).await?;
    if standing.blocked_until.is_some() {
        return Ok(None);
    }
    Ok(Some(record_failure(conn, account_key, now_ms).await?))
}

/// Gives back a reservation whose password was right: the account's count
/// is cleared (a good sign-in forgives it).
pub async fn release(conn: &mut AnyConnection, account_key: &str) -> Result<(), sqlx::Error> {
    clear(conn, account_key).await
}

/// Counts a failure against the key; returns the new count.
pub async fn record_failure(
    conn: &mut AnyConnection,
    key: &str,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    let failures = load(&mut *conn, key, now_ms)
        .await?
        .map_or(0, |(failures, _)| failures)
        + 1;
    super::repo::save_failures(conn, key, failures, now_ms).await?;
    Ok(failures)
}

/// Forgets the failures counted against the key.
pub async fn clear(conn: &mut AnyConnection, key: &str) -> Result<(), sqlx::Error> {
    super::repo::clear_failures(conn, key).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failures_are_free_then_the_wait_doubles_up_to_fifteen_minutes() {
        assert_eq!(wait_after(0), 0);
        assert_eq!(wait_after(FREE_FAILURES - 1), 0);
        assert_eq!(wait_after(FREE_FAILURES), 1000);
        assert_eq!(wait_after(FREE_FAILURES + 1), 2000);
        assert_eq!(wait_after(FREE_FAILURES + 3), 8000);
        assert_eq!(wait_after(40), MAX_WAIT_MS);
    }
}
