//! Storing and reading files. A file is checked before anything is kept:
//! its size, and its kind from its bytes. Storing runs in the caller's
//! transaction, so a file is kept together with whatever uses it, or not
//! at all (in FILES_DIR, a file whose transaction fails is removed).

use crate::error::AppError;
use crate::ids::{FileId, OrgId, UserId};
use crate::server::Ctx;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::model::{clean_name, FileKind, MAX_FILE_BYTES};
use super::repo::{self, NewFile};

/// A file checked and ready to keep.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

/// Why an upload is refused, in words for the field `field`.
pub fn check_upload(
    field: &str,
    name: &str,
    bytes: Vec<u8>,
    accepted: &[FileKind],
) -> Result<Upload, AppError> {
    if bytes.is_empty() {
        return Err(AppError::field(field, "Select a file"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::field(
            field,
            "The selected file must be smaller than 5 MB",
        ));
    }
    let Some(kind) = FileKind::sniff(&bytes).filter(|k| accepted.contains(k)) else {
        let kinds: Vec<&str> = accepted.iter().map(|k| k.label()).collect();
        return Err(AppError::field(
            field,
            &format!("The selected file must be {}", kinds.join(" or ")),
        ));
    };
    Ok(Upload {
        name: clean_name(name, kind),
        kind,
        bytes,
    })
}

/// Keeps a checked file for the organisation, in the caller's transaction.
pub async fn store(
    cx: Ctx<'_>,
    tx: &mut AnyConnection,
    organisation_id: &OrgId,
    actor: Option<&UserId>,
    upload: &Upload,
) -> Result<FileId, AppError> {
    let id = FileId::generate();
    let sha256 = hex::encode(Sha256::digest(&upload.bytes));
    let in_database = match &cx.config.files_dir {
        None => Some(upload.bytes.as_slice()),
        Some(dir) => {
            tokio::fs::write(dir.join(id.as_str()), &upload.bytes)
                .await
                .map_err(AppError::internal)?;
            None
        }
    };
    let inserted = repo::insert_file(
        tx,
        NewFile {
            id: &id,
            organisation_id,
            name: &upload.name,
            content_type: upload.kind.content_type(),
            size: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
            sha256: &sha256,
            data: in_database,
            created_by: actor,
            now: cx.now_ms(),
        },
    )
    .await;
    if let Err(error) = inserted {
        forget(cx, &id).await;
        return Err(error.into());
    }
    Ok(id)
}

/// Removes a file kept in FILES_DIR whose row was not kept.
pub async fn forget(cx: Ctx<'_>, id: &FileId) {
    if let Some(dir) = &cx.config.files_dir {
        let _ = tokio::fs::remove_file(dir.join(id.as_str())).await;
    }
}

/// A file read back.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub name: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

/// The organisation's file; `NotFound` for another organisation's.
pub async fn read(
    cx: Ctx<'_>,
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    id: &FileId,
) -> Result<StoredFile, AppError> {
    let row = repo::file(conn, organisation_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = match (row.data, &cx.config.files_dir) {
        (Some(data), _) => data,
        (None, Some(dir)) => tokio::fs::read(dir.join(row.id.as_str()))
            .await
            .map_err(AppError::internal)?,
        (None, None) => {
            return Err(AppError::internal(
                "a file is kept in FILES_DIR but FILES_DIR is not set",
            ))
        }
    };
    if hex::encode(Sha256::digest(&bytes)) != row.sha256 {
        return Err(AppError::internal("a stored file does not match its hash"));
    }
    let kind = FileKind::from_content_type(&row.content_type)
        .ok_or_else(|| AppError::internal("a stored file has an unknown kind"))?;
    Ok(StoredFile {
        name: row.name,
        kind,
        bytes,
    })
}
