//! Server functions of "Client support": reading and saving it needs
//! ManageOrganisation in the network; the contact patients see is public.

use crate::ids::OrgId;
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
use crate::patients::model::SupportContact;

/// ManageOrganisation in the network: its "Client support" rows.
#[server(endpoint = "client_support")]
pub async fn client_support(organisation_id: OrgId) -> Result<ClientSupportPage, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageOrganisation, &organisation_id).await?;
    super::service::client_support(state.cx(), &organisation_id).await
}

/// ManageOrganisation in the network: saves one organisation type's row.
#[server(endpoint = "save_client_support")]
pub async fn save_client_support(
    organisation_id: OrgId,
    #[server(default)] organisation_kind: String,
    #[server(default)] support_email: String,
    #[server(default)] support_phone: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageOrganisation, &organisation_id).await?;
    super::service::save_client_support(
        state.cx(),
        &actor,
        &organisation_id,
        &organisation_kind,
        &support_email,
        &support_phone,
    )
    .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/organisations/{organisation_id}/client-support?done=saved"
    ));
    Ok(())
}

/// Public: the support contact shown on the registration, sign-in and help
/// pages (published contact details).
#[server(endpoint = "patient_support")]
pub async fn patient_support() -> Result<Option<SupportContact>, AppError> {
    let state = crate::server::app_state()?;
    super::service::general_support(state.cx()).await
}
