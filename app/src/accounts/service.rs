use super::model::{validate_new_password, Email, Role};
use super::repo::{self, PURPOSE_SET_PASSWORD};
use crate::directory::model::OrgKind;
use crate::directory::repo as orgs;
use crate::error::{AppError, FieldErrors};
use crate::server::clock::{Clock, HOUR_MS};
use crate::server::password::Hasher;
use crate::server::tokens::{hash_token, new_token};
use crate::server::Db;

/// How long a set-password link printed by `server create-admin` lasts.
pub const SET_PASSWORD_LINK_LIFETIME_MS: i64 = 24 * HOUR_MS;

/// The network administrator created from the command line.
#[derive(Debug)]
pub struct CreatedAdmin {
    pub email: String,
    pub link: String,
    pub already_existed: bool,
}

/// Creates (or finds) the account, makes it a network administrator of the
/// network operator (creating "Gatehouse network" if there is none yet), and
/// issues a single-use set-password link, superseding any earlier link.
pub async fn create_admin(
    db: &Db,
    clock: &dyn Clock,
    base_url: &str,
    raw_email: &str,
) -> Result<CreatedAdmin, AppError> {
    let email = Email::parse(raw_email).map_err(|message| {
        let mut errors = FieldErrors::default();
        errors.push("email", message);
        AppError::Invalid(errors)
    })?;
    let now = clock.now_ms();
    let mut tx = db.pool.begin().await?;

    let network_id = match orgs::first_of_kind(&mut tx, OrgKind::Network).await? {
        Some(id) => id,
        None => {
            orgs::insert_organisation(
                &mut tx,
                OrgKind::Network,
                "Gatehouse network",
                None,
                None,
                now,
            )
            .await?
        }
    };
    let existing = repo::find_user_id_by_email(&mut tx, &email).await?;
    let already_existed = existing.is_some();
    let user_id = match existing {
        Some(id) => id,
        None => {
            let name = email
                .as_str()
                .split('@')
                .next()
                .unwrap_or_default()
                .to_string();
            repo::insert_user(&mut tx, &email, &name, now).await?
        }
    };
    repo::ensure_membership(&mut tx, &user_id, &network_id, Role::NetworkAdmin, now).await?;
    repo::supersede_tokens(&mut tx, &user_id, PURPOSE_SET_PASSWORD, now).await?;
    let (token, token_hash) = new_token();
    repo::insert_token(
        &mut tx,
        &user_id,
        PURPOSE_SET_PASSWORD,
        &token_hash,
        now,
        now + SET_PASSWORD_LINK_LIFETIME_MS,
    )
    .await?;
    tx.commit().await?;

    Ok(CreatedAdmin {
        email: email.as_str().to_string(),
        link: format!("{base_url}/set-password/{token}"),
        already_existed,
    })
}

/// The email the link is for, if the link can still be used.
pub async fn check_set_password_link(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
) -> Result<String, AppError> {
    let mut conn = db.pool.acquire().await?;
    repo::find_usable_token(
        &mut conn,
        &hash_token(token),
        PURPOSE_SET_PASSWORD,
        clock.now_ms(),
    )
    .await?
    .map(|t| t.email)
    .ok_or(AppError::LinkExpired)
}

/// Sets the password and uses up the link, in one transaction. Bad input or
/// a used or expired link changes nothing.
pub async fn set_password(
    db: &Db,
    clock: &dyn Clock,
    hasher: &Hasher,
    token: &str,
    password: &str,
    confirm: &str,
) -> Result<(), AppError> {
    validate_new_password(password, confirm).into_result()?;
    let now = clock.now_ms();
    // Check the link before the (slow) hash, then again inside the transaction.
    check_set_password_link(db, clock, token).await?;
    let hash = hasher.hash(password.to_string()).await?;

    let mut tx = db.pool.begin().await?;
    let usable = repo::find_usable_token(&mut tx, &hash_token(token), PURPOSE_SET_PASSWORD, now)
        .await?
        .ok_or(AppError::LinkExpired)?;
    if !repo::consume_token(&mut tx, &usable.id, now).await? {
        return Err(AppError::LinkExpired);
    }
    repo::set_password_hash(&mut tx, &usable.user_id, &hash).await?;
    tx.commit().await?;
    tracing::info!(user_id = %usable.user_id, "password set from one-time link");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::clock::FixedClock;
    use crate::server::password::verify_password;
    use crate::server::testing::fresh_db;

    const BASE: &str = "http://127.0.0.1:3000";

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
        let db = fresh_db().await;
        let clock = FixedClock::at(1_700_000_000_000);
        let admin = create_admin(&db, clock.as_ref(), BASE, "Admin@NHS.net")
            .await
            .unwrap();
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

        let email = check_set_password_link(&db, clock.as_ref(), token_of(&admin.link))
            .await
            .unwrap();
        assert_eq!(email, "Admin@NHS.net");
        set_password(
            &db,
            clock.as_ref(),
            &Hasher::new(1),
            token_of(&admin.link),
            "a long enough pass",
            "a long enough pass",
        )
        .await
        .unwrap();
        let hash = user_password_hash(&db, "admin@nhs.net").await.unwrap();
        assert!(verify_password("a long enough pass".into(), hash)
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn the_stored_token_is_a_hash_not_the_link_token() {
        let db = fresh_db().await;
        let clock = FixedClock::at(1_700_000_000_000);
        let admin = create_admin(&db, clock.as_ref(), BASE, "admin@nhs.net")
            .await
            .unwrap();
        let stored: String = sqlx::query_scalar("SELECT token_hash FROM one_time_tokens")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_ne!(stored, token_of(&admin.link));
        assert_eq!(stored, hash_token(token_of(&admin.link)));
    }

    #[tokio::test]
    async fn a_link_works_once_only() {
        let db = fresh_db().await;
        let clock = FixedClock::at(1_700_000_000_000);
        let admin = create_admin(&db, clock.as_ref(), BASE, "admin@nhs.net")
            .await
            .unwrap();
        let token = token_of(&admin.link);
        set_password(
            &db,
            clock.as_ref(),
            &Hasher::new(1),
            token,
            "first password!!",
            "first password!!",
        )
        .await
        .unwrap();
        let again = set_password(
            &db,
            clock.as_ref(),
            &Hasher::new(1),
            token,
            "second password!",
            "second password!",
        )
        .await;
        assert_eq!(again, Err(AppError::LinkExpired));
        let hash = user_password_hash(&db, "admin@nhs.net").await.unwrap();
        assert!(verify_password("first password!!".into(), hash)
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn an_expired_link_changes_nothing() {
        let db = fresh_db().await;
        let clock = FixedClock::at(1_700_000_000_000);
        let admin = create_admin(&db, clock.as_ref(), BASE, "admin@nhs.net")
            .await
            .unwrap();
        clock.advance_ms(SET_PASSWORD_LINK_LIFETIME_MS);
        let result = set_password(
            &db,
            clock.as_ref(),
            &Hasher::new(1),
            token_of(&admin.link),
            "a long enough pass",
            "a long enough pass",
        )
        .await;
        assert_eq!(result, Err(AppError::LinkExpired));
        assert_eq!(user_password_hash(&db, "admin@nhs.net").await, None);
    }

    #[tokio::test]
    async fn a_new_link_supersedes_the_old_one() {
        let db = fresh_db().await;
        let clock = FixedClock::at(1_700_000_000_000);
        let first = create_admin(&db, clock.as_ref(), BASE, "admin@nhs.net")
            .await
            .unwrap();
        let second = create_admin(&db, clock.as_ref(), BASE, "ADMIN@nhs.net")
            .await
            .unwrap();
        assert!(second.already_existed);
        assert_eq!(
            check_set_password_link(&db, clock.as_ref(), token_of(&first.link)).await,
            Err(AppError::LinkExpired)
        );
        assert!(
            check_set_password_link(&db, clock.as_ref(), token_of(&second.link))
                .await
                .is_ok()
        );
        let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(users, 1);
    }

    #[tokio::test]
    async fn a_bad_password_changes_nothing_and_keeps_the_link_usable() {
        let db = fresh_db().await;
        let clock = FixedClock::at(1_700_000_000_000);
        let admin = create_admin(&db, clock.as_ref(), BASE, "admin@nhs.net")
            .await
            .unwrap();
        let result = set_password(
            &db,
            clock.as_ref(),
            &Hasher::new(1),
            token_of(&admin.link),
            "short",
            "short",
        )
        .await;
        let Err(AppError::Invalid(errors)) = result else {
            panic!("expected field errors")
        };
        assert!(errors.for_field("password").is_some());
        assert_eq!(user_password_hash(&db, "admin@nhs.net").await, None);
        assert!(
            check_set_password_link(&db, clock.as_ref(), token_of(&admin.link))
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn a_malformed_email_creates_nothing() {
        let db = fresh_db().await;
        let clock = FixedClock::at(1_700_000_000_000);
        let result = create_admin(&db, clock.as_ref(), BASE, "not-an-email").await;
        assert!(matches!(result, Err(AppError::Invalid(_))));
        let orgs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(orgs, 0);
    }
}
