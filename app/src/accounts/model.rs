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
