//! Documents on patient records. SQL only.

use crate::ids::{DocumentId, FileId, PatientId, UserId};
use sqlx::AnyConnection;

/// A document with its file's kind and size and who added it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub patient_id: PatientId,
    pub file_id: FileId,
    pub name: String,
    pub visible: i64,
    pub created_at: i64,
    pub created_by_name: Option<String>,
    pub content_type: String,
    pub size: i64,
}

const DOCUMENT_COLUMNS: &str = "d.id, d.patient_id, d.file_id, d.name, d.visible, d.created_at,
     u.name AS created_by_name, f.content_type, f.size
       FROM patient_documents d
       JOIN files f ON f.id = d.file_id
       LEFT JOIN users u ON u.id = d.created_by";

pub struct NewDocument<'a> {
    pub id: &'a DocumentId,
    pub patient_id: &'a PatientId,
    pub file_id: &'a FileId,
    pub name: &'a str,
    pub visible: bool,
    pub created_by: &'a UserId,
    pub now: i64,
}

pub async fn insert_document(
    conn: &mut AnyConnection,
    document: NewDocument<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO patient_documents (id, patient_id, file_id, name, visible, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(document.id)
    .bind(document.patient_id)
    .bind(document.file_id)
    .bind(document.name)
    .bind(i64::from(document.visible))
    .bind(document.created_by)
    .bind(document.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The record's documents, newest first; only the visible ones when
/// `visible_only`.
pub async fn documents(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    visible_only: bool,
) -> Result<Vec<DocumentRow>, sqlx::Error> {
    let only = if visible_only {
        "AND d.visible = 1"
    } else {
        ""
    };
    sqlx::query_as(&format!(
        "SELECT {DOCUMENT_COLUMNS}
          WHERE d.patient_id = $1 {only}
          ORDER BY d.created_at DESC, d.id"
    ))
    .bind(patient_id)
    .fetch_all(conn)
    .await
}

/// One document of the record.
pub async fn document(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    id: &DocumentId,
) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {DOCUMENT_COLUMNS} WHERE d.patient_id = $1 AND d.id = $2"
    ))
    .bind(patient_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// One visible document, whoever's record it is on (the caller checks it
/// is the patient's own).
pub async fn visible_document(
    conn: &mut AnyConnection,
    id: &DocumentId,
) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {DOCUMENT_COLUMNS} WHERE d.id = $1 AND d.visible = 1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Sets "Patient Profile Is Visible"; whether the document is the record's.
pub async fn set_document_visible(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    id: &DocumentId,
    visible: bool,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE patient_documents SET visible = $1 WHERE patient_id = $2 AND id = $3")
            .bind(i64::from(visible))
            .bind(patient_id)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}
