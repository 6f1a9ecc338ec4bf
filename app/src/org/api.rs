use leptos::prelude::*;

use super::model::OrganisationSummary;
use crate::error::AppError;

/// Public: organisation names and ODS codes are published information.
/// Returns no people and nothing about patients.
#[server(endpoint = "list_organisations")]
pub async fn list_organisations() -> Result<Vec<OrganisationSummary>, AppError> {
    let state = crate::server::app_state()?;
    super::service::organisations(state.cx()).await
}

/// Signed in: the practices the caller may manage (empty for most people).
#[server(endpoint = "practices_to_manage")]
pub async fn practices_to_manage() -> Result<Vec<OrganisationSummary>, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::practices_to_manage(state.cx(), &user).await
}
