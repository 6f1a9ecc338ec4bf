use super::model::{validate_sign_in, CurrentUser, SIGN_IN_FAILED};
use super::repo;
use crate::ids::{OrgId, UserId};
use crate::server::Ctx;

// Session and lock changes other features make inside their own transactions.
pub use super::repo::{end_all_sessions, unlock_user};
use super::throttle;
use crate::activity::model::ActivityEvent;
use crate::error::{AppError, FieldErrors};
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::server::activity::{self, Entry};
use crate::server::clock::MINUTE_MS;
use crate::server::tokens::{hash_token, new_token};

/// Idle and absolute limits of a session, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle_ms: i64,
    pub absolute_ms: i64,
}

impl SessionPolicy {
    /// The limits the configuration sets.
    pub fn of(config: &crate::server::Config) -> Self {
        Self {
            idle_ms: config.session_idle_ms,
            absolute_ms: config.session_absolute_ms,
        }
    }
}

/// A session just started: the token goes in the cookie and nowhere else.
pub struct NewSession {
    pub token: String,
    pub user_id: UserId,
}

/// Records something a person did to their own account.
async fn record_own_event(
    conn: &mut sqlx::AnyConnection,
    now: i64,
    user_id: &UserId,
    event: ActivityEvent,
    details: &str,
) -> Result<(), AppError> {
    let entry = Entry {
        actor_id: Some(user_id),
        organisation_id: None,
        subject_type: "user",
        subject_id: user_id,
        event,
        details,
    };
    Ok(activity::record(conn, now, entry).await?)
}

fn sign_in_failed() -> AppError {
    let mut errors = FieldErrors::default();
    errors.push("email", SIGN_IN_FAILED);
    AppError::Invalid(errors)
}

/// Checks the password (against a dummy hash for unknown emails, so timing
/// does not reveal who has an account) and starts a new session with a new
/// id. Every failure gives the same message. Failures slow down further
/// attempts at the account from the same client address, and from that
/// address at any account, and lock an account after
/// `throttle::HARD_LOCK_AFTER` in a row (see [`throttle`]).
pub async fn sign_in(
    cx: Ctx<'_>,
    client: &str,
    email: &str,
    password: &str,
) -> Result<NewSession, AppError> {
    sign_in_replacing(cx, client, email, password, None).await
}

/// What the owner of a locked account is told once they give its password
/// (nobody else learns that it is locked).
pub const ACCOUNT_LOCKED: &str = "Your account is locked because of too many attempts to sign in with the wrong password. Reset your password to unlock it, or ask your practice administrator";

/// [`sign_in`] from a browser that may still hold a session: on success
/// that session (`previous`, its cookie's token) ends in the same
/// transaction, so one browser never keeps two.
pub async fn sign_in_replacing(
    cx: Ctx<'_>,
    client: &str,
    email: &str,
    password: &str,
    previous: Option<&str>,
) -> Result<NewSession, AppError> {
    validate_sign_in(email, password).into_result()?;
    let email_lower = email.trim().to_lowercase();
    let keys = throttle::Keys::new(&email_lower, client);
    let now = cx.now_ms();
    // The attempt is counted before the password is checked (see
    // `throttle::reserve`); a blocked attempt changes nothing.
    let (failures, record) = cx
        .db
        .transaction(async |tx| {
            let reserved = throttle::reserve(tx, cx.db.backend, &keys, now).await?;
            let Some(failures) = reserved else {
                return Err(AppError::RateLimited);
            };
            Ok((failures, repo::find_sign_in_record(tx, &email_lower).await?))
        })
        .await?;
    let hash = record.as_ref().and_then(|r| r.password_hash.clone());
    let password_ok = cx.hasher.verify(password.to_string(), hash).await?;

    let outcome = cx
        .db
        .transaction(async |tx| {
            let Some(record) = record.as_ref().filter(|_| password_ok) else {
                throttle::record_failure(tx, &keys.client, now).await?;
                if failures >= throttle::HARD_LOCK_AFTER {
                    if let Some(record) = &record {
                        let base_url = cx.config.base_url.as_str();
                        lock_after_failures(tx, now, base_url, &record.user_id, failures).await?;
                    }
                }
                return Ok(Err(sign_in_failed()));
            };
            // A correct password is never a failure, even where the account
            // cannot be used.
            throttle::release(tx, &email_lower).await?;
            // Still active and unlocked now, under the account's row lock: a
            // lock committed by a parallel attempt wins.
            if !repo::claim_usable_user(tx, &record.user_id).await? {
                return Ok(Err(match repo::is_locked(tx, &record.user_id).await? {
                    true => AppError::field("email", ACCOUNT_LOCKED),
                    false => sign_in_failed(),
                }));
            }
            if let Some(token) = previous {
                if let Some(old) = repo::find_open_session(tx, &hash_token(token)).await? {
                    repo::end_session(tx, &old.id, now).await?;
                }
            }
            Ok(Ok(open_session(tx, now, &record.user_id).await?))
        })
        .await?;
    outcome
}

/// Locks the account after `failures` failed sign-ins in a row and ends
/// every session it has, so a session started during the burst stops
/// working too. Only the call that locks records, notifies and logs.
async fn lock_after_failures(
    tx: &mut sqlx::AnyConnection,
    now: i64,
    base_url: &str,
    user_id: &UserId,
    failures: i64,
) -> Result<(), AppError> {
    if !repo::lock_user(tx, user_id, now).await? {
        return Ok(());
    }
    let ended = repo::end_all_sessions(tx, user_id, now).await?;
    let details = format!("after {failures} failed sign-ins");
    record_own_event(tx, now, user_id, ActivityEvent::AccountLocked, &details).await?;
    let notice = Notice {
        kind: NoticeKind::Account,
        title: "Your Gatehouse account is locked",
        body: "There were too many attempts to sign in to your account with the wrong password, so we have locked it. To unlock it, choose \"Forgot your password?\" on the sign-in page and set a new password, or ask your practice administrator.",
        link: None,
    };
    notify(tx, now, base_url, user_id, &notice).await?;
    tracing::warn!(%user_id, failures, ended, "account locked after failed sign-ins");
    Ok(())
}

async fn open_session(
    conn: &mut sqlx::AnyConnection,
    now: i64,
    user_id: &UserId,
) -> Result<NewSession, AppError> {
    let (token, token_hash) = new_token();
    repo::insert_session(&mut *conn, &token_hash, user_id, now).await?;
    record_own_event(conn, now, user_id, ActivityEvent::SignedIn, "").await?;
    Ok(NewSession {
        token,
        user_id: user_id.clone(),
    })
}

/// Starts a session for someone whose identity another step proved (the
/// first-run page, where they have just chosen their password).
pub async fn start_session(cx: Ctx<'_>, user_id: &UserId) -> Result<NewSession, AppError> {
    let session = cx
        .db
        .transaction(async |tx| {
            let session = open_session(tx, cx.now_ms(), user_id).await?;
            Ok(session)
        })
        .await?;
    Ok(session)
}

/// The person a session token belongs to, if the session is still alive.
/// Ends sessions past their idle or absolute limit, or whose account is
/// disabled; refreshes the idle timer at most once a minute.
pub async fn current_user(cx: Ctx<'_>, token: &str) -> Result<Option<CurrentUser>, AppError> {
    let policy = SessionPolicy::of(cx.config);
    let now = cx.now_ms();
    let mut conn = cx.db.pool.acquire().await?;
    let Some(session) = repo::find_open_session(&mut conn, &hash_token(token)).await? else {
        return Ok(None);
    };
    let idle = now - session.last_seen_at >= policy.idle_ms;
    let too_old = now - session.created_at >= policy.absolute_ms;
    if idle || too_old || session.user_status != "active" {
        repo::end_session(&mut conn, &session.id, now).await?;
        return Ok(None);
    }
    if now - session.last_seen_at >= MINUTE_MS {
        repo::touch_session(&mut conn, &session.id, now).await?;
    }
    let memberships = crate::org::service::memberships_of(&mut conn, &session.user_id).await?;
    let organisation_id = session
        .organisation_id
        .filter(|chosen| memberships.iter().any(|m| &m.organisation_id == chosen))
        .or_else(|| memberships.first().map(|m| m.organisation_id.clone()));
    Ok(Some(CurrentUser {
        id: session.user_id,
        name: session.user_name,
        email: session.user_email,
        memberships,
        organisation_id,
        unread_notifications: session.unread_notifications,
    }))
}

/// Where a new session starts: the page asked for (`next`, if it is a page
/// of this site), else the person's home ([`crate::auth::model::home`]):
/// one read of their memberships, and none when `next` decides. A patient
/// without an inbox lands on "Your Patient Profile".
pub async fn landing(
    cx: Ctx<'_>,
    user_id: &UserId,
    next: Option<&str>,
) -> Result<String, AppError> {
    if let Some(next) = next.and_then(crate::auth::model::safe_next) {
        return Ok(next.to_string());
    }
    let mut conn = cx.db.pool.acquire().await?;
    let memberships = crate::org::service::memberships_of(&mut conn, user_id).await?;
    let home = crate::auth::model::home(&memberships);
    // Someone who works no inbox but is a patient: their Patient Profile.
    if home == "/account"
        && crate::patients::portal::service::is_patient(&mut conn, user_id).await?
    {
        return Ok("/patient-profile".to_string());
    }
    Ok(home.to_string())
}

/// Whether the session is still alive, without refreshing its idle timer
/// (an open live-update stream is not activity): open, within its idle
/// and absolute limits, its account active.
pub async fn session_alive(cx: Ctx<'_>, token: &str) -> Result<bool, AppError> {
    let policy = SessionPolicy::of(cx.config);
    let now = cx.now_ms();
    let mut conn = cx.db.pool.acquire().await?;
    Ok(repo::find_open_session(&mut conn, &hash_token(token))
        .await?
        .is_some_and(|session| {
            now - session.last_seen_at < policy.idle_ms
                && now - session.created_at < policy.absolute_ms
                && session.user_status == "active"
        }))
}

/// Makes `organisation_id` the organisation this session works in. Only an
/// organisation the person belongs to can be chosen.
pub async fn switch_organisation(
    cx: Ctx<'_>,
    user: &CurrentUser,
    token: &str,
    organisation_id: &OrgId,
) -> Result<(), AppError> {
    if !user
        .memberships
        .iter()
        .any(|m| m.organisation_id == *organisation_id)
    {
        let mut errors = FieldErrors::default();
        errors.push("organisation", "Select an organisation you belong to");
        return Err(AppError::Invalid(errors));
    }
    let mut conn = cx.db.pool.acquire().await?;
    let session = repo::find_open_session(&mut conn, &hash_token(token))
        .await?
        .ok_or(AppError::Unauthenticated)?;
    repo::set_session_organisation(&mut conn, &session.id, organisation_id).await?;
    Ok(())
}

/// Points the session at an organisation the person has just joined (after
/// accepting an invitation), so its pages open there without switching.
pub async fn work_in(cx: Ctx<'_>, token: &str, organisation_id: &OrgId) -> Result<(), AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    if let Some(session) = repo::find_open_session(&mut conn, &hash_token(token)).await? {
        repo::set_session_organisation(&mut conn, &session.id, organisation_id).await?;
    }
    Ok(())
}

/// Ends the session the token belongs to (doing nothing if it has ended).
pub async fn sign_out(cx: Ctx<'_>, token: &str) -> Result<(), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            if let Some(session) = repo::find_open_session(tx, &hash_token(token)).await? {
                repo::end_session(tx, &session.id, now).await?;
                record_own_event(tx, now, &session.user_id, ActivityEvent::SignedOut, "").await?;
            }
            Ok(())
        })
        .await
}

/// "Sign out of all devices": ends every session of the user.
pub async fn sign_out_everywhere(cx: Ctx<'_>, user_id: &UserId) -> Result<u64, AppError> {
    let now = cx.now_ms();
    let ended = cx
        .db
        .transaction(async |tx| {
            let ended = repo::end_all_sessions(tx, user_id, now).await?;
            let details = format!("{ended} sessions ended");
            record_own_event(
                tx,
                now,
                user_id,
                ActivityEvent::SignedOutEverywhere,
                &details,
            )
            .await?;
            Ok(ended)
        })
        .await?;
    Ok(ended)
}

/// Housekeeping: deletes up to `limit` sessions that can no longer be used
/// and up to `limit` sign-in failure counts that no longer count; returns
/// how many rows went.
pub async fn purge_stale(
    conn: &mut sqlx::AnyConnection,
    cx: Ctx<'_>,
    limit: i64,
) -> Result<u64, AppError> {
    let now = cx.now_ms();
    let sessions = repo::purge_sessions(
        &mut *conn,
        cx.db.backend,
        now - cx.config.session_idle_ms,
        now - cx.config.session_absolute_ms,
        limit,
    )
    .await?;
    let counts = throttle::purge_stale(conn, cx.db.backend, now).await?;
    Ok(sessions + counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::service::{create_admin, set_password};
    use crate::server::Db;

    use crate::server::testing::TestCx;

    const PASSWORD: &str = "correct horse battery";
    const CLIENT: &str = "198.51.100.7";

    async fn user_with_password(t: &TestCx) -> UserId {
        let admin = create_admin(t.cx(), "lead@nhs.net").await.unwrap();
        let token = admin.link.rsplit('/').next().unwrap();
        set_password(t.cx(), token, PASSWORD, PASSWORD)
            .await
            .unwrap();
        sqlx::query_scalar("SELECT id FROM users")
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
    }

    /// Whether the session behind `token` is still alive now.
    async fn alive(t: &TestCx, token: &str) -> bool {
        current_user(t.cx(), token).await.unwrap().is_some()
    }

    fn failed(result: Result<NewSession, AppError>) -> String {
        match result {
            Err(AppError::Invalid(errors)) => errors
                .0
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("|"),
            Err(other) => panic!("unexpected error {other:?}"),
            Ok(_) => panic!("sign-in should fail"),
        }
    }

    #[tokio::test]
    async fn the_right_password_starts_a_session_that_names_the_person_and_their_roles() {
        let t = TestCx::at(1_000_000).await;
        let (db, clock) = (&t.db, &t.clock);
        let user_id = user_with_password(&t).await;
        // Events in the same millisecond have no defined order.
        clock.advance_ms(1);
        let session = sign_in(t.cx(), CLIENT, " LEAD@nhs.net ", PASSWORD)
            .await
            .unwrap();
        assert_eq!(session.user_id, user_id);
        let user = current_user(t.cx(), &session.token).await.unwrap().unwrap();
        assert_eq!(user.email, "lead@nhs.net");
        assert_eq!(user.memberships.len(), 1);
        assert_eq!(user.memberships[0].role, "network_admin");
        let mut conn = db.pool.acquire().await.unwrap();
        let events = activity::events_for(&mut conn, "user", &user_id)
            .await
            .unwrap();
        assert_eq!(events, ["password_set", "signed_in"]);
    }

    #[tokio::test]
    async fn a_wrong_password_and_an_unknown_email_get_the_same_message() {
        let t = TestCx::at(1_000_000).await;
        let db = &t.db;
        user_with_password(&t).await;
        let wrong = failed(sign_in(t.cx(), CLIENT, "lead@nhs.net", "not the password").await);
        let unknown = failed(sign_in(t.cx(), CLIENT, "nobody@nhs.net", PASSWORD).await);
        assert_eq!(wrong, SIGN_IN_FAILED);
        assert_eq!(unknown, SIGN_IN_FAILED);
        let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(sessions, 0);
    }

    #[tokio::test]
    async fn an_account_without_a_password_cannot_sign_in() {
        let t = TestCx::at(1_000_000).await;
        create_admin(t.cx(), "lead@nhs.net").await.unwrap();
        assert_eq!(
            failed(sign_in(t.cx(), CLIENT, "lead@nhs.net", "").await),
            "Enter your password"
        );
        assert_eq!(
            failed(sign_in(t.cx(), CLIENT, "lead@nhs.net", "anything").await),
            SIGN_IN_FAILED
        );
    }

    #[tokio::test]
    async fn each_sign_in_gets_a_new_session_token() {
        let t = TestCx::at(1_000_000).await;
        let db = &t.db;
        user_with_password(&t).await;
        let first = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .unwrap();
        let second = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .unwrap();
        assert_ne!(first.token, second.token);
        let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert!(!stored.contains(&first.token) && !stored.contains(&second.token));
    }

    #[tokio::test]
    async fn a_session_ends_after_thirty_idle_minutes_but_activity_keeps_it_alive() {
        let t = TestCx::at(1_000_000).await;
        let clock = &t.clock;
        user_with_password(&t).await;
        let session = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .unwrap();
        clock.advance_ms(29 * MINUTE_MS);
        assert!(alive(&t, &session.token).await);
        clock.advance_ms(29 * MINUTE_MS);
        assert!(alive(&t, &session.token).await);
        clock.advance_ms(30 * MINUTE_MS);
        assert!(!alive(&t, &session.token).await);
        // Once ended it stays ended.
        clock.advance_ms(-30 * MINUTE_MS);
        assert!(!alive(&t, &session.token).await);
    }

    #[tokio::test]
    async fn a_busy_session_still_ends_at_the_absolute_limit() {
        let t = TestCx::at(1_000_000).await;
        let clock = &t.clock;
        user_with_password(&t).await;
        let session = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .unwrap();
        for _ in 0..(12 * 60 / 20 - 1) {
            clock.advance_ms(20 * MINUTE_MS);
            assert!(alive(&t, &session.token).await);
        }
        clock.advance_ms(20 * MINUTE_MS);
        assert!(!alive(&t, &session.token).await);
    }

    #[tokio::test]
    async fn disabling_an_account_ends_its_sessions_on_the_next_request() {
        let t = TestCx::at(1_000_000).await;
        let db = &t.db;
        user_with_password(&t).await;
        let session = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .unwrap();
        sqlx::query("UPDATE users SET status = 'disabled'")
            .execute(&db.pool)
            .await
            .unwrap();
        assert!(!alive(&t, &session.token).await);
        assert_eq!(
            failed(sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD).await),
            SIGN_IN_FAILED
        );
        sqlx::query("UPDATE users SET status = 'active'")
            .execute(&db.pool)
            .await
            .unwrap();
        assert!(!alive(&t, &session.token).await);
        // A disabled account cannot sign in; re-enabled, it can again.
        assert!(sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .is_ok());
    }

    #[tokio::test]
    async fn signing_out_ends_one_session_and_signing_out_everywhere_ends_all() {
        let t = TestCx::at(1_000_000).await;
        let user_id = user_with_password(&t).await;
        let phone = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .unwrap();
        let laptop = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .unwrap();
        let desk = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .unwrap();
        sign_out(t.cx(), &phone.token).await.unwrap();
        assert!(!alive(&t, &phone.token).await);
        assert!(alive(&t, &laptop.token).await);
        assert_eq!(sign_out_everywhere(t.cx(), &user_id).await.unwrap(), 2);
        assert!(!alive(&t, &laptop.token).await);
        assert!(!alive(&t, &desk.token).await);
    }

    async fn events_of(db: &Db, user_id: &UserId) -> Vec<String> {
        let mut conn = db.pool.acquire().await.unwrap();
        activity::events_for(&mut conn, "user", user_id)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn failed_sign_ins_make_the_next_attempt_wait_longer_each_time() {
        let t = TestCx::at(1_000_000).await;
        let clock = &t.clock;
        user_with_password(&t).await;
        for _ in 0..throttle::FREE_FAILURES {
            let result = sign_in(t.cx(), CLIENT, "lead@nhs.net", "wrong");
            assert_eq!(failed(result.await), SIGN_IN_FAILED);
        }
        // Even the right password must wait now, and waiting changes nothing.
        let early = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD).await;
        assert!(matches!(early, Err(AppError::RateLimited)));
        clock.advance_ms(999);
        let still = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD).await;
        assert!(matches!(still, Err(AppError::RateLimited)));
        clock.advance_ms(1);
        let wrong = sign_in(t.cx(), CLIENT, "lead@nhs.net", "wrong").await;
        assert_eq!(failed(wrong), SIGN_IN_FAILED);
        // The fourth failure doubles the wait to 2 seconds.
        clock.advance_ms(1_999);
        let early = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD).await;
        assert!(matches!(early, Err(AppError::RateLimited)));
        clock.advance_ms(1);
        assert!(sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .is_ok());
    }

    #[tokio::test]
    async fn one_client_guessing_many_accounts_is_slowed_too() {
        let t = TestCx::at(1_000_000).await;
        for n in 0..throttle::ADDRESS_FREE_FAILURES {
            let email = format!("guess{n}@nhs.net");
            let result = sign_in(t.cx(), CLIENT, &email, "x").await;
            assert_eq!(failed(result), SIGN_IN_FAILED);
        }
        let next = sign_in(t.cx(), CLIENT, "guess9@nhs.net", "x").await;
        assert!(matches!(next, Err(AppError::RateLimited)));
        let elsewhere = sign_in(t.cx(), "203.0.113.9", "guess9@nhs.net", "x");
        assert_eq!(failed(elsewhere.await), SIGN_IN_FAILED);
    }

    async fn throttle_keys(t: &TestCx) -> Vec<String> {
        let mut conn = t.db.pool.acquire().await.unwrap();
        let sql =
            "SELECT throttle_key FROM sign_in_failures WHERE failures > 0 ORDER BY throttle_key";
        sqlx::query_scalar(sql).fetch_all(&mut *conn).await.unwrap()
    }

    #[tokio::test]
    async fn counts_that_no_longer_count_are_deleted_by_later_attempts() {
        let t = TestCx::at(1_000_000).await;
        let made_up = "x".repeat(200) + "@nhs.net";
        let result = sign_in(t.cx(), "198.51.100.1", &made_up, "wrong").await;
        assert_eq!(failed(result), SIGN_IN_FAILED);
        t.clock.advance_ms(throttle::FORGET_AFTER_MS);
        let result = sign_in(t.cx(), "198.51.100.2", "other@nhs.net", "wrong").await;
        assert_eq!(failed(result), SIGN_IN_FAILED);
        // The first address is forgotten and gone; its account count stays
        // for a day.
        let keys = throttle_keys(&t).await;
        assert!(!keys.contains(&"ip:198.51.100.1".to_string()), "{keys:?}");
        assert!(keys.contains(&format!("email:{made_up}")), "{keys:?}");
        t.clock.advance_ms(throttle::ACCOUNT_FORGET_AFTER_MS);
        let result = sign_in(t.cx(), "198.51.100.3", "third@nhs.net", "wrong").await;
        assert_eq!(failed(result), SIGN_IN_FAILED);
        assert_eq!(
            throttle_keys(&t).await,
            vec![
                "email:third@nhs.net".to_string(),
                "ip:198.51.100.3".to_string(),
                "pair:third@nhs.net 198.51.100.3".to_string()
            ]
        );
    }

    #[tokio::test]
    async fn locking_an_account_ends_the_sessions_it_already_has() {
        let t = TestCx::at(1_000_000).await;
        user_with_password(&t).await;
        let phone = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .unwrap();
        // Far more failures than the soft lock's free ones (ten used to
        // lock) leave the account and its sessions alone; the hard lock
        // ends them.
        // (From a new address each time, so nobody waits.)
        for n in 0..throttle::HARD_LOCK_AFTER {
            let client = format!("198.51.100.{n}");
            let result = sign_in(t.cx(), &client, "lead@nhs.net", "wrong");
            assert_eq!(failed(result.await), SIGN_IN_FAILED);
            let alive_now = alive(&t, &phone.token).await;
            assert_eq!(
                alive_now,
                n + 1 < throttle::HARD_LOCK_AFTER,
                "after {}",
                n + 1
            );
        }
    }

    #[tokio::test]
    async fn repeated_failures_lock_the_account_until_it_is_unlocked_and_both_are_logged() {
        let t = TestCx::at(1_000_000).await;
        let (db, clock) = (&t.db, &t.clock);
        let user_id = user_with_password(&t).await;
        for n in 0..throttle::HARD_LOCK_AFTER {
            clock.advance_ms(throttle::MAX_WAIT_MS);
            // A different address each time: only the account's count grows.
            let client = format!("198.51.100.{n}");
            let result = sign_in(t.cx(), &client, "lead@nhs.net", "wrong");
            assert_eq!(failed(result.await), SIGN_IN_FAILED);
        }
        clock.advance_ms(throttle::MAX_WAIT_MS);
        let wrong = sign_in(t.cx(), CLIENT, "lead@nhs.net", "wrong").await;
        assert_eq!(
            failed(wrong),
            SIGN_IN_FAILED,
            "a wrong password does not learn that the account is locked"
        );
        assert!(events_of(db, &user_id)
            .await
            .contains(&"account_locked".to_string()));

        let mut conn = db.pool.acquire().await.unwrap();
        assert!(repo::unlock_user(&mut conn, &user_id).await.unwrap());
        assert!(!repo::unlock_user(&mut conn, &user_id).await.unwrap());
        drop(conn);
        clock.advance_ms(throttle::MAX_WAIT_MS);
        assert!(sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD)
            .await
            .is_ok());
    }

    /// The account's own count (from every address).
    async fn account_failures(t: &TestCx) -> i64 {
        let mut conn = t.db.pool.acquire().await.unwrap();
        sqlx::query_scalar(
            "SELECT COALESCE(MAX(failures), 0) FROM sign_in_failures WHERE throttle_key = 'email:lead@nhs.net'",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn the_right_password_on_a_locked_account_tells_its_owner_and_is_not_counted_as_a_failure(
    ) {
        let t = TestCx::at(1_000_000).await;
        let user_id = user_with_password(&t).await;
        let mut conn = t.db.pool.acquire().await.unwrap();
        assert!(repo::lock_user(&mut conn, &user_id, 1).await.unwrap());
        drop(conn);
        for _ in 0..3 * throttle::FREE_FAILURES {
            let result = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD).await;
            assert_eq!(failed(result), ACCOUNT_LOCKED);
        }
        assert_eq!(account_failures(&t).await, 0);
        assert!(!events_of(&t.db, &user_id)
            .await
            .contains(&"signed_in".to_string()));
    }

    #[tokio::test]
    async fn a_stranger_guessing_from_one_address_slows_only_that_address_and_the_owner_signs_in_from_another(
    ) {
        let t = TestCx::at(1_000_000).await;
        user_with_password(&t).await;
        let stranger = "203.0.113.66";
        for _ in 0..throttle::FREE_FAILURES {
            let result = sign_in(t.cx(), stranger, "lead@nhs.net", "guess");
            assert_eq!(failed(result.await), SIGN_IN_FAILED);
        }
        let waits = sign_in(t.cx(), stranger, "lead@nhs.net", "guess").await;
        assert!(matches!(waits, Err(AppError::RateLimited)));
        // The owner, at the practice, is not held up and their good sign-in
        // forgets the account's counts, the stranger's soft lock included.
        let owner = sign_in(t.cx(), CLIENT, "lead@nhs.net", PASSWORD).await;
        assert!(owner.is_ok(), "{:?}", owner.err());
        assert_eq!(account_failures(&t).await, 0);
        assert_eq!(
            throttle_keys(&t).await,
            vec![format!("ip:{stranger}")],
            "only the address's own count stays"
        );
    }
}
