use crate::ids::{OrgId, UserId};
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::org::model::MembershipView;

/// Where someone with these memberships starts after signing in: staff
/// who answer requests in a practice at their inbox, a locum at "Hub
/// management", everyone else at their account.
pub fn home(memberships: &[MembershipView]) -> &'static str {
    use crate::org::model::{roles_grant, Permission};
    let staff = memberships.iter().any(|m| {
        m.organisation_kind == "practice"
            && roles_grant([m.role.as_str()], Permission::HandleRequests)
    });
    if staff {
        "/inbox"
    } else if memberships.iter().any(|m| m.role == "locum") {
        "/hub-management"
    } else {
        "/account"
    }
}

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

/// Longest email address there can be (RFC 5321).
pub const EMAIL_MAX: usize = 254;
/// Longest password a sign-in will hash (argon2 of a huge one is slow).
pub const PASSWORD_MAX: usize = 1024;

/// Checks the sign-in form before anything is looked up or stored.
pub fn validate_sign_in(email: &str, password: &str) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if email.trim().is_empty() {
        errors.push("email", "Enter your email address");
    } else if email.trim().len() > EMAIL_MAX {
        errors.push("email", "Email address must be 254 characters or fewer");
    }
    if password.is_empty() {
        errors.push("password", "Enter your password");
    } else if password.len() > PASSWORD_MAX {
        errors.push("password", "Password must be 1024 characters or fewer");
    }
    errors
}

/// Where to go after signing in, from the page's `next=`: only a path of
/// this site. Refused (so the caller uses its default): anything that does
/// not start with exactly one `/`, and anything with a backslash, a control
/// character (tab and newline, which browsers drop, turning `/\t/host`
/// into `//host`) or white space, and `/` followed by `/` or `\` once
/// those are dropped.
pub fn safe_next(raw: &str) -> Option<&str> {
    let local = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    local.then_some(raw)
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
    fn only_a_path_of_this_site_is_followed_after_sign_in() {
        assert_eq!(safe_next("/invite/abc"), Some("/invite/abc"));
        assert_eq!(
            safe_next("/inbox?view=mine&target=p1"),
            Some("/inbox?view=mine&target=p1")
        );
        for trick in [
            "//example.org/x",
            "/\\example.org/x",
            "/\t/example.org/x",
            "/\n/example.org/x",
            "/\r//example.org",
            "\t//example.org",
            " //example.org",
            "https://example.org/",
            "example.org",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_next(trick), None, "{trick:?}");
        }
    }
}
