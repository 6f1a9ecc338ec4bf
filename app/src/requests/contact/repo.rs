//! The contact form's limits in the database: recent submissions per
//! client address and per practice. New requests are stored by
//! `requests::repo::insert_request`, which keeps the open counts.

use crate::ids::OrgId;
use sqlx::AnyConnection;

#[derive(Debug, sqlx::FromRow)]
struct ContactCounts {
    from_client: i64,
    to_practice: i64,
}

/// Contact form submissions since `since` from `client`, and to the practice.
pub async fn contact_counts(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    client: &str,
    since: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let row: ContactCounts = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM contact_submissions WHERE client = $1 AND created_at >= $3)
                  AS from_client,
                (SELECT COUNT(*) FROM contact_submissions WHERE organisation_id = $2 AND created_at >= $3)
                  AS to_practice",
    )
    .bind(client)
    .bind(practice_id)
    .bind(since)
    .fetch_one(conn)
    .await?;
    Ok((row.from_client, row.to_practice))
}

/// Deletes the practice's submissions from before `before` (they no
/// longer count towards any limit). Rows another submission is deleting
/// are skipped on PostgreSQL, so two never wait for each other.
pub async fn purge_contacts(
    conn: &mut AnyConnection,
    backend: crate::server::Backend,
    practice_id: &OrgId,
    before: i64,
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "DELETE FROM contact_submissions WHERE id IN (
             SELECT id FROM contact_submissions WHERE organisation_id = $1 AND created_at < $2 {})",
        backend.skip_locked()
    );
    let done = sqlx::query(&sql)
        .bind(practice_id)
        .bind(before)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

pub async fn record_contact(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
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

/// Deletes up to `limit` contact-form submissions of every practice made
/// before `before` (they no longer count towards any limit).
pub async fn purge_all_contacts(
    conn: &mut AnyConnection,
    backend: crate::server::Backend,
    before: i64,
    limit: i64,
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "DELETE FROM contact_submissions WHERE id IN (
             SELECT id FROM contact_submissions WHERE created_at < $1 LIMIT $2 {})",
        backend.skip_locked()
    );
    let done = sqlx::query(&sql)
        .bind(before)
        .bind(limit)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
