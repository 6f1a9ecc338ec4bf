//! Types of invitations: an invitation's state and its row in "Invited
//! staff", what inviting did, what the invited person sees and where they
//! go after joining. Invite tokens never appear here except as the link
//! the admin asked to copy.

use crate::ids::{InvitationId, OrgId};
use serde::{Deserialize, Serialize};

/// An invitation's stored state (expiry is worked out from its time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteState {
    Pending,
    Accepted,
    Revoked,
}

impl InviteState {
    pub fn as_str(self) -> &'static str {
        match self {
            InviteState::Pending => "pending",
            InviteState::Accepted => "accepted",
            InviteState::Revoked => "revoked",
        }
    }
}

impl TryFrom<String> for InviteState {
    type Error = crate::org::model::UnknownValue;

    /// A stored state; one this version does not know is an error.
    fn try_from(stored: String) -> Result<Self, Self::Error> {
        match stored.as_str() {
            "pending" => Ok(InviteState::Pending),
            "accepted" => Ok(InviteState::Accepted),
            "revoked" => Ok(InviteState::Revoked),
            _ => Err(crate::org::model::UnknownValue(stored)),
        }
    }
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
    /// From the stored state and whether the link time has run out.
    pub fn of(stored: InviteState, expired: bool) -> InviteStatus {
        match stored {
            InviteState::Accepted => InviteStatus::Accepted,
            InviteState::Revoked => InviteStatus::Revoked,
            InviteState::Pending if expired => InviteStatus::Expired,
            InviteState::Pending => InviteStatus::Pending,
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

/// One row of "Invited staff".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitedStaff {
    pub invite_id: InvitationId,
    pub email: String,
    pub role_label: String,
    pub invited_by: String,
    /// UK time of the latest email or link.
    pub sent: String,
    pub expires: String,
    pub status: InviteStatus,
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
    pub organisation_id: OrgId,
    pub organisation_name: String,
    /// Their only role there is Practice admin: "Manage staff" instead of
    /// "Take me to my inbox".
    pub admin_only: bool,
}

/// The confirmation page of someone who has just joined `organisation_id`
/// (`registered`: a new account; otherwise an invitation accepted): where a
/// form posted without WebAssembly lands, as the hydrated page shows it.
pub fn joined_page(organisation_id: &OrgId, registered: bool) -> String {
    let done = if registered { "registered" } else { "accepted" };
    format!("/joined?organisation={organisation_id}&done={done}")
}

impl Joined {
    /// The person's membership of `organisation_id`, as the confirmation
    /// shows it; `None` when they hold no role there.
    pub fn of(user: &crate::auth::model::CurrentUser, organisation_id: &OrgId) -> Option<Self> {
        let roles: Vec<&str> = user
            .memberships
            .iter()
            .filter(|m| m.organisation_id == *organisation_id)
            .map(|m| m.role.as_str())
            .collect();
        let name = user
            .memberships
            .iter()
            .find(|m| m.organisation_id == *organisation_id)?
            .organisation_name
            .clone();
        Some(Joined {
            organisation_id: organisation_id.clone(),
            organisation_name: name,
            admin_only: roles
                .iter()
                .all(|r| *r == crate::org::model::Role::PracticeAdmin.as_str()),
        })
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expired_pending_invite_reads_expired_but_an_accepted_one_never_does() {
        assert_eq!(
            InviteStatus::of(InviteState::Pending, true),
            InviteStatus::Expired
        );
        assert_eq!(
            InviteStatus::of(InviteState::Pending, false),
            InviteStatus::Pending
        );
        assert_eq!(
            InviteStatus::of(InviteState::Accepted, true),
            InviteStatus::Accepted
        );
        assert!(InviteStatus::Expired.can_be_resent());
        assert!(InviteState::try_from("superseded".to_string()).is_err());
        assert_eq!(
            InviteState::try_from("revoked".to_string()),
            Ok(InviteState::Revoked)
        );
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
}
