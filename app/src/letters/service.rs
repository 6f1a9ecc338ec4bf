//! "CMS configuration" of a practice's letters: "Letter Template Bases" (a
//! Word file and a body), "Letter Templates" (a letter on a base, with
//! "Patient Profile Is Visible"), and making a letter for a patient from a
//! template. Every check runs before anything is kept; a base and its file
//! are kept in one transaction.

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::files::model::{size_in_words, FileKind};
use crate::files::service::{self as files, Upload};
use crate::ids::{LetterBaseId, LetterTemplateId, OrgId, PatientId, UserId};
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::db::UniqueIndex;
use crate::server::Ctx;
use sqlx::AnyConnection;

use super::model::*;
use super::package::Package;
use super::render::{self, FieldValues};
use super::repo::{self, NewBase, NewTemplate};

const BASE_NAME: UniqueIndex = UniqueIndex {
    name: "letter_template_bases_practice_id_name_key",
    sqlite_columns: "letter_template_bases.practice_id, letter_template_bases.name",
};
const TEMPLATE_NAME: UniqueIndex = UniqueIndex {
    name: "letter_templates_practice_id_name_key",
    sqlite_columns: "letter_templates.practice_id, letter_templates.name",
};

async fn practice_name(conn: &mut AnyConnection, practice_id: &OrgId) -> Result<String, AppError> {
    Ok(orgs::practice(conn, practice_id)
        .await?
        .ok_or(AppError::NotFound)?
        .1)
}

fn check_name(errors: &mut FieldErrors, field: &str, name: &str, what: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        errors.push(field, &format!("Enter a name for the {what}"));
    } else if name.chars().count() > MAX_NAME_CHARS {
        errors.push(
            field,
            &format!("The name must be {MAX_NAME_CHARS} characters or fewer"),
        );
    }
    name.to_string()
}

/// Checks a letter body: its length and its fields (`extra` is the one
/// marker it may also hold).
fn check_body(errors: &mut FieldErrors, field: &str, body: &str, extra: Option<&str>) -> String {
    let body = body.replace("\r\n", "\n");
    if body.trim().is_empty() {
        errors.push(field, "Enter the letter body");
    } else if body.chars().count() > MAX_BODY_CHARS {
        errors.push(
            field,
            &format!("The letter body must be {MAX_BODY_CHARS} characters or fewer"),
        );
    } else {
        let names = super::merge::fields_in_text(&body);
        let unknown = render::unknown_fields(&names, extra);
        if let Some(first) = unknown.first() {
            errors.push(field, &format!("The letter body has a field Gatehouse does not know: {{{{{first}}}}}. Choose fields from \"Fields\""));
        }
    }
    body
}

/// "Letter Template Bases".
pub async fn bases_page(cx: Ctx<'_>, practice_id: &OrgId) -> Result<BasesPage, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let practice_name = practice_name(&mut conn, practice_id).await?;
    let bases = repo::bases(&mut conn, practice_id)
        .await?
        .into_iter()
        .map(|b| BaseSummary {
            id: b.id,
            name: b.name,
            file_name: b.file_name,
            file_size: size_in_words(b.file_size),
            created: crate::server::dates::uk_date_time(b.created_at),
            templates: b.templates,
        })
        .collect();
    Ok(BasesPage {
        practice_name,
        bases,
    })
}

/// A new base as sent.
pub struct NewBaseInput {
    pub name: String,
    pub body: String,
    pub file_name: String,
    pub file: Vec<u8>,
}

/// "New" letter template base: the name, the Word file (a real .docx,
/// within the limits, with `{{body}}` in its document and only known
/// fields) and the body (known fields and `{{letter}}`).
pub async fn create_base(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    input: NewBaseInput,
) -> Result<LetterBaseId, AppError> {
    let mut errors = FieldErrors::default();
    let name = check_name(&mut errors, "name", &input.name, "template base");
    let body = check_body(&mut errors, "body", &input.body, Some(LETTER_FIELD));
    let upload = match files::check_upload("file", &input.file_name, input.file, &[FileKind::Docx])
    {
        Ok(upload) => Some(upload),
        Err(error) => {
            errors.0.extend(error.field_errors().0);
            None
        }
    };
    if let Some(upload) = &upload {
        check_word_file(&mut errors, upload);
    }
    let (false, Some(upload)) = (!errors.is_empty(), upload) else {
        return Err(AppError::Invalid(errors));
    };
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            practice_name(tx, practice_id).await?;
            let file_id = files::store(cx, tx, practice_id, Some(&actor.id), &upload).await?;
            let id = LetterBaseId::generate();
            let inserted = repo::insert_base(
                tx,
                NewBase {
                    id: &id,
                    practice_id,
                    name: &name,
                    file_id: &file_id,
                    body: &body,
                    created_by: &actor.id,
                    now,
                },
            )
            .await;
            if let Err(error) = inserted {
                files::forget(cx, &file_id).await;
                return Err(BASE_NAME.as_field_error(
                    error,
                    "name",
                    "The practice already has a template base with this name",
                ));
            }
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("letter_template_base", id.as_str()),
                ActivityEvent::LetterBaseAdded,
                &name,
            )
            .await?;
            Ok(id)
        })
        .await
}

fn check_word_file(errors: &mut FieldErrors, upload: &Upload) {
    let package = match Package::read(&upload.bytes) {
        Ok(package) => package,
        Err(error) => {
            errors.push("file", error.message());
            return;
        }
    };
    let (names, has_body) = render::file_fields(&package);
    if !has_body {
        errors.push(
            "file",
            "The Word file must have {{body}} on a line of its own where the letter goes",
        );
    } else if let Some(first) = render::unknown_fields(&names, None).first() {
        errors.push(
            "file",
            &format!("The Word file has a field Gatehouse does not know: {{{{{first}}}}}"),
        );
    }
}

/// "Letter Templates", with the bases a new one may use.
pub async fn templates_page(cx: Ctx<'_>, practice_id: &OrgId) -> Result<TemplatesPage, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let practice_name = practice_name(&mut conn, practice_id).await?;
    let templates = repo::templates(&mut conn, practice_id)
        .await?
        .into_iter()
        .map(summary)
        .collect();
    let bases = repo::bases(&mut conn, practice_id)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    Ok(TemplatesPage {
        practice_name,
        templates,
        bases,
    })
}

fn summary(t: repo::TemplateRow) -> TemplateSummary {
    TemplateSummary {
        object: OBJECTS
            .iter()
            .find(|(key, _)| *key == t.object)
            .map_or_else(|| t.object.clone(), |(_, label)| label.to_string()),
        id: t.id,
        name: t.name,
        base_name: t.base_name,
        visible: t.visible != 0,
    }
}

/// "New" letter template.
pub async fn create_template(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    form: &TemplateForm,
) -> Result<LetterTemplateId, AppError> {
    let mut errors = FieldErrors::default();
    if !OBJECTS.iter().any(|(key, _)| *key == form.object) {
        errors.push("object", "Select what the letter is for");
    }
    let name = check_name(&mut errors, "name", &form.name, "letter template");
    let body = check_body(&mut errors, "body", &form.body, None);
    let visible = matches!(form.visible.as_str(), "on" | "true" | "yes");
    let base_id = LetterBaseId::new(form.base_id.trim());
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            practice_name(tx, practice_id).await?;
            if base_id.is_empty() || repo::base(tx, practice_id, &base_id).await?.is_none() {
                errors.push("base_id", "Select the Patient Letter Template Base");
            }
            if !errors.is_empty() {
                return Err(AppError::Invalid(errors.clone()));
            }
            let id = LetterTemplateId::generate();
            repo::insert_template(
                tx,
                NewTemplate {
                    id: &id,
                    practice_id,
                    base_id: &base_id,
                    object: &form.object,
                    name: &name,
                    body: &body,
                    visible,
                    created_by: &actor.id,
                    now,
                },
            )
            .await
            .map_err(|e| {
                TEMPLATE_NAME.as_field_error(
                    e,
                    "name",
                    "The practice already has a letter template with this name",
                )
            })?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("letter_template", id.as_str()),
                ActivityEvent::LetterTemplateAdded,
                &name,
            )
            .await?;
            Ok(id)
        })
        .await
}

/// "Patient Profile Is Visible", on or off.
pub async fn set_visible(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    template_id: &LetterTemplateId,
    visible: bool,
) -> Result<(), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let template = repo::template(tx, practice_id, template_id)
                .await?
                .ok_or(AppError::NotFound)?;
            repo::set_template_visible(tx, practice_id, template_id, visible).await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("letter_template", template_id.as_str()),
                ActivityEvent::LetterTemplateVisibility,
                &format!(
                    "{}: {}",
                    template.name,
                    if visible { "visible" } else { "not visible" }
                ),
            )
            .await?;
            Ok(())
        })
        .await
}

/// The practice's Patient Profile letter templates: (id, name).
pub async fn patient_letter_choices(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
) -> Result<Vec<(LetterTemplateId, String)>, AppError> {
    Ok(repo::templates(conn, practice_id)
        .await?
        .into_iter()
        .filter(|t| t.object == "patient_profile")
        .map(|t| (t.id, t.name))
        .collect())
}

/// A template's letter as text lines with the fields filled in (the preview
/// and print view).
pub async fn letter_lines(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    template_id: &LetterTemplateId,
    values: &FieldValues,
) -> Result<(String, Vec<String>), AppError> {
    let (name, mut pages) =
        letters_lines(conn, practice_id, template_id, std::slice::from_ref(values)).await?;
    Ok((name, pages.pop().unwrap_or_default()))
}

fn unknown_field(name: String) -> AppError {
    AppError::internal(format!("a saved letter has an unknown field {name}"))
}

/// A template's letter as a Word file: (file name, bytes).
pub async fn letter_docx(
    cx: Ctx<'_>,
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    template_id: &LetterTemplateId,
    values: &FieldValues,
) -> Result<(String, Vec<u8>), AppError> {
    letters_docx(
        cx,
        conn,
        practice_id,
        template_id,
        std::slice::from_ref(values),
    )
    .await
}

/// One template's letters for many patients, one per page, as a Word file:
/// (file name, bytes).
pub async fn letters_docx(
    cx: Ctx<'_>,
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    template_id: &LetterTemplateId,
    letters: &[FieldValues],
) -> Result<(String, Vec<u8>), AppError> {
    let template = repo::template(conn, practice_id, template_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = repo::base(conn, practice_id, &template.base_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let file = files::read(cx, conn, practice_id, &base.file_id).await?;
    let package = Package::read(&file.bytes).map_err(AppError::internal)?;
    let text = render::letter_text(&base.body, &template.body);
    let bytes = render::render_many(&package, &text, letters).map_err(unknown_field)?;
    Ok((format!("{}.docx", template.name), bytes))
}

/// One template's letters for many patients as text lines (the print
/// view): (template name, each letter's lines).
pub async fn letters_lines(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    template_id: &LetterTemplateId,
    letters: &[FieldValues],
) -> Result<(String, Vec<Vec<String>>), AppError> {
    let template = repo::template(conn, practice_id, template_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = repo::base(conn, practice_id, &template.base_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let text = render::letter_text(&base.body, &template.body);
    let mut pages = Vec::with_capacity(letters.len());
    for values in letters {
        let merged = render::merge_text(&text, values).map_err(unknown_field)?;
        pages.push(merged.lines().map(str::to_string).collect());
    }
    Ok((template.name, pages))
}

pub use super::repo::NewPatientLetter;

/// Records the letters a bulk job made, in its transaction.
pub async fn record_patient_letters(
    conn: &mut AnyConnection,
    letters: &[repo::NewPatientLetter<'_>],
    actor: &UserId,
    now: i64,
) -> Result<(), AppError> {
    repo::insert_patient_letters(conn, letters, actor, now).await?;
    Ok(())
}

/// Records that a template's letter was made for a patient.
pub async fn record_patient_letter(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    template_id: &LetterTemplateId,
    credentials_id: Option<&str>,
    actor: &UserId,
    now: i64,
) -> Result<(), AppError> {
    repo::insert_patient_letter(conn, patient_id, template_id, credentials_id, actor, now).await?;
    Ok(())
}

/// A letter a patient may see: made for them from a template whose
/// "Patient Profile Is Visible" is on.
#[derive(Debug, Clone)]
pub struct VisibleLetter {
    pub id: String,
    pub patient_id: PatientId,
    pub template_id: LetterTemplateId,
    pub credentials_id: Option<String>,
    pub name: String,
    pub created_at: i64,
}

fn visible(row: repo::PatientLetterRow) -> VisibleLetter {
    VisibleLetter {
        id: row.id,
        patient_id: row.patient_id,
        template_id: row.template_id,
        credentials_id: row.credentials_id,
        name: row.name,
        created_at: row.created_at,
    }
}

/// The patient's visible letters, the newest of each template.
pub async fn visible_letters(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
) -> Result<Vec<VisibleLetter>, AppError> {
    let mut letters: Vec<VisibleLetter> = Vec::new();
    for row in repo::visible_patient_letters(conn, patient_id).await? {
        if !letters.iter().any(|l| l.template_id == row.template_id) {
            letters.push(visible(row));
        }
    }
    Ok(letters)
}

/// One visible letter, by its id; `None` when it is not visible (or not
/// one).
pub async fn visible_letter(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<VisibleLetter>, AppError> {
    Ok(repo::visible_patient_letter(conn, id).await?.map(visible))
}
