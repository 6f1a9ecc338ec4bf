//! `GET /patient-profile/letters/{letter}`: a letter the practice made for
//! the signed-in patient and lets them see, as a Word file. Anything else
//! (not signed in: 401; another patient's letter or a hidden one: 404).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::files::model::FileKind;
use crate::files::service::StoredFile;
use crate::server::AppState;

pub async fn your_letter(
    State(state): State<AppState>,
    Path(letter_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let answer = async {
        let (user, _) = crate::auth::session::stream_caller(&state, &headers).await?;
        super::service::your_letter(state.cx(), &user, &letter_id).await
    };
    match answer.await {
        Ok((name, bytes)) => crate::files::download::respond(StoredFile {
            name,
            kind: FileKind::Docx,
            bytes,
        }),
        Err(error) => crate::files::download::refuse(error),
    }
}
