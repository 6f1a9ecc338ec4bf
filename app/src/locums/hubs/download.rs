//! `GET /hubs/{hub}/documents/{document}`: a hub document's file, for the
//! hub's enabled locums and its Hub managers. Not signed in: 401; anything
//! not theirs to see: 404.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::files::download::answer;
use crate::ids::OrgId;
use crate::server::AppState;

pub async fn hub_document(
    State(state): State<AppState>,
    Path((hub_id, document_id)): Path<(OrgId, String)>,
    headers: HeaderMap,
) -> Response {
    let file = async {
        let (user, _) = crate::auth::session::stream_caller(&state, &headers).await?;
        super::service::document_file(state.cx(), &user, &hub_id, &document_id).await
    };
    answer(file.await)
}
