use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

pub const PASSWORD_MIN: usize = 12;

/// A locked account as an administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedAccount {
    pub user_id: String,
    pub name: String,
    pub email: String,
    /// UK time, e.g. "23 November 2026 at 10:15am".
    pub locked_since: String,
}
pub const PASSWORD_MAX: usize = 128;

/// Roles a membership can hold. What each may do is decided in one table
/// of permissions (`crate::authz::model::role_permissions`); the names here
/// are stored in `memberships.role` and `invites.role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    NetworkAdmin,
    HubManager,
    PracticeAdmin,
    Gp,
    Nurse,
    Pharmacist,
    HealthcareAssistant,
    Receptionist,
    CareNavigator,
    PracticeManager,
    Secretary,
    PrescriptionClerk,
    Locum,
}

/// The professional register a clinical role's registration number is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Register {
    /// General Medical Council: 7 digits.
    Gmc,
    /// Nursing and Midwifery Council: 2 digits, a letter, 4 digits, a letter.
    Nmc,
    /// General Pharmaceutical Council: 7 digits.
    Gphc,
}

impl Register {
    /// The label of the registration number field.
    pub fn label(self) -> &'static str {
        match self {
            Register::Gmc => "GMC number",
            Register::Nmc => "NMC PIN",
            Register::Gphc => "GPhC registration number",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            Register::Gmc => "7 digits, for example 1234567",
            Register::Nmc => "2 numbers, a letter, 4 numbers and a letter, for example 12A3456E",
            Register::Gphc => "7 digits, for example 2012345",
        }
    }

    /// The number in its stored form (upper case, no spaces), or the message
    /// to show beside the field.
    pub fn parse(self, raw: &str) -> Result<String, String> {
        let number: String = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        if number.is_empty() {
            return Err(format!("Enter your {}", self.label()));
        }
        let shape_ok = match self {
            Register::Gmc | Register::Gphc => {
                number.len() == 7 && number.chars().all(|c| c.is_ascii_digit())
            }
            Register::Nmc => {
                let c: Vec<char> = number.chars().collect();
                c.len() == 8
                    && c[..2].iter().all(char::is_ascii_digit)
                    && c[2].is_ascii_uppercase()
                    && c[3..7].iter().all(char::is_ascii_digit)
                    && c[7].is_ascii_uppercase()
            }
        };
        if shape_ok {
            Ok(number)
        } else {
            Err(format!("{} must be {}", self.label(), self.hint()))
        }
    }
}

impl Role {
    pub const ALL: [Role; 13] = [
        Role::NetworkAdmin,
        Role::HubManager,
        Role::PracticeAdmin,
        Role::Gp,
        Role::Nurse,
        Role::Pharmacist,
        Role::HealthcareAssistant,
        Role::Receptionist,
        Role::CareNavigator,
        Role::PracticeManager,
        Role::Secretary,
        Role::PrescriptionClerk,
        Role::Locum,
    ];

    /// The roles a practice admin can give, in the order the form lists them.
    pub const PRACTICE: [Role; 10] = [
        Role::PracticeAdmin,
        Role::Gp,
        Role::Nurse,
        Role::Pharmacist,
        Role::HealthcareAssistant,
        Role::Receptionist,
        Role::CareNavigator,
        Role::PracticeManager,
        Role::Secretary,
        Role::PrescriptionClerk,
    ];

    /// The role for a stored name; `None` for names this version does not know.
    pub fn parse(stored: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == stored)
    }

    /// A practice role from its stored name or its label, any case (the
    /// bulk-invite file may use either).
    pub fn parse_practice_role(raw: &str) -> Option<Role> {
        let raw = raw.trim();
        Role::PRACTICE.into_iter().find(|role| {
            role.as_str().eq_ignore_ascii_case(raw) || role.label().eq_ignore_ascii_case(raw)
        })
    }

    /// The words users see.
    pub fn label(self) -> &'static str {
        match self {
            Role::NetworkAdmin => "Network administrator",
            Role::HubManager => "Hub manager",
            Role::PracticeAdmin => "Practice admin",
            Role::Gp => "GP",
            Role::Nurse => "Nurse",
            Role::Pharmacist => "Pharmacist",
            Role::HealthcareAssistant => "Healthcare assistant",
            Role::Receptionist => "Receptionist",
            Role::CareNavigator => "Care navigator",
            Role::PracticeManager => "Practice manager",
            Role::Secretary => "Secretary",
            Role::PrescriptionClerk => "Prescription clerk",
            Role::Locum => "Locum",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::NetworkAdmin => "network_admin",
            Role::HubManager => "hub_manager",
            Role::PracticeAdmin => "practice_admin",
            Role::Gp => "gp",
            Role::Nurse => "nurse",
            Role::Pharmacist => "pharmacist",
            Role::HealthcareAssistant => "healthcare_assistant",
            Role::Receptionist => "receptionist",
            Role::CareNavigator => "care_navigator",
            Role::PracticeManager => "practice_manager",
            Role::Secretary => "secretary",
            Role::PrescriptionClerk => "prescription_clerk",
            Role::Locum => "locum",
        }
    }

    /// The register a person in this role must give their number from.
    pub fn register(self) -> Option<Register> {
        match self {
            Role::Gp => Some(Register::Gmc),
            Role::Nurse => Some(Register::Nmc),
            Role::Pharmacist => Some(Register::Gphc),
            _ => None,
        }
    }
}

/// An email address, trimmed, checked for shape, compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let email = raw.trim();
        if email.is_empty() {
            return Err("Enter an email address");
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err("Enter an email address in the correct format, like name@nhs.net");
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@');
        if local.is_empty()
            || !domain_ok
            || email.chars().any(char::is_whitespace)
            || email.len() > 254
        {
            return Err("Enter an email address in the correct format, like name@nhs.net");
        }
        Ok(Email(email.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn lower(&self) -> String {
        self.0.to_lowercase()
    }
}

/// Checks a new password and its confirmation; field ids match the form.
pub fn validate_new_password(password: &str, confirm: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let length = password.chars().count();
    if password.is_empty() {
        errors.push("password", "Enter a password");
    } else if length < PASSWORD_MIN {
        errors.push("password", "Password must be 12 characters or more");
    } else if length > PASSWORD_MAX {
        errors.push("password", "Password must be 128 characters or fewer");
    }
    if confirm.is_empty() {
        errors.push("confirm", "Enter the password again");
    } else if !password.is_empty() && password != confirm {
        errors.push("confirm", "The passwords do not match");
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_compared_in_lower_case() {
        let email = Email::parse("  Jo.Bloggs@NHS.net ").unwrap();
        assert_eq!(email.as_str(), "Jo.Bloggs@NHS.net");
        assert_eq!(email.lower(), "jo.bloggs@nhs.net");
    }

    #[test]
    fn malformed_emails_are_refused_with_the_nhs_wording() {
        assert_eq!(Email::parse(""), Err("Enter an email address"));
        for bad in [
            "jo",
            "jo@",
            "@nhs.net",
            "jo@nhs",
            "jo bloggs@nhs.net",
            "jo@nhs.net.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn a_short_password_and_a_mismatch_are_both_reported() {
        let errors = validate_new_password("short", "other");
        assert_eq!(
            errors.for_field("password").as_deref(),
            Some("Password must be 12 characters or more")
        );
        assert_eq!(
            errors.for_field("confirm").as_deref(),
            Some("The passwords do not match")
        );
    }

    #[test]
    fn registration_numbers_are_checked_against_each_register() {
        assert_eq!(Register::Gmc.parse(" 123 4567 "), Ok("1234567".to_string()));
        assert!(Register::Gmc.parse("123456").is_err());
        assert_eq!(Register::Nmc.parse("12a3456e"), Ok("12A3456E".to_string()));
        assert!(Register::Nmc.parse("1234567E").is_err());
        assert_eq!(
            Register::Gphc.parse(""),
            Err("Enter your GPhC registration number".to_string())
        );
        assert_eq!(Role::Receptionist.register(), None);
        assert_eq!(Role::Gp.register(), Some(Register::Gmc));
    }

    #[test]
    fn practice_roles_parse_from_their_label_or_stored_name() {
        assert_eq!(
            Role::parse_practice_role(" receptionist "),
            Some(Role::Receptionist)
        );
        assert_eq!(
            Role::parse_practice_role("Care Navigator"),
            Some(Role::CareNavigator)
        );
        assert_eq!(
            Role::parse_practice_role("prescription_clerk"),
            Some(Role::PrescriptionClerk)
        );
        assert_eq!(Role::parse_practice_role("Network administrator"), None);
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }

    #[test]
    fn a_long_enough_matching_password_passes() {
        assert!(validate_new_password("a long enough pass", "a long enough pass").is_empty());
    }

    #[test]
    fn empty_fields_ask_for_input() {
        let errors = validate_new_password("", "");
        assert_eq!(
            errors.for_field("password").as_deref(),
            Some("Enter a password")
        );
        assert_eq!(
            errors.for_field("confirm").as_deref(),
            Some("Enter the password again")
        );
    }
}
