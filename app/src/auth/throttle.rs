//! Growing delays after failed sign-ins, and the hard lock.
//!
//! Three counts, so a stranger cannot lock anyone out (issue 13, row 4):
//! - **The soft lock, per account and client address** (`pair:` keys): the
//!   first `FREE_FAILURES` failures cost nothing; after that each further
//!   attempt from that address at that account waits 1 s, 2 s, 4 s … (at
//!   most `MAX_WAIT_MS`) after the last failure. Guessing from one address
//!   slows only that address; the owner elsewhere signs in as usual.
//! - **Per client address** (`ip:` keys), across accounts: the same delays
//!   after `ADDRESS_FREE_FAILURES` failures, against guessing one password
//!   at many accounts. Forgotten `FORGET_AFTER_MS` after the last failure.
//! - **Per account** (`email:` keys), from every address: no delay, but
//!   `HARD_LOCK_AFTER` failures lock the account until its owner completes
//!   a password reset or an administrator lifts the lock.
//!
//! A good sign-in forgets its account's counts; a correct password never
//! counts as a failure, even on a locked account. Account and pair counts
//! are forgotten `ACCOUNT_FORGET_AFTER_MS` after their last failure.

use sqlx::AnyConnection;

use crate::server::clock::MINUTE_MS;

pub const FREE_FAILURES: i64 = 3;
/// Failures from one client address, at any accounts, before it must wait.
pub const ADDRESS_FREE_FAILURES: i64 = 10;
/// Failures at one account, from any addresses, that lock it.
pub const HARD_LOCK_AFTER: i64 = 50;
pub const MAX_WAIT_MS: i64 = 15 * MINUTE_MS;
pub const FORGET_AFTER_MS: i64 = 15 * MINUTE_MS;
/// An account's (and an account-and-address pair's) count is forgotten
/// this long after its last failure (a lock, once made, stays until it is
/// lifted).
pub const ACCOUNT_FORGET_AFTER_MS: i64 = 24 * 60 * MINUTE_MS;

/// How long after the last failure the next attempt must wait, given the
/// number of failures so far.
pub fn wait_after(failures: i64) -> i64 {
    wait_after_free(failures, FREE_FAILURES)
}

fn wait_after_free(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = (failures - free).min(20) as u32;
    (1000_i64 << doublings).min(MAX_WAIT_MS)
}

pub fn account_key(email_lower: &str) -> String {
    format!("email:{email_lower}")
}

pub fn client_key(client: &str) -> String {
    format!("ip:{client}")
}

/// The soft lock's key: one account from one client address. A space ends
/// the email (no address accepted for sign-in has one), so every pair of an
/// account starts with [`pair_prefix`].
pub fn pair_key(email_lower: &str, client: &str) -> String {
    format!("{}{client}", pair_prefix(email_lower))
}

fn pair_prefix(email_lower: &str) -> String {
    format!("pair:{email_lower} ")
}

/// The keys of one sign-in attempt.
pub struct Keys {
    pub account: String,
    pub client: String,
    pub pair: String,
}

impl Keys {
    pub fn new(email_lower: &str, client: &str) -> Keys {
        Keys {
            account: account_key(email_lower),
            client: client_key(client),
            pair: pair_key(email_lower, client),
        }
    }

    /// In the one order every attempt takes their rows in, so two attempts
    /// never wait for each other's rows crosswise.
    fn in_order(&self) -> [&str; 3] {
        let mut keys = [
            self.account.as_str(),
            self.client.as_str(),
            self.pair.as_str(),
        ];
        keys.sort_unstable();
        keys
    }
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
    // (`repo::purge_failures` deletes by the same rule.)
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

/// When the next attempt on this key may be made, after `failures`
/// failures, the last at `last`. Account keys never make anyone wait.
fn next_attempt_at(key: &str, failures: i64, last: i64) -> i64 {
    let wait = if key.starts_with("ip:") {
        wait_after_free(failures, ADDRESS_FREE_FAILURES)
    } else if key.starts_with("pair:") {
        wait_after(failures)
    } else {
        0
    };
    last + wait
}

/// Reads the counts for an attempt's keys in one query.
pub async fn standing(
    conn: &mut AnyConnection,
    keys: &Keys,
    now_ms: i64,
) -> Result<Standing, sqlx::Error> {
    let rows = super::repo::failures_of_keys(conn, keys.in_order()).await?;
    let mut standing = Standing::default();
    for (key, failures, last) in rows {
        if !still_counts(&key, last, now_ms) || failures == 0 {
            continue;
        }
        let next = next_attempt_at(&key, failures, last);
        if next > now_ms {
            standing.blocked_until = standing.blocked_until.max(Some(next));
        }
        standing.counted.push(key);
    }
    Ok(standing)
}

/// Counts an attempt as a failure against its account and its
/// account-and-address pair *before* its password is checked, so a burst of
/// parallel guesses gets no more password checks than the same guesses one
/// after another: each reservation holds the keys' rows, reads the standing
/// and counts, in turn. `None` when the attempt must wait (nothing is
/// counted then). Otherwise the account's count including this attempt; a
/// correct password gives the reservation back with [`release`]. The client
/// address is counted only once a password has failed ([`record_failure`]):
/// people behind one address (a practice's network) signing in at the same
/// moment must not hold each other up.
pub async fn reserve(
    conn: &mut AnyConnection,
    backend: crate::server::Backend,
    keys: &Keys,
    now_ms: i64,
) -> Result<Option<i64>, sqlx::Error> {
    for key in keys.in_order() {
        super::repo::hold_failures(&mut *conn, key).await?;
    }
    // Counts that no longer count are deleted, so made-up addresses and
    // emails do not pile up.
    super::repo::purge_failures(
        &mut *conn,
        backend,
        now_ms - FORGET_AFTER_MS,
        now_ms - ACCOUNT_FORGET_AFTER_MS,
        keys.in_order(),
    )
    .await?;
    let standing = standing(&mut *conn, keys, now_ms).await?;
    if standing.blocked_until.is_some() {
        return Ok(None);
    }
    record_failure(&mut *conn, &keys.pair, now_ms).await?;
    Ok(Some(record_failure(conn, &keys.account, now_ms).await?))
}

/// Deletes every failure count that no longer counts (housekeeping; each
/// sign-in attempt also deletes them as it goes).
pub async fn purge_stale(
    conn: &mut AnyConnection,
    backend: crate::server::Backend,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    super::repo::purge_failures(
        conn,
        backend,
        now_ms - FORGET_AFTER_MS,
        now_ms - ACCOUNT_FORGET_AFTER_MS,
        ["", "", ""],
    )
    .await
}

/// Gives back a reservation whose password was right: the account's counts
/// (from every address) are cleared, since the owner has shown they know
/// the password.
pub async fn release(conn: &mut AnyConnection, email_lower: &str) -> Result<(), sqlx::Error> {
    forget_account(conn, email_lower).await
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

/// Forgets the failures counted against an account, and its soft locks
/// at every address (after a good sign-in, a completed reset or an unlock).
pub async fn forget_account(
    conn: &mut AnyConnection,
    email_lower: &str,
) -> Result<(), sqlx::Error> {
    let account = account_key(email_lower);
    super::repo::clear_failures(conn, &account, &pair_prefix(email_lower)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PostgreSQL only (SQLite has no row locks: one writer at a time).
    #[tokio::test]
    async fn giving_back_a_reservation_takes_the_accounts_row_before_its_pairs_as_every_attempt_does(
    ) {
        let db = crate::server::testing::fresh_db().await;
        if db.backend != crate::server::Backend::Postgres {
            return;
        }
        let keys = Keys::new("lead@nhs.net", "203.0.113.1");
        // A reserved attempt leaves the rows as a real one does (updated, so
        // the account's row now lies after the pair's in the table).
        let mut tx = db.pool.begin().await.unwrap();
        reserve(&mut tx, db.backend, &keys, 1_000).await.unwrap();
        tx.commit().await.unwrap();

        // Another attempt at the account holds its row.
        let mut holder = db.pool.begin().await.unwrap();
        sqlx::query("SELECT failures FROM sign_in_failures WHERE throttle_key = $1 FOR UPDATE")
            .bind(&keys.account)
            .execute(&mut *holder)
            .await
            .unwrap();
        // A good password's release waits for it…
        let pool = db.pool.clone();
        let releasing = tokio::spawn(async move {
            let mut tx = pool.begin().await.unwrap();
            release(&mut tx, "lead@nhs.net").await.unwrap();
            tx.commit().await.unwrap();
        });
        tokio::task::yield_now().await;
        // …(once it waits on a lock; asked outside a transaction, which
        // would keep seeing its first snapshot of the activity)…
        let mut waited = false;
        for _ in 0..100_000 {
            let waiting: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM pg_stat_activity
                  WHERE datname = current_database() AND wait_event_type = 'Lock'",
            )
            .fetch_one(&db.pool)
            .await
            .unwrap();
            if waiting > 0 {
                waited = true;
                break;
            }
            tokio::task::yield_now().await;
        }
        assert!(waited, "the release never waited for the account's row");
        let mut probe = db.pool.begin().await.unwrap();
        // …holding nothing the other attempt takes after the account's row:
        // the pair's row is free (a release that locked it first would
        // deadlock with an attempt that holds the account's row).
        let pair = sqlx::query(
            "SELECT failures FROM sign_in_failures WHERE throttle_key = $1 FOR UPDATE NOWAIT",
        )
        .bind(&keys.pair)
        .execute(&mut *probe)
        .await;
        probe.rollback().await.unwrap();
        holder.commit().await.unwrap();
        releasing.await.unwrap();
        assert!(
            pair.is_ok(),
            "the release locked the pair's row before the account's: {pair:?}"
        );
    }

    #[test]
    fn the_first_failures_are_free_then_the_wait_doubles_up_to_fifteen_minutes() {
        assert_eq!(wait_after(0), 0);
        assert_eq!(wait_after(FREE_FAILURES - 1), 0);
        assert_eq!(wait_after(FREE_FAILURES), 1000);
        assert_eq!(wait_after(FREE_FAILURES + 1), 2000);
        assert_eq!(wait_after(FREE_FAILURES + 3), 8000);
        assert_eq!(wait_after(40), MAX_WAIT_MS);
    }

    #[test]
    fn only_pairs_and_addresses_wait_and_an_address_gets_more_free_failures() {
        let pair = pair_key("lead@nhs.net", "203.0.113.1");
        assert!(pair.starts_with(&pair_prefix("lead@nhs.net")));
        assert!(!pair_key("lead@nhs.net.evil", "x").starts_with(&pair_prefix("lead@nhs.net")));
        assert_eq!(next_attempt_at(&pair, FREE_FAILURES, 5), 1005);
        assert_eq!(next_attempt_at("ip:203.0.113.1", FREE_FAILURES, 5), 5);
        assert_eq!(
            next_attempt_at("ip:203.0.113.1", ADDRESS_FREE_FAILURES, 5),
            1005
        );
        assert_eq!(next_attempt_at("email:lead@nhs.net", 49, 5), 5);
    }
}
