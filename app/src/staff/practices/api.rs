//! Server functions of practices: "Register a practice" and the practice's
//! details. Each is a public endpoint: it authenticates and authorises
//! itself (see server/tests/it/authorisation.rs), then calls the service.

use crate::ids::OrgId;
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
use crate::staff::invitations::model::InviteOutcome;

/// Needs ManageOrganisation and ManageStaff in `organisation_id` (a network
/// or hub): "Register a practice" below it and invite its first Practice
/// admin.
#[server(endpoint = "register_practice")]
pub async fn register_practice(
    organisation_id: OrgId,
    name: String,
    ods_code: String,
    #[server(default)] clinical_system: String,
    email: String,
) -> Result<(OrgId, InviteOutcome), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageOrganisation, &organisation_id).await?;
    crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::register_practice(
        state.cx(),
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
pub async fn get_practice_details(organisation_id: OrgId) -> Result<PracticeDetails, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageOrganisation, &organisation_id).await?;
    super::service::practice_details(state.cx(), &organisation_id).await
}

/// Needs ManageOrganisation: changes the name, clinical system, address or
/// phone number.
#[server(endpoint = "update_practice")]
pub async fn update_practice(
    organisation_id: OrgId,
    name: String,
    #[server(default)] clinical_system: String,
    #[server(default)] address: String,
    #[server(default)] phone: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageOrganisation, &organisation_id).await?;
    super::service::update_practice(
        state.cx(),
        &actor,
        &organisation_id,
        &name,
        &clinical_system,
        &address,
        &phone,
    )
    .await
}
