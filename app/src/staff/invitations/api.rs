//! Server functions of "Manage staff and inboxes", invitations and
//! registration. Each is a public endpoint: it authenticates and authorises
//! itself (see server/tests/it/authorisation.rs), then calls the service.

use leptos::prelude::*;

use crate::staff::model::*;
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn env(state: &crate::server::AppState) -> super::service::Env<'_> {
    super::service::Env {
        db: &state.db,
        clock: state.clock.as_ref(),
        policy: &state.config.staff,
        base_url: &state.config.base_url,
    }
}

/// Needs ManageStaff in the organisation: its staff and invitations.
#[server(endpoint = "list_staff")]
pub async fn list_staff(organisation_id: String) -> Result<StaffOverview, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::overview(
        &state.db,
        state.clock.as_ref(),
        &state.config.staff,
        &organisation_id,
    )
    .await
}

/// Needs ManageStaff: "Send invite" (emails a link valid for 7 days).
#[server(endpoint = "invite_staff")]
pub async fn invite_staff(
    organisation_id: String,
    email: String,
    role: String,
    #[server(default)] emis_username: String,
) -> Result<InviteOutcome, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::invite_staff(
        env(&state),
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
    organisation_id: String,
    email: String,
    role: String,
    #[server(default)] emis_username: String,
) -> Result<InviteOutcome, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::invite_staff(
        env(&state),
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
pub async fn resend_invite(organisation_id: String, invite_id: String) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::resend_invite(env(&state), &actor, &organisation_id, &invite_id).await
}

/// Needs ManageStaff: "Copy new link" answers a new link; older links stop
/// working.
#[server(endpoint = "renew_invite_link")]
pub async fn renew_invite_link(
    organisation_id: String,
    invite_id: String,
) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::renew_invite_link(env(&state), &actor, &organisation_id, &invite_id).await
}

/// Needs ManageStaff: "Revoke".
#[server(endpoint = "revoke_invite")]
pub async fn revoke_invite(organisation_id: String, invite_id: String) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::revoke_invite(env(&state), &actor, &organisation_id, &invite_id).await
}

/// Public: the link is the credential. What the invitation is for, or
/// `LinkExpired` for any link that cannot be used.
#[server(endpoint = "view_invitation")]
pub async fn view_invitation(token: String) -> Result<InvitationView, AppError> {
    let state = crate::server::app_state()?;
    let signed_in = crate::auth::session::session_user().await?;
    super::service::view_invitation(&state.db, state.clock.as_ref(), &token, signed_in.as_ref())
        .await
}

/// Signed in, as the invited address (the link is bound to it): adds the
/// role and makes the session work in that organisation.
#[server(endpoint = "accept_invite")]
pub async fn accept_invite(token: String) -> Result<Joined, AppError> {
    use crate::server::cookies::request_session_token;
    let (user, state) = crate::org::access::require_signed_in().await?;
    let session = request_session_token(&state.config);
    super::service::accept_invite_in_session(
        &state.db,
        state.clock.as_ref(),
        &token,
        &user,
        session.as_deref(),
    )
    .await
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
    let (session, joined) = super::service::register_and_sign_in(
        &state.db,
        state.clock.as_ref(),
        &state.hasher,
        &token,
        &form,
    )
    .await?;
    set_cookie_header(&session_cookie(&state.config, &session.token));
    Ok(joined)
}

/// Needs ManageStaff: one registered staff row, for its edit page.
#[server(endpoint = "get_staff_member")]
pub async fn get_staff_member(
    organisation_id: String,
    membership_id: String,
) -> Result<(StaffMember, ClinicalSystem), AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::staff_member(&state.db, &organisation_id, &membership_id).await
}

/// Needs ManageStaff.
#[server(endpoint = "update_emis_username")]
pub async fn update_emis_username(
    organisation_id: String,
    membership_id: String,
    #[server(default)] emis_username: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::update_emis_username(
        env(&state),
        &actor,
        &organisation_id,
        &membership_id,
        &emis_username,
    )
    .await
}

/// Needs ManageStaff. The last practice admin's role cannot change.
#[server(endpoint = "change_staff_role")]
pub async fn change_staff_role(
    organisation_id: String,
    membership_id: String,
    role: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::change_staff_role(env(&state), &actor, &organisation_id, &membership_id, &role)
        .await
}

/// Needs ManageStaff. `enabled` is "true" or "false". The last practice
/// admin cannot be disabled.
#[server(endpoint = "set_staff_enabled")]
pub async fn set_staff_enabled(
    organisation_id: String,
    membership_id: String,
    enabled: bool,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::set_staff_enabled(
        env(&state),
        &actor,
        &organisation_id,
        &membership_id,
        enabled,
    )
    .await
}

/// Needs ManageStaff. The last practice admin cannot be removed.
#[server(endpoint = "remove_staff_role")]
pub async fn remove_staff_role(
    organisation_id: String,
    membership_id: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::remove_staff_role(env(&state), &actor, &organisation_id, &membership_id).await
}

/// Needs ManageOrganisation and ManageStaff in `organisation_id` (a network
/// or hub): "Register a practice" below it and invite its first Practice
/// admin.
#[server(endpoint = "register_practice")]
pub async fn register_practice(
    organisation_id: String,
    name: String,
    ods_code: String,
    #[server(default)] clinical_system: String,
    email: String,
) -> Result<(String, InviteOutcome), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageOrganisation, &organisation_id).await?;
    crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::register_practice(
        env(&state),
        &actor,
        &organisation_id,
        &name,
        &ods_code,
        &clinical_system,
        &email,
    )
    .await
}

/// Needs ManageOrganisation: the practice's name, ODS code and system.
#[server(endpoint = "get_practice_details")]
pub async fn get_practice_details(organisation_id: String) -> Result<PracticeDetails, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageOrganisation, &organisation_id).await?;
    super::service::practice_details(&state.db, &organisation_id).await
}

/// Needs ManageOrganisation: changes the name or clinical system.
#[server(endpoint = "update_practice")]
pub async fn update_practice(
    organisation_id: String,
    name: String,
    #[server(default)] clinical_system: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageOrganisation, &organisation_id).await?;
    super::service::update_practice(
        env(&state),
        &actor,
        &organisation_id,
        &name,
        &clinical_system,
    )
    .await
}

/// Needs ManageStaff: checks a bulk-invite file; changes nothing.
#[server(endpoint = "preview_bulk_invites")]
pub async fn preview_bulk_invites(
    organisation_id: String,
    text: String,
) -> Result<BulkPreview, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::preview_bulk_invites(env(&state), &organisation_id, &text).await
}

/// Needs ManageStaff: sends the valid rows of the file whose line numbers
/// are `from_line..=to_line` (at most 50 rows), one transaction per call.
#[server(endpoint = "send_bulk_invites")]
pub async fn send_bulk_invites(
    organisation_id: String,
    text: String,
    from_line: usize,
    to_line: usize,
) -> Result<Vec<BulkResult>, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::send_bulk_invites(
        env(&state),
        &actor,
        &organisation_id,
        &text,
        from_line,
        to_line,
    )
    .await
}

/// Signed in: whether the inbox opens in the organisation the person is
/// working in, and if not, why (a Practice admin without a staff role).
#[server(endpoint = "check_inbox_access")]
pub async fn check_inbox_access() -> Result<InboxAccess, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::inbox_access(&state.db, &user).await
}
