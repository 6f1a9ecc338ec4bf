//! `GET /inbox/events`: the live updates of open inbox pages, as
//! server-sent events. Signed in with a staff role that works requests;
//! the stream says "changed" whenever requests of one of those practices
//! change (new, assigned, completed…), and the page reloads its data. The
//! first event, "ready", says the page is listening. The stream carries no
//! request data, so it cannot leak any. Streams end when the server shuts
//! down, so a graceful shutdown does not wait for them, and when their
//! session ends (at once on a sign-out in this process, otherwise within
//! [`crate::auth::session::SESSION_CHECK`]).

use crate::ids::OrgId;
use std::collections::HashSet;
use std::convert::Infallible;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::Event;
use axum::response::Response;
use futures::stream::Stream;

use crate::auth::session::{live_stream, stream_answer, stream_caller};
use crate::error::AppError;
use crate::server::AppState;

pub async fn inbox_events(State(state): State<AppState>, headers: HeaderMap) -> Response {
    stream_answer(listen(&state, &headers).await)
}

async fn listen(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<impl Stream<Item = Result<Event, Infallible>>, AppError> {
    let (user, token) = stream_caller(state, headers).await?;
    let mut conn = state.db.pool.acquire().await?;
    let practices: HashSet<OrgId> = super::inbox::service::practices_worked(&mut conn, &user.id)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    drop(conn);
    if practices.is_empty() {
        return Err(AppError::Forbidden);
    }
    let wanted = move |practice: &str| practices.contains(practice);
    Ok(live_stream(state, token, wanted, "requests"))
}
