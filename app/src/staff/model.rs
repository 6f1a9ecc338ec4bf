//! Types shared by several parts of "Manage staff and inboxes": the
//! clinical system a practice runs, EMIS usernames, the page's data and
//! the inbox door. Each sub-feature's own types are in its `model`. Nothing
//! secret: invite tokens never appear here.

use crate::ids::OrgId;
use serde::{Deserialize, Serialize};

use super::invitations::model::InvitedStaff;
use super::members::model::StaffMember;

pub use crate::org::model::ClinicalSystem;

/// Longest EMIS username we keep.
pub const EMIS_USERNAME_MAX: usize = 64;

/// A trimmed EMIS username ("" when none), or the message for the field.
pub fn parse_emis_username(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim();
    if name.chars().count() > EMIS_USERNAME_MAX {
        return Err("EMIS username must be 64 characters or fewer");
    }
    if name.chars().any(char::is_control) {
        return Err("EMIS username must not contain line breaks or tabs");
    }
    Ok(name.to_string())
}

/// Everything "Manage staff and inboxes" shows for one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOverview {
    pub organisation_id: OrgId,
    pub organisation_name: String,
    pub clinical_system: ClinicalSystem,
    pub registered: Vec<StaffMember>,
    pub invited: Vec<InvitedStaff>,
    /// "nhs.net or an address ending .nhs.uk", for the email hint.
    pub allowed_domains: String,
}

/// Whether the inbox opens for the person in the organisation they are
/// working in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InboxAccess {
    /// They hold a staff role there.
    Open { organisation_name: String },
    /// Their only roles there are administrative: the page explains how to
    /// give themselves a staff role.
    AdminOnly {
        organisation_id: OrgId,
        organisation_name: String,
    },
    /// No role there opens an inbox (e.g. a locum).
    NotStaff { organisation_name: String },
    /// They belong to no organisation.
    NoOrganisation,
}

impl InboxAccess {
    /// From the roles they hold there (and above).
    pub fn decide<'a>(
        organisation_id: &OrgId,
        organisation_name: &str,
        roles: impl Iterator<Item = &'a str> + Clone,
    ) -> InboxAccess {
        use crate::org::model::{roles_grant, Permission};
        let organisation_name = organisation_name.to_string();
        if roles_grant(roles.clone(), Permission::HandleRequests) {
            InboxAccess::Open { organisation_name }
        } else if roles_grant(roles, Permission::ManageStaff) {
            InboxAccess::AdminOnly {
                organisation_id: organisation_id.clone(),
                organisation_name,
            }
        } else {
            InboxAccess::NotStaff { organisation_name }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_admin_without_a_staff_role_is_told_how_to_get_one_and_a_gp_gets_the_inbox() {
        let admin = InboxAccess::decide(
            &OrgId::from("p1"),
            "Riverside",
            ["practice_admin"].into_iter(),
        );
        assert!(matches!(admin, InboxAccess::AdminOnly { .. }));
        let both = InboxAccess::decide(
            &OrgId::from("p1"),
            "Riverside",
            ["practice_admin", "gp"].into_iter(),
        );
        assert!(matches!(both, InboxAccess::Open { .. }));
        let locum = InboxAccess::decide(&OrgId::from("p1"), "Riverside", ["locum"].into_iter());
        assert!(matches!(locum, InboxAccess::NotStaff { .. }));
    }

    #[test]
    fn emis_usernames_are_trimmed_and_limited() {
        assert_eq!(parse_emis_username("  JBLOGGS "), Ok("JBLOGGS".to_string()));
        assert!(parse_emis_username(&"x".repeat(65)).is_err());
        assert!(parse_emis_username("a\nb").is_err());
    }
}
