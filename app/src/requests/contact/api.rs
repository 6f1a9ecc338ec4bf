//! Server functions of new requests: the public "Contact your practice"
//! form and its practice, and logging a phone request (HandleRequests in
//! the practice). See server/tests/it/authorisation.rs.

use crate::ids::{OrgId, RequestId};
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Public: the practice a "Contact your practice" form belongs to; for a
/// signed-in patient of the practice, also their own details.
#[server(endpoint = "practice_contact")]
pub async fn get_practice_contact(organisation_id: OrgId) -> Result<PracticeContact, AppError> {
    let state = crate::server::app_state()?;
    let viewer = crate::auth::session::session_user()
        .await?
        .map(|user| user.id);
    super::service::practice_contact(state.cx(), &organisation_id, viewer.as_ref()).await
}

/// Needs HandleRequests in the practice: log a request taken by phone.
/// Returns the new request's id.
#[server(endpoint = "log_phone_request")]
pub async fn log_phone_request(
    organisation_id: OrgId,
    request: NewRequest,
) -> Result<RequestId, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::HandleRequests, &organisation_id).await?;
    let id =
        super::service::log_phone_request(state.cx(), &actor, &organisation_id, &request).await?;
    state.events.publish(&organisation_id);
    crate::server::forms::plain_form_lands_on(&format!("/requests/{id}?done=logged"));
    Ok(id)
}

/// Public: the "Contact your practice" form. Limited per client address
/// and per practice; `website` is a field people never see. Returns the
/// reference for the confirmation page.
#[server(endpoint = "submit_contact_form")]
pub async fn submit_contact_form(
    organisation_id: OrgId,
    request: NewRequest,
    #[server(default)] website: String,
) -> Result<String, AppError> {
    let state = crate::server::app_state()?;
    let client = crate::auth::session::client_address().await;
    let submitted = super::service::submit_contact_form(
        state.cx(),
        &organisation_id,
        &client,
        &request,
        &website,
    )
    .await?;
    let reference = match submitted {
        super::service::Submitted::Stored { reference } => {
            state.events.publish(&organisation_id);
            reference
        }
        super::service::Submitted::Discarded { reference } => reference,
    };
    crate::server::forms::plain_form_lands_on(&super::model::sent_page(
        &organisation_id,
        &reference,
    ));
    Ok(reference)
}
