//! Server functions of locum registration: "Create an account" and its
//! verification link (public: per-address limits, the link is the
//! credential), and the network's activation queue (ManageStaff in the
//! network: its Network administrators).

use leptos::prelude::*;

use crate::error::AppError;
use crate::ids::OrgId;
use crate::locums::model::*;

/// Public: the network's name and hubs, for the registration form.
#[server(endpoint = "locum_registration_page")]
pub async fn locum_registration_page() -> Result<RegistrationPage, AppError> {
    let state = crate::server::app_state()?;
    super::service::registration_page(state.cx()).await
}

/// Public: "Create an account".
#[server(endpoint = "register_locum")]
pub async fn register_locum(registration: NewLocum) -> Result<(), AppError> {
    let state = crate::server::app_state()?;
    let client = crate::auth::session::client_address().await;
    super::service::register(state.cx(), &client, &registration).await?;
    crate::server::forms::plain_form_lands_on("/locums/registered");
    Ok(())
}

/// Public: the verification link's token.
#[server(endpoint = "verify_locum_email")]
pub async fn verify_locum_email(token: String) -> Result<(), AppError> {
    let state = crate::server::app_state()?;
    super::service::verify(state.cx(), &token).await?;
    crate::server::forms::plain_form_lands_on("/locums/verified");
    Ok(())
}

/// Needs ManageStaff in the network: "Locum registrations".
#[server(endpoint = "locum_registrations")]
pub async fn locum_registrations(organisation_id: OrgId) -> Result<ActivationQueue, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::activation_queue(state.cx(), &organisation_id).await
}

/// Needs ManageStaff in the network: "Activate".
#[server(endpoint = "activate_locum")]
pub async fn activate_locum(
    organisation_id: OrgId,
    registration_id: String,
) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    let name =
        super::service::activate(state.cx(), &actor, &organisation_id, &registration_id).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/networks/{organisation_id}/locums?done=activated"
    ));
    Ok(name)
}

/// Needs ManageStaff in the network: "Reject", with a reason.
#[server(endpoint = "reject_locum")]
pub async fn reject_locum(
    organisation_id: OrgId,
    registration_id: String,
    #[server(default)] reason: String,
) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    let name = super::service::reject(
        state.cx(),
        &actor,
        &organisation_id,
        &registration_id,
        &reason,
    )
    .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/networks/{organisation_id}/locums?done=rejected"
    ));
    Ok(name)
}
