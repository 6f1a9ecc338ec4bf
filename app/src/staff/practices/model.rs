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
    fn an_ods_code_is_a_letter_and_five_digits() {
        assert_eq!(parse_ods_code(" a81 001 "), Ok("A81001".to_string()));
        assert!(parse_ods_code("81001").is_err());
        assert!(parse_ods_code("AB1001").is_err());
        assert_eq!(parse_ods_code(""), Err("Enter the practice's ODS code"));
    }
}
