//! Server functions of the locum's own pages: signed in with an active
//! locum registration (the service refuses anyone else); acting for a hub
//! also needs an enabled, direct Locum role in it (BookShifts there).

use leptos::prelude::*;

use crate::error::AppError;
use crate::ids::OrgId;
use crate::locums::model::*;

/// "Hub management".
#[server(endpoint = "get_hub_management")]
pub async fn get_hub_management() -> Result<HubManagement, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::hub_management(state.cx(), &user).await
}

/// "Add Hub".
#[server(endpoint = "add_hub_membership")]
pub async fn add_hub_membership(#[server(default)] hub_id: String) -> Result<String, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    let name = super::service::add_hub(state.cx(), &user, &hub_id).await?;
    crate::server::forms::plain_form_lands_on("/hub-management?done=added");
    Ok(name)
}

/// The hub locations the locum wishes to work at.
#[server(endpoint = "choose_hub_locations")]
pub async fn choose_hub_locations(
    hub_id: OrgId,
    #[server(default)] locations: Vec<String>,
) -> Result<(), AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::choose_locations(state.cx(), &user, &hub_id, &locations).await?;
    crate::server::forms::plain_form_lands_on("/hub-management?done=locations");
    Ok(())
}

/// "Mark as read" or "Sign" a hub document.
#[server(endpoint = "acknowledge_hub_document")]
pub async fn acknowledge_hub_document(
    hub_id: OrgId,
    document_id: String,
    #[server(default)] typed_name: String,
) -> Result<DocumentAction, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    let action =
        super::service::acknowledge(state.cx(), &user, &hub_id, &document_id, &typed_name).await?;
    crate::server::forms::plain_form_lands_on(&format!("/hub-management?done={}", action.as_str()));
    Ok(action)
}

/// "Your profile".
#[server(endpoint = "get_locum_profile")]
pub async fn get_locum_profile() -> Result<LocumProfile, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::profile(state.cx(), &user).await
}
