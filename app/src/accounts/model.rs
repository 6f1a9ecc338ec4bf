use crate::ids::UserId;
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

pub const PASSWORD_MIN: usize = 12;

/// A locked account as an administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedAccount {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    /// UK time, e.g. "23 November 2026 at 10:15am".
    pub locked_since: String,
}
pub const PASSWORD_MAX: usize = 128;

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
        if !local_part_ok(local) || !domain_ok(domain) || email.len() > 254 {
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

/// A deliverable local part: 1 to 64 of the characters an address may
/// carry unquoted (RFC 5321 "dot-atom"), dots only between others.
fn local_part_ok(local: &str) -> bool {
    (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
}

/// A deliverable domain: at least two labels of letters, digits and
/// hyphens (1 to 63 each, no hyphen at either end), the last not all
/// digits.
fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()))
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
    fn only_deliverable_addresses_are_accepted() {
        for bad in [
            "@",
            "a@b",
            "jo@nhs",
            "jo..bloggs@nhs.net",
            ".jo@nhs.net",
            "jo.@nhs.net",
            "jo bloggs@nhs.net",
            "jo@-nhs.net",
            "jo@nhs-.net",
            "jo@nhs..net",
            "jo@127.0.0.1",
            "jo(comment)@nhs.net",
            "jo@nhs.net>",
            "\"jo\"@nhs.net",
            "jö@nhs.net",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
        for good in [
            "jo@nhs.net",
            "o'brien@nhs.net",
            "jo.bloggs+inbox@leedsth.nhs.uk",
            "JO_B-1@Example.co.uk",
        ] {
            assert!(Email::parse(good).is_ok(), "{good} should be accepted");
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
