//! Server functions of a practice's "Requirements" (ManageShifts in the
//! practice: its Practice administrators and Practice managers, and the
//! hub and network administrators above it).

use leptos::prelude::*;

use crate::error::AppError;
use crate::ids::{OfferId, OrgId, ShiftId};
use crate::shifts::model::*;

/// "Requirements".
#[server(endpoint = "practice_requirements")]
pub async fn get_requirements(organisation_id: OrgId) -> Result<PracticeRequirements, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    super::service::requirements(state.cx(), &organisation_id).await
}

/// "Post a requirement" (`shift[...]` fields).
#[server(endpoint = "post_requirement")]
pub async fn post_requirement(organisation_id: OrgId, shift: NewShift) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    super::service::post_requirement(state.cx(), &actor, &organisation_id, &shift).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/requirements?done=posted"
    ));
    Ok(())
}

/// "Accept" an offer of cover. Returns the locum's name.
#[server(endpoint = "accept_offer")]
pub async fn accept_offer(organisation_id: OrgId, offer_id: OfferId) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    let name =
        super::service::accept_offer(state.cx(), &actor, &organisation_id, &offer_id).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/requirements?done=accepted"
    ));
    Ok(name)
}

/// "Decline" an offer of cover. Returns the locum's name.
#[server(endpoint = "decline_offer")]
pub async fn decline_offer(organisation_id: OrgId, offer_id: OfferId) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    let name =
        super::service::decline_offer(state.cx(), &actor, &organisation_id, &offer_id).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/requirements?done=declined"
    ));
    Ok(name)
}

/// "Cancel requirement", with a reason.
#[server(endpoint = "cancel_requirement")]
pub async fn cancel_requirement(
    organisation_id: OrgId,
    shift_id: ShiftId,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    super::service::cancel_requirement(state.cx(), &actor, &organisation_id, &shift_id, &reason)
        .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/requirements?done=cancelled"
    ));
    Ok(())
}
