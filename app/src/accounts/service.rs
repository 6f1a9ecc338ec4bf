use super::model::{validate_new_password, Email, LockedAccount};
use super::repo::{self, PURPOSE_SET_PASSWORD};
use crate::ids::{OrgId, UserId};
use crate::org::model::Role;
use crate::server::Ctx;

// Reads of a person other features show; they carry no rule.
pub use super::repo::{email_of, find_user_id_by_email, insert_user, name_of, set_password_hash};
// One-time links other features send (a patient's email confirmation).
pub use super::repo::{
    consume_token, find_usable_token, insert_token, password_hash_of, supersede_tokens,
};
use crate::activity::model::ActivityEvent;
use crate::error::{AppError, FieldErrors};
use crate::mail::model::{OutgoingEmail, Template};
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::org::model::OrgKind;
use crate::org::service as orgs;
use crate::server::activity::{self, Entry};
use crate::server::clock::{HOUR_MS, MINUTE_MS};
use crate::server::tokens::{hash_token, new_token};

/// How long a forgotten-password link lasts.
pub const RESET_LINK_LIFETIME_MS: i64 = HOUR_MS;
/// Asking again within this time sends nothing more (the same answer), so
/// the form cannot be used to flood someone's inbox.
pub const RESET_RESEND_AFTER_MS: i64 = MINUTE_MS;

/// Appends to the activity log about a person's account.
async fn record(
    conn: &mut sqlx::AnyConnection,
    now: i64,
    actor_id: Option<&UserId>,
    organisation_id: Option<&OrgId>,
    subject_user_id: &UserId,
    event: ActivityEvent,
    details: &str,
) -> Result<(), AppError> {
    let entry = Entry {
        actor_id,
        organisation_id,
        subject_type: "user",
        subject_id: subject_user_id,
        event,
        details,
    };
    Ok(activity::record(conn, now, entry).await?)
}

fn email_field(raw: &str) -> Result<Email, AppError> {
    Email::parse(raw).map_err(|message| {
        let mut errors = FieldErrors::default();
        errors.push("email", message);
        AppError::Invalid(errors)
    })
}

/// How long a set-password link printed by `server create-admin` lasts.
pub const SET_PASSWORD_LINK_LIFETIME_MS: i64 = 24 * HOUR_MS;

/// The network operator's id, creating "Gatehouse network" if there is none.
async fn network_operator(conn: &mut sqlx::AnyConnection, now: i64) -> Result<OrgId, AppError> {
    if let Some(id) = orgs::first_of_kind(&mut *conn, OrgKind::Network).await? {
        return Ok(id);
    }
    let name = "Gatehouse network";
    Ok(orgs::insert_organisation(conn, OrgKind::Network, name, None, None, now).await?)
}

/// The network administrator created from the command line.
#[derive(Debug)]
pub struct CreatedAdmin {
    pub email: String,
    pub link: String,
    pub already_existed: bool,
}

/// The longest name `create-admin --name` takes.
pub const ADMIN_NAME_MAX: usize = 100;

/// Creates (or finds) the account, makes it a network administrator of the
/// network operator (creating "Gatehouse network" if there is none yet), and
/// issues a single-use set-password link, superseding any earlier link.
pub async fn create_admin(cx: Ctx<'_>, raw_email: &str) -> Result<CreatedAdmin, AppError> {
    create_named_admin(cx, raw_email, None).await
}

/// [`create_admin`] with the person's name (`create-admin --name`); without
/// one a new account is named after its address. An existing account keeps
/// the name it has.
pub async fn create_named_admin(
    cx: Ctx<'_>,
    raw_email: &str,
    name: Option<&str>,
) -> Result<CreatedAdmin, AppError> {
    let base_url = cx.config.base_url.as_str();
    let mut errors = FieldErrors::default();
    let name = name.map(str::trim);
    match name {
        Some("") => errors.push("name", "Enter the administrator's full name"),
        Some(name)
            if name.chars().count() > ADMIN_NAME_MAX || name.chars().any(char::is_control) =>
        {
            errors.push(
                "name",
                &format!("The name must be {ADMIN_NAME_MAX} characters or fewer, on one line"),
            )
        }
        _ => {}
    }
    let email = Email::parse(raw_email);
    if let Err(message) = &email {
        errors.push("email", message);
    }
    errors.into_result()?;
    let email = email.map_err(AppError::internal)?;
    let now = cx.now_ms();
    let (token, already_existed) = cx
        .db
        .transaction(async |tx| {
            let network_id = network_operator(tx, now).await?;
            let existing = repo::find_user_id_by_email(tx, &email).await?;
            let already_existed = existing.is_some();
            let user_id = match existing {
                Some(id) => id,
                None => {
                    let from_address = email.as_str().split('@').next().unwrap_or_default();
                    repo::insert_user(tx, &email, name.unwrap_or(from_address), now).await?
                }
            };
            orgs::ensure_membership(tx, &user_id, &network_id, Role::NetworkAdmin, now).await?;
            repo::supersede_tokens(tx, &user_id, PURPOSE_SET_PASSWORD, now).await?;
            let (token, token_hash) = new_token();
            repo::insert_token(
                tx,
                &user_id,
                PURPOSE_SET_PASSWORD,
                &token_hash,
                now,
                now + SET_PASSWORD_LINK_LIFETIME_MS,
            )
            .await?;
            Ok((token, already_existed))
        })
        .await?;

    Ok(CreatedAdmin {
        email: email.as_str().to_string(),
        link: format!("{base_url}/set-password/{token}"),
        already_existed,
    })
}

/// Development only (`server sign-in-link`): a one-time link to set the
/// password of an existing, active account, so a newcomer can sign in as
/// any demo person. Supersedes the account's earlier links. `Forbidden` in
/// production; `NotFound` for an address with no active account.
pub async fn development_password_link(cx: Ctx<'_>, raw_email: &str) -> Result<String, AppError> {
    if cx.config.mode != crate::server::Mode::Development {
        return Err(AppError::Forbidden);
    }
    let email = email_field(raw_email)?;
    let now = cx.now_ms();
    let token = cx
        .db
        .transaction(async |tx| {
            let user = repo::find_active_user(tx, &email)
                .await?
                .ok_or(AppError::NotFound)?;
            repo::supersede_tokens(tx, &user.id, PURPOSE_SET_PASSWORD, now).await?;
            let (token, token_hash) = new_token();
            repo::insert_token(
                tx,
                &user.id,
                PURPOSE_SET_PASSWORD,
                &token_hash,
                now,
                now + SET_PASSWORD_LINK_LIFETIME_MS,
            )
            .await?;
            Ok(token)
        })
        .await?;
    Ok(format!(
        "{}/set-password/{token}",
        cx.config.base_url.as_str()
    ))
}

/// The email the link is for, if the link can still be used.
pub async fn check_set_password_link(cx: Ctx<'_>, token: &str) -> Result<String, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    usable_password_link(&mut conn, token, cx.now_ms())
        .await?
        .map(|t| t.email)
        .ok_or(AppError::LinkExpired)
}

/// A set-password (from `create-admin` or an invitation) or reset-password
/// link that can still be used.
async fn usable_password_link(
    conn: &mut sqlx::AnyConnection,
    token: &str,
    now: i64,
) -> Result<Option<repo::UsableToken>, sqlx::Error> {
    let hash = hash_token(token);
    for purpose in repo::PASSWORD_PURPOSES {
        if let Some(found) = repo::find_usable_token(&mut *conn, &hash, purpose, now).await? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// Sets the password and uses up the link, in one transaction. Bad input or
/// a used or expired link changes nothing.
pub async fn set_password(
    cx: Ctx<'_>,
    token: &str,
    password: &str,
    confirm: &str,
) -> Result<(), AppError> {
    validate_new_password(password, confirm).into_result()?;
    let now = cx.now_ms();
    // Check the link before the (slow) hash, then again inside the transaction.
    let email = check_set_password_link(cx, token).await?;
    super::common::check_new_password(password, confirm, "", &email).into_result()?;
    let hash = cx.hasher.hash(password.to_string()).await?;

    let usable = cx.db
        .transaction(async |tx| {
            let usable = usable_password_link(tx, token, now)
                .await?
                .ok_or(AppError::LinkExpired)?;
            if !repo::consume_token(tx, &usable.id, now).await? {
                return Err(AppError::LinkExpired);
            }
            repo::set_password_hash(tx, &usable.user_id, &hash).await?;
            // A new password ends every session the old one started, and
            // (the owner proved they read their email) lifts a lock and
            // forgets the failed sign-ins counted against the account.
            crate::auth::service::end_all_sessions(tx, &usable.user_id, now).await?;
            let unlocked = crate::auth::service::unlock_user(tx, &usable.user_id).await?;
            let email = usable.email.to_lowercase();
            crate::auth::throttle::forget_account(tx, &email).await?;
            let mut events = vec![(ActivityEvent::PasswordSet, "")];
            if unlocked {
                events.insert(0, (ActivityEvent::AccountUnlocked, "by setting a new password"));
            }
            for (event, details) in events {
                let user = Some(&usable.user_id);
                record(tx, now, user, None, &usable.user_id, event, details).await?;
            }
            let notice = Notice {
                kind: NoticeKind::Account,
                title: "Your Gatehouse password has been changed",
                body: "Your password was set using a one-time link. If this was not you, contact your practice administrator now.",
                link: None,
            };
            notify(tx, now, cx.config.base_url.as_str(), &usable.user_id, &notice).await?;
            Ok(usable)
        })
        .await?;
    tracing::info!(user_id = %usable.user_id, "password set from one-time link");
    Ok(())
}

/// "Forgot your password?": emails a single-use link valid for an hour if
/// the address has an active account. The answer is the same either way.
pub async fn request_password_reset(cx: Ctx<'_>, raw_email: &str) -> Result<(), AppError> {
    let base_url = cx.config.base_url.as_str();
    let email = email_field(raw_email)?;
    let now = cx.now_ms();
    cx.db.transaction(async |tx| {
        let Some(user) = repo::find_active_user(tx, &email).await? else {
            tracing::info!("password reset asked for an address with no active account");
            return Ok(());
        };
        let last = repo::newest_token_at(tx, &user.id, repo::PURPOSE_RESET_PASSWORD).await?;
        if last.is_some_and(|at| now - at < RESET_RESEND_AFTER_MS) {
            tracing::info!(user_id = %user.id, "password reset asked again within a minute: not resent");
            return Ok(());
        }
        repo::supersede_tokens(tx, &user.id, repo::PURPOSE_RESET_PASSWORD, now).await?;
        let (token, token_hash) = new_token();
        repo::insert_token(
            tx,
            &user.id,
            repo::PURPOSE_RESET_PASSWORD,
            &token_hash,
            now,
            now + RESET_LINK_LIFETIME_MS,
        )
        .await?;
        let template = Template {
            greeting: format!("Dear {},", user.name),
            paragraphs: vec![
                "Someone asked to reset the password for your Gatehouse account.".to_string(),
                "The link works once and for 1 hour. If you did not ask, ignore this email: your password has not changed.".to_string(),
            ],
            link: Some(("Reset your password".to_string(), format!("{base_url}/set-password/{token}"))),
            footer: None,
        };
        let message =
            OutgoingEmail::from_template(&user.email, "Reset your Gatehouse password", &template);
        crate::mail::queue(tx, now, &message).await?;
        record(
            tx,
            now,
            None,
            None,
            &user.id,
            ActivityEvent::PasswordResetRequested,
            "",
        )
        .await?;
        Ok(())
    })
    .await
}

/// Locked accounts of people in the organisation or below it.
pub async fn locked_accounts(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
) -> Result<Vec<LockedAccount>, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let rows = orgs::locked_within(&mut conn, organisation_id).await?;
    Ok(rows
        .into_iter()
        .map(|row| LockedAccount {
            user_id: row.user_id,
            name: row.name,
            email: row.email,
            locked_since: crate::server::dates::uk_date_time(row.locked_at),
        })
        .collect())
}

/// Lifts the lock on a person's account and forgets their failed sign-ins.
/// The caller has been authorised for `organisation_id`; the person must
/// belong to it (or to an organisation below it), otherwise `NotFound`.
pub async fn unlock_account(
    cx: Ctx<'_>,
    actor_id: &UserId,
    organisation_id: &OrgId,
    user_id: &UserId,
) -> Result<(), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            if !orgs::member_within(tx, user_id, organisation_id).await? {
                return Err(AppError::NotFound);
            }
            if !crate::auth::service::unlock_user(tx, user_id).await? {
                return Err(AppError::Conflict("This account is not locked".to_string()));
            }
            let email = repo::email_of(tx, user_id).await?;
            crate::auth::throttle::forget_account(tx, &email.to_lowercase()).await?;
            record(
                tx,
                now,
                Some(actor_id),
                Some(organisation_id),
                user_id,
                ActivityEvent::AccountUnlocked,
                "",
            )
            .await?;
            let notice = Notice {
                kind: NoticeKind::Account,
                title: "Your Gatehouse account has been unlocked",
                body: "An administrator has unlocked your account. You can sign in again.",
                link: None,
            };
            notify(tx, now, cx.config.base_url.as_str(), user_id, &notice).await?;
            Ok(())
        })
        .await
}

/// Whether the first-run page is open: only in development, and only while
/// no account exists. In production the first administrator comes from
/// `server create-admin`, so a stranger who finds a new installation
/// cannot make themselves its administrator.
pub async fn setup_needed(cx: Ctx<'_>) -> Result<bool, AppError> {
    if cx.config.mode != crate::server::Mode::Development {
        return Ok(false);
    }
    let mut conn = cx.db.pool.acquire().await?;
    Ok(repo::count_users(&mut conn).await? == 0)
}

/// First run: while no account exists, creates the network administrator
/// with a password (and the network operator if there is none). Afterwards
/// it refuses with `NotFound`, as if `/setup` did not exist.
pub async fn first_run_setup(
    cx: Ctx<'_>,
    name: &str,
    raw_email: &str,
    password: &str,
    confirm: &str,
) -> Result<UserId, AppError> {
    let mut errors = FieldErrors::default();
    if name.trim().is_empty() {
        errors.push("name", "Enter your full name");
    }
    match Email::parse(raw_email) {
        Err(message) => errors.push("email", message),
        Ok(email) if !cx.config.staff.allows_email(email.as_str()) => errors.push(
            "email",
            &format!("Enter an NHS email address: {}", cx.config.staff.describe()),
        ),
        Ok(_) => {}
    }
    let password_errors =
        super::common::check_new_password(password, confirm, name, raw_email.trim());
    errors.0.extend(password_errors.0);
    errors.into_result()?;
    let email = email_field(raw_email)?;
    if !setup_needed(cx).await? {
        return Err(AppError::NotFound);
    }
    let hash = cx.hasher.hash(password.to_string()).await?;
    let now = cx.now_ms();
    let user_id = cx
        .db
        .transaction(async |tx| {
            if repo::count_users(tx).await? != 0 {
                return Err(AppError::NotFound);
            }
            let network_id = network_operator(tx, now).await?;
            let user_id = repo::insert_user(tx, &email, name.trim(), now).await?;
            repo::set_password_hash(tx, &user_id, &hash).await?;
            orgs::ensure_membership(tx, &user_id, &network_id, Role::NetworkAdmin, now).await?;
            record(
                tx,
                now,
                Some(&user_id),
                Some(&network_id),
                &user_id,
                ActivityEvent::CreatedAtSetup,
                "",
            )
            .await?;
            Ok(user_id)
        })
        .await?;
    Ok(user_id)
}

/// [`first_run_setup`], then a session for the new administrator (they
/// have just chosen their password).
#[allow(clippy::too_many_arguments)]
pub async fn set_up_and_sign_in(
    cx: Ctx<'_>,
    name: &str,
    email: &str,
    password: &str,
    confirm: &str,
) -> Result<crate::auth::service::NewSession, AppError> {
    let user_id = first_run_setup(cx, name, email, password, confirm).await?;
    crate::auth::service::start_session(cx, &user_id).await
}

/// The person a background job acts for (who started it), with no session
/// and no memberships: the job checks their permission itself.
pub async fn acting_user(
    conn: &mut sqlx::AnyConnection,
    user_id: &UserId,
) -> Result<crate::auth::model::CurrentUser, AppError> {
    Ok(crate::auth::model::CurrentUser {
        id: user_id.clone(),
        name: repo::name_of(&mut *conn, user_id).await?,
        email: repo::email_of(conn, user_id).await?,
        memberships: Vec::new(),
        organisation_id: None,
        unread_notifications: 0,
    })
}

/// Housekeeping: deletes up to `limit` one-time links (set password,
/// reset) that expired or were used more than a day ago.
pub async fn purge_expired_links(
    conn: &mut sqlx::AnyConnection,
    cx: Ctx<'_>,
    limit: i64,
) -> Result<u64, AppError> {
    let before = cx.now_ms() - crate::server::clock::DAY_MS;
    Ok(repo::purge_tokens(conn, cx.db.backend, before, limit).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::password::Hasher;
    use crate::server::Db;

    use crate::server::password::verify_password;
    use crate::server::testing::TestCx;

    fn token_of(link: &str) -> &str {
        link.rsplit('/').next().unwrap()
    }

    async fn user_password_hash(db: &Db, email: &str) -> Option<String> {
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email_lower = $1")
            .bind(email.to_lowercase())
            .fetch_one(&db.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn create_admin_makes_a_network_administrator_with_a_working_link() {
        let t = TestCx::at(1_700_000_000_000).await;
        let db = &t.db;
        let admin = create_admin(t.cx(), "Admin@NHS.net").await.unwrap();
        assert!(admin
            .link
            .starts_with("http://127.0.0.1:3000/set-password/"));
        assert!(!admin.already_existed);

        let role: String = sqlx::query_scalar(
            "SELECT m.role FROM memberships m JOIN organisations o ON o.id = m.organisation_id
              WHERE o.kind = 'network'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(role, "network_admin");

        let email = check_set_password_link(t.cx(), token_of(&admin.link))
            .await
            .unwrap();
        assert_eq!(email, "Admin@NHS.net");
        set_password(
            t.cx(),
            token_of(&admin.link),
            "a long enough pass",
            "a long enough pass",
        )
        .await
        .unwrap();
        let hash = user_password_hash(db, "admin@nhs.net").await.unwrap();
        assert!(verify_password("a long enough pass".into(), hash)
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn the_stored_token_is_a_hash_not_the_link_token() {
        let t = TestCx::at(1_700_000_000_000).await;
        let db = &t.db;
        let admin = create_admin(t.cx(), "admin@nhs.net").await.unwrap();
        let stored: String = sqlx::query_scalar("SELECT token_hash FROM one_time_tokens")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_ne!(stored, token_of(&admin.link));
        assert_eq!(stored, hash_token(token_of(&admin.link)));
    }

    #[tokio::test]
    async fn a_link_works_once_only() {
        let t = TestCx::at(1_700_000_000_000).await;
        let db = &t.db;
        let admin = create_admin(t.cx(), "admin@nhs.net").await.unwrap();
        let token = token_of(&admin.link);
        set_password(t.cx(), token, "first password!!", "first password!!")
            .await
            .unwrap();
        let again = set_password(t.cx(), token, "second password!", "second password!").await;
        assert_eq!(again, Err(AppError::LinkExpired));
        let hash = user_password_hash(db, "admin@nhs.net").await.unwrap();
        assert!(verify_password("first password!!".into(), hash)
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn an_expired_link_changes_nothing() {
        let t = TestCx::at(1_700_000_000_000).await;
        let (db, clock) = (&t.db, &t.clock);
        let admin = create_admin(t.cx(), "admin@nhs.net").await.unwrap();
        clock.advance_ms(SET_PASSWORD_LINK_LIFETIME_MS);
        let result = set_password(
            t.cx(),
            token_of(&admin.link),
            "a long enough pass",
            "a long enough pass",
        )
        .await;
        assert_eq!(result, Err(AppError::LinkExpired));
        assert_eq!(user_password_hash(db, "admin@nhs.net").await, None);
    }

    #[tokio::test]
    async fn a_new_link_supersedes_the_old_one() {
        let t = TestCx::at(1_700_000_000_000).await;
        let db = &t.db;
        let first = create_admin(t.cx(), "admin@nhs.net").await.unwrap();
        let second = create_admin(t.cx(), "ADMIN@nhs.net").await.unwrap();
        assert!(second.already_existed);
        assert_eq!(
            check_set_password_link(t.cx(), token_of(&first.link)).await,
            Err(AppError::LinkExpired)
        );
        assert!(check_set_password_link(t.cx(), token_of(&second.link))
            .await
            .is_ok());
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(users, 1);
    }

    #[tokio::test]
    async fn a_bad_password_changes_nothing_and_keeps_the_link_usable() {
        let t = TestCx::at(1_700_000_000_000).await;
        let db = &t.db;
        let admin = create_admin(t.cx(), "admin@nhs.net").await.unwrap();
        let result = set_password(t.cx(), token_of(&admin.link), "short", "short").await;
        let Err(AppError::Invalid(errors)) = result else {
            panic!("expected field errors")
        };
        assert!(errors.for_field("password").is_some());
        assert_eq!(user_password_hash(db, "admin@nhs.net").await, None);
        assert!(check_set_password_link(t.cx(), token_of(&admin.link))
            .await
            .is_ok());
    }

    #[tokio::test]
    async fn a_malformed_email_creates_nothing() {
        let t = TestCx::at(1_700_000_000_000).await;
        let db = &t.db;
        let result = create_admin(t.cx(), "not-an-email").await;
        assert!(matches!(result, Err(AppError::Invalid(_))));
        let orgs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(orgs, 0);
    }

    /// The reset links queued in the outbox for an address.
    async fn reset_links(db: &Db, email: &str) -> Vec<String> {
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT text_body FROM outbox WHERE to_address = $1 ORDER BY created_at",
        )
        .bind(email)
        .fetch_all(&db.pool)
        .await
        .unwrap();
        bodies
            .iter()
            .filter_map(|body| {
                body.split_whitespace()
                    .find(|word| word.contains("/set-password/"))
                    .map(str::to_string)
            })
            .collect()
    }

    async fn outbox_count(db: &Db) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(&db.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_reset_link_is_emailed_only_to_a_real_account_and_the_answer_is_the_same() {
        let t = TestCx::at(1_700_000_000_000).await;
        let db = &t.db;
        create_admin(t.cx(), "lead@nhs.net").await.unwrap();
        let before = outbox_count(db).await;
        let known = request_password_reset(t.cx(), "LEAD@nhs.net").await;
        let unknown = request_password_reset(t.cx(), "nobody@nhs.net").await;
        assert_eq!(known, Ok(()));
        assert_eq!(unknown, Ok(()));
        assert_eq!(outbox_count(db).await, before + 1);
        let links = reset_links(db, "lead@nhs.net").await;
        assert_eq!(links.len(), 1);
        assert!(links[0].starts_with("http://127.0.0.1:3000/set-password/"));
    }

    #[tokio::test]
    async fn a_reset_link_lasts_an_hour_works_once_and_a_newer_one_replaces_it() {
        let t = TestCx::at(1_700_000_000_000).await;
        let (db, clock) = (&t.db, &t.clock);
        let _hasher = Hasher::new(2);
        create_admin(t.cx(), "lead@nhs.net").await.unwrap();
        request_password_reset(t.cx(), "lead@nhs.net")
            .await
            .unwrap();
        // Asking again at once sends nothing more; a minute later it does.
        request_password_reset(t.cx(), "lead@nhs.net")
            .await
            .unwrap();
        assert_eq!(reset_links(db, "lead@nhs.net").await.len(), 1);
        clock.advance_ms(RESET_RESEND_AFTER_MS);
        request_password_reset(t.cx(), "lead@nhs.net")
            .await
            .unwrap();
        let links = reset_links(db, "lead@nhs.net").await;
        let (old, new) = (token_of(&links[0]), token_of(&links[1]));
        assert_eq!(
            check_set_password_link(t.cx(), old).await,
            Err(AppError::LinkExpired)
        );
        clock.advance_ms(RESET_LINK_LIFETIME_MS - 1);
        assert_eq!(
            check_set_password_link(t.cx(), new).await.as_deref(),
            Ok("lead@nhs.net")
        );
        let pass = "brand new password";
        set_password(t.cx(), new, pass, pass).await.unwrap();
        assert_eq!(
            set_password(t.cx(), new, pass, pass).await,
            Err(AppError::LinkExpired)
        );

        request_password_reset(t.cx(), "lead@nhs.net")
            .await
            .unwrap();
        let links = reset_links(db, "lead@nhs.net").await;
        clock.advance_ms(RESET_LINK_LIFETIME_MS);
        let late = token_of(links.last().unwrap());
        assert_eq!(
            check_set_password_link(t.cx(), late).await,
            Err(AppError::LinkExpired)
        );
    }

    #[tokio::test]
    async fn a_completed_reset_unlocks_the_account_and_forgets_its_failures_but_a_weak_password_changes_nothing(
    ) {
        let t = TestCx::at(1_700_000_000_000).await;
        let admin = create_admin(t.cx(), "lead@nhs.net").await.unwrap();
        let token = token_of(&admin.link).to_string();
        let first = "first strong phrase here";
        set_password(t.cx(), &token, first, first).await.unwrap();
        // Strangers lock the account with wrong guesses.
        for n in 0..crate::auth::throttle::HARD_LOCK_AFTER {
            t.clock.advance_ms(crate::auth::throttle::MAX_WAIT_MS);
            let client = format!("198.51.100.{n}");
            let _ = crate::auth::service::sign_in(t.cx(), &client, "lead@nhs.net", "nope").await;
        }
        let locked = crate::auth::service::sign_in(t.cx(), "203.0.113.1", "lead@nhs.net", first);
        assert!(locked.await.is_err());

        t.clock.advance_ms(RESET_RESEND_AFTER_MS);
        request_password_reset(t.cx(), "lead@nhs.net")
            .await
            .unwrap();
        let links = reset_links(&t.db, "lead@nhs.net").await;
        let reset = token_of(links.last().unwrap()).to_string();
        let weak = set_password(t.cx(), &reset, "passwordpassword", "passwordpassword").await;
        let Err(AppError::Invalid(errors)) = weak else {
            panic!("expected a field error, got {weak:?}")
        };
        assert!(errors.for_field("password").is_some());
        assert!(check_set_password_link(t.cx(), &reset).await.is_ok());

        let second = "second strong phrase here";
        set_password(t.cx(), &reset, second, second).await.unwrap();
        let session =
            crate::auth::service::sign_in(t.cx(), "203.0.113.1", "lead@nhs.net", second).await;
        assert!(session.is_ok(), "{:?}", session.err());
    }

    #[tokio::test]
    async fn a_malformed_reset_address_is_a_field_error() {
        let t = TestCx::at(0).await;
        let result = request_password_reset(t.cx(), "not an email").await;
        assert!(matches!(result, Err(AppError::Invalid(e)) if e.for_field("email").is_some()));
    }

    #[tokio::test]
    async fn unlocking_needs_the_person_to_belong_to_the_organisation_and_is_logged() {
        let t = TestCx::at(1_000).await;
        let db = &t.db;
        let mut conn = db.pool.acquire().await.unwrap();
        let a = orgs::insert_organisation(&mut conn, OrgKind::Practice, "A", None, None, 0)
            .await
            .unwrap();
        let b = orgs::insert_organisation(&mut conn, OrgKind::Practice, "B", None, None, 0)
            .await
            .unwrap();
        let email = Email::parse("nurse@nhs.net").unwrap();
        let nurse = repo::insert_user(&mut conn, &email, "Nurse", 0)
            .await
            .unwrap();
        orgs::ensure_membership(&mut conn, &nurse, &a, Role::Nurse, 0)
            .await
            .unwrap();
        crate::auth::repo::lock_user(&mut conn, &nurse, 500)
            .await
            .unwrap();
        drop(conn);

        assert_eq!(locked_accounts(t.cx(), &a).await.unwrap().len(), 1);
        assert!(locked_accounts(t.cx(), &b).await.unwrap().is_empty());
        assert_eq!(
            unlock_account(t.cx(), &UserId::from("admin-b"), &b, &nurse).await,
            Err(AppError::NotFound)
        );
        unlock_account(t.cx(), &UserId::from("admin-a"), &a, &nurse)
            .await
            .unwrap();
        assert!(locked_accounts(t.cx(), &a).await.unwrap().is_empty());
        assert!(matches!(
            unlock_account(t.cx(), &UserId::from("admin-a"), &a, &nurse).await,
            Err(AppError::Conflict(_))
        ));
        let mut conn = db.pool.acquire().await.unwrap();
        let events = activity::events_for(&mut conn, "user", &nurse)
            .await
            .unwrap();
        assert_eq!(events, vec!["account_unlocked".to_string()]);
    }

    #[tokio::test]
    async fn setup_creates_the_first_administrator_once_only() {
        let t = TestCx::at(1_000).await;
        let db = &t.db;
        let _hasher = Hasher::new(2);
        assert!(setup_needed(t.cx()).await.unwrap());
        let bad = first_run_setup(t.cx(), "", "x", "short", "other").await;
        let Err(AppError::Invalid(errors)) = bad else {
            panic!("expected field errors")
        };
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "email", "password", "confirm"]);
        assert!(
            setup_needed(t.cx()).await.unwrap(),
            "bad input changes nothing"
        );

        let pass = "a long enough pass";
        first_run_setup(t.cx(), "Lead Admin", "lead@nhs.net", pass, pass)
            .await
            .unwrap();
        assert!(!setup_needed(t.cx()).await.unwrap());
        assert!(user_password_hash(db, "lead@nhs.net").await.is_some());
        let again = first_run_setup(t.cx(), "Intruder", "evil@nhs.net", pass, pass).await;
        assert_eq!(again, Err(AppError::NotFound));
    }

    #[tokio::test]
    async fn in_production_setup_is_closed_even_on_an_empty_database() {
        let mut t = TestCx::at(1_000).await;
        t.config.mode = crate::server::Mode::Production;
        assert!(!setup_needed(t.cx()).await.unwrap());
        let pass = "a long enough pass";
        let stranger = first_run_setup(t.cx(), "Stranger", "stranger@nhs.net", pass, pass).await;
        assert_eq!(stranger, Err(AppError::NotFound));
        let mut conn = t.db.pool.acquire().await.unwrap();
        assert_eq!(repo::count_users(&mut conn).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn setup_wants_an_nhs_email_address() {
        let t = TestCx::at(1_000).await;
        let pass = "a long enough pass";
        let Err(AppError::Invalid(errors)) =
            first_run_setup(t.cx(), "Someone", "someone@gmail.com", pass, pass).await
        else {
            panic!("expected field errors")
        };
        assert_eq!(errors.0[0].field, "email");
        assert!(errors.0[0]
            .message
            .starts_with("Enter an NHS email address"));
        assert!(setup_needed(t.cx()).await.unwrap());
    }
}
