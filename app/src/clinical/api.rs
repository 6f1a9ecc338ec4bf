//! Server functions of "Feature settings" (ManageIntegrations: a direct
//! Practice administrator role in the practice). Each authorises itself,
//! then calls the service.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
use crate::ids::OrgId;

/// "Feature settings" (never the password: when and by whom it was set).
#[server(endpoint = "feature_settings")]
pub async fn get_feature_settings(organisation_id: OrgId) -> Result<FeatureSettings, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageIntegrations, &organisation_id).await?;
    super::service::feature_settings(state.cx(), &organisation_id).await
}

/// "Update EMIS Organisation ID".
#[server(endpoint = "update_emis_organisation_id")]
pub async fn update_emis_organisation_id(
    organisation_id: OrgId,
    emis_org_id: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageIntegrations, &organisation_id).await?;
    super::service::update_emis_org_id(state.cx(), &actor, &organisation_id, &emis_org_id).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/feature-settings?done=emis_org_id"
    ));
    Ok(())
}

/// "Update EMIS API user details".
#[server(endpoint = "update_emis_api_user")]
pub async fn update_emis_api_user(
    organisation_id: OrgId,
    api_username: String,
    api_password: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageIntegrations, &organisation_id).await?;
    super::service::update_api_user(
        state.cx(),
        &actor,
        &organisation_id,
        &api_username,
        &api_password,
    )
    .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/feature-settings?done=api_user"
    ));
    Ok(())
}

/// "Test connection": the fault found, or None when connected.
#[server(endpoint = "test_connection")]
pub async fn test_connection(organisation_id: OrgId) -> Result<Option<Fault>, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageIntegrations, &organisation_id).await?;
    let fault = super::service::test_connection(state.cx(), &actor, &organisation_id).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/feature-settings?done=tested"
    ));
    Ok(fault)
}
