//! Shared types of "Manage staff and inboxes": what the admin's pages and
//! the invitation pages show. Nothing secret: invite tokens never appear
//! here except as the link the admin asked to copy.

use serde::{Deserialize, Serialize};

/// The clinical system a practice runs. EMIS Web practices record each
/// member's EMIS username.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClinicalSystem {
    EmisWeb,
    SystmOne,
    Other,
}

impl ClinicalSystem {
    pub const ALL: [ClinicalSystem; 3] = [
        ClinicalSystem::EmisWeb,
        ClinicalSystem::SystmOne,
        ClinicalSystem::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClinicalSystem::EmisWeb => "emis_web",
            ClinicalSystem::SystmOne => "systmone",
            ClinicalSystem::Other => "other",
        }
    }

    /// Stored names; anything unknown reads as `Other`.
    pub fn parse(stored: &str) -> ClinicalSystem {
        ClinicalSystem::ALL
            .into_iter()
            .find(|s| s.as_str() == stored)
            .unwrap_or(ClinicalSystem::Other)
    }

    /// A choice from a form: `None` when nothing valid was chosen.
    pub fn from_form(raw: &str) -> Option<ClinicalSystem> {
        ClinicalSystem::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            ClinicalSystem::EmisWeb => "EMIS Web",
            ClinicalSystem::SystmOne => "TPP SystmOne",
            ClinicalSystem::Other => "Other",
        }
    }
}

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

/// An invitation's state as the admin sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteStatus {
    Pending,
    Expired,
    Accepted,
    Revoked,
}

impl InviteStatus {
    /// From the stored status and whether the link time has run out.
    pub fn of(stored: &str, expired: bool) -> InviteStatus {
        match stored {
            "accepted" => InviteStatus::Accepted,
            "revoked" => InviteStatus::Revoked,
            _ if expired => InviteStatus::Expired,
            _ => InviteStatus::Pending,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            InviteStatus::Pending => "Pending",
            InviteStatus::Expired => "Expired",
            InviteStatus::Accepted => "Accepted",
            InviteStatus::Revoked => "Revoked",
        }
    }

    /// Resend, copy a new link and revoke work while it is not accepted or
    /// revoked (an expired invite can be sent again).
    pub fn can_be_resent(self) -> bool {
        matches!(self, InviteStatus::Pending | InviteStatus::Expired)
    }
}

/// One row of "Registered staff": one person in one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub membership_id: String,
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub role_label: String,
    pub emis_username: Option<String>,
    pub active: bool,
}

/// One row of "Invited staff".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitedStaff {
    pub invite_id: String,
    pub email: String,
    pub role_label: String,
    pub invited_by: String,
    /// UK time of the latest email or link.
    pub sent: String,
    pub expires: String,
    pub status: InviteStatus,
}

/// Everything "Manage staff and inboxes" shows for one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffOverview {
    pub organisation_id: String,
    pub organisation_name: String,
    pub clinical_system: ClinicalSystem,
    pub registered: Vec<StaffMember>,
    pub invited: Vec<InvitedStaff>,
    /// "nhs.net or an address ending .nhs.uk", for the email hint.
    pub allowed_domains: String,
}

/// What `invite_staff` and `create_invite_link` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteOutcome {
    pub email: String,
    pub role_label: String,
    /// The link, when the admin asked to copy it.
    pub link: Option<String>,
    /// The admin invited their own address: the role was added at once.
    pub added_to_self: bool,
}

/// What the invited person sees when they open their link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub organisation_name: String,
    pub role_label: String,
    pub email: String,
    /// The registration number field's label and hint, for clinical roles.
    pub registration: Option<(String, String)>,
    /// An account already exists for the invited address.
    pub has_account: bool,
    /// The address of whoever is signed in now, if anyone.
    pub signed_in_as: Option<String>,
}

impl InvitationView {
    /// Signed in, but as someone other than the invited person.
    pub fn signed_in_as_someone_else(&self) -> bool {
        self.signed_in_as
            .as_deref()
            .is_some_and(|who| !who.eq_ignore_ascii_case(&self.email))
    }
}

/// Where the person goes after accepting or registering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    pub organisation_id: String,
    pub organisation_name: String,
    /// Their only role there is Practice admin: "Manage staff" instead of
    /// "Take me to my inbox".
    pub admin_only: bool,
}

impl Joined {
    /// The button of the confirmation panel and where it goes.
    pub fn next_step(&self) -> (&'static str, String) {
        if self.admin_only {
            (
                "Manage staff",
                format!("/practices/{}/staff", self.organisation_id),
            )
        } else {
            ("Take me to my inbox", "/inbox".to_string())
        }
    }
}

/// A practice's details as its admin edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeDetails {
    pub organisation_id: String,
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

/// One row of a bulk-invite file, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRow {
    pub line: usize,
    pub email: String,
    pub role: String,
    pub emis_username: String,
    /// Why this row will not be sent, if it will not.
    pub error: Option<String>,
}

/// The preview of a bulk-invite file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkPreview {
    pub rows: Vec<BulkRow>,
    /// How many rows can be sent.
    pub ready: usize,
    /// Invites the practice can still send this hour.
    pub allowance: i64,
}

/// What happened to one row of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkResult {
    pub line: usize,
    pub email: String,
    /// `None` when the invite was sent.
    pub error: Option<String>,
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
        organisation_id: String,
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
        organisation_id: &str,
        organisation_name: &str,
        roles: impl Iterator<Item = &'a str> + Clone,
    ) -> InboxAccess {
        use crate::org::model::{roles_grant, Permission};
        let organisation_name = organisation_name.to_string();
        if roles_grant(roles.clone(), Permission::HandleRequests) {
            InboxAccess::Open { organisation_name }
        } else if roles_grant(roles, Permission::ManageStaff) {
            InboxAccess::AdminOnly {
                organisation_id: organisation_id.to_string(),
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
    fn an_ods_code_is_a_letter_and_five_digits() {
        assert_eq!(parse_ods_code(" a81 001 "), Ok("A81001".to_string()));
        assert!(parse_ods_code("81001").is_err());
        assert!(parse_ods_code("AB1001").is_err());
        assert_eq!(parse_ods_code(""), Err("Enter the practice's ODS code"));
    }

    #[test]
    fn an_expired_pending_invite_reads_expired_but_an_accepted_one_never_does() {
        assert_eq!(InviteStatus::of("pending", true), InviteStatus::Expired);
        assert_eq!(InviteStatus::of("pending", false), InviteStatus::Pending);
        assert_eq!(InviteStatus::of("accepted", true), InviteStatus::Accepted);
        assert!(InviteStatus::Expired.can_be_resent());
        assert!(!InviteStatus::Revoked.can_be_resent());
    }

    #[test]
    fn a_practice_admin_only_goes_to_manage_staff_and_everyone_else_to_their_inbox() {
        let mut joined = Joined {
            organisation_id: "p1".into(),
            organisation_name: "Riverside".into(),
            admin_only: true,
        };
        assert_eq!(
            joined.next_step(),
            ("Manage staff", "/practices/p1/staff".to_string())
        );
        joined.admin_only = false;
        assert_eq!(joined.next_step().0, "Take me to my inbox");
    }

    #[test]
    fn someone_else_signed_in_is_noticed_whatever_the_case_of_the_address() {
        let mut view = InvitationView {
            organisation_name: "Riverside".into(),
            role_label: "GP".into(),
            email: "Jo@nhs.net".into(),
            registration: None,
            has_account: true,
            signed_in_as: Some("jo@NHS.net".into()),
        };
        assert!(!view.signed_in_as_someone_else());
        view.signed_in_as = Some("sam@nhs.net".into());
        assert!(view.signed_in_as_someone_else());
        view.signed_in_as = None;
        assert!(!view.signed_in_as_someone_else());
    }

    #[test]
    fn an_admin_without_a_staff_role_is_told_how_to_get_one_and_a_gp_gets_the_inbox() {
        let admin = InboxAccess::decide("p1", "Riverside", ["practice_admin"].into_iter());
        assert!(matches!(admin, InboxAccess::AdminOnly { .. }));
        let both = InboxAccess::decide("p1", "Riverside", ["practice_admin", "gp"].into_iter());
        assert!(matches!(both, InboxAccess::Open { .. }));
        let locum = InboxAccess::decide("p1", "Riverside", ["locum"].into_iter());
        assert!(matches!(locum, InboxAccess::NotStaff { .. }));
    }

    #[test]
    fn emis_usernames_are_trimmed_and_limited() {
        assert_eq!(parse_emis_username("  JBLOGGS "), Ok("JBLOGGS".to_string()));
        assert!(parse_emis_username(&"x".repeat(65)).is_err());
        assert!(parse_emis_username("a\nb").is_err());
    }
}
