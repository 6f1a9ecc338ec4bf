//! Dates as people in England read them: UK local time (GMT, or BST from
//! 1am GMT on the last Sunday of March to 1am GMT on the last Sunday of
//! October), in the NHS style "23 November 2026 at 10:15am".

use time::{Date, Month, OffsetDateTime, Weekday};

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// An ISO 8601 date ("1984-03-15") in words ("15 March 1984"); anything
/// else as it is.
pub fn iso_date_in_words(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(m), Ok(d)) if (1..=12).contains(&m) => format!("{d} {} {y}", MONTHS[m - 1]),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

fn last_sunday(year: i32, month: Month) -> Option<Date> {
    let next_month_first = match month {
        Month::December => Date::from_calendar_date(year + 1, Month::January, 1),
        _ => Date::from_calendar_date(year, month.next(), 1),
    }
    .ok()?;
    let mut day = next_month_first.previous_day()?;
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day()?;
    }
    Some(day)
}

/// Whether British Summer Time applies at this instant.
pub fn is_bst(utc: OffsetDateTime) -> bool {
    let year = utc.year();
    let (Some(start), Some(end)) = (
        last_sunday(year, Month::March),
        last_sunday(year, Month::October),
    ) else {
        return false;
    };
    let start = start.with_hms(1, 0, 0).map(|d| d.assume_utc());
    let end = end.with_hms(1, 0, 0).map(|d| d.assume_utc());
    matches!((start, end), (Ok(start), Ok(end)) if utc >= start && utc < end)
}

/// "23 November 2026 at 10:15am" in UK local time.
pub fn uk_date_time(unix_ms: i64) -> String {
    let Ok(utc) = OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000) else {
        return String::new();
    };
    let local = if is_bst(utc) {
        utc + time::Duration::hours(1)
    } else {
        utc
    };
    let month = MONTHS[usize::from(u8::from(local.month())) - 1];
    format!(
        "{} {} {} at {}",
        local.day(),
        month,
        local.year(),
        clock_in_words(local.hour(), local.minute())
    )
}

/// A time of day on the 12-hour clock: "9:15am", "12:00pm".
pub fn clock_in_words(hour: u8, minute: u8) -> String {
    let (h12, suffix) = match hour {
        0 => (12, "am"),
        1..=11 => (hour, "am"),
        12 => (12, "pm"),
        _ => (hour - 12, "pm"),
    };
    format!("{h12}:{minute:02}{suffix}")
}

/// A date with its weekday: "Tuesday 8 December 2026".
pub fn day_in_words(date: Date) -> String {
    format!(
        "{} {} {} {}",
        date.weekday(),
        date.day(),
        MONTHS[usize::from(u8::from(date.month())) - 1],
        date.year()
    )
}

/// Today's date in England (year, month, day): the UK local date, so
/// between midnight and 1am in summer it is already the next day.
pub fn uk_today(unix_ms: i64) -> (i32, u32, u32) {
    let local = uk_local(unix_ms);
    (
        local.year(),
        u32::from(u8::from(local.month())),
        u32::from(local.day()),
    )
}

/// The date and time on a clock in England at an instant.
pub fn uk_local(unix_ms: i64) -> time::PrimitiveDateTime {
    let utc = OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let local = if is_bst(utc) {
        utc + time::Duration::hours(1)
    } else {
        utc
    };
    time::PrimitiveDateTime::new(local.date(), local.time())
}

/// The instant (milliseconds since 1970) when clocks in England show
/// `local`. A time in the hour the clocks skip in March is read as GMT; a
/// time the clocks show twice in October is its first (BST) showing.
pub fn uk_instant_ms(local: time::PrimitiveDateTime) -> i64 {
    let as_gmt = local.assume_utc();
    let as_bst = as_gmt - time::Duration::hours(1);
    let utc = if is_bst(as_bst) { as_bst } else { as_gmt };
    i64::try_from(utc.unix_timestamp_nanos() / 1_000_000).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iso_date_reads_in_words() {
        assert_eq!(iso_date_in_words("1984-03-15"), "15 March 1984");
        assert_eq!(iso_date_in_words("not a date"), "not a date");
    }

    #[test]
    fn a_clock_time_in_england_is_the_instant_it_shows_in_summer_and_in_winter() {
        // 1 July 2026 02:00 BST is 01:00 UTC; 1 December 2026 02:00 GMT is 02:00 UTC.
        let summer = time::macros::datetime!(2026-07-01 02:00);
        assert_eq!(uk_instant_ms(summer), 1_782_867_600_000);
        assert_eq!(uk_local(1_782_867_600_000), summer);
        let winter = time::macros::datetime!(2026-12-01 02:00);
        assert_eq!(uk_instant_ms(winter), 1_796_090_400_000);
        assert_eq!(uk_local(1_796_090_400_000), winter);
    }

    #[test]
    fn today_is_the_date_in_england_not_in_utc() {
        // 2026-07-01 23:30 UTC is 00:30 on 2 July in England (BST).
        assert_eq!(uk_today(1_782_948_600_000), (2026, 7, 2));
        // 2026-11-30 23:30 UTC is still 30 November (GMT).
        assert_eq!(uk_today(1_796_081_400_000), (2026, 11, 30));
    }

    #[test]
    fn winter_times_are_gmt_and_summer_times_are_an_hour_ahead() {
        // 2026-11-23 10:15 UTC
        assert_eq!(
            uk_date_time(1_795_428_900_000),
            "23 November 2026 at 10:15am"
        );
        // 2026-07-01 12:30 UTC is 1:30pm BST
        assert_eq!(uk_date_time(1_782_909_000_000), "1 July 2026 at 1:30pm");
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_in_the_morning_gmt() {
        // 2026-03-29 00:59:59 UTC: still GMT; 01:00 UTC: BST.
        assert!(!is_bst(
            OffsetDateTime::from_unix_timestamp(1_774_745_999).unwrap()
        ));
        assert!(is_bst(
            OffsetDateTime::from_unix_timestamp(1_774_746_000).unwrap()
        ));
        // 2026-10-25 01:00 UTC: back to GMT.
        assert!(is_bst(
            OffsetDateTime::from_unix_timestamp(1_792_889_999).unwrap()
        ));
        assert!(!is_bst(
            OffsetDateTime::from_unix_timestamp(1_792_890_000).unwrap()
        ));
    }
}
