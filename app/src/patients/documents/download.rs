//! Downloads of documents on patient records:
//! - `GET /practices/{id}/patients/{patient}/documents/{document}`: staff
//!   with ViewPatients through a direct role in the practice;
//! - `GET /patient-profile/documents/{document}`: the patient, for a
//!   visible document on their own record while their account is Active.
//!
//! Not signed in: 401; anything not theirs to see: 404.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::files::download::answer;
use crate::ids::{DocumentId, OrgId, PatientId};
use crate::org::access;
use crate::org::model::Permission;
use crate::server::AppState;

pub async fn staff_document(
    State(state): State<AppState>,
    Path((organisation_id, patient_id, document_id)): Path<(OrgId, PatientId, DocumentId)>,
    headers: HeaderMap,
) -> Response {
    let file = async {
        let (user, _) = crate::auth::session::stream_caller(&state, &headers).await?;
        let mut conn = state.db.pool.acquire().await?;
        access::check(&mut conn, &user, Permission::ViewPatients, &organisation_id).await?;
        drop(conn);
        super::service::document_file(state.cx(), &organisation_id, &patient_id, &document_id).await
    };
    answer(file.await)
}

pub async fn own_document(
    State(state): State<AppState>,
    Path(document_id): Path<DocumentId>,
    headers: HeaderMap,
) -> Response {
    let file = async {
        let (user, _) = crate::auth::session::stream_caller(&state, &headers).await?;
        super::service::own_document_file(state.cx(), &user, &document_id).await
    };
    answer(file.await)
}
