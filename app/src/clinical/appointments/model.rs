//! What the appointment pages send and show, and the limits of their
//! settings.

use crate::ids::OrgId;
use crate::letters::model::Field;
use serde::{Deserialize, Serialize};

/// The reminder times a practice may choose: hours before the appointment
/// and their words.
pub const REMINDER_TIMES: [(i64, &str); 5] = [
    (168, "7 days before"),
    (48, "2 days before"),
    (24, "1 day before"),
    (2, "2 hours before"),
    (1, "1 hour before"),
];

/// The merge fields a reminder message may use.
pub const REMINDER_FIELDS: [Field; 4] = [
    Field {
        key: "patient_name",
        label: "Patient name",
    },
    Field {
        key: "practice_name",
        label: "Practice name",
    },
    Field {
        key: "appointment_date",
        label: "Appointment date, for example Tuesday 8 December 2026",
    },
    Field {
        key: "appointment_time",
        label: "Appointment time, for example 9:15am",
    },
];

/// The message a practice starts from.
pub const DEFAULT_MESSAGE: &str = "Dear {{patient_name}},\n\nThis is a reminder of your appointment at {{practice_name}} on {{appointment_date}} at {{appointment_time}}.\n\nIf you can no longer come, please cancel it so that someone else can have it.";

pub const MAX_MESSAGE_CHARS: usize = 2_000;
pub const MAX_SLOT_TYPES: usize = 20;
pub const MAX_SLOT_TYPE_CHARS: usize = 100;
pub const MIN_DAYS_AHEAD: i64 = 1;
pub const MAX_DAYS_AHEAD: i64 = 28;
/// What a practice starts with.
pub const DEFAULT_DAYS_AHEAD: i64 = 14;

/// "Appointment reminders and self-booking" of a practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentSettings {
    pub organisation_id: OrgId,
    pub practice_name: String,
    pub emis_web: bool,
    /// The link's state in words ("Connected", "Not working", "Not tested").
    pub link_health: String,
    pub link_working: bool,
    pub reminders_on: bool,
    /// Hours before the appointment, largest first.
    pub reminder_hours: Vec<i64>,
    pub reminder_message: String,
    /// "Set on … by …".
    pub reminders_set: Option<String>,
    pub reminders_sent: i64,
    pub booking_on: bool,
    pub slot_types: Vec<String>,
    pub days_ahead: i64,
    pub booking_set: Option<String>,
}

/// A signed-in patient's appointments at their practices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YourAppointments {
    pub practices: Vec<PracticeAppointments>,
}

/// Their appointments at one practice, or why they cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeAppointments {
    pub practice_id: OrgId,
    pub practice_name: String,
    /// The practice lets patients book online.
    pub booking_on: bool,
    /// Why appointments cannot be shown or booked now, in words.
    pub unavailable: Option<String>,
    pub appointments: Vec<BookedAppointment>,
}

/// A booked appointment as the patient sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookedAppointment {
    pub id: String,
    /// "Tuesday 8 December 2026 at 9:15am".
    pub when: String,
}

/// The free slots a patient may book at a practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeSlots {
    pub practice_id: OrgId,
    pub practice_name: String,
    pub days_ahead: i64,
    pub days: Vec<SlotDay>,
}

/// One day's free slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotDay {
    /// "Tuesday 8 December 2026".
    pub date: String,
    pub slots: Vec<SlotChoice>,
}

/// One free slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotChoice {
    pub id: String,
    /// "9:15am".
    pub time: String,
    pub slot_type: String,
    pub practitioner: Option<String>,
}

/// The reminder times in words: "2 days before and 2 hours before".
pub fn hours_in_words(hours: &[i64]) -> String {
    let words: Vec<&str> = REMINDER_TIMES
        .iter()
        .filter(|(h, _)| hours.contains(h))
        .map(|(_, w)| *w)
        .collect();
    words.join(" and ")
}
