//! Server functions of a hub's workforce, locations and documents
//! (ManageWorkforce: a direct Hub manager role in the hub), and "Add a
//! hub" (ManageOrganisation in the network).

use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

use crate::error::AppError;
use crate::ids::{OrgId, UserId};
use crate::locums::model::*;

/// "Hub workforce".
#[server(endpoint = "hub_workforce")]
pub async fn hub_workforce(organisation_id: OrgId) -> Result<Workforce, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageWorkforce, &organisation_id).await?;
    super::service::workforce(state.cx(), &organisation_id).await
}

/// "Enable" (`enabled`) or "Disable" a locum in the hub's workforce.
#[server(endpoint = "set_hub_member_enabled")]
pub async fn set_hub_member_enabled(
    organisation_id: OrgId,
    user_id: UserId,
    enabled: bool,
) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageWorkforce, &organisation_id).await?;
    let name = super::service::set_enabled(state.cx(), &actor, &organisation_id, &user_id, enabled)
        .await?;
    let done = if enabled { "enabled" } else { "disabled" };
    crate::server::forms::plain_form_lands_on(&format!(
        "/hubs/{organisation_id}/workforce?done={done}"
    ));
    Ok(name)
}

/// "Add a location".
#[server(endpoint = "add_hub_location")]
pub async fn add_hub_location(
    organisation_id: OrgId,
    #[server(default)] location_name: String,
    #[server(default)] address: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageWorkforce, &organisation_id).await?;
    super::service::add_location(
        state.cx(),
        &actor,
        &organisation_id,
        &location_name,
        &address,
    )
    .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/hubs/{organisation_id}/workforce?done=location"
    ));
    Ok(())
}

/// "Add a document": a multipart form with `organisation_id` (first),
/// `title`, `action` ("read" or "sign") and `file`.
#[server(endpoint = "add_hub_document", input = MultipartFormData)]
pub async fn add_hub_document(data: MultipartData) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let form = crate::server::upload::read(data, Permission::ManageWorkforce).await?;
    let (organisation_id, actor) = (form.organisation_id.clone(), form.actor.clone());
    let input = super::service::NewDocumentInput {
        title: form.field("title"),
        action: form.field("action"),
        file_name: form.file_name,
        file: form.file,
    };
    super::service::add_document(form.state.cx(), &actor, &organisation_id, input).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/hubs/{organisation_id}/workforce?done=document"
    ));
    Ok(())
}

/// "Add a hub", in the network.
#[server(endpoint = "add_hub")]
pub async fn add_hub(
    organisation_id: OrgId,
    #[server(default)] hub_name: String,
) -> Result<OrgId, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageOrganisation, &organisation_id).await?;
    let hub = super::service::add_hub(state.cx(), &actor, &organisation_id, &hub_name).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/networks/{organisation_id}/locums?done=hub"
    ));
    Ok(hub)
}
