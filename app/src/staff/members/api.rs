//! Server functions of registered staff: one person's role, the EMIS
//! username, change role, disable or enable, remove. Each is a public
//! endpoint: it authenticates and authorises itself (see
//! server/tests/it/authorisation.rs), then calls the service.

use crate::ids::{MembershipId, OrgId};
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
use crate::staff::model::ClinicalSystem;

/// Needs ManageStaff: one registered staff row, for its edit page.
#[server(endpoint = "get_staff_member")]
pub async fn get_staff_member(
    organisation_id: OrgId,
    membership_id: MembershipId,
) -> Result<(StaffMember, ClinicalSystem), AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::staff_member(state.cx(), &organisation_id, &membership_id).await
}

/// Needs ManageStaff.
#[server(endpoint = "update_emis_username")]
pub async fn update_emis_username(
    organisation_id: OrgId,
    membership_id: MembershipId,
    #[server(default)] emis_username: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::update_emis_username(
        state.cx(),
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
    organisation_id: OrgId,
    membership_id: MembershipId,
    role: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::change_staff_role(state.cx(), &actor, &organisation_id, &membership_id, &role)
        .await
}

/// Needs ManageStaff. `enabled` is "true" or "false". The last practice
/// admin cannot be disabled.
#[server(endpoint = "set_staff_enabled")]
pub async fn set_staff_enabled(
    organisation_id: OrgId,
    membership_id: MembershipId,
    enabled: bool,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::set_staff_enabled(
        state.cx(),
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
    organisation_id: OrgId,
    membership_id: MembershipId,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageStaff, &organisation_id).await?;
    super::service::remove_staff_role(state.cx(), &actor, &organisation_id, &membership_id).await
}
