//! The words and views of locum work: shifts, their states and the
//! locum's Schedule, and the checks on "Add shifts" (shared by the server
//! and the browser).

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};
use crate::ids::ShiftId;

mod availability;
mod offers;

use crate::locums::model::Profession;
pub use availability::*;
pub use offers::*;

/// Notes on a shift, in characters.
pub const MAX_NOTES: usize = 1000;
/// A cancellation's reason, in characters.
pub const MAX_REASON: usize = 500;
/// The most shifts one "Add shifts" makes with "Repeat weekly until".
pub const MAX_WEEKS: i64 = 26;
/// The highest rate, in pence an hour (£1,000).
pub const MAX_RATE_PENCE: i64 = 100_000;
/// Less rest than this between two pieces of work earns a warning.
pub const REST_HOURS: i64 = 11;

/// Where a shift is: open to take, booked to a locum, or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShiftStatus {
    Open,
    Booked,
    Cancelled,
}

impl ShiftStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShiftStatus::Open => "open",
            ShiftStatus::Booked => "booked",
            ShiftStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(stored: &str) -> Option<ShiftStatus> {
        [
            ShiftStatus::Open,
            ShiftStatus::Booked,
            ShiftStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == stored)
    }

    /// The words on a hub's shift.
    pub fn label(self) -> &'static str {
        match self {
            ShiftStatus::Open => "Open",
            ShiftStatus::Booked => "Assigned",
            ShiftStatus::Cancelled => "Cancelled",
        }
    }
}

/// One shift as the pages show it (times already in UK local time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftView {
    pub id: ShiftId,
    /// "Tuesday 8 December 2026".
    pub date: String,
    /// "08:00 to 18:00".
    pub times: String,
    /// The hub (or practice) that posted it.
    pub organisation: String,
    /// The hub location's name and address; empty for none.
    pub location: String,
    pub address: String,
    /// "GP", "Nurse" or "Pharmacist".
    pub role: String,
    /// "£85.00 an hour".
    pub rate: String,
    pub notes: String,
    pub status: ShiftStatus,
    /// Who holds it, when booked (or held it, when cancelled).
    pub locum: Option<String>,
    pub cancel_reason: Option<String>,
    /// On a locum's own page: another piece of their work overlaps it.
    pub clashes: bool,
}

/// "Hub shifts": the hub's coming shifts and what "Add shifts" offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubShifts {
    pub hub_name: String,
    /// (id, name) of the hub's locations.
    pub locations: Vec<(String, String)>,
    pub shifts: Vec<ShiftView>,
}

/// One day of a locum's week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleDay {
    /// "Monday 7 December 2026".
    pub date: String,
    pub work: Vec<ShiftView>,
}

/// The locum's Schedule for one week (Monday to Sunday, UK local time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// "7 December 2026".
    pub week_of: String,
    /// ISO dates of the weeks either side, for "Previous week" / "Next week".
    pub previous: String,
    pub next: String,
    pub days: Vec<ScheduleDay>,
    /// Open shifts in the locum's enabled hubs at the locations they chose,
    /// from now until the look-ahead ends.
    pub available: Vec<ShiftView>,
    /// How many days ahead hub shifts show.
    pub horizon_days: i64,
    /// Pieces of work that leave less than 11 hours of rest between them.
    pub rest_warnings: Vec<String>,
    /// Whether the locum is enabled in any hub at all.
    pub in_a_hub: bool,
    /// Open requirements of the practices in the locum's network, from now
    /// until the look-ahead ends, each with "Offer cover".
    pub requirements: Vec<OpenRequirement>,
    /// When the locum's private calendar link was made, if they have one.
    pub calendar_since: Option<String>,
    /// The calendar link without its token (the token is shown once).
    pub calendar_base: String,
    /// The week's availability grid: each day's three segments.
    pub grid: Vec<GridDay>,
    /// Practices' requests for the locum's cover, from today on.
    pub cover_requests: Vec<CoverRequestView>,
}

/// What "Add shifts" sends (`shift[...]` in the form).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewShift {
    #[serde(default)]
    pub location_id: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub date_day: String,
    #[serde(default)]
    pub date_month: String,
    #[serde(default)]
    pub date_year: String,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_time: String,
    #[serde(default)]
    pub rate: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub repeat_day: String,
    #[serde(default)]
    pub repeat_month: String,
    #[serde(default)]
    pub repeat_year: String,
}

/// "Add shifts" once checked: local dates and minutes past midnight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidShift {
    pub location_id: String,
    pub role: Profession,
    /// (year, month, day).
    pub date: (i32, u32, u32),
    pub start_minute: u32,
    pub end_minute: u32,
    pub rate_pence: i64,
    pub notes: String,
    /// How many weeks in all (1 without "Repeat weekly until").
    pub weeks: i64,
}

/// A date typed as day, month and year, or the message for it.
pub fn parse_date(
    day: &str,
    month: &str,
    year: &str,
    what: &str,
) -> Result<Option<(i32, u32, u32)>, String> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Ok(None);
    }
    let wrong = || format!("{what} must be a real date, like 14 12 2026");
    let (Ok(d), Ok(m), Ok(y)) = (
        day.parse::<u32>(),
        month.parse::<u32>(),
        year.parse::<i32>(),
    ) else {
        return Err(wrong());
    };
    if year.len() != 4 || d == 0 || d > days_in_month(y, m) {
        return Err(wrong());
    }
    Ok(Some((y, m, d)))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1 January 1970 of a calendar date (proleptic Gregorian).
pub fn day_number((y, m, d): (i32, u32, u32)) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// "08:30", "8:30" or "0830" → minutes past midnight (00:00 to 23:59).
pub fn parse_time(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    let (h, m) = match raw.split_once(':').or_else(|| raw.split_once('.')) {
        Some((h, m)) => (h, m),
        None if raw.len() == 4 => raw.split_at(2),
        None => return None,
    };
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// "85", "85.50" or "£85.50" → pence.
pub fn parse_rate(raw: &str) -> Option<i64> {
    let raw = raw.trim().trim_start_matches('£').replace(',', "");
    let (pounds, pence) = match raw.split_once('.') {
        Some((p, d)) if d.len() == 2 => (p, d),
        Some(_) => return None,
        None => (raw.as_str(), "00"),
    };
    if pounds.is_empty() || !pounds.chars().all(|c| c.is_ascii_digit()) || pounds.len() > 7 {
        return None;
    }
    if !pence.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(pounds.parse::<i64>().ok()? * 100 + pence.parse::<i64>().ok()?)
}

/// 8550 → "£85.50 an hour".
pub fn rate_in_words(pence: i64) -> String {
    format!("£{}.{:02} an hour", pence / 100, pence % 100)
}

/// 510 → "08:30".
pub fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Checks "Add shifts" in page order. `today` is (year, month, day) in
/// England; `locations` the hub's location ids.
pub fn check_shift(
    form: &NewShift,
    today: (i32, u32, u32),
    locations: &[String],
) -> Result<ValidShift, AppError> {
    let mut errors = FieldErrors::default();
    let location_id = form.location_id.trim().to_string();
    if !locations.contains(&location_id) {
        errors.push("location_id", "Select the hub location");
    }
    let role = Profession::parse(form.role.trim());
    if role.is_none() {
        errors.push("role", "Select the role");
    }
    let date = match parse_date(&form.date_day, &form.date_month, &form.date_year, "Date") {
        Ok(None) => {
            errors.push("date_day", "Enter the date of the shift");
            None
        }
        Ok(Some(date)) if date < today => {
            errors.push("date_day", "Date must be today or in the future");
            None
        }
        Ok(Some(date)) => Some(date),
        Err(message) => {
            errors.push("date_day", &message);
            None
        }
    };
    let start = parse_time(&form.start_time);
    if form.start_time.trim().is_empty() {
        errors.push("start_time", "Enter the start time");
    } else if start.is_none() {
        errors.push("start_time", "Start time must be a time like 08:30");
    }
    let end = parse_time(&form.end_time);
    if form.end_time.trim().is_empty() {
        errors.push("end_time", "Enter the end time");
    } else if end.is_none() {
        errors.push("end_time", "End time must be a time like 18:00");
    } else if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            errors.push("end_time", "End time must be after the start time");
        }
    }
    let rate = parse_rate(&form.rate);
    if form.rate.trim().is_empty() {
        errors.push("rate", "Enter the rate in pounds an hour");
    } else if !rate.is_some_and(|r| r > 0 && r <= MAX_RATE_PENCE) {
        errors.push(
            "rate",
            "Rate must be an amount in pounds between £0.01 and £1,000, like 85 or 85.50",
        );
    }
    let notes = form.notes.trim().to_string();
    if notes.chars().count() > MAX_NOTES {
        errors.push("notes", "Notes must be 1,000 characters or fewer");
    }
    let mut weeks = 1;
    match parse_date(
        &form.repeat_day,
        &form.repeat_month,
        &form.repeat_year,
        "Repeat weekly until",
    ) {
        Ok(None) => {}
        Ok(Some(until)) => {
            if let Some(date) = date {
                let days = day_number(until) - day_number(date);
                if days < 7 {
                    errors.push(
                        "repeat_day",
                        "Repeat weekly until must be at least a week after the date",
                    );
                } else if days / 7 + 1 > MAX_WEEKS {
                    errors.push(
                        "repeat_day",
                        "Repeat weekly until must be within 25 weeks of the date",
                    );
                } else {
                    weeks = days / 7 + 1;
                }
            }
        }
        Err(message) => errors.push("repeat_day", &message),
    }
    errors.into_result()?;
    match (role, date, start, end, rate) {
        (Some(role), Some(date), Some(start_minute), Some(end_minute), Some(rate_pence)) => {
            Ok(ValidShift {
                location_id,
                role,
                date,
                start_minute,
                end_minute,
                rate_pence,
                notes,
                weeks,
            })
        }
        _ => Err(AppError::BadRequest),
    }
}

/// A cancellation's reason, tidied, or the message for it.
pub fn check_reason(raw: &str) -> Result<String, AppError> {
    let reason = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let message = if reason.is_empty() {
        "Enter the reason for cancelling"
    } else if reason.chars().count() > MAX_REASON {
        "The reason must be 500 characters or fewer"
    } else {
        return Ok(reason);
    };
    Err(AppError::field("reason", message))
}

/// One thing on a day of the month view, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthItem {
    /// "Booked", "Offered", "Requested", "Accepted", "Confirmed" or
    /// "Available".
    pub state: String,
    /// "08:00 to 12:30, Harbour View Surgery".
    pub text: String,
}

/// One day of the month view that has something on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthDay {
    pub date: String,
    pub iso: String,
    pub items: Vec<MonthItem>,
}

/// The locum's Schedule for a month: every day with work, offers,
/// requests or availability on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleMonth {
    /// "December 2026".
    pub title: String,
    /// "2026-11" and "2027-01", for "Previous month" / "Next month".
    pub previous: String,
    pub next: String,
    pub days: Vec<MonthDay>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(result: Result<ValidShift, AppError>) -> FieldErrors {
        match result {
            Err(AppError::Invalid(errors)) => errors,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    fn form() -> NewShift {
        NewShift {
            location_id: "loc".into(),
            role: "gp".into(),
            date_day: "14".into(),
            date_month: "12".into(),
            date_year: "2026".into(),
            start_time: "08:30".into(),
            end_time: "18:00".into(),
            rate: "£85.50".into(),
            notes: " Bring your smartcard ".into(),
            ..NewShift::default()
        }
    }

    #[test]
    fn a_complete_shift_is_read_in_local_minutes_and_pence() {
        let valid = check_shift(&form(), (2026, 12, 3), &["loc".into()]).unwrap();
        assert_eq!(valid.date, (2026, 12, 14));
        assert_eq!((valid.start_minute, valid.end_minute), (510, 1080));
        assert_eq!(valid.rate_pence, 8550);
        assert_eq!(valid.notes, "Bring your smartcard");
        assert_eq!(valid.weeks, 1);
    }

    #[test]
    fn every_wrong_field_gets_its_own_message_in_page_order() {
        let bad = NewShift {
            location_id: "elsewhere".into(),
            role: "surgeon".into(),
            date_day: "31".into(),
            date_month: "2".into(),
            date_year: "2027".into(),
            start_time: "25:00".into(),
            end_time: "".into(),
            rate: "lots".into(),
            notes: "x".repeat(MAX_NOTES + 1),
            ..NewShift::default()
        };
        let errors = errors_of(check_shift(&bad, (2026, 12, 3), &["loc".into()]));
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "location_id",
                "role",
                "date_day",
                "start_time",
                "end_time",
                "rate",
                "notes"
            ]
        );
    }

    #[test]
    fn a_shift_cannot_end_before_it_starts_or_be_in_the_past() {
        let mut f = form();
        f.end_time = "08:00".into();
        f.date_day = "2".into();
        let errors = errors_of(check_shift(&f, (2026, 12, 3), &["loc".into()]));
        assert_eq!(
            errors.for_field("date_day").as_deref(),
            Some("Date must be today or in the future")
        );
        assert_eq!(
            errors.for_field("end_time").as_deref(),
            Some("End time must be after the start time")
        );
    }

    #[test]
    fn repeat_weekly_until_counts_the_weeks_and_has_a_limit() {
        let mut f = form();
        (f.repeat_day, f.repeat_month, f.repeat_year) = ("4".into(), "1".into(), "2027".into());
        assert_eq!(
            check_shift(&f, (2026, 12, 3), &["loc".into()])
                .unwrap()
                .weeks,
            4
        );
        f.repeat_year = "2028".into();
        let errors = errors_of(check_shift(&f, (2026, 12, 3), &["loc".into()]));
        assert_eq!(
            errors.for_field("repeat_day").as_deref(),
            Some("Repeat weekly until must be within 25 weeks of the date")
        );
    }

    #[test]
    fn times_and_rates_are_read_as_people_write_them() {
        assert_eq!(parse_time("8:30"), Some(510));
        assert_eq!(parse_time("0830"), Some(510));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("8"), None);
        assert_eq!(parse_rate("85"), Some(8500));
        assert_eq!(parse_rate("1,000.00"), Some(100_000));
        assert_eq!(parse_rate("85.5"), None);
        assert_eq!(rate_in_words(8550), "£85.50 an hour");
        assert_eq!(clock(510), "08:30");
    }

    #[test]
    fn a_requirement_is_one_session_without_a_location() {
        let mut f = form();
        (f.repeat_day, f.repeat_month, f.repeat_year) = ("4".into(), "1".into(), "2027".into());
        let valid = check_requirement(&f, (2026, 12, 3)).unwrap();
        assert_eq!((valid.location_id.as_str(), valid.weeks), ("", 1));
        f.start_time = String::new();
        let errors = errors_of(check_requirement(&f, (2026, 12, 3)));
        assert_eq!(
            errors.for_field("start_time").as_deref(),
            Some("Enter the start time")
        );
        assert!(OfferStatus::parse("accepted").is_some_and(|s| s.label() == "Accepted"));
    }

    #[test]
    fn day_numbers_count_from_1970() {
        assert_eq!(day_number((1970, 1, 1)), 0);
        assert_eq!(day_number((2026, 12, 7)) - day_number((2026, 11, 30)), 7);
        assert_eq!(day_number((2000, 3, 1)) - day_number((2000, 2, 28)), 2);
    }
}
