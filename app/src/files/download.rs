//! Answering with a file: its bytes as an attachment, never cached, never
//! sniffed by the browser.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::service::StoredFile;

/// The file as a download named after it.
pub fn respond(file: StoredFile) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file.name.replace(['"', '\\'], "_")
    );
    let mut response = (StatusCode::OK, file.bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(file.kind.content_type()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A refused download: the error's status and words, never cached.
pub fn refuse(error: crate::error::AppError) -> Response {
    let status =
        StatusCode::from_u16(error.status().as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        error.to_string(),
    )
        .into_response()
}

/// The file, or the refusal.
pub fn answer(result: Result<StoredFile, crate::error::AppError>) -> Response {
    match result {
        Ok(file) => respond(file),
        Err(error) => refuse(error),
    }
}
