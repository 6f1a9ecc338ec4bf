use crate::ids::OrgId;
use leptos::prelude::*;

use super::model::CurrentUser;
use crate::error::AppError;

/// Public: answers who is signed in (nobody, for an anonymous caller).
#[server(endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    super::session::session_user().await
}

/// Public: the credentials are the check. Starts a new session, ends the
/// one this browser held (if any) and sets the session cookie. Answers the
/// page to go to: `next` if it is a page of this site, else the person's
/// home (staff: the inbox). A plain form post is sent there.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::server::cookies::{request_session_token, session_cookie, set_cookie_header};
    let state = crate::server::app_state()?;
    let previous = request_session_token(&state.config);
    let client = super::session::client_address().await;
    let session = super::service::sign_in_replacing(
        state.cx(),
        &client,
        &email,
        &password,
        previous.as_deref(),
    )
    .await?;
    set_cookie_header(&session_cookie(&state.config, &session.token));
    let landing = super::service::landing(state.cx(), &session.user_id, next.as_deref()).await?;
    crate::server::forms::plain_form_lands_on(&landing);
    Ok(landing)
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
        super::service::sign_out(state.cx(), &token).await?;
        state.events.sessions_ended();
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
    let user = super::session::require_user().await?;
    let state = crate::server::app_state()?;
    let ended = super::service::sign_out_everywhere(state.cx(), &user.id).await?;
    state.events.sessions_ended();
    set_cookie_header(&expired_session_cookie(&state.config));
    leptos_axum::redirect("/sign-in");
    Ok(ended)
}

/// Signed-in only: chooses the organisation this session works in, from
/// those the person belongs to. A plain form post from the switcher page.
#[server(endpoint = "switch_organisation")]
pub async fn switch_organisation(organisation_id: OrgId) -> Result<(), AppError> {
    use crate::server::cookies::request_session_token;
    let (user, state) = crate::org::access::require_signed_in().await?;
    let token = request_session_token(&state.config).ok_or(AppError::Unauthenticated)?;
    super::service::switch_organisation(state.cx(), &user, &token, &organisation_id).await?;
    leptos_axum::redirect("/");
    Ok(())
}
