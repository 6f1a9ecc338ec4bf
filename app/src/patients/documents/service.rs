//! Documents on a patient's record: adding one (checked before anything is
//! kept; the file and the document in one transaction), "Patient Profile
//! Is Visible", and reading them back for staff and for the patient.

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::files::model::{size_in_words, FileKind};
use crate::files::service::{self as files, StoredFile};
use crate::ids::{DocumentId, OrgId, PatientId};
use crate::patients::model::{AccountState, RecordStatus};
use crate::patients::repo::{self, DocumentRow, NewDocument, PatientRow};
use crate::server::activity;
use crate::server::Ctx;
use sqlx::AnyConnection;

use super::model::*;

/// The kinds of file a document may be.
pub const DOCUMENT_KINDS: [FileKind; 4] =
    [FileKind::Pdf, FileKind::Docx, FileKind::Png, FileKind::Jpeg];

/// "Add a document" as posted.
#[derive(Debug, Clone, Default)]
pub struct NewDocumentInput {
    pub name: String,
    pub visible: bool,
    pub file_name: String,
    pub file: Vec<u8>,
}

/// The document's name: as typed, or the file's name without its
/// extension when none is typed.
fn document_name(errors: &mut FieldErrors, typed: &str, file_name: &str) -> String {
    let typed = typed.trim();
    let name = if typed.is_empty() {
        let last = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
        let stem = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
        stem.chars().filter(|c| !c.is_control()).collect::<String>()
    } else {
        typed.to_string()
    };
    let name = name.trim().to_string();
    if name.chars().any(char::is_control) {
        errors.push("name", "Name must not contain line breaks or tabs");
    } else if name.chars().count() > MAX_DOCUMENT_NAME {
        errors.push(
            "name",
            &format!("Name must be {MAX_DOCUMENT_NAME} characters or fewer"),
        );
    } else if name.is_empty() && !file_name.trim().is_empty() {
        errors.push("name", "Enter a name for the document");
    }
    name
}

/// "Add a document" (ManagePatients, checked by the caller): nothing is
/// kept unless the name and the file are both right.
pub async fn add_document(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    patient_id: &PatientId,
    input: NewDocumentInput,
) -> Result<DocumentId, AppError> {
    let mut errors = FieldErrors::default();
    let name = document_name(&mut errors, &input.name, &input.file_name);
    let upload = match files::check_upload("file", &input.file_name, input.file, &DOCUMENT_KINDS) {
        Ok(upload) => Some(upload),
        Err(error) => {
            errors.0.extend(error.field_errors().0);
            None
        }
    };
    let (false, Some(upload)) = (!errors.is_empty(), upload) else {
        return Err(AppError::Invalid(errors));
    };
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            crate::patients::service::load(tx, practice_id, patient_id).await?;
            let file_id = files::store(cx, tx, practice_id, Some(&actor.id), &upload).await?;
            let id = DocumentId::generate();
            let inserted = repo::insert_document(
                tx,
                NewDocument {
                    id: &id,
                    patient_id,
                    file_id: &file_id,
                    name: &name,
                    visible: input.visible,
                    created_by: &actor.id,
                    now,
                },
            )
            .await;
            if let Err(error) = inserted {
                files::forget(cx, &file_id).await;
                return Err(error.into());
            }
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("patient", patient_id.as_str()),
                ActivityEvent::PatientDocumentAdded,
                &format!(
                    "{name}{}",
                    if input.visible {
                        " (Patient Profile Is Visible)"
                    } else {
                        ""
                    }
                ),
            )
            .await?;
            Ok(id)
        })
        .await
}

/// "Patient Profile Is Visible" on or off (ManagePatients, checked by the
/// caller).
pub async fn set_visible(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    patient_id: &PatientId,
    document_id: &DocumentId,
    visible: bool,
) -> Result<(), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            crate::patients::service::load(tx, practice_id, patient_id).await?;
            let document = repo::document(tx, patient_id, document_id)
                .await?
                .ok_or(AppError::NotFound)?;
            repo::set_document_visible(tx, patient_id, document_id, visible).await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("patient", patient_id.as_str()),
                ActivityEvent::PatientDocumentVisibility,
                &format!(
                    "{}: {}",
                    document.name,
                    if visible { "visible" } else { "not visible" }
                ),
            )
            .await?;
            Ok(())
        })
        .await
}

fn kind_and_size(row: &DocumentRow) -> String {
    let kind = match FileKind::from_content_type(&row.content_type) {
        Some(FileKind::Pdf) => "PDF",
        Some(FileKind::Docx) => "Word document",
        Some(FileKind::Png) => "PNG image",
        Some(FileKind::Jpeg) => "JPEG image",
        None => "File",
    };
    format!("{kind}, {}", size_in_words(row.size))
}

/// The record's documents for staff (the record is loaded by the caller).
pub async fn documents_of(
    conn: &mut AnyConnection,
    row: &PatientRow,
) -> Result<Vec<DocumentView>, AppError> {
    Ok(repo::documents(conn, &row.id, false)
        .await?
        .into_iter()
        .map(|d| DocumentView {
            href: document_href(&row.practice_id, &row.id, &d.id),
            file: kind_and_size(&d),
            added: crate::server::dates::uk_date_time(d.created_at),
            by: d
                .created_by_name
                .clone()
                .unwrap_or_else(|| "Gatehouse".into()),
            visible: d.visible == 1,
            name: d.name,
            id: d.id,
        })
        .collect())
}

/// A document the patient may see: (name, "added" date, where, kind and
/// size).
#[derive(Debug, Clone)]
pub struct OwnDocument {
    pub name: String,
    pub added: String,
    pub href: String,
    pub file: String,
}

/// The record's visible documents, for its patient.
pub async fn visible_documents(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
) -> Result<Vec<OwnDocument>, AppError> {
    Ok(repo::documents(conn, patient_id, true)
        .await?
        .into_iter()
        .map(|d| OwnDocument {
            href: own_document_href(&d.id),
            file: kind_and_size(&d),
            added: crate::server::dates::uk_date_time(d.created_at),
            name: d.name,
        })
        .collect())
}

fn stored(file: StoredFile, name: &str) -> StoredFile {
    StoredFile {
        name: crate::files::model::clean_name(name, file.kind),
        ..file
    }
}

/// A document's file for staff (ViewPatients, checked by the caller).
pub async fn document_file(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    patient_id: &PatientId,
    document_id: &DocumentId,
) -> Result<StoredFile, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    crate::patients::service::load(&mut conn, practice_id, patient_id).await?;
    let document = repo::document(&mut conn, patient_id, document_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let file = files::read(cx, &mut conn, practice_id, &document.file_id).await?;
    Ok(stored(file, &document.name))
}

/// A visible document on one of the signed-in person's own records, while
/// its account is Active and the record is not Deceased or Left; `NotFound`
/// for anything else (another patient's, a hidden one).
pub async fn own_document_file(
    cx: Ctx<'_>,
    user: &CurrentUser,
    document_id: &DocumentId,
) -> Result<StoredFile, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let document = repo::visible_document(&mut conn, document_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = repo::patients_of_user(&mut conn, &user.id)
        .await?
        .into_iter()
        .find(|r| {
            r.id == document.patient_id
                && r.account_state() == AccountState::Active
                && r.record_status == RecordStatus::Active
        })
        .ok_or(AppError::NotFound)?;
    let file = files::read(cx, &mut conn, &row.practice_id, &document.file_id).await?;
    Ok(stored(file, &document.name))
}
