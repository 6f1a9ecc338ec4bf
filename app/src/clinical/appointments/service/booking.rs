//! A signed-in patient's appointments: "Your appointments", the free
//! slots of "Book an appointment", booking and cancelling, each with its
//! email and activity entry.

use super::{day_in_words, load, time_in_words, when_in_words, Stored};
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::clinical::adapter::{Appointment, Appointments, FreeSlot, Link, Window, MAX_WINDOW_MS};
use crate::clinical::appointments::model::*;
use crate::clinical::model::Fault;
use crate::clinical::service as link_service;
use crate::error::AppError;
use crate::ids::OrgId;
use crate::mail::{OutgoingEmail, Template};
use crate::patients::service::PatientRow;
use crate::server::clock::DAY_MS;
use crate::server::{activity, Ctx};

/// Windows of at most 14 days covering `from` to `to`.
pub fn windows(from: i64, to: i64) -> Vec<Window> {
    let mut out = Vec::new();
    let mut start = from;
    while start < to {
        let end = (start + MAX_WINDOW_MS).min(to);
        if let Some(w) = Window::new(start, end) {
            out.push(w);
        }
        start = end;
    }
    out
}

/// What a patient reads when the practice's appointments cannot be used now.
fn unavailable(practice: &str, fault: Fault) -> String {
    tracing::warn!(fault = fault.as_str(), "appointments not available");
    format!("Online appointments at {practice} are not available at the moment. Try again later, or contact the practice.")
}

/// The signed-in person's own active record at the practice.
async fn own_record(
    cx: Ctx<'_>,
    user: &CurrentUser,
    practice_id: &OrgId,
) -> Result<PatientRow, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    crate::patients::service::own_active_records(&mut conn, &user.id)
        .await?
        .into_iter()
        .find(|r| &r.practice_id == practice_id)
        .ok_or(AppError::NotFound)
}

/// A practice that lets patients book, with its settings and its link.
struct Bookable {
    name: String,
    settings: Stored,
    link: Link,
    adapter: Box<dyn Appointments>,
}

async fn bookable(cx: Ctx<'_>, practice_id: &OrgId, name: &str) -> Result<Bookable, AppError> {
    let settings = load(cx, practice_id).await?;
    if !settings.booking_on {
        return Err(AppError::Conflict(format!(
            "{name} does not offer online booking. Contact the practice to book an appointment"
        )));
    }
    match link_service::practice_link(cx, practice_id).await? {
        Ok((link, adapter)) => Ok(Bookable {
            name: name.to_string(),
            settings,
            link,
            adapter,
        }),
        Err(fault) => Err(AppError::Conflict(unavailable(name, fault))),
    }
}

/// The patient's booked (not cancelled) appointments from now on, up to
/// the furthest a practice lets anyone book.
async fn booked(cx: Ctx<'_>, b: &Bookable, nhs: &str) -> Result<Vec<Appointment>, Fault> {
    let now = cx.now_ms();
    let mut found = Vec::new();
    for window in windows(now, now + MAX_DAYS_AHEAD * DAY_MS) {
        found.extend(b.adapter.appointments(&b.link, nhs, window).await?);
    }
    found.retain(|a| !a.cancelled && a.start_ms > now);
    found.sort_by_key(|a| a.start_ms);
    Ok(found)
}

/// "Your appointments": at each practice where the person is a patient.
pub async fn your_appointments(
    cx: Ctx<'_>,
    user: &CurrentUser,
) -> Result<YourAppointments, AppError> {
    let records = {
        let mut conn = cx.db.pool.acquire().await?;
        crate::patients::service::own_active_records(&mut conn, &user.id).await?
    };
    let mut practices = Vec::new();
    for record in records {
        let settings = load(cx, &record.practice_id).await?;
        let mut entry = PracticeAppointments {
            practice_id: record.practice_id.clone(),
            practice_name: record.practice_name.clone(),
            booking_on: settings.booking_on,
            unavailable: None,
            appointments: Vec::new(),
        };
        if settings.booking_on {
            match bookable(cx, &record.practice_id, &record.practice_name).await {
                Ok(b) => match booked(cx, &b, &record.nhs_number).await {
                    Ok(list) => {
                        entry.appointments = list
                            .into_iter()
                            .map(|a| BookedAppointment {
                                when: when_in_words(a.start_ms),
                                id: a.id,
                            })
                            .collect();
                    }
                    Err(fault) => entry.unavailable = Some(unavailable(&b.name, fault)),
                },
                Err(AppError::Conflict(words)) => entry.unavailable = Some(words),
                Err(other) => return Err(other),
            }
        }
        practices.push(entry);
    }
    Ok(YourAppointments { practices })
}

/// The free slots of the types the practice allows, from now to its
/// limit, of a practice where the person is a patient.
async fn slots_of(cx: Ctx<'_>, b: &Bookable) -> Result<Vec<FreeSlot>, Fault> {
    let now = cx.now_ms();
    let mut found = Vec::new();
    for window in windows(now, now + b.settings.days_ahead * DAY_MS) {
        found.extend(b.adapter.free_slots(&b.link, window).await?);
    }
    found.retain(|s| {
        s.start_ms > now
            && b.settings
                .slot_types
                .iter()
                .any(|t| t.trim().eq_ignore_ascii_case(s.slot_type.trim()))
    });
    found.sort_by_key(|s| s.start_ms);
    Ok(found)
}

/// "Book an appointment": the free slots, day by day.
pub async fn free_slots(
    cx: Ctx<'_>,
    user: &CurrentUser,
    practice_id: &OrgId,
) -> Result<FreeSlots, AppError> {
    let record = own_record(cx, user, practice_id).await?;
    let b = bookable(cx, practice_id, &record.practice_name).await?;
    let slots = slots_of(cx, &b)
        .await
        .map_err(|fault| AppError::Conflict(unavailable(&b.name, fault)))?;
    let mut days: Vec<SlotDay> = Vec::new();
    for slot in slots {
        let date = day_in_words(slot.start_ms);
        let choice = SlotChoice {
            time: time_in_words(slot.start_ms),
            id: slot.id,
            slot_type: slot.slot_type,
            practitioner: slot.practitioner,
        };
        match days.last_mut() {
            Some(day) if day.date == date => day.slots.push(choice),
            _ => days.push(SlotDay {
                date,
                slots: vec![choice],
            }),
        }
    }
    Ok(FreeSlots {
        practice_id: practice_id.clone(),
        practice_name: b.name,
        days_ahead: b.settings.days_ahead,
        days,
    })
}

const MAX_ID_CHARS: usize = 200;
pub const SLOT_GONE: &str = "That time has just been booked by someone else. Choose another time";

/// Books a free slot for the person; a confirmation email and an activity
/// entry on their record. Returns when, in words.
pub async fn book(
    cx: Ctx<'_>,
    user: &CurrentUser,
    practice_id: &OrgId,
    slot_id: &str,
) -> Result<String, AppError> {
    let slot_id = slot_id.trim();
    if slot_id.is_empty() || slot_id.chars().count() > MAX_ID_CHARS {
        return Err(AppError::field(
            "slot",
            "Choose a time for your appointment",
        ));
    }
    let record = own_record(cx, user, practice_id).await?;
    let b = bookable(cx, practice_id, &record.practice_name).await?;
    let slots = slots_of(cx, &b)
        .await
        .map_err(|fault| AppError::Conflict(unavailable(&b.name, fault)))?;
    let Some(slot) = slots.into_iter().find(|s| s.id == slot_id) else {
        return Err(AppError::field("slot", SLOT_GONE));
    };
    let appointment = match b.adapter.book(&b.link, &slot, &record.nhs_number).await {
        Ok(appointment) => appointment,
        Err(Fault::SlotTaken) => return Err(AppError::field("slot", SLOT_GONE)),
        Err(fault) => return Err(AppError::Conflict(unavailable(&b.name, fault))),
    };
    let when = when_in_words(appointment.start_ms);
    let with = slot
        .practitioner
        .as_ref()
        .map(|p| format!("{} with {p}", slot.slot_type))
        .unwrap_or(slot.slot_type.clone());
    let email = OutgoingEmail::from_template(
        user.email.clone(),
        format!("Your appointment at {} is booked", b.name),
        &Template {
            greeting: format!("Dear {} {},", record.given_name, record.family_name),
            paragraphs: vec![
                format!("Your appointment at {} is booked for {when}.", b.name),
                format!("{with}."),
                "If you can no longer come, cancel it so that someone else can have it."
                    .to_string(),
            ],
            link: Some((
                "View or cancel your appointments".to_string(),
                format!("{}/appointments", cx.config.base_url),
            )),
            footer: Some("If you did not book this appointment, contact the practice.".to_string()),
        },
    );
    let now = cx.now_ms();
    let details = format!("{when}: {with}");
    cx.db
        .transaction(async |tx| {
            crate::mail::queue(tx, now, &email).await?;
            let subject = ("patient", record.id.as_str());
            let event = ActivityEvent::AppointmentBooked;
            activity::record_for(
                tx,
                now,
                Some(&user.id),
                practice_id,
                subject,
                event,
                &details,
            )
            .await
        })
        .await?;
    Ok(when)
}

/// Cancels one of the person's own booked appointments; an email and an
/// activity entry on their record.
pub async fn cancel(
    cx: Ctx<'_>,
    user: &CurrentUser,
    practice_id: &OrgId,
    appointment_id: &str,
) -> Result<String, AppError> {
    if appointment_id.trim().is_empty() || appointment_id.chars().count() > MAX_ID_CHARS {
        return Err(AppError::NotFound);
    }
    let record = own_record(cx, user, practice_id).await?;
    let b = bookable(cx, practice_id, &record.practice_name).await?;
    let mine = booked(cx, &b, &record.nhs_number)
        .await
        .map_err(|fault| AppError::Conflict(unavailable(&b.name, fault)))?;
    let Some(appointment) = mine.into_iter().find(|a| a.id == appointment_id.trim()) else {
        return Err(AppError::Conflict(
            "That appointment is not booked any more. Your appointments are below".to_string(),
        ));
    };
    b.adapter
        .cancel(&b.link, &appointment)
        .await
        .map_err(|fault| AppError::Conflict(unavailable(&b.name, fault)))?;
    let when = when_in_words(appointment.start_ms);
    let email = OutgoingEmail::from_template(
        user.email.clone(),
        format!("Your appointment at {} is cancelled", b.name),
        &Template {
            greeting: format!("Dear {} {},", record.given_name, record.family_name),
            paragraphs: vec![format!(
                "Your appointment at {} on {when} is cancelled.",
                b.name
            )],
            link: Some((
                "Book another appointment".to_string(),
                format!("{}/appointments", cx.config.base_url),
            )),
            footer: Some(
                "If you did not cancel this appointment, contact the practice.".to_string(),
            ),
        },
    );
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            crate::mail::queue(tx, now, &email).await?;
            let subject = ("patient", record.id.as_str());
            let event = ActivityEvent::AppointmentCancelled;
            activity::record_for(tx, now, Some(&user.id), practice_id, subject, event, &when).await
        })
        .await?;
    Ok(when)
}
