//! The contact form's limits in the database: recent submissions per
//! client address and per practice. New requests are stored by
//! `requests::repo::insert_request`, which keeps the open counts.

use sqlx::{AnyConnection, Row};

/// Contact form submissions since `since` from `client`, and to the practice.
pub async fn contact_counts(
    conn: &mut AnyConnection,
    practice_id: &str,
    client: &str,
    since: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM contact_submissions WHERE client = $1 AND created_at >= $3),
                (SELECT COUNT(*) FROM contact_submissions WHERE organisation_id = $2 AND created_at >= $3)",
    )
    .bind(client)
    .bind(practice_id)
    .bind(since)
    .fetch_one(conn)
    .await?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

pub async fn record_contact(
    conn: &mut AnyConnection,
    practice_id: &str,
    client: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO contact_submissions (id, organisation_id, client, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(practice_id)
    .bind(client)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
