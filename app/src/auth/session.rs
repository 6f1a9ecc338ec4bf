//! The signed-in person and the client address of the HTTP request being
//! served (server only): what server functions and the access API ask
//! before they act.

use leptos::prelude::*;

use super::model::CurrentUser;
use crate::error::AppError;

/// The signed-in person of one HTTP request, looked up once: a page's
/// header and its content both ask who is signed in, and the answer cannot
/// change while the page renders. The server provides a fresh one for every
/// request (pages and server functions alike).
#[derive(Clone, Default)]
pub struct RequestSession(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>);

/// The signed-in person for this request, if any. Everything it needs from
/// the request is read before its first wait: a page's resources may finish
/// after the page has been sent, when the request's context is gone.
pub async fn session_user() -> Result<Option<CurrentUser>, AppError> {
    use crate::server::cookies::request_session_token;
    let state = crate::server::app_state()?;
    let token = request_session_token(&state.config);
    let cache = use_context::<RequestSession>();
    let lookup = async move {
        match token {
            Some(token) => user_for_token(&state, &token).await,
            None => Ok(None),
        }
    };
    match cache {
        Some(cache) => cache.0.get_or_try_init(|| lookup).await.cloned(),
        None => lookup.await,
    }
}

/// The signed-in person, or `Unauthenticated`. Server functions that need a
/// person start here.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    session_user().await?.ok_or(AppError::Unauthenticated)
}

/// The caller's network address, for throttling: the TCP peer, or behind
/// a proxy named in `TRUSTED_PROXIES` the client it reports (see
/// `server::client`). Requests without connection information share one
/// bucket.
pub(crate) async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use axum::http::header::FORWARDED;
    let Ok(ConnectInfo(peer)) = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>().await
    else {
        return "unknown".to_string();
    };
    let Ok(state) = crate::server::app_state() else {
        return peer.ip().to_string();
    };
    if state.config.trusted_proxies.is_empty() {
        return peer.ip().to_string();
    }
    let headers: axum::http::HeaderMap = leptos_axum::extract().await.unwrap_or_default();
    let values = |name| -> Vec<&str> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    };
    crate::server::client::client_ip(
        peer.ip(),
        &values(FORWARDED),
        &values(axum::http::HeaderName::from_static("x-forwarded-for")),
        &state.config.trusted_proxies,
    )
    .to_string()
}

/// Whether the session of `token` is still alive (not refreshed by asking).
pub async fn session_alive(state: &crate::server::AppState, token: &str) -> Result<bool, AppError> {
    super::service::session_alive(state.cx(), token).await
}

/// The person a session token belongs to, if the session is still alive
/// under the configured idle and absolute limits.
pub async fn user_for_token(
    state: &crate::server::AppState,
    token: &str,
) -> Result<Option<CurrentUser>, AppError> {
    super::service::current_user(state.cx(), token).await
}

/// How often an open stream checks that its session is still alive (a
/// session ended by another server process, by its idle or absolute
/// limit, or by a lock).
pub const SESSION_CHECK: std::time::Duration = std::time::Duration::from_secs(30);

/// Resolves once the stream's session has ended: checked every
/// [`SESSION_CHECK`], and at once whenever a session ends in this process.
/// A failed check (the database busy or away) keeps the stream open.
pub async fn session_ended(state: crate::server::AppState, token: String) {
    let mut ended = state.events.subscribe_session_ends();
    let mut every = tokio::time::interval(SESSION_CHECK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    every.tick().await;
    loop {
        // A closed channel does not match, which leaves only the tick.
        tokio::select! {
            _ = every.tick() => {}
            Ok(()) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) = ended.recv() => {}
        }
        if let Ok(false) = session_alive(&state, &token).await {
            return;
        }
    }
}

/// The signed-in person of an event-stream request (by its session
/// cookie), with the session's token; `Unauthenticated` without one.
pub async fn stream_caller(
    state: &crate::server::AppState,
    headers: &axum::http::HeaderMap,
) -> Result<(CurrentUser, String), AppError> {
    use crate::server::cookies::{find_cookie, session_cookie_name};
    let token = find_cookie(
        headers.get_all(axum::http::header::COOKIE).iter(),
        session_cookie_name(&state.config),
    )
    .ok_or(AppError::Unauthenticated)?;
    let user = user_for_token(state, &token)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    Ok((user, token))
}

/// A page's live updates as server-sent events: "ready" once listening,
/// then "changed" (with `data`) whenever news on the event bus is `wanted`
/// (or some was missed), until the server shuts down or the session of
/// `token` ends. The stream carries no data of its own, so it leaks none.
pub fn live_stream(
    state: &crate::server::AppState,
    token: String,
    wanted: impl Fn(&str) -> bool + Clone + Send + Sync + 'static,
    data: &'static str,
) -> impl futures::Stream<Item = Result<axum::response::sse::Event, std::convert::Infallible>>
       + Send
       + 'static {
    use axum::response::sse::Event;
    use futures::stream::{self, StreamExt};
    use tokio::sync::broadcast::error::RecvError;
    // Subscribed before "ready" is said, so nothing after it is missed.
    let receiver = state.events.subscribe();
    let changes = stream::unfold(receiver, move |mut receiver| {
        let wanted = wanted.clone();
        async move {
            loop {
                match receiver.recv().await {
                    Ok(news) if wanted(&news) => break,
                    Ok(_) => continue,
                    // Missed some: reloading once covers them all.
                    Err(RecvError::Lagged(_)) => break,
                    Err(RecvError::Closed) => return None,
                }
            }
            Some((Ok(Event::default().event("changed").data(data)), receiver))
        }
    });
    let ready = stream::once(async { Ok(Event::default().event("ready").data("listening")) });
    let ends = futures::future::select(
        Box::pin(state.events.closed()),
        Box::pin(session_ended(state.clone(), token)),
    );
    ready.chain(changes).take_until(ends)
}

/// The answer of an event-stream endpoint: the stream, kept alive, or the
/// refusal with its status (`401`, `403`) and the error as JSON.
pub fn stream_answer<S>(result: Result<S, AppError>) -> axum::response::Response
where
    S: futures::Stream<Item = Result<axum::response::sse::Event, std::convert::Infallible>>
        + Send
        + 'static,
{
    use axum::http::StatusCode;
    use axum::response::sse::{KeepAlive, Sse};
    use axum::response::IntoResponse;
    match result {
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
