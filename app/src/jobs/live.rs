//! `GET /organisations/{id}/jobs/events`: live updates of an organisation's
//! job pages, as server-sent events. Needs ViewActivity there. The stream
//! says "changed" whenever one of the organisation's jobs (in a network,
//! also a schedule's) moves on, and the page reloads its data; it carries no
//! job data. The first event, "ready", says the page is listening. Streams
//! end when the server shuts down and when their session ends.

use std::convert::Infallible;

use axum::extract::{Path, State};
use axum::http::{header::COOKIE, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::future;
use futures::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use crate::error::AppError;
use crate::ids::OrgId;
use crate::org::access;
use crate::org::model::{OrgKind, Permission};
use crate::server::cookies::{find_cookie, session_cookie_name};
use crate::server::events::job_topic;
use crate::server::AppState;

pub async fn job_events(
    State(state): State<AppState>,
    Path(organisation_id): Path<OrgId>,
    headers: HeaderMap,
) -> Response {
    match listen(&state, &organisation_id, &headers).await {
        Ok(events) => Sse::new(events)
            .keep_alive(KeepAlive::default())
            .into_response(),
        Err(error) => {
            let status = match error {
                AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
                AppError::Forbidden => StatusCode::FORBIDDEN,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (status, axum::Json(error)).into_response()
        }
    }
}

async fn listen(
    state: &AppState,
    organisation_id: &OrgId,
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
    access::check(&mut conn, &user, Permission::ViewActivity, organisation_id).await?;
    let network = crate::org::service::organisation(&mut conn, organisation_id)
        .await?
        .is_some_and(|o| o.kind == OrgKind::Network);
    drop(conn);
    let mut topics = vec![job_topic(Some(organisation_id))];
    if network {
        topics.push(job_topic(None));
    }
    // Subscribe before saying "ready", so nothing after it is missed.
    let receiver = state.events.subscribe();
    let changes = stream::unfold(receiver, move |mut receiver| {
        let topics = topics.clone();
        async move {
            loop {
                match receiver.recv().await {
                    Ok(topic) if topics.contains(&topic) => break,
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_)) => break,
                    Err(RecvError::Closed) => return None,
                }
            }
            Some((Ok(Event::default().event("changed").data("jobs")), receiver))
        }
    });
    let ready = stream::once(async { Ok(Event::default().event("ready").data("listening")) });
    let ends = future::select(
        Box::pin(state.events.closed()),
        Box::pin(crate::auth::session::session_ended(state.clone(), token)),
    );
    Ok(ready.chain(changes).take_until(ends))
}
