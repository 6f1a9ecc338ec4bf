//! Files in the database. SQL only.

use crate::ids::{FileId, OrgId, UserId};
use sqlx::AnyConnection;

pub struct NewFile<'a> {
    pub id: &'a FileId,
    pub organisation_id: &'a OrgId,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    /// `None` when the bytes are kept in FILES_DIR.
    pub data: Option<&'a [u8]>,
    pub created_by: Option<&'a UserId>,
    pub now: i64,
}

pub async fn insert_file(conn: &mut AnyConnection, file: NewFile<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO files (id, organisation_id, name, content_type, size, sha256, data, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(file.id)
    .bind(file.organisation_id)
    .bind(file.name)
    .bind(file.content_type)
    .bind(file.size)
    .bind(file.sha256)
    .bind(file.data)
    .bind(file.created_by)
    .bind(file.now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub id: FileId,
    pub organisation_id: OrgId,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub data: Option<Vec<u8>>,
}

/// The file, if it is this organisation's.
pub async fn file(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    id: &FileId,
) -> Result<Option<FileRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, organisation_id, name, content_type, size, sha256, data
           FROM files WHERE id = $1 AND organisation_id = $2",
    )
    .bind(id)
    .bind(organisation_id)
    .fetch_optional(conn)
    .await
}
