//! What the shifts feature's two sides share: a stored shift as a page
//! shows it, and shift times in UK local time.

pub mod reminders;

use time::{Date, Month};

use super::model::{rate_in_words, ShiftStatus, ShiftView};
use super::repo::ShiftRow;
use crate::error::AppError;
use crate::locums::model::Profession;
use crate::server::dates::{uk_instant_ms, uk_local, MONTHS};

pub use crate::server::clock::{DAY_MS, HOUR_MS};

/// A calendar date as `time` has it.
pub fn date_of((y, m, d): (i32, u32, u32)) -> Option<Date> {
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

/// The instant clocks in England show `minute` past midnight on `date`.
pub fn local_instant(date: Date, minute: u32) -> Option<i64> {
    let time = time::Time::from_hms(
        u8::try_from(minute / 60).ok()?,
        u8::try_from(minute % 60).ok()?,
        0,
    )
    .ok()?;
    Some(uk_instant_ms(time::PrimitiveDateTime::new(date, time)))
}

/// "Tuesday 8 December 2026".
pub fn day_in_words(date: Date) -> String {
    format!(
        "{} {} {} {}",
        date.weekday(),
        date.day(),
        MONTHS[usize::from(u8::from(date.month())) - 1],
        date.year()
    )
}

/// "08:00 to 18:00" in UK local time.
pub fn times_in_words(starts_at: i64, ends_at: i64) -> String {
    let (s, e) = (uk_local(starts_at), uk_local(ends_at));
    format!(
        "{:02}:{:02} to {:02}:{:02}",
        s.hour(),
        s.minute(),
        e.hour(),
        e.minute()
    )
}

/// "Tuesday 8 December 2026, 08:00 to 18:00".
pub fn when_in_words(starts_at: i64, ends_at: i64) -> String {
    format!(
        "{}, {}",
        day_in_words(uk_local(starts_at).date()),
        times_in_words(starts_at, ends_at)
    )
}

/// A stored shift as the pages show it; an unknown stored status is an
/// error, never a default.
pub fn view(row: ShiftRow, clashes: bool) -> Result<ShiftView, AppError> {
    let status = ShiftStatus::parse(&row.status).ok_or_else(|| {
        AppError::from(sqlx::Error::Decode(
            format!("unknown shift status {:?}", row.status).into(),
        ))
    })?;
    Ok(ShiftView {
        date: day_in_words(uk_local(row.starts_at).date()),
        times: times_in_words(row.starts_at, row.ends_at),
        organisation: row.organisation_name,
        location: row.location_name.unwrap_or_default(),
        address: row.location_address.unwrap_or_default(),
        role: Profession::parse(&row.role)
            .map_or("Any role", Profession::label)
            .to_string(),
        rate: rate_in_words(row.rate_pence),
        notes: row.notes,
        status,
        locum: row.locum_name,
        cancel_reason: row.cancel_reason,
        clashes,
        id: row.id,
    })
}
