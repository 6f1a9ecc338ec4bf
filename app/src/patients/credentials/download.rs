//! `GET /practices/{id}/patients/{patient}/letter.docx?letter=…`: the
//! chosen letter (the built-in one, or a letter template) as a Word file,
//! for ManagePatients through a direct role in the practice. Never cached;
//! records "Patient Access Letter Generated".
//!
//! `GET /practices/{id}/patients/bulk-credentials/{job}/letters.docx?letter=…&part=…`:
//! one part of one of a bulk credentials job's letters, one page a
//! patient, for the same people.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::error::AppError;
use crate::ids::{OrgId, PatientId};
use crate::org::access;
use crate::org::model::Permission;
use crate::server::AppState;

pub async fn letter_docx(
    State(state): State<AppState>,
    Path((organisation_id, patient_id)): Path<(OrgId, PatientId)>,
    Query(choice): Query<Choice>,
    headers: HeaderMap,
) -> Response {
    match docx(
        &state,
        &organisation_id,
        &patient_id,
        &choice.letter,
        &headers,
    )
    .await
    {
        Ok((name, bytes)) => crate::files::download::respond(crate::files::service::StoredFile {
            name,
            kind: crate::files::model::FileKind::Docx,
            bytes,
        }),
        Err(error) => crate::files::download::refuse(error),
    }
}

/// Which letter: `letter=` a letter template's id, or none for the built-in one.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Choice {
    #[serde(default)]
    letter: String,
}

async fn docx(
    state: &AppState,
    organisation_id: &OrgId,
    patient_id: &PatientId,
    choice: &str,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    let (user, _) = crate::auth::session::stream_caller(state, headers).await?;
    let mut conn = state.db.pool.acquire().await?;
    access::check(
        &mut conn,
        &user,
        Permission::ManagePatients,
        organisation_id,
    )
    .await?;
    drop(conn);
    super::service::letter_file(state.cx(), &user, organisation_id, patient_id, choice).await
}

/// Which of a job's letters: a letter template's id and the part (from 1).
#[derive(Debug, Default, serde::Deserialize)]
pub struct PartChoice {
    #[serde(default)]
    letter: String,
    #[serde(default)]
    part: i64,
}

pub async fn job_letters_docx(
    State(state): State<AppState>,
    Path((organisation_id, job_id)): Path<(OrgId, crate::ids::JobId)>,
    Query(choice): Query<PartChoice>,
    headers: HeaderMap,
) -> Response {
    let answer = async {
        let (user, _) = crate::auth::session::stream_caller(&state, &headers).await?;
        let mut conn = state.db.pool.acquire().await?;
        access::check(
            &mut conn,
            &user,
            Permission::ManagePatients,
            &organisation_id,
        )
        .await?;
        drop(conn);
        let letter = crate::ids::LetterTemplateId::new(choice.letter.as_str());
        super::service::bulk::job_letters_docx(
            state.cx(),
            &organisation_id,
            &job_id,
            &letter,
            choice.part,
        )
        .await
    };
    match answer.await {
        Ok((name, bytes)) => crate::files::download::respond(crate::files::service::StoredFile {
            name,
            kind: crate::files::model::FileKind::Docx,
            bytes,
        }),
        Err(error) => crate::files::download::refuse(error),
    }
}
