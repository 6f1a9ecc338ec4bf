use leptos::prelude::*;

use super::model::CurrentUser;
use crate::error::AppError;

/// The signed-in person of one HTTP request, looked up once: a page's
/// header and its content both ask who is signed in, and the answer cannot
/// change while the page renders. The server provides a fresh one for every
/// request (pages and server functions alike).
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
pub struct RequestSession(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>);

/// The signed-in person for this request, if any. Everything it needs from
/// the request is read before its first wait: a page's resources may finish
/// after the page has been sent, when the request's context is gone.
#[cfg(feature = "ssr")]
pub async fn session_user() -> Result<Option<CurrentUser>, AppError> {
    use crate::server::cookies::request_session_token;
    let state = crate::server::app_state()?;
    let token = request_session_token(&state.config);
    let cache = use_context::<RequestSession>();
    let lookup = async move {
        let Some(token) = token else {
            return Ok(None);
        };
        let policy = super::service::SessionPolicy {
            idle_ms: state.config.session_idle_ms,
            absolute_ms: state.config.session_absolute_ms,
        };
        super::service::current_user(&state.db, state.clock.as_ref(), policy, &token).await
    };
    match cache {
        Some(cache) => cache.0.get_or_try_init(|| lookup).await.cloned(),
        None => lookup.await,
    }
}

/// The signed-in person, or `Unauthenticated`. Server functions that need a
/// person start here.
#[cfg(feature = "ssr")]
pub async fn require_user() -> Result<CurrentUser, AppError> {
    session_user().await?.ok_or(AppError::Unauthenticated)
}

/// The caller's network address, for throttling. The server is expected to
/// face the browser directly (or a proxy that keeps the address); requests
/// without connection information share one bucket.
#[cfg(feature = "ssr")]
pub(crate) async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_string())
}

/// Public: answers who is signed in (nobody, for an anonymous caller).
#[server(endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    session_user().await
}

/// Public: the credentials are the check. Starts a new session and sets the
/// session cookie.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::server::cookies::{session_cookie, set_cookie_header};
    let state = crate::server::app_state()?;
    let client = client_address().await;
    let session = super::service::sign_in(
        &state.db,
        state.clock.as_ref(),
        &state.hasher,
        &client,
        &email,
        &password,
    )
    .await?;
    set_cookie_header(&session_cookie(&state.config, &session.token));
    Ok(())
}

/// Ends this session (if any), removes the cookie and, for a plain form
/// post, sends the browser to the home page.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::cookies::{
        expired_session_cookie, request_session_token, set_cookie_header,
    };
    let state = crate::server::app_state()?;
    if let Some(token) = request_session_token(&state.config) {
        super::service::sign_out(&state.db, state.clock.as_ref(), &token).await?;
    }
    set_cookie_header(&expired_session_cookie(&state.config));
    leptos_axum::redirect("/");
    Ok(())
}

/// Signed-in only: ends every session of the caller, on every device, then
/// sends the browser to the sign-in page.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<u64, AppError> {
    use crate::server::cookies::{expired_session_cookie, set_cookie_header};
    let user = require_user().await?;
    let state = crate::server::app_state()?;
    let ended =
        super::service::sign_out_everywhere(&state.db, state.clock.as_ref(), &user.id).await?;
    set_cookie_header(&expired_session_cookie(&state.config));
    leptos_axum::redirect("/sign-in");
    Ok(ended)
}

/// Signed-in only: chooses the organisation this session works in, from
/// those the person belongs to. A plain form post from the switcher page.
#[server(endpoint = "switch_organisation")]
pub async fn switch_organisation(organisation_id: String) -> Result<(), AppError> {
    use crate::server::cookies::request_session_token;
    let (user, state) = crate::authz::require_signed_in().await?;
    let token = request_session_token(&state.config).ok_or(AppError::Unauthenticated)?;
    super::service::switch_organisation(&state.db, &user, &token, &organisation_id).await?;
    leptos_axum::redirect("/");
    Ok(())
}
