//! Types of practices: a practice's details and its ODS code.

use crate::ids::OrgId;
use serde::{Deserialize, Serialize};

use crate::staff::model::ClinicalSystem;

/// A practice's details as its admin edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeDetails {
    pub organisation_id: OrgId,
    pub name: String,
    pub ods_code: Option<String>,
    pub clinical_system: ClinicalSystem,
    /// The address patients see, one line per line ("" when not given).
    pub address: String,
    /// The phone number patients see ("" when not given).
    pub phone: String,
}

/// The most characters and lines a practice address may have.
pub const ADDRESS_MAX_CHARS: usize = 300;
pub const ADDRESS_MAX_LINES: usize = 8;

/// A practice's address as typed, tidied: each line trimmed, empty lines
/// dropped. `Ok(None)` when nothing was given.
pub fn parse_address(raw: &str) -> Result<Option<String>, &'static str> {
    if raw
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err("Address must be plain text");
    }
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let address = lines.join("\n");
    if address.chars().count() > ADDRESS_MAX_CHARS {
        return Err("Address must be 300 characters or fewer");
    }
    if lines.len() > ADDRESS_MAX_LINES {
        return Err("Address must be 8 lines or fewer");
    }
    Ok((!address.is_empty()).then_some(address))
}

/// A phone number as typed (digits, spaces, brackets, hyphens, a leading
/// +), checked to have 10 to 13 digits. `Ok(None)` when nothing was given.
pub fn parse_phone(raw: &str) -> Result<Option<String>, &'static str> {
    let phone = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if phone.is_empty() {
        return Ok(None);
    }
    let allowed = phone.char_indices().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-') || (c == '+' && i == 0)
    });
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if allowed && (10..=13).contains(&digits) && phone.len() <= 25 {
        Ok(Some(phone))
    } else {
        Err("Enter a phone number, like 01632 960 001")
    }
}

/// An ODS code for a GP practice: a letter and five digits, e.g. "A81001"
/// (upper-cased, spaces removed), or the message for the field.
pub fn parse_ods_code(raw: &str) -> Result<String, &'static str> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if code.is_empty() {
        return Err("Enter the practice's ODS code");
    }
    let mut chars = code.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    if code.len() == 6 && first_ok && chars.all(|c| c.is_ascii_digit()) {
        Ok(code)
    } else {
        Err("ODS code must be a letter followed by 5 numbers, like A81001")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_tidied_into_lines_and_limited() {
        assert_eq!(
            parse_address("  1 Harbour Road \r\n\n Seaton\nSE1 1AA  "),
            Ok(Some("1 Harbour Road\nSeaton\nSE1 1AA".to_string()))
        );
        assert_eq!(parse_address("  \n "), Ok(None));
        assert!(parse_address(&"x".repeat(301)).is_err());
        assert!(parse_address(&"a\n".repeat(9)).is_err());
        assert!(parse_address("1 Road\u{0}").is_err());
    }

    #[test]
    fn a_phone_number_has_ten_to_thirteen_digits_and_nothing_but_phone_characters() {
        assert_eq!(
            parse_phone(" 01632  960 001 "),
            Ok(Some("01632 960 001".to_string()))
        );
        assert_eq!(
            parse_phone("+44 (0)1632 960001"),
            Ok(Some("+44 (0)1632 960001".to_string()))
        );
        assert_eq!(parse_phone(""), Ok(None));
        assert!(parse_phone("999").is_err());
        assert!(parse_phone("01632 960 001 ext 4").is_err());
        assert!(parse_phone("0163+2960001").is_err());
    }

    #[test]
    fn an_ods_code_is_a_letter_and_five_digits() {
        assert_eq!(parse_ods_code(" a81 001 "), Ok("A81001".to_string()));
        assert!(parse_ods_code("81001").is_err());
        assert!(parse_ods_code("AB1001").is_err());
        assert_eq!(parse_ods_code(""), Err("Enter the practice's ODS code"));
    }
}
