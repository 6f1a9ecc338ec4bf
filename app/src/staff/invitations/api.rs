//! Server functions of invitations: sending one (by email or as a link to
//! copy), its links (resend, copy a new link, revoke), and the invited
//! person's side (view, accept, register). Each is a public endpoint: it
//! authenticates and authorises itself (see
//! server/tests/it/authorisation.rs), then calls the service.

use crate::ids::{InvitationId, OrgId};
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Needs ManageStaff: "Send invite" (emails a link valid for 7 days).
#[server(endpoint = "invite_staff")]
pub async fn invite_staff(
    organisation_id: OrgId,
    email: String,
    role: String,
    #[server(default)] emis_username: String,
) -> Result<InviteOutcome, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::invite_staff(
        state.cx(),
        &actor,
        &organisation_id,
        &email,
        &role,
        &emis_username,
        super::service::Delivery::Email,
    )
    .await
}

/// Needs ManageStaff: "Copy invite link" (the same invitation, no email;
/// the link comes back to be copied).
#[server(endpoint = "create_invite_link")]
pub async fn create_invite_link(
    organisation_id: OrgId,
    email: String,
    role: String,
    #[server(default)] emis_username: String,
) -> Result<InviteOutcome, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::invite_staff(
        state.cx(),
        &actor,
        &organisation_id,
        &email,
        &role,
        &emis_username,
        super::service::Delivery::Link,
    )
    .await
}

/// Needs ManageStaff: "Resend" emails a new link; older links stop working.
#[server(endpoint = "resend_invite")]
pub async fn resend_invite(
    organisation_id: OrgId,
    invite_id: InvitationId,
) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::resend_invite(state.cx(), &actor, &organisation_id, &invite_id).await
}

/// Needs ManageStaff: "Copy new link" answers a new link; older links stop
/// working.
#[server(endpoint = "renew_invite_link")]
pub async fn renew_invite_link(
    organisation_id: OrgId,
    invite_id: InvitationId,
) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::renew_invite_link(state.cx(), &actor, &organisation_id, &invite_id).await
}

/// Needs ManageStaff: "Revoke".
#[server(endpoint = "revoke_invite")]
pub async fn revoke_invite(
    organisation_id: OrgId,
    invite_id: InvitationId,
) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::revoke_invite(state.cx(), &actor, &organisation_id, &invite_id).await
}

/// Public: the link is the credential. What the invitation is for, or
/// `LinkExpired` for any link that cannot be used.
#[server(endpoint = "view_invitation")]
pub async fn view_invitation(token: String) -> Result<InvitationView, AppError> {
    let state = crate::server::app_state()?;
    let signed_in = crate::auth::session::session_user().await?;
    super::service::view_invitation(state.cx(), &token, signed_in.as_ref()).await
}

/// Signed in, as the invited address (the link is bound to it): adds the
/// role and makes the session work in that organisation.
#[server(endpoint = "accept_invite")]
pub async fn accept_invite(token: String) -> Result<Joined, AppError> {
    use crate::server::cookies::request_session_token;
    let (user, state) = crate::org::access::require_signed_in().await?;
    let session = request_session_token(&state.config);
    let joined =
        super::service::accept_invite_in_session(state.cx(), &token, &user, session.as_deref())
            .await?;
    crate::server::forms::plain_form_lands_on(&super::model::joined_page(
        &joined.organisation_id,
        false,
    ));
    Ok(joined)
}

/// Signed in: the confirmation of having joined an organisation (the page
/// a registration or acceptance posted without WebAssembly lands on).
/// `NotFound` unless the caller holds a role there.
#[server(endpoint = "joined")]
pub async fn get_joined(organisation_id: crate::ids::OrgId) -> Result<Joined, AppError> {
    let (user, _) = crate::org::access::require_signed_in().await?;
    Joined::of(&user, &organisation_id).ok_or(AppError::NotFound)
}

/// Public: the link is the credential, and works only for an address with
/// no account yet. Creates the account, signs the person in.
#[server(endpoint = "register_from_invite")]
pub async fn register_from_invite(
    token: String,
    name: String,
    job_title: String,
    #[server(default)] registration_number: String,
    password: String,
    confirm: String,
) -> Result<Joined, AppError> {
    use crate::server::cookies::{session_cookie, set_cookie_header};
    let state = crate::server::app_state()?;
    let form = super::service::Registration {
        name: &name,
        job_title: &job_title,
        registration_number: &registration_number,
        password: &password,
        confirm: &confirm,
    };
    let (session, joined) = super::service::register_and_sign_in(state.cx(), &token, &form).await?;
    set_cookie_header(&session_cookie(&state.config, &session.token));
    crate::server::forms::plain_form_lands_on(&super::model::joined_page(
        &joined.organisation_id,
        true,
    ));
    Ok(joined)
}
