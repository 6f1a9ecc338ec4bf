//! `GET /organisations/{id}/jobs/events`: live updates of an organisation's
//! job pages, as server-sent events. Needs ViewActivity there. The stream
//! says "changed" whenever one of the organisation's jobs (in a network,
//! also a schedule's) moves on, and the page reloads its data; it carries no
//! job data. The first event, "ready", says the page is listening. Streams
//! end when the server shuts down and when their session ends.

use std::convert::Infallible;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::sse::Event;
use axum::response::Response;
use futures::stream::Stream;

use crate::auth::session::{live_stream, stream_answer, stream_caller};
use crate::error::AppError;
use crate::ids::OrgId;
use crate::org::access;
use crate::org::model::{OrgKind, Permission};
use crate::server::events::job_topic;
use crate::server::AppState;

pub async fn job_events(
    State(state): State<AppState>,
    Path(organisation_id): Path<OrgId>,
    headers: HeaderMap,
) -> Response {
    stream_answer(listen(&state, &organisation_id, &headers).await)
}

async fn listen(
    state: &AppState,
    organisation_id: &OrgId,
    headers: &HeaderMap,
) -> Result<impl Stream<Item = Result<Event, Infallible>>, AppError> {
    let (user, token) = stream_caller(state, headers).await?;
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
    let wanted = move |topic: &str| topics.iter().any(|t| t == topic);
    Ok(live_stream(state, token, wanted, "jobs"))
}
