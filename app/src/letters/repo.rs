//! Letter template bases, letter templates and the letters made for
//! patients, in the database. SQL only.

use crate::ids::{FileId, LetterBaseId, LetterTemplateId, OrgId, PatientId, UserId};
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BaseRow {
    pub id: LetterBaseId,
    pub name: String,
    pub file_id: FileId,
    pub body: String,
    pub created_at: i64,
    pub file_name: String,
    pub file_size: i64,
    pub templates: i64,
}

const BASE_COLUMNS: &str = "b.id, b.name, b.file_id, b.body, b.created_at,
    f.name AS file_name, f.size AS file_size,
    (SELECT COUNT(*) FROM letter_templates t WHERE t.base_id = b.id) AS templates";

pub async fn bases(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
) -> Result<Vec<BaseRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {BASE_COLUMNS} FROM letter_template_bases b JOIN files f ON f.id = b.file_id
          WHERE b.practice_id = $1 ORDER BY b.name"
    ))
    .bind(practice_id)
    .fetch_all(conn)
    .await
}

pub async fn base(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    id: &LetterBaseId,
) -> Result<Option<BaseRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {BASE_COLUMNS} FROM letter_template_bases b JOIN files f ON f.id = b.file_id
          WHERE b.practice_id = $1 AND b.id = $2"
    ))
    .bind(practice_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub struct NewBase<'a> {
    pub id: &'a LetterBaseId,
    pub practice_id: &'a OrgId,
    pub name: &'a str,
    pub file_id: &'a FileId,
    pub body: &'a str,
    pub created_by: &'a UserId,
    pub now: i64,
}

pub async fn insert_base(conn: &mut AnyConnection, base: NewBase<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO letter_template_bases (id, practice_id, name, file_id, body, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(base.id)
    .bind(base.practice_id)
    .bind(base.name)
    .bind(base.file_id)
    .bind(base.body)
    .bind(base.created_by)
    .bind(base.now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: LetterTemplateId,
    pub base_id: LetterBaseId,
    pub object: String,
    pub name: String,
    pub body: String,
    pub visible: i64,
    pub base_name: String,
}

const TEMPLATE_COLUMNS: &str =
    "t.id, t.base_id, t.object, t.name, t.body, t.visible, b.name AS base_name";

pub async fn templates(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
) -> Result<Vec<TemplateRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {TEMPLATE_COLUMNS} FROM letter_templates t
           JOIN letter_template_bases b ON b.id = t.base_id
          WHERE t.practice_id = $1 ORDER BY t.name"
    ))
    .bind(practice_id)
    .fetch_all(conn)
    .await
}

pub async fn template(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    id: &LetterTemplateId,
) -> Result<Option<TemplateRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {TEMPLATE_COLUMNS} FROM letter_templates t
           JOIN letter_template_bases b ON b.id = t.base_id
          WHERE t.practice_id = $1 AND t.id = $2"
    ))
    .bind(practice_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub struct NewTemplate<'a> {
    pub id: &'a LetterTemplateId,
    pub practice_id: &'a OrgId,
    pub base_id: &'a LetterBaseId,
    pub object: &'a str,
    pub name: &'a str,
    pub body: &'a str,
    pub visible: bool,
    pub created_by: &'a UserId,
    pub now: i64,
}

pub async fn insert_template(
    conn: &mut AnyConnection,
    template: NewTemplate<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO letter_templates (id, practice_id, base_id, object, name, body, visible, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(template.id)
    .bind(template.practice_id)
    .bind(template.base_id)
    .bind(template.object)
    .bind(template.name)
    .bind(template.body)
    .bind(i64::from(template.visible))
    .bind(template.created_by)
    .bind(template.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_template_visible(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    id: &LetterTemplateId,
    visible: bool,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE letter_templates SET visible = $1 WHERE id = $2 AND practice_id = $3")
            .bind(i64::from(visible))
            .bind(id)
            .bind(practice_id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a letter made for a patient from a template, once per template
/// and credentials.
pub async fn insert_patient_letter(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
    template_id: &LetterTemplateId,
    credentials_id: Option<&str>,
    created_by: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO patient_letters (id, patient_id, template_id, credentials_id, created_by, created_at)
         SELECT $1, $2, $3, $4, $5, $6
          WHERE NOT EXISTS (SELECT 1 FROM patient_letters
                             WHERE patient_id = $2 AND template_id = $3
                               AND COALESCE(credentials_id, '') = COALESCE($4, ''))",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(patient_id)
    .bind(template_id)
    .bind(credentials_id)
    .bind(created_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A letter a bulk job made: (patient, template, credentials).
pub struct NewPatientLetter<'a> {
    pub patient_id: &'a PatientId,
    pub template_id: &'a LetterTemplateId,
    pub credentials_id: &'a str,
}

/// Records many letters made at one time (each for new credentials).
pub async fn insert_patient_letters(
    conn: &mut AnyConnection,
    letters: &[NewPatientLetter<'_>],
    created_by: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    for chunk in letters.chunks(500) {
        let sql = format!(
            "INSERT INTO patient_letters (id, patient_id, template_id, credentials_id, created_by, created_at)
             VALUES {}",
            crate::server::db::value_rows(chunk.len(), 6)
        );
        let mut query = sqlx::query(&sql);
        for letter in chunk {
            query = query
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(letter.patient_id)
                .bind(letter.template_id)
                .bind(letter.credentials_id)
                .bind(created_by)
                .bind(now);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A letter made for a patient, with its template's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PatientLetterRow {
    pub id: String,
    pub patient_id: PatientId,
    pub template_id: LetterTemplateId,
    pub credentials_id: Option<String>,
    pub created_at: i64,
    pub name: String,
}

/// The patient's letters whose template has "Patient Profile Is Visible"
/// on, newest first.
pub async fn visible_patient_letters(
    conn: &mut AnyConnection,
    patient_id: &PatientId,
) -> Result<Vec<PatientLetterRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.id, l.patient_id, l.template_id, l.credentials_id, l.created_at, t.name
           FROM patient_letters l JOIN letter_templates t ON t.id = l.template_id
          WHERE l.patient_id = $1 AND t.visible = 1
          ORDER BY l.created_at DESC, l.id",
    )
    .bind(patient_id)
    .fetch_all(conn)
    .await
}

/// One letter made for a patient, if its template is visible.
pub async fn visible_patient_letter(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<PatientLetterRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.id, l.patient_id, l.template_id, l.credentials_id, l.created_at, t.name
           FROM patient_letters l JOIN letter_templates t ON t.id = l.template_id
          WHERE l.id = $1 AND t.visible = 1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}
