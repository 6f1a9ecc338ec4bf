//! Server functions of appointment reminders and self-booking. The
//! settings need a direct ManageIntegrations role in the practice; the
//! patient's own functions need a signed-in person, and the service finds
//! their own active record at the practice (nobody else's).

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
use crate::ids::OrgId;

/// "Appointment reminders and self-booking" of a practice.
#[server(endpoint = "appointment_settings")]
pub async fn get_appointment_settings(
    organisation_id: OrgId,
) -> Result<AppointmentSettings, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageIntegrations, &organisation_id).await?;
    super::service::settings(state.cx(), &organisation_id).await
}

/// "Save reminder settings". The ticked reminder times come as `remind[]`
/// (hours before the appointment).
#[server(endpoint = "update_appointment_reminders")]
pub async fn update_appointment_reminders(
    organisation_id: OrgId,
    #[server(default)] reminders: String,
    #[server(default)] remind: Vec<String>,
    reminder_message: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageIntegrations, &organisation_id).await?;
    if remind.len() > REMINDER_TIMES.len() {
        return Err(AppError::BadRequest);
    }
    let hours = remind
        .iter()
        .map(|h| h.trim().parse::<i64>().map_err(|_| AppError::BadRequest))
        .collect::<Result<Vec<i64>, AppError>>()?;
    super::service::update_reminders(
        state.cx(),
        &actor,
        &organisation_id,
        &reminders,
        &hours,
        &reminder_message,
    )
    .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/appointment-settings?done=reminders"
    ));
    Ok(())
}

/// "Save self-booking settings".
#[server(endpoint = "update_self_booking")]
pub async fn update_self_booking(
    organisation_id: OrgId,
    #[server(default)] booking: String,
    slot_types: String,
    days_ahead: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageIntegrations, &organisation_id).await?;
    super::service::update_booking(
        state.cx(),
        &actor,
        &organisation_id,
        &booking,
        &slot_types,
        &days_ahead,
    )
    .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/appointment-settings?done=booking"
    ));
    Ok(())
}

/// "Your appointments" of the signed-in person.
#[server(endpoint = "your_appointments")]
pub async fn get_your_appointments() -> Result<YourAppointments, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::your_appointments(state.cx(), &user).await
}

/// The free slots the signed-in patient may book at the practice.
#[server(endpoint = "free_appointment_slots")]
pub async fn free_appointment_slots(practice_id: OrgId) -> Result<FreeSlots, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::free_slots(state.cx(), &user, &practice_id).await
}

/// "Book appointment": the chosen slot for the signed-in patient.
#[server(endpoint = "book_appointment")]
pub async fn book_appointment(practice_id: OrgId, slot: Option<String>) -> Result<(), AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::book(
        state.cx(),
        &user,
        &practice_id,
        slot.as_deref().unwrap_or_default(),
    )
    .await?;
    crate::server::forms::plain_form_lands_on("/appointments?done=booked");
    Ok(())
}

/// "Cancel appointment": one of the signed-in patient's own.
#[server(endpoint = "cancel_appointment")]
pub async fn cancel_appointment(
    practice_id: OrgId,
    appointment_id: String,
) -> Result<(), AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::cancel(state.cx(), &user, &practice_id, &appointment_id).await?;
    crate::server::forms::plain_form_lands_on("/appointments?done=cancelled");
    Ok(())
}
