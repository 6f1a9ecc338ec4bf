//! The SQL of calendar feeds (`calendar_feeds`): one token hash per person.

use crate::ids::UserId;
use sqlx::AnyConnection;

/// Stores the locum's calendar feed token hash, replacing any earlier one.
pub async fn set_calendar_feed(
    conn: &mut AnyConnection,
    user_id: &UserId,
    token_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = $2, created_at = $3",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Turns the locum's calendar feed off; false when there was none.
pub async fn delete_calendar_feed(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// When the locum's calendar feed was made, if they have one.
pub async fn calendar_feed_made(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Whose calendar feed this token hash opens.
pub async fn calendar_feed_owner(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM calendar_feeds WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(conn)
        .await
}
