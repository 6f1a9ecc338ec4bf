//! Group inboxes in the database: adding one, whether a name is taken, and
//! the names in other practices (for near misses). The lookups other
//! sub-features share are in `requests::repo`.

use crate::ids::OrgId;
use sqlx::AnyConnection;

use super::model::*;

pub async fn insert_group_inbox(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    name: &str,
    role: &str,
    created_by: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO group_inboxes (id, organisation_id, name, name_key, role, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(practice_id)
    .bind(name)
    .bind(name_key(name))
    .bind(role)
    .bind(created_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn inbox_name_taken(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM group_inboxes WHERE organisation_id = $1 AND name_key = $2",
    )
    .bind(practice_id)
    .bind(name_key(name))
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

#[derive(Debug, sqlx::FromRow)]
struct InboxName {
    name: String,
    name_key: String,
    practice_id: OrgId,
}

/// Group inbox names (name, key, practice id) of these practices.
pub async fn inbox_names_of(
    conn: &mut AnyConnection,
    practices: &[&OrgId],
) -> Result<Vec<(String, String, OrgId)>, sqlx::Error> {
    if practices.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT DISTINCT g.name, g.name_key, g.organisation_id AS practice_id FROM group_inboxes g
          WHERE g.organisation_id IN ({}) ORDER BY g.name",
        crate::server::db::placeholders(practices, 1)
    );
    let mut query = sqlx::query_as::<_, InboxName>(&sql);
    for practice in practices {
        query = query.bind(*practice);
    }
    let rows = query.fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.name, row.name_key, row.practice_id))
        .collect())
}
