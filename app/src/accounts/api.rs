use leptos::prelude::*;

use crate::error::AppError;

/// Authorised by the link itself: the token is the credential. Answers with
/// the email the link is for, or `LinkExpired`.
#[server(endpoint = "check_password_link")]
pub async fn check_password_link(token: String) -> Result<String, AppError> {
    let state = crate::server::app_state()?;
    super::service::check_set_password_link(&state.db, state.clock.as_ref(), &token).await
}

/// Authorised by the link itself: the token is the credential.
#[server(endpoint = "set_password")]
pub async fn set_password(
    token: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    let state = crate::server::app_state()?;
    super::service::set_password(
        &state.db,
        state.clock.as_ref(),
        &state.hasher,
        &token,
        &password,
        &confirm,
    )
    .await
}
