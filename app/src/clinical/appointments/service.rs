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
use crate::clinical::model::Health;
use crate::clinical::service as link_service;
use crate::error::{AppError, FieldErrors};
use crate::ids::OrgId;
use crate::server::dates::{self, uk_date_time, uk_local};
use crate::server::Ctx;

mod booking;
pub mod reminders;

pub use booking::{book, cancel, free_slots, your_appointments, SLOT_GONE};

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
