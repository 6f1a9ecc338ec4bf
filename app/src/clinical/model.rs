//! Types of the clinical-system link shared by server and browser: the
//! practice's "Feature settings", the state of the link, and what went
//! wrong in words a practice can act on.

use serde::{Deserialize, Serialize};

use crate::ids::OrgId;

/// "Feature settings" as the practice admin sees them. The EMIS API user's
/// password never leaves the server: only when and by whom it was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureSettings {
    pub organisation_id: OrgId,
    pub practice_name: String,
    /// Only EMIS Web practices link this way.
    pub emis_web: bool,
    pub emis_org_id: Option<String>,
    /// "Set on 3 December 2026 at 4:15pm by Priya Shah".
    pub emis_org_id_set: Option<String>,
    pub api_username: Option<String>,
    pub api_password_set: Option<String>,
    /// The stored password cannot be opened (SECRET_KEY changed).
    pub api_password_unreadable: bool,
    pub health: Health,
    /// When the link was last tested, in words.
    pub checked: Option<String>,
    /// The fault of the last test, if it failed.
    pub fault: Option<Fault>,
}

/// The state of a practice's link, kept by "Test connection" and the
/// hourly health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Health {
    /// Never tested since the settings changed.
    Untested,
    Working,
    Failing,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Untested => "untested",
            Health::Working => "working",
            Health::Failing => "failing",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        [Health::Untested, Health::Working, Health::Failing]
            .into_iter()
            .find(|h| h.as_str() == stored)
    }

    /// The tag users see.
    pub fn label(self) -> &'static str {
        match self {
            Health::Untested => "Not tested",
            Health::Working => "Connected",
            Health::Failing => "Not working",
        }
    }
}

/// Why the clinical system did not do what was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fault {
    /// The EMIS Organisation ID or the EMIS API user is not entered yet.
    NotSetUp,
    /// The stored password cannot be opened: SECRET_KEY changed.
    PasswordUnreadable,
    /// This Gatehouse server has no link to clinical systems configured.
    LinkOff,
    /// The username or password was refused.
    WrongCredentials,
    /// The partner product is deactivated in EMIS, or the user may not log in.
    Deactivated,
    /// The clinical system could not be reached.
    Unreachable,
    /// The clinical system did not answer in time.
    TimedOut,
    /// Someone else booked the slot first.
    SlotTaken,
    /// The clinical system answered in a way Gatehouse does not understand.
    Unexpected,
}

impl Fault {
    pub const ALL: [Fault; 9] = [
        Fault::NotSetUp,
        Fault::PasswordUnreadable,
        Fault::LinkOff,
        Fault::WrongCredentials,
        Fault::Deactivated,
        Fault::Unreachable,
        Fault::TimedOut,
        Fault::SlotTaken,
        Fault::Unexpected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Fault::NotSetUp => "not_set_up",
            Fault::PasswordUnreadable => "password_unreadable",
            Fault::LinkOff => "link_off",
            Fault::WrongCredentials => "wrong_credentials",
            Fault::Deactivated => "deactivated",
            Fault::Unreachable => "unreachable",
            Fault::TimedOut => "timed_out",
            Fault::SlotTaken => "slot_taken",
            Fault::Unexpected => "unexpected",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Fault::ALL.into_iter().find(|f| f.as_str() == stored)
    }

    /// What happened, plainly.
    pub fn message(self) -> &'static str {
        match self {
            Fault::NotSetUp => "Enter the EMIS Organisation ID and the EMIS API user details first.",
            Fault::PasswordUnreadable => "The stored EMIS API user password can no longer be read, because this Gatehouse server's secret key was changed. Enter the EMIS API user details again.",
            Fault::LinkOff => "This Gatehouse server is not set up to connect to clinical systems. Contact your Gatehouse support team.",
            Fault::WrongCredentials => "EMIS refused the EMIS API user's username or password.",
            Fault::Deactivated => "EMIS answered, but Gatehouse is deactivated in the Partner API list, or the EMIS API user is not allowed to log in.",
            Fault::Unreachable => "EMIS could not be reached.",
            Fault::TimedOut => "EMIS did not answer in time.",
            Fault::SlotTaken => "That appointment was booked by someone else.",
            Fault::Unexpected => "EMIS gave an answer Gatehouse did not understand.",
        }
    }

    /// What the practice should do about it.
    pub fn advice(self) -> &'static str {
        match self {
            Fault::WrongCredentials => "Check the username and password of the EMIS API user in EMIS (EMAS Manager, Partner API, Edit Users), then select Update EMIS API user details with the same username and password here.",
            Fault::Deactivated => "Follow the troubleshooting steps below: deactivate and reactivate Gatehouse in the Partner API list, and check the user's Login Access.",
            Fault::Unreachable | Fault::TimedOut => "This is usually temporary. Gatehouse tests the connection again every hour and tells the practice administrators when it works again. If it lasts more than a day, contact your Gatehouse support team.",
            Fault::Unexpected => "Test the connection again. If this keeps happening, contact your Gatehouse support team.",
            Fault::NotSetUp | Fault::PasswordUnreadable | Fault::LinkOff | Fault::SlotTaken => "",
        }
    }
}

/// "EMIS Organisation ID": the EMIS CDB number, digits only.
pub fn parse_emis_org_id(raw: &str) -> Result<String, &'static str> {
    let digits = raw.trim();
    if digits.is_empty() {
        return Err("Enter the EMIS Organisation ID");
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("EMIS Organisation ID must only include numbers 0 to 9");
    }
    if !(3..=8).contains(&digits.len()) {
        return Err("EMIS Organisation ID must be between 3 and 8 numbers");
    }
    Ok(digits.to_string())
}

/// The EMIS API user's username: no spaces, 100 characters at most.
pub fn parse_api_username(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Enter the username of the EMIS API user");
    }
    if name.chars().count() > 100 {
        return Err("Username must be 100 characters or fewer");
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("Username must not include spaces");
    }
    Ok(name.to_string())
}

/// The EMIS API user's password, exactly as typed.
pub fn check_api_password(raw: &str) -> Result<(), &'static str> {
    if raw.is_empty() {
        return Err("Enter the password of the EMIS API user");
    }
    if raw.chars().count() > 200 {
        return Err("Password must be 200 characters or fewer");
    }
    if raw.chars().any(char::is_control) {
        return Err("Password must not include line breaks or tabs");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_emis_organisation_id_is_3_to_8_digits() {
        assert_eq!(parse_emis_org_id(" 12345 ").as_deref(), Ok("12345"));
        assert!(parse_emis_org_id("").is_err());
        assert!(parse_emis_org_id("12a45").is_err());
        assert!(parse_emis_org_id("12").is_err());
        assert!(parse_emis_org_id("123456789").is_err());
    }

    #[test]
    fn usernames_have_no_spaces_and_passwords_have_limits() {
        assert_eq!(
            parse_api_username(" gatehouse ").as_deref(),
            Ok("gatehouse")
        );
        assert!(parse_api_username("gate house").is_err());
        assert!(parse_api_username(&"a".repeat(101)).is_err());
        assert!(check_api_password("").is_err());
        assert!(check_api_password(&"p".repeat(201)).is_err());
        assert!(check_api_password("line\nbreak").is_err());
        assert!(check_api_password(" spaces are kept ").is_ok());
    }

    #[test]
    fn every_fault_reads_back_from_its_stored_name() {
        for fault in Fault::ALL {
            assert_eq!(Fault::parse(fault.as_str()), Some(fault));
            assert!(!fault.message().is_empty());
        }
    }
}
