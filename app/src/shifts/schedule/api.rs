//! Server functions of the locum's Schedule. Each acts for the signed-in
//! person only; the service checks their role in the shift's hub through
//! the access API (BookShifts needs a direct, enabled role there).

use leptos::prelude::*;

use crate::error::AppError;
use crate::ids::ShiftId;
use crate::shifts::model::*;

/// "Schedule" for the week of `week` (an ISO date; this week when empty).
#[server(endpoint = "schedule")]
pub async fn get_schedule(#[server(default)] week: String) -> Result<Schedule, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    let week = Some(week.as_str()).filter(|w| !w.is_empty());
    super::service::schedule(state.cx(), &user, week).await
}

/// "Assign to me". Returns the shift's time in words.
#[server(endpoint = "assign_shift_to_me")]
pub async fn assign_shift_to_me(shift_id: ShiftId) -> Result<String, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    let when = super::service::assign_to_me(state.cx(), &user, &shift_id).await?;
    crate::server::forms::plain_form_lands_on("/schedule?done=assigned");
    Ok(when)
}

/// "Give back", with a reason.
#[server(endpoint = "give_back_shift")]
pub async fn give_back_shift(
    shift_id: ShiftId,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::give_back(state.cx(), &user, &shift_id, &reason).await?;
    crate::server::forms::plain_form_lands_on("/schedule?done=given_back");
    Ok(())
}

/// "Offer cover" for a practice's requirement. Returns its time in words.
#[server(endpoint = "offer_cover")]
pub async fn offer_cover(shift_id: ShiftId) -> Result<String, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    let when = super::service::offer_cover(state.cx(), &user, &shift_id).await?;
    crate::server::forms::plain_form_lands_on("/schedule?done=offered");
    Ok(when)
}

/// "Create a calendar link" / "Make a new link": returns the new token
/// (shown once; the page builds the link from it).
#[server(endpoint = "create_calendar_feed")]
pub async fn create_calendar_feed() -> Result<String, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    let token = super::service::create_calendar_feed(state.cx(), &user).await?;
    crate::server::forms::plain_form_lands_on(&format!("/schedule?calendar={token}#calendar"));
    Ok(token)
}

/// "Turn off the calendar link".
#[server(endpoint = "turn_off_calendar_feed")]
pub async fn turn_off_calendar_feed() -> Result<(), AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::turn_off_calendar_feed(state.cx(), &user).await?;
    crate::server::forms::plain_form_lands_on("/schedule?done=calendar_off");
    Ok(())
}

/// The Schedule's month view for `month` ("2026-12"; this month when
/// empty).
#[server(endpoint = "schedule_month")]
pub async fn get_schedule_month(
    #[server(default)] month: String,
) -> Result<ScheduleMonth, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    let month = Some(month.as_str()).filter(|m| !m.is_empty());
    super::service::month(state.cx(), &user, month).await
}
