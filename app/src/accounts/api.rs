use crate::ids::{OrgId, UserId};
use leptos::prelude::*;

use crate::error::AppError;

/// Authorised by the link itself: the token is the credential. Answers with
/// the email the link is for, or `LinkExpired`.
#[server(endpoint = "check_password_link")]
pub async fn check_password_link(token: String) -> Result<String, AppError> {
    let state = crate::server::app_state()?;
    super::service::check_set_password_link(state.cx(), &token).await
}

/// Authorised by the link itself: the token is the credential.
#[server(endpoint = "set_password")]
pub async fn set_password(
    token: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    let state = crate::server::app_state()?;
    super::service::set_password(state.cx(), &token, &password, &confirm).await?;
    // A new password ends every session of the account.
    state.events.sessions_ended();
    crate::server::forms::plain_form_lands_on("/password-set");
    Ok(())
}

/// Public: "Forgot your password?". The same answer whether or not the
/// address has an account.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let state = crate::server::app_state()?;
    super::service::request_password_reset(state.cx(), &email).await?;
    crate::server::forms::plain_form_lands_on("/forgot-password?sent=1");
    Ok(())
}

/// Needs UnlockAccounts in the organisation.
#[server(endpoint = "locked_accounts")]
pub async fn locked_accounts(
    organisation_id: OrgId,
) -> Result<Vec<super::model::LockedAccount>, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::UnlockAccounts, &organisation_id).await?;
    super::service::locked_accounts(state.cx(), &organisation_id).await
}

/// Needs UnlockAccounts in the organisation, and the person must belong to
/// it. A plain form post: goes back to the list with a confirmation.
#[server(endpoint = "unlock_account")]
pub async fn unlock_account(organisation_id: OrgId, user_id: UserId) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::UnlockAccounts, &organisation_id).await?;
    super::service::unlock_account(state.cx(), &actor.id, &organisation_id, &user_id).await?;
    leptos_axum::redirect("/locked-accounts?unlocked=1");
    Ok(())
}

/// Public: whether the first-run page is open (no accounts yet).
#[server(endpoint = "setup_needed")]
pub async fn setup_needed() -> Result<bool, AppError> {
    let state = crate::server::app_state()?;
    super::service::setup_needed(state.cx()).await
}

/// Public only while no account exists (afterwards `NotFound`): creates the
/// network administrator and signs them in.
#[server(endpoint = "first_run_setup")]
pub async fn first_run_setup(
    name: String,
    email: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::server::cookies::{session_cookie, set_cookie_header};
    let state = crate::server::app_state()?;
    let session =
        super::service::set_up_and_sign_in(state.cx(), &name, &email, &password, &confirm).await?;
    set_cookie_header(&session_cookie(&state.config, &session.token));
    crate::server::forms::plain_form_lands_on("/account");
    Ok(())
}
