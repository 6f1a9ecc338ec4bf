use crate::ids::UserId;
use sqlx::AnyConnection;

use super::model::{NoticeKind, Preference};

#[derive(Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut AnyConnection,
    user_id: &UserId,
    kind: NoticeKind,
    title: &str,
    body: &str,
    link: Option<&str>,
    now_ms: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO notifications (id, user_id, kind, title, body, link, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(kind.as_str())
    .bind(title)
    .bind(body)
    .bind(link)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(id)
}

/// The newest notifications first, at most `limit`.
pub async fn list_for(
    conn: &mut AnyConnection,
    user_id: &UserId,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, body, link, created_at, read_at FROM notifications
          WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The tests' count of unread notifications; pages get it with the
/// session (`auth::repo::find_open_session`).
#[cfg(test)]
pub async fn unread_count(conn: &mut AnyConnection, user_id: &UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

/// Marks one of the person's own notifications read; false if it is not
/// theirs or was read already.
pub async fn mark_read(
    conn: &mut AnyConnection,
    user_id: &UserId,
    id: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL",
    )
    .bind(now_ms)
    .bind(id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn mark_all_read(
    conn: &mut AnyConnection,
    user_id: &UserId,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    let result =
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now_ms)
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(result.rows_affected())
}

/// A stored preference; `in_app` and `email` are 0 or 1.
#[derive(Debug, sqlx::FromRow)]
struct PreferenceRow {
    #[sqlx(try_from = "String")]
    kind: NoticeKind,
    in_app: i64,
    email: i64,
}

/// Every kind's preference, defaults filled in.
pub async fn preferences_of(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Vec<Preference>, sqlx::Error> {
    let rows: Vec<PreferenceRow> = sqlx::query_as(
        "SELECT kind, in_app, email FROM notification_preferences WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(NoticeKind::ALL
        .into_iter()
        .map(|kind| {
            rows.iter()
                .find(|row| row.kind == kind)
                .map_or(Preference::default_for(kind), |row| Preference {
                    kind,
                    in_app: row.in_app != 0,
                    email: row.email != 0,
                })
        })
        .collect())
}

pub async fn save_preference(
    conn: &mut AnyConnection,
    user_id: &UserId,
    preference: Preference,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_preferences (user_id, kind, in_app, email) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, kind) DO UPDATE SET in_app = $3, email = $4",
    )
    .bind(user_id)
    .bind(preference.kind.as_str())
    .bind(i64::from(preference.in_app))
    .bind(i64::from(preference.email))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, sqlx::FromRow)]
struct RecipientRow {
    email: String,
    name: String,
}

/// The person's email address and name, for notification emails.
pub async fn recipient(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row: Option<RecipientRow> =
        sqlx::query_as("SELECT email, name FROM users WHERE id = $1 AND status = 'active'")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|r| (r.email, r.name)))
}
