use crate::ids::UserId;
use sqlx::AnyConnection;

use super::model::Email;

pub const PURPOSE_SET_PASSWORD: &str = "set_password";
pub const PURPOSE_RESET_PASSWORD: &str = "reset_password";
/// The purposes whose links open the set-password page.
pub const PASSWORD_PURPOSES: [&str; 2] = [PURPOSE_SET_PASSWORD, PURPOSE_RESET_PASSWORD];

pub async fn find_user_id_by_email(
    conn: &mut AnyConnection,
    email: &Email,
) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE email_lower = $1")
        .bind(email.lower())
        .fetch_optional(conn)
        .await
}

pub async fn insert_user(
    conn: &mut AnyConnection,
    email: &Email,
    name: &str,
    now_ms: i64,
) -> Result<UserId, sqlx::Error> {
    let id = UserId::generate();
    sqlx::query(
        "INSERT INTO users (id, email, email_lower, name, status, created_at)
         VALUES ($1, $2, $3, $4, 'active', $5)",
    )
    .bind(&id)
    .bind(email.as_str())
    .bind(email.lower())
    .bind(name)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Marks the user's earlier unused tokens for `purpose` as superseded.
pub async fn supersede_tokens(
    conn: &mut AnyConnection,
    user_id: &UserId,
    purpose: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE one_time_tokens SET state = 'superseded', used_at = $1
          WHERE user_id = $2 AND purpose = $3 AND state = 'valid'",
    )
    .bind(now_ms)
    .bind(user_id)
    .bind(purpose)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_token(
    conn: &mut AnyConnection,
    user_id: &UserId,
    purpose: &str,
    token_hash: &str,
    now_ms: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, state, created_at, expires_at)
         VALUES ($1, $2, $3, $4, 'valid', $5, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(user_id)
    .bind(purpose)
    .bind(token_hash)
    .bind(now_ms)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// A token that can still be used: valid state, not expired.
#[derive(Debug, sqlx::FromRow)]
pub struct UsableToken {
    pub id: String,
    pub user_id: UserId,
    pub email: String,
}

pub async fn find_usable_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    purpose: &str,
    now_ms: i64,
) -> Result<Option<UsableToken>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.user_id, u.email
           FROM one_time_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = $1 AND t.purpose = $2 AND t.state = 'valid'
            AND t.expires_at > $3 AND u.status = 'active'",
    )
    .bind(token_hash)
    .bind(purpose)
    .bind(now_ms)
    .fetch_optional(conn)
    .await
}

/// Consumes a token; returns false if someone else consumed it first.
pub async fn consume_token(
    conn: &mut AnyConnection,
    token_id: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE one_time_tokens SET state = 'consumed', used_at = $1 WHERE id = $2 AND state = 'valid'",
    )
    .bind(now_ms)
    .bind(token_id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    user_id: &UserId,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn password_hash_of(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

pub async fn count_users(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(conn)
        .await
}

#[derive(Debug, sqlx::FromRow)]
pub struct ActiveUser {
    pub id: UserId,
    pub email: String,
    pub name: String,
}

pub async fn find_active_user(
    conn: &mut AnyConnection,
    email: &Email,
) -> Result<Option<ActiveUser>, sqlx::Error> {
    sqlx::query_as("SELECT id, email, name FROM users WHERE email_lower = $1 AND status = 'active'")
        .bind(email.lower())
        .fetch_optional(conn)
        .await
}

pub async fn email_of(conn: &mut AnyConnection, user_id: &UserId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

pub async fn name_of(conn: &mut AnyConnection, user_id: &UserId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

/// When the newest token of `purpose` was issued to the user, if ever.
pub async fn newest_token_at(
    conn: &mut AnyConnection,
    user_id: &UserId,
    purpose: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT MAX(created_at) FROM one_time_tokens WHERE user_id = $1 AND purpose = $2",
    )
    .bind(user_id)
    .bind(purpose)
    .fetch_one(conn)
    .await
}

/// Deletes up to `limit` one-time links that expired or were used before
/// `before`.
pub async fn purge_tokens(
    conn: &mut AnyConnection,
    backend: crate::server::Backend,
    before: i64,
    limit: i64,
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "DELETE FROM one_time_tokens WHERE id IN (
             SELECT id FROM one_time_tokens
              WHERE expires_at < $1 OR (state <> 'valid' AND COALESCE(used_at, created_at) < $1)
              LIMIT $2 {})",
        backend.skip_locked()
    );
    let done = sqlx::query(&sql)
        .bind(before)
        .bind(limit)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
