//! `GET /practices/{id}/patients/{patient}/letter.docx`: the invitation
//! letter as a Word file, for ManagePatients through a direct role in the
//! practice. Never cached; records "Patient Access Letter Generated".

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::ids::{OrgId, PatientId};
use crate::org::access;
use crate::org::model::Permission;
use crate::server::AppState;

pub async fn letter_docx(
    State(state): State<AppState>,
    Path((organisation_id, patient_id)): Path<(OrgId, PatientId)>,
    headers: HeaderMap,
) -> Response {
    match docx(&state, &organisation_id, &patient_id, &headers).await {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    ),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static(
                        "attachment; filename=\"patient-profile-letter.docx\"",
                    ),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.status().as_u16())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (
                status,
                [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
                error.to_string(),
            )
                .into_response()
        }
    }
}

async fn docx(
    state: &AppState,
    organisation_id: &OrgId,
    patient_id: &PatientId,
    headers: &HeaderMap,
) -> Result<Vec<u8>, AppError> {
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
    let letter = super::service::letter(state.cx(), &user, organisation_id, patient_id).await?;
    Ok(super::docx::letter_docx(&letter))
}
