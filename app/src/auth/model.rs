use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

/// The one message for any failed sign-in, whatever failed.
pub const SIGN_IN_FAILED: &str = "Email address or password is wrong";

/// What the browser may know about the signed-in person. Nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub name: String,
    pub email: String,
    pub memberships: Vec<MembershipView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipView {
    pub organisation_id: String,
    pub organisation_name: String,
    pub role: String,
}

/// The words users see for a stored role name.
pub fn role_label(role: &str) -> &'static str {
    match role {
        "network_admin" => "Network administrator",
        "hub_manager" => "Hub manager",
        "practice_admin" => "Practice admin",
        "gp" => "GP",
        "nurse" => "Nurse",
        "receptionist" => "Receptionist",
        "locum" => "Locum",
        _ => "Member",
    }
}

pub fn validate_sign_in(email: &str, password: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if email.trim().is_empty() {
        errors.push("email", "Enter your email address");
    }
    if password.is_empty() {
        errors.push("password", "Enter your password");
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sign_in_fields_are_each_asked_for() {
        let errors = validate_sign_in(" ", "");
        assert_eq!(
            errors.for_field("email").as_deref(),
            Some("Enter your email address")
        );
        assert_eq!(
            errors.for_field("password").as_deref(),
            Some("Enter your password")
        );
        assert!(validate_sign_in("a@nhs.net", "x").is_empty());
    }

    #[test]
    fn stored_roles_have_readable_names() {
        assert_eq!(role_label("practice_admin"), "Practice admin");
        assert_eq!(role_label("unheard_of"), "Member");
    }
}
