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
