//! Server functions of "Hub shifts" (ManageShifts in the hub: its Hub
//! managers, and the network's administrators above it).

use leptos::prelude::*;

use crate::error::AppError;
use crate::ids::{OrgId, ShiftId};
use crate::shifts::model::*;

/// "Hub shifts".
#[server(endpoint = "hub_shifts")]
pub async fn get_hub_shifts(organisation_id: OrgId) -> Result<HubShifts, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    super::service::hub_shifts(state.cx(), &organisation_id).await
}

/// "Add shifts" (`shift[...]` fields). Returns how many were added.
#[server(endpoint = "add_hub_shifts")]
pub async fn add_hub_shifts(organisation_id: OrgId, shift: NewShift) -> Result<i64, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    let added = super::service::add_shifts(state.cx(), &actor, &organisation_id, &shift).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/hubs/{organisation_id}/shifts?added={added}"
    ));
    Ok(added)
}

/// "Cancel shift", with a reason.
#[server(endpoint = "cancel_shift")]
pub async fn cancel_shift(
    organisation_id: OrgId,
    shift_id: ShiftId,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    super::service::cancel_shift(state.cx(), &actor, &organisation_id, &shift_id, &reason).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/hubs/{organisation_id}/shifts?done=cancelled"
    ));
    Ok(())
}
