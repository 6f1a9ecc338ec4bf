//! The locum's booked work as an iCalendar feed (RFC 5545): one VEVENT a
//! booking, times in UTC, text escaped and lines folded at 75 octets.

use crate::shifts::repo::ShiftRow;

/// An instant as an iCalendar UTC date-time: `20261208T090000Z`.
pub fn utc_stamp(ms: i64) -> String {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000) else {
        return String::new();
    };
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// TEXT escaping: backslash, semicolon, comma and line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so no line is longer than 75 octets (a
/// continuation starts with a space), never inside a character; CRLF-ended.
pub fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// The calendar of these bookings, stamped `now`.
pub fn calendar(host: &str, now: i64, work: &[ShiftRow]) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gatehouse//Schedule//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Gatehouse Schedule",
    ] {
        fold(line, &mut out);
    }
    let stamp = utc_stamp(now);
    for row in work {
        let place = match &row.location_name {
            Some(location) => format!("{}, {location}", row.organisation_name),
            None => row.organisation_name.clone(),
        };
        let role = crate::locums::model::Profession::parse(&row.role)
            .map_or("Locum", crate::locums::model::Profession::label);
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{}@{host}", row.id), &mut out);
        fold(&format!("DTSTAMP:{stamp}"), &mut out);
        fold(&format!("DTSTART:{}", utc_stamp(row.starts_at)), &mut out);
        fold(&format!("DTEND:{}", utc_stamp(row.ends_at)), &mut out);
        fold(
            &format!("SUMMARY:{}", escape(&format!("{role} session: {place}"))),
            &mut out,
        );
        if let Some(address) = row.location_address.as_deref().filter(|a| !a.is_empty()) {
            fold(&format!("LOCATION:{}", escape(address)), &mut out);
        }
        if !row.notes.is_empty() {
            fold(&format!("DESCRIPTION:{}", escape(&row.notes)), &mut out);
        }
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_without_splitting_a_character() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        let mut out = String::new();
        fold(&format!("DESCRIPTION:{}", "é".repeat(50)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(
            unfolded.trim_end(),
            format!("DESCRIPTION:{}", "é".repeat(50))
        );
        // Thursday 3 December 2026, 09:00 UTC.
        assert_eq!(utc_stamp(1_796_288_400_000), "20261203T090000Z");
    }
}
