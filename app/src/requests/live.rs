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
use axum::http::{header::COOKIE, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures::future;
use futures::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use crate::error::AppError;
use crate::server::cookies::{find_cookie, session_cookie_name};
use crate::server::AppState;

pub async fn inbox_events(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match listen(&state, &headers).await {
        Ok(events) => Sse::new(events)
            .keep_alive(KeepAlive::default())
            .into_response(),
        Err(error) => {
            let status = match error {
                AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
                AppError::Forbidden => StatusCode::FORBIDDEN,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (status, Json(error)).into_response()
        }
    }
}

async fn listen(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<impl Stream<Item = Result<Event, Infallible>>, AppError> {
    let token = find_cookie(
        headers.get_all(COOKIE).iter(),
        session_cookie_name(&state.config),
    )
    .ok_or(AppError::Unauthenticated)?;
    let user = crate::auth::session::user_for_token(state, &token)
        .await?
        .ok_or(AppError::Unauthenticated)?;
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
    // Subscribe before saying "ready", so nothing after it is missed.
    let receiver = state.events.subscribe();
    let changes = stream::unfold(receiver, move |mut receiver| {
        let practices = practices.clone();
        async move {
            loop {
                match receiver.recv().await {
                    Ok(practice) if practices.contains(practice.as_str()) => break,
                    Ok(_) => continue,
                    // Missed some: reloading once covers them all.
                    Err(RecvError::Lagged(_)) => break,
                    Err(RecvError::Closed) => return None,
                }
            }
            Some((
                Ok(Event::default().event("changed").data("requests")),
                receiver,
            ))
        }
    });
    let ready = stream::once(async { Ok(Event::default().event("ready").data("listening")) });
    let ends = future::select(
        Box::pin(state.events.closed()),
        Box::pin(crate::auth::session::session_ended(state.clone(), token)),
    );
    Ok(ready.chain(changes).take_until(ends))
}
