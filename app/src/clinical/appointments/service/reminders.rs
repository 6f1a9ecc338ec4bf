//! Appointment reminders: every quarter of an hour one server process
//! reads the appointment books of the practices with reminders on and
//! emails each patient whose appointment's reminder time has come.
//!
//! Not a job of the job runner, for the reason the health check is not: a
//! job's batch runs inside the runner's write transaction, and a call to a
//! clinical system must never hold the database. Instead:
//! - each round (a quarter of an hour) is claimed by one process
//!   (`appointment_reminder_rounds`), so two processes, or a restart in
//!   the same quarter, read each book once;
//! - each reminder is a row keyed by the practice, the appointment and the
//!   reminder time (`appointment_reminders`), inserted with its email and
//!   activity entry in one short transaction (`ON CONFLICT DO NOTHING`):
//!   whatever runs twice, each reminder is sent once.
//!
//! Which reminder: of the practice's reminder times (say 2 days and 2
//! hours before), the nearest one that has come. An appointment booked a
//! day ahead gets the "2 days" reminder at once and the "2 hours" one
//! later; a time missed while no server ran is not sent late once a
//! nearer one has come. Cancelled appointments get nothing.
//!
//! GP Connect lists appointments patient by patient, so a round asks once
//! for each of the practice's patients with an email address.

use std::future::Future;

use tokio::task::JoinHandle;

use super::{day_in_words, load, time_in_words, when_in_words, Stored};
use crate::activity::model::ActivityEvent;
use crate::clinical::adapter::{Appointment, Window};
use crate::clinical::appointments::model::REMINDER_TIMES;
use crate::clinical::appointments::repo::{self, NewReminder};
use crate::clinical::model::Fault;
use crate::clinical::service as link_service;
use crate::clinical::service::rounds::{spawn_rounds, RoundFuture};
use crate::error::AppError;
use crate::ids::OrgId;
use crate::letters::merge::merge_text;
use crate::mail::{OutgoingEmail, Template};
use crate::patients::service::PatientRow;
use crate::server::clock::{HOUR_MS, MINUTE_MS};
use crate::server::{activity, AppState, Ctx};

/// How often the books are read.
pub const ROUND_MS: i64 = 15 * MINUTE_MS;
/// Practices, and patients, read per query.
const PAGE: i64 = 50;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub practices: i64,
    pub sent: i64,
    /// Practices whose clinical system could not be used this round.
    pub skipped: i64,
}

/// Runs this quarter's round unless some process already has; None then.
pub async fn run_round(cx: Ctx<'_>, runner: &str) -> Result<Option<Round>, AppError> {
    let now = cx.now_ms();
    let round_no = now.div_euclid(ROUND_MS);
    let claimed = {
        let mut conn = cx.db.pool.acquire().await?;
        repo::claim_round(&mut conn, round_no, runner, now).await?
    };
    if !claimed {
        return Ok(None);
    }
    let mut round = Round::default();
    let mut after = String::new();
    loop {
        let page = {
            let mut conn = cx.db.pool.acquire().await?;
            repo::practices_with_reminders(&mut conn, &after, PAGE).await?
        };
        let Some(last) = page.last() else { break };
        after = last.to_string();
        let full = page.len() as i64 == PAGE;
        for practice in page {
            round.practices += 1;
            match remind_practice(cx, runner, &practice).await? {
                Some(sent) => round.sent += sent,
                None => round.skipped += 1,
            }
        }
        if !full {
            break;
        }
    }
    let mut conn = cx.db.pool.acquire().await?;
    repo::finish_round(&mut conn, round_no, round.sent, cx.now_ms()).await?;
    Ok(Some(round))
}

/// The reminder time due for an appointment starting at `start`: the
/// nearest of `hours` that has come.
pub fn due_hours(hours: &[i64], start: i64, now: i64) -> Option<i64> {
    hours
        .iter()
        .copied()
        .filter(|h| start > now && start - h * HOUR_MS <= now)
        .min()
}

/// Sends the practice's due reminders; how many, or None when its
/// clinical system could not be used (logged; the next round tries again).
pub async fn remind_practice(
    cx: Ctx<'_>,
    runner: &str,
    practice: &OrgId,
) -> Result<Option<i64>, AppError> {
    let settings = load(cx, practice).await?;
    let Some(&furthest) = settings.hours.first() else {
        return Ok(Some(0));
    };
    if !settings.reminders_on {
        return Ok(Some(0));
    }
    let (link, adapter) = match link_service::practice_link(cx, practice).await? {
        Ok(found) => found,
        Err(fault) => {
            // Not set up yet (or the link off here) is a practice's choice,
            // not a problem: only a link that should work is a warning.
            if matches!(fault, Fault::NotSetUp | Fault::LinkOff) {
                tracing::debug!(organisation = %practice, fault = fault.as_str(), "appointment reminders skipped");
            } else {
                tracing::warn!(organisation = %practice, fault = fault.as_str(), "appointment reminders skipped");
            }
            return Ok(None);
        }
    };
    let (practice_name, _, _) = link_service::practice_and_health(cx, practice).await?;
    let now = cx.now_ms();
    let Some(window) = Window::new(now, now + furthest * HOUR_MS) else {
        return Ok(Some(0));
    };
    let mut sent = 0;
    let mut after = String::new();
    loop {
        let page = {
            let mut conn = cx.db.pool.acquire().await?;
            crate::patients::service::reachable_patients(&mut conn, practice, &after, PAGE).await?
        };
        let Some(last) = page.last() else { break };
        after = last.id.to_string();
        let full = page.len() as i64 == PAGE;
        for patient in page {
            let booked = match adapter
                .appointments(&link, &patient.nhs_number, window)
                .await
            {
                Ok(booked) => booked,
                Err(fault) => {
                    tracing::warn!(organisation = %practice, fault = fault.as_str(), "appointment reminders stopped for this round");
                    return Ok(None);
                }
            };
            for appointment in booked.iter().filter(|a| !a.cancelled) {
                let Some(hours) = due_hours(&settings.hours, appointment.start_ms, now) else {
                    continue;
                };
                let reminder = Reminder {
                    practice,
                    practice_name: &practice_name,
                    patient: &patient,
                    appointment,
                    hours,
                    settings: &settings,
                };
                if send(cx, runner, &reminder).await? {
                    sent += 1;
                }
            }
        }
        if !full {
            break;
        }
    }
    tracing::info!(organisation = %practice, sent, "appointment reminders sent");
    Ok(Some(sent))
}

struct Reminder<'a> {
    practice: &'a OrgId,
    practice_name: &'a str,
    patient: &'a PatientRow,
    appointment: &'a Appointment,
    hours: i64,
    settings: &'a Stored,
}

/// The reminder's email: the practice's message with its fields filled.
fn email(cx: Ctx<'_>, r: &Reminder<'_>) -> Option<OutgoingEmail> {
    let to = r.patient.email.clone().filter(|e| !e.is_empty())?;
    let start = r.appointment.start_ms;
    let name = format!("{} {}", r.patient.given_name, r.patient.family_name);
    let text = merge_text(&r.settings.message, &|field| match field {
        "patient_name" => Some(name.clone()),
        "practice_name" => Some(r.practice_name.to_string()),
        "appointment_date" => Some(day_in_words(start)),
        "appointment_time" => Some(time_in_words(start)),
        _ => None,
    });
    let paragraphs = text
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    Some(OutgoingEmail::from_template(
        to,
        format!(
            "Reminder: your appointment at {} on {}",
            r.practice_name,
            when_in_words(start)
        ),
        &Template {
            greeting: String::new(),
            paragraphs,
            link: Some((
                "View or cancel your appointments".to_string(),
                format!("{}/appointments", cx.config.base_url),
            )),
            footer: None,
        },
    ))
}

/// Records and sends one reminder, unless it was already sent; true when
/// this call sent it.
async fn send(cx: Ctx<'_>, runner: &str, r: &Reminder<'_>) -> Result<bool, AppError> {
    let Some(message) = email(cx, r) else {
        return Ok(false);
    };
    let now = cx.now_ms();
    let words = REMINDER_TIMES
        .iter()
        .find(|(h, _)| *h == r.hours)
        .map(|(_, w)| *w)
        .unwrap_or("before");
    let details = format!(
        "Reminder {words} the appointment on {}",
        when_in_words(r.appointment.start_ms)
    );
    cx.db
        .transaction(async |tx| {
            let new = NewReminder {
                organisation_id: r.practice,
                appointment_id: &r.appointment.id,
                hours_before: r.hours,
                patient_id: &r.patient.id,
                appointment_start: r.appointment.start_ms,
                runner,
            };
            if !repo::record_reminder(tx, &new, now).await? {
                return Ok(false);
            }
            crate::mail::queue(tx, now, &message).await?;
            let subject = ("patient", r.patient.id.as_str());
            let event = ActivityEvent::AppointmentReminderSent;
            activity::record_for(tx, now, None, r.practice, subject, event, &details).await?;
            Ok(true)
        })
        .await
}

fn quarter_round<'a>(cx: Ctx<'a>, runner: &'a str) -> RoundFuture<'a> {
    Box::pin(async move { Ok(run_round(cx, runner).await?.map(|r| format!("{r:?}"))) })
}

/// Starts the reminder check on its own task.
pub fn spawn(
    state: &AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> JoinHandle<()> {
    spawn_rounds(
        state,
        shutdown,
        ROUND_MS,
        "appointment reminders",
        quarter_round,
    )
}
