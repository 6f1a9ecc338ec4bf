use crate::ids::{OrgId, UserId};
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::org::model::MembershipView;

/// The one message for any failed sign-in, whatever failed.
pub const SIGN_IN_FAILED: &str = "Email address or password is wrong";

/// What the browser may know about the signed-in person. Nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub memberships: Vec<MembershipView>,
    /// The organisation chosen in the switcher (their first one until they
    /// choose); `None` for someone with no memberships.
    pub organisation_id: Option<OrgId>,
    pub unread_notifications: i64,
}

impl CurrentUser {
    /// The organisation they are working in, with its name.
    pub fn organisation(&self) -> Option<&MembershipView> {
        let id = self.organisation_id.as_ref()?;
        self.memberships.iter().find(|m| m.organisation_id == *id)
    }

    /// Each organisation they belong to, once, in name order, with the
    /// roles they hold there.
    pub fn places(&self) -> Vec<(OrgId, String, Vec<String>)> {
        let mut places: Vec<(OrgId, String, Vec<String>)> = Vec::new();
        for m in &self.memberships {
            match places
                .iter_mut()
                .find(|(id, _, _)| *id == m.organisation_id)
            {
                Some((_, _, roles)) => roles.push(m.role.clone()),
                None => places.push((
                    m.organisation_id.clone(),
                    m.organisation_name.clone(),
                    vec![m.role.clone()],
                )),
            }
        }
        places
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
}
