//! Appointment reminders and self-booking: the practice's settings, and a
//! signed-in patient's appointments, free slots, booking and cancelling.
//!
//! Calls to the clinical system happen outside any database transaction;
//! what they did is recorded after (activity entry and email in one
//! transaction). A booking the clinical system refused because someone
//! else took the slot first is a field error: the page shows fresh slots.

use super::model::*;
use super::repo::{self, SettingsRow};
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::clinical::adapter::{Appointment, Appointments, FreeSlot, Link, Window, MAX_WINDOW_MS};
use crate::clinical::model::{Fault, Health};
use crate::clinical::service as link_service;
use crate::error::{AppError, FieldErrors};
use crate::ids::OrgId;
use crate::mail::{OutgoingEmail, Template};
use crate::patients::service::PatientRow;
use crate::server::clock::DAY_MS;
use crate::server::dates::{self, uk_date_time, uk_local};
use crate::server::{activity, Ctx};

pub mod reminders;

/// A practice's settings as they apply (defaults when never saved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub reminders_on: bool,
    pub hours: Vec<i64>,
    pub message: String,
    pub booking_on: bool,
    pub slot_types: Vec<String>,
    pub days_ahead: i64,
}

pub(super) fn stored(row: Option<&SettingsRow>) -> Stored {
    let Some(row) = row else {
        return Stored {
            reminders_on: false,
            hours: vec![48, 2],
            message: DEFAULT_MESSAGE.to_string(),
            booking_on: false,
            slot_types: Vec::new(),
            days_ahead: DEFAULT_DAYS_AHEAD,
        };
    };
    let mut hours: Vec<i64> = row
        .reminder_hours
        .split(',')
        .filter_map(|h| h.trim().parse().ok())
        .filter(|h| REMINDER_TIMES.iter().any(|(known, _)| known == h))
        .collect();
    hours.sort_unstable_by(|a, b| b.cmp(a));
    hours.dedup();
    Stored {
        reminders_on: row.reminders_on == 1,
        hours,
        message: if row.reminder_message.trim().is_empty() {
            DEFAULT_MESSAGE.to_string()
        } else {
            row.reminder_message.clone()
        },
        booking_on: row.booking_on == 1,
        slot_types: row
            .booking_slot_types
            .lines()
            .map(str::to_string)
            .filter(|l| !l.is_empty())
            .collect(),
        days_ahead: row.booking_days_ahead.clamp(MIN_DAYS_AHEAD, MAX_DAYS_AHEAD),
    }
}

async fn load(cx: Ctx<'_>, organisation_id: &OrgId) -> Result<Stored, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let row = repo::settings(&mut conn, organisation_id).await?;
    Ok(stored(row.as_ref()))
}

fn set_in_words(at: Option<i64>, by: Option<&str>) -> Option<String> {
    at.map(|at| match by {
        Some(name) => format!("Set on {} by {name}", uk_date_time(at)),
        None => format!("Set on {}", uk_date_time(at)),
    })
}

/// "Tuesday 8 December 2026".
pub fn day_in_words(ms: i64) -> String {
    dates::day_in_words(uk_local(ms).date())
}

/// "9:15am".
pub fn time_in_words(ms: i64) -> String {
    let local = uk_local(ms);
    dates::clock_in_words(local.hour(), local.minute())
}

/// "Tuesday 8 December 2026 at 9:15am".
pub fn when_in_words(ms: i64) -> String {
    format!("{} at {}", day_in_words(ms), time_in_words(ms))
}

/// "Appointment reminders and self-booking".
pub async fn settings(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
) -> Result<AppointmentSettings, AppError> {
    let (practice_name, emis_web, health) =
        link_service::practice_and_health(cx, organisation_id).await?;
    let mut conn = cx.db.pool.acquire().await?;
    let row = repo::settings(&mut conn, organisation_id).await?;
    let sent = repo::reminders_sent(&mut conn, organisation_id).await?;
    let s = stored(row.as_ref());
    Ok(AppointmentSettings {
        organisation_id: organisation_id.clone(),
        practice_name,
        emis_web,
        link_health: health.label().to_string(),
        link_working: health == Health::Working,
        reminders_on: s.reminders_on,
        reminder_hours: s.hours,
        reminder_message: s.message,
        reminders_set: row
            .as_ref()
            .and_then(|r| set_in_words(r.reminders_set_at, r.reminders_set_by.as_deref())),
        reminders_sent: sent,
        booking_on: s.booking_on,
        slot_types: s.slot_types,
        days_ahead: s.days_ahead,
        booking_set: row
            .as_ref()
            .and_then(|r| set_in_words(r.booking_set_at, r.booking_set_by.as_deref())),
    })
}

/// "on" or "off" from the form's radios.
fn on_off(errors: &mut FieldErrors, field: &str, raw: &str, what: &str) -> bool {
    match raw {
        "on" => true,
        "off" => false,
        _ => {
            errors.push(field, &format!("Select whether to {what}"));
            false
        }
    }
}

/// Refuses settings for a practice that does not run EMIS Web.
async fn emis_only(cx: Ctx<'_>, organisation_id: &OrgId) -> Result<(), AppError> {
    let (name, emis_web, _) = link_service::practice_and_health(cx, organisation_id).await?;
    if emis_web {
        Ok(())
    } else {
        Err(AppError::Conflict(format!(
            "Appointment reminders and self-booking are for EMIS Web practices. {name} is not recorded as one: change it in Practice details first"
        )))
    }
}

/// Checks a reminder message: its length and its fields.
pub fn check_message(errors: &mut FieldErrors, raw: &str) -> String {
    let message = raw.replace("\r\n", "\n").trim().to_string();
    if message.is_empty() {
        errors.push("reminder_message", "Enter the reminder message");
    } else if message.chars().count() > MAX_MESSAGE_CHARS {
        errors.push(
            "reminder_message",
            &format!("The reminder message must be {MAX_MESSAGE_CHARS} characters or fewer"),
        );
    } else if let Some(unknown) = crate::letters::merge::fields_in_text(&message)
        .into_iter()
        .find(|name| !REMINDER_FIELDS.iter().any(|f| f.key == name))
    {
        errors.push(
            "reminder_message",
            &format!("The reminder message has a field Gatehouse does not know: {{{{{unknown}}}}}. Choose fields from \"Fields\""),
        );
    }
    message
}

/// Saves "Appointment reminders": on or off, when, and the message.
pub async fn update_reminders(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    on: &str,
    hours: &[i64],
    message: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let on = on_off(&mut errors, "reminders", on, "send appointment reminders");
    if hours
        .iter()
        .any(|h| !REMINDER_TIMES.iter().any(|(known, _)| known == h))
    {
        return Err(AppError::BadRequest);
    }
    let mut hours = hours.to_vec();
    hours.sort_unstable_by(|a, b| b.cmp(a));
    hours.dedup();
    if on && hours.is_empty() {
        errors.push("reminder_times", "Select when to send reminders");
    }
    let message = check_message(&mut errors, message);
    errors.into_result()?;
    emis_only(cx, organisation_id).await?;
    let stored_hours = hours
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let details = if on {
        format!("On: {}", hours_in_words(&hours))
    } else {
        "Off".to_string()
    };
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            repo::lock_settings(tx, organisation_id, DEFAULT_MESSAGE, DEFAULT_DAYS_AHEAD).await?;
            repo::set_reminders(
                tx,
                organisation_id,
                on,
                &stored_hours,
                &message,
                &actor.id,
                now,
            )
            .await?;
            let event = ActivityEvent::AppointmentRemindersUpdated;
            link_service::record(tx, now, Some(actor), organisation_id, event, &details).await
        })
        .await
}

/// Saves "Appointment self-booking": on or off, the slot types patients
/// may book (one per line) and how many days ahead.
pub async fn update_booking(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    on: &str,
    slot_types: &str,
    days_ahead: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let on = on_off(
        &mut errors,
        "booking",
        on,
        "let patients book appointments online",
    );
    let mut types: Vec<String> = Vec::new();
    for line in slot_types.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !types.iter().any(|t| t.eq_ignore_ascii_case(line)) {
            types.push(line.to_string());
        }
    }
    if slot_types.chars().count() > MAX_SLOT_TYPES * (MAX_SLOT_TYPE_CHARS + 2)
        || types.len() > MAX_SLOT_TYPES
    {
        errors.push(
            "slot_types",
            &format!("Enter no more than {MAX_SLOT_TYPES} slot types"),
        );
    } else if types
        .iter()
        .any(|t| t.chars().count() > MAX_SLOT_TYPE_CHARS)
    {
        errors.push(
            "slot_types",
            &format!("Each slot type must be {MAX_SLOT_TYPE_CHARS} characters or fewer"),
        );
    } else if on && types.is_empty() {
        errors.push(
            "slot_types",
            "Enter at least one slot type patients may book",
        );
    }
    let days = days_ahead
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (MIN_DAYS_AHEAD..=MAX_DAYS_AHEAD).contains(d));
    if days.is_none() {
        errors.push(
            "days_ahead",
            &format!("Enter how far ahead patients may book, as a number of days from {MIN_DAYS_AHEAD} to {MAX_DAYS_AHEAD}"),
        );
    }
    errors.into_result()?;
    let days = days.ok_or(AppError::BadRequest)?;
    emis_only(cx, organisation_id).await?;
    let details = if on {
        format!("On: {} up to {days} days ahead", types.join(", "))
    } else {
        "Off".to_string()
    };
    let joined = types.join("\n");
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            repo::lock_settings(tx, organisation_id, DEFAULT_MESSAGE, DEFAULT_DAYS_AHEAD).await?;
            repo::set_booking(tx, organisation_id, on, &joined, days, &actor.id, now).await?;
            let event = ActivityEvent::SelfBookingUpdated;
            link_service::record(tx, now, Some(actor), organisation_id, event, &details).await
        })
        .await
}

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
