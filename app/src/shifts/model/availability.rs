//! The words and views of availability (day segments) and requests for
//! cover, and the check on "Request cover".

use serde::{Deserialize, Serialize};

use super::{clock, parse_rate, MAX_NOTES, MAX_RATE_PENCE};
use crate::error::{AppError, FieldErrors};
use crate::ids::{CoverRequestId, UserId};

/// A part of a day a locum can be available for, at fixed UK local times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Segment {
    Morning,
    Afternoon,
    Evening,
}

impl Segment {
    pub const ALL: [Segment; 3] = [Segment::Morning, Segment::Afternoon, Segment::Evening];

    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Morning => "morning",
            Segment::Afternoon => "afternoon",
            Segment::Evening => "evening",
        }
    }

    pub fn parse(stored: &str) -> Option<Segment> {
        Segment::ALL.into_iter().find(|s| s.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            Segment::Morning => "Morning",
            Segment::Afternoon => "Afternoon",
            Segment::Evening => "Evening",
        }
    }

    /// Minutes past midnight (UK local time) it starts and ends.
    pub fn minutes(self) -> (u32, u32) {
        match self {
            Segment::Morning => (8 * 60, 13 * 60),
            Segment::Afternoon => (13 * 60, 18 * 60),
            Segment::Evening => (18 * 60, 22 * 60),
        }
    }

    /// "08:00 to 13:00".
    pub fn times(self) -> String {
        let (start, end) = self.minutes();
        format!("{} to {}", clock(start), clock(end))
    }
}

/// A practice's request for cover, in words: "Requested" until the locum
/// answers, "Accepted" until the practice confirms, then "Confirmed"; or
/// "Declined"; "Expired" when its time came while it waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    Requested,
    Accepted,
    Declined,
    Confirmed,
    Expired,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Requested => "requested",
            RequestStatus::Accepted => "accepted",
            RequestStatus::Declined => "declined",
            RequestStatus::Confirmed => "confirmed",
            RequestStatus::Expired => "expired",
        }
    }

    /// The stored state as seen at `now`: a waiting request whose time
    /// has come has expired.
    pub fn seen(stored: &str, starts_at: i64, now: i64) -> Option<RequestStatus> {
        let status = [
            RequestStatus::Requested,
            RequestStatus::Accepted,
            RequestStatus::Declined,
            RequestStatus::Confirmed,
        ]
        .into_iter()
        .find(|s| s.as_str() == stored)?;
        Some(match status {
            RequestStatus::Requested | RequestStatus::Accepted if starts_at <= now => {
                RequestStatus::Expired
            }
            other => other,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Requested => "Requested",
            RequestStatus::Accepted => "Accepted",
            RequestStatus::Declined => "Declined",
            RequestStatus::Confirmed => "Confirmed",
            RequestStatus::Expired => "Expired",
        }
    }
}

/// One segment of one day in the locum's availability grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridCell {
    pub segment: Segment,
    pub available: bool,
    /// Their booked work overlaps it.
    pub booked: bool,
    /// A waiting or confirmed request for cover is on it.
    pub request: Option<RequestStatus>,
    /// It has started already: nothing to change.
    pub past: bool,
}

/// One day of the locum's availability grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridDay {
    /// "Monday 7 December 2026".
    pub date: String,
    /// "2026-12-07".
    pub iso: String,
    pub cells: Vec<GridCell>,
}

/// A request for cover as either side sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverRequestView {
    pub id: CoverRequestId,
    pub practice: String,
    pub locum: String,
    /// "Tuesday 8 December 2026".
    pub date: String,
    pub segment: Segment,
    /// "08:00 to 13:00".
    pub times: String,
    pub rate: String,
    pub notes: String,
    pub status: RequestStatus,
}

/// A locum free in one segment, as a practice browsing availability sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailableSlot {
    pub locum_id: UserId,
    pub locum: String,
    /// "GP", "Nurse" or "Pharmacist", when known.
    pub profession: String,
    pub segment: Segment,
    pub times: String,
}

/// One day of a practice's availability view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityDay {
    pub date: String,
    pub iso: String,
    pub slots: Vec<AvailableSlot>,
}

/// "Locum availability": who in the practice's network is free in the
/// week, by day and segment, and the practice's requests for cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeAvailability {
    pub practice_name: String,
    /// "7 December 2026".
    pub week_of: String,
    pub previous: String,
    pub next: String,
    /// The filters as applied: a role ("gp", …, or empty for any) and a
    /// hub id (or empty).
    pub role: String,
    pub hub: String,
    /// (id, name) of the network's hubs, for the hub filter.
    pub hubs: Vec<(String, String)>,
    pub days: Vec<AvailabilityDay>,
    pub requests: Vec<CoverRequestView>,
}

/// "Request cover"'s rate and notes, checked.
pub fn check_request(rate: &str, notes: &str) -> Result<(i64, String), AppError> {
    let mut errors = FieldErrors::default();
    let pence = parse_rate(rate);
    if rate.trim().is_empty() {
        errors.push("rate", "Enter the rate in pounds an hour");
    } else if !pence.is_some_and(|r| r > 0 && r <= MAX_RATE_PENCE) {
        errors.push(
            "rate",
            "Rate must be an amount in pounds between £0.01 and £1,000, like 85 or 85.50",
        );
    }
    let notes = notes.trim().to_string();
    if notes.chars().count() > MAX_NOTES {
        errors.push("notes", "Notes must be 1,000 characters or fewer");
    }
    errors.into_result()?;
    Ok((pence.ok_or(AppError::BadRequest)?, notes))
}
