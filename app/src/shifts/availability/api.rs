//! Server functions of availability and requests for cover. The locum's
//! (their own availability, their answers) act for the signed-in person
//! only, checked in the service; the practice's need ManageShifts there.

use leptos::prelude::*;

use crate::error::AppError;
use crate::ids::{CoverRequestId, OrgId, UserId};
use crate::shifts::model::*;

/// A segment of the week grid: adds it to the locum's availability, or
/// removes it. Returns the page to show next (the week again, with focus
/// back on the segment).
#[server(endpoint = "toggle_availability")]
pub async fn toggle_availability(
    day: String,
    segment: String,
    #[server(default)] week: String,
) -> Result<String, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    let available = super::service::toggle(state.cx(), &user, &day, &segment).await?;
    // Checked by the service: a real date and segment.
    let week: String = week
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .take(10)
        .collect();
    let next = format!(
        "/schedule?week={week}&changed={}.{}.{}#availability",
        day.trim(),
        segment.trim(),
        if available { "on" } else { "off" }
    );
    crate::server::forms::plain_form_lands_on(&next);
    Ok(next)
}

/// The locum's "Accept" (`answer` = "accept") or "Decline" of a request
/// for cover. Returns the page to show next.
#[server(endpoint = "answer_cover_request")]
pub async fn answer_cover_request(
    request_id: CoverRequestId,
    answer: String,
) -> Result<String, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    let accept = match answer.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::BadRequest),
    };
    super::service::answer(state.cx(), &user, &request_id, accept).await?;
    let next = if accept {
        "/schedule?done=request_accepted"
    } else {
        "/schedule?done=request_declined"
    };
    crate::server::forms::plain_form_lands_on(next);
    Ok(next.to_string())
}

/// "Locum availability" for the week of `week` (an ISO date; this week
/// when empty), by role and hub.
#[server(endpoint = "practice_availability")]
pub async fn get_practice_availability(
    organisation_id: OrgId,
    #[server(default)] week: String,
    #[server(default)] role: String,
    #[server(default)] hub: String,
) -> Result<PracticeAvailability, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    let week = Some(week.as_str()).filter(|w| !w.is_empty());
    super::service::practice_availability(state.cx(), &organisation_id, week, &role, &hub).await
}

/// "Request cover" from a locum for one segment. Returns their name.
#[server(endpoint = "request_cover")]
pub async fn request_cover(
    organisation_id: OrgId,
    locum_id: UserId,
    day: String,
    segment: String,
    #[server(default)] rate: String,
    #[server(default)] notes: String,
) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    let ask = super::service::CoverAsk {
        locum_id: &locum_id,
        day: &day,
        segment: &segment,
        rate: &rate,
        notes: &notes,
    };
    let name = super::service::request_cover(state.cx(), &actor, &organisation_id, ask).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/availability?done=requested"
    ));
    Ok(name)
}

/// "Confirm" a request the locum accepted: it is booked. Returns their
/// name.
#[server(endpoint = "confirm_cover")]
pub async fn confirm_cover(
    organisation_id: OrgId,
    request_id: CoverRequestId,
) -> Result<String, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageShifts, &organisation_id).await?;
    let name = super::service::confirm(state.cx(), &actor, &organisation_id, &request_id).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/availability?done=confirmed"
    ));
    Ok(name)
}
