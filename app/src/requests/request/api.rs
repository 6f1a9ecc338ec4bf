//! Server functions of one request: its page and its actions. Each is a
//! public endpoint: it authenticates itself (see
//! server/tests/it/authorisation.rs), then calls the service, which checks
//! that the person works requests in the request's practice.

use crate::ids::RequestId;
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Signed in with a staff role in the request's practice (otherwise
/// `NotFound`): the request page.
#[server(endpoint = "request_detail")]
pub async fn get_request(request_id: RequestId) -> Result<RequestDetail, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::request_detail(state.cx(), &user, &request_id).await
}

/// Signed in with a staff role in the request's practice: assign to
/// `person:<user id>`, `group:<inbox id>` or `nobody`.
#[server(endpoint = "assign_request")]
pub async fn assign_request(request_id: RequestId, assignee: String) -> Result<(), AppError> {
    use super::service::Assignee;
    let (actor, state) = crate::org::access::require_signed_in().await?;
    let to = match assignee.split_once(':') {
        Some(("person", id)) => Assignee::Person(crate::ids::UserId::new(id)),
        Some(("group", id)) => Assignee::Group(id.to_string()),
        _ if assignee == "nobody" => Assignee::Nobody,
        _ => {
            let mut errors = crate::error::FieldErrors::default();
            errors.push("assignee", "Select who to assign the request to");
            return Err(AppError::Invalid(errors));
        }
    };
    let changed = super::service::assign(state.cx(), &actor, &request_id, &to).await?;
    state.events.publish(&changed.practice_id);
    Ok(())
}

/// Signed in with a staff role in the request's practice: mark urgent
/// (`urgent` sent) or routine.
#[server(endpoint = "mark_request_urgent")]
pub async fn mark_request_urgent(
    request_id: RequestId,
    urgent: Option<String>,
) -> Result<(), AppError> {
    let (actor, state) = crate::org::access::require_signed_in().await?;
    let changed =
        super::service::mark_urgent(state.cx(), &actor, &request_id, urgent.is_some()).await?;
    state.events.publish(&changed.practice_id);
    Ok(())
}

/// Signed in with a staff role in the request's practice: an internal note.
#[server(endpoint = "add_request_note")]
pub async fn add_request_note(request_id: RequestId, note: String) -> Result<(), AppError> {
    let (actor, state) = crate::org::access::require_signed_in().await?;
    super::service::add_note(state.cx(), &actor, &request_id, &note).await
}

/// Signed in with a staff role in the request's practice: reply to the
/// patient. `true` when it was emailed, `false` when the patient gave only
/// a phone number and must be called.
#[server(endpoint = "reply_to_patient")]
pub async fn reply_to_patient(request_id: RequestId, reply: String) -> Result<bool, AppError> {
    let (actor, state) = crate::org::access::require_signed_in().await?;
    let (delivery, changed) =
        super::service::reply_to_patient(state.cx(), &actor, &request_id, &reply).await?;
    state.events.publish(&changed.practice_id);
    Ok(delivery == super::service::ReplyDelivery::Emailed)
}

/// Signed in with a staff role in the request's practice: complete it.
#[server(endpoint = "complete_request")]
pub async fn complete_request(request_id: RequestId) -> Result<(), AppError> {
    let (actor, state) = crate::org::access::require_signed_in().await?;
    let changed = super::service::complete(state.cx(), &actor, &request_id).await?;
    state.events.publish(&changed.practice_id);
    Ok(())
}
