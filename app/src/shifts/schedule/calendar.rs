//! `GET /calendar.ics?token=…`: a locum's private iCalendar feed of their
//! booked work, for calendar apps (which cannot sign in: the secret token
//! is the credential, in the query so request logs, which record the path
//! only, never hold it). Any other token: 404.

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::server::AppState;

#[derive(Deserialize)]
pub struct FeedQuery {
    #[serde(default)]
    token: String,
}

pub async fn calendar_feed(
    State(state): State<AppState>,
    Query(query): Query<FeedQuery>,
) -> Response {
    match super::service::calendar_feed(state.cx(), &query.token).await {
        Ok(body) => {
            let mut response = (StatusCode::OK, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            response
        }
        Err(error) => crate::files::download::refuse(error),
    }
}
