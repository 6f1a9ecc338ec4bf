//! The activity log: append-only rows of what happened, to whom, by whom.
//! Nothing in the code updates or deletes them.

use sqlx::AnyConnection;

pub struct Entry<'a> {
    pub actor_id: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
    pub subject_type: &'a str,
    pub subject_id: &'a str,
    pub event: &'a str,
    pub details: &'a str,
}

/// Appends an entry, inside the caller's transaction.
pub async fn record(
    conn: &mut AnyConnection,
    at_ms: i64,
    entry: Entry<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO activity_log (id, at, actor_id, organisation_id, subject_type, subject_id, event, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(at_ms)
    .bind(entry.actor_id)
    .bind(entry.organisation_id)
    .bind(entry.subject_type)
    .bind(entry.subject_id)
    .bind(entry.event)
    .bind(entry.details)
    .execute(conn)
    .await?;
    Ok(())
}

/// The events recorded for one subject, oldest first.
pub async fn events_for(
    conn: &mut AnyConnection,
    subject_type: &str,
    subject_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT event FROM activity_log WHERE subject_type = $1 AND subject_id = $2 ORDER BY at, id")
        .bind(subject_type)
        .bind(subject_id)
        .fetch_all(conn)
        .await
}
