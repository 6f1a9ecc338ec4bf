//! "Client support" rows in the database.

use crate::ids::{OrgId, UserId};
use sqlx::AnyConnection;

/// One "Client support" row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SupportRow {
    pub organisation_kind: String,
    pub email: String,
    pub phone: String,
}

pub async fn support_rows(
    conn: &mut AnyConnection,
    network_id: &OrgId,
) -> Result<Vec<SupportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT organisation_kind, email, phone FROM client_support WHERE network_id = $1
          ORDER BY organisation_kind",
    )
    .bind(network_id)
    .fetch_all(conn)
    .await
}

pub async fn save_support(
    conn: &mut AnyConnection,
    network_id: &OrgId,
    row: &SupportRow,
    by: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM client_support WHERE network_id = $1 AND organisation_kind = $2")
        .bind(network_id)
        .bind(&row.organisation_kind)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO client_support (network_id, organisation_kind, email, phone, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(network_id)
    .bind(&row.organisation_kind)
    .bind(&row.email)
    .bind(&row.phone)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
