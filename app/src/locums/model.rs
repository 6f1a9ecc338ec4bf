//! What the locum network's pages and server functions share: professions,
//! registration states, a locum's standing in a hub, and the views.

use crate::ids::{FileId, OrgId, UserId};
use crate::org::model::Register;
use serde::{Deserialize, Serialize};

/// The longest name, email address and typed signature kept.
pub const MAX_NAME: usize = 200;
pub const MAX_EMAIL: usize = 254;
/// A rejection's reason and a hub location's address.
pub const MAX_REASON: usize = 1000;
pub const MAX_ADDRESS: usize = 500;
/// A hub location's name and a hub document's title.
pub const MAX_TITLE: usize = 120;

/// The professions a locum registers with, each on its professional
/// register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Profession {
    Gp,
    Nurse,
    Pharmacist,
}

impl Profession {
    pub const ALL: [Profession; 3] = [Profession::Gp, Profession::Nurse, Profession::Pharmacist];

    pub fn as_str(self) -> &'static str {
        match self {
            Profession::Gp => "gp",
            Profession::Nurse => "nurse",
            Profession::Pharmacist => "pharmacist",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Profession::Gp => "GP",
            Profession::Nurse => "Nurse",
            Profession::Pharmacist => "Pharmacist",
        }
    }

    pub fn register(self) -> Register {
        match self {
            Profession::Gp => Register::Gmc,
            Profession::Nurse => Register::Nmc,
            Profession::Pharmacist => Register::Gphc,
        }
    }

    pub fn parse(stored: &str) -> Option<Profession> {
        Profession::ALL.into_iter().find(|p| p.as_str() == stored)
    }

    /// The label of a stored name ("Unknown" for one this version lacks).
    pub fn label_of(stored: &str) -> &'static str {
        Profession::parse(stored).map_or("Unknown", Profession::label)
    }
}

/// Where a registration is: "Create an account" → the link verifies →
/// the network activates (or rejects).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationState {
    Unverified,
    AwaitingActivation,
    Active,
    Rejected,
}

impl RegistrationState {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationState::Unverified => "unverified",
            RegistrationState::AwaitingActivation => "awaiting_activation",
            RegistrationState::Active => "active",
            RegistrationState::Rejected => "rejected",
        }
    }

    pub fn parse(stored: &str) -> Option<RegistrationState> {
        [
            RegistrationState::Unverified,
            RegistrationState::AwaitingActivation,
            RegistrationState::Active,
            RegistrationState::Rejected,
        ]
        .into_iter()
        .find(|s| s.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            RegistrationState::Unverified => "Email not verified",
            RegistrationState::AwaitingActivation => "Awaiting activation",
            RegistrationState::Active => "Active",
            RegistrationState::Rejected => "Rejected",
        }
    }
}

/// A locum's standing in a hub, as "Hub management" and "Hub workforce"
/// show it (their role in the hub: requested, active or disabled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HubStatus {
    Requested,
    Enabled,
    Disabled,
}

impl HubStatus {
    /// From the stored status of the locum's membership of the hub.
    pub fn from_membership(stored: &str) -> HubStatus {
        match stored {
            "active" => HubStatus::Enabled,
            "requested" => HubStatus::Requested,
            _ => HubStatus::Disabled,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HubStatus::Requested => "Requested",
            HubStatus::Enabled => "Enabled",
            HubStatus::Disabled => "Disabled",
        }
    }
}

/// "Read" or "Sign": what a hub asks of its locums for a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentAction {
    Read,
    Sign,
}

impl DocumentAction {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentAction::Read => "read",
            DocumentAction::Sign => "sign",
        }
    }

    pub fn parse(stored: &str) -> Option<DocumentAction> {
        match stored {
            "read" => Some(DocumentAction::Read),
            "sign" => Some(DocumentAction::Sign),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentAction::Read => "Read",
            DocumentAction::Sign => "Sign",
        }
    }
}

/// The "Create an account" form (the `registration[...]` fields).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLocum {
    pub name: String,
    pub email: String,
    pub mobile: String,
    #[serde(default)]
    pub profession: String,
    pub registration_number: String,
    pub password: String,
    pub confirm: String,
    #[serde(default)]
    pub hub_id: String,
    /// Hidden from people: a robot that fills it in is answered as anyone
    /// else and nothing is kept.
    #[serde(default)]
    pub website: String,
}

/// A hub to choose, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubOption {
    pub id: OrgId,
    pub name: String,
}

/// What the public registration page shows: the network, its hubs and
/// its support contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationPage {
    pub network_name: String,
    pub hubs: Vec<HubOption>,
}

/// A registration in the network's activation queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationView {
    pub id: String,
    pub name: String,
    pub email: String,
    pub mobile: String,
    pub profession: String,
    pub registration_number: String,
    pub hub_name: Option<String>,
    pub state: RegistrationState,
    /// When the email address was verified, in words.
    pub verified: String,
    pub reason: Option<String>,
}

/// "Locum registrations" of a network: those awaiting activation, and the
/// last ones decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationQueue {
    pub network_name: String,
    /// The network's hubs ("Add a hub" adds more).
    pub hubs: Vec<HubOption>,
    pub awaiting: Vec<RegistrationView>,
    pub decided: Vec<RegistrationView>,
}

/// A hub location, and whether the locum wishes to work there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationChoice {
    pub id: String,
    pub name: String,
    pub address: String,
    pub chosen: bool,
}

/// A hub document on a locum's task list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentTask {
    pub id: String,
    pub title: String,
    pub action: DocumentAction,
    /// When they read or signed it, in words; `None` while it is to do.
    pub done: Option<String>,
    pub typed_name: Option<String>,
}

/// One of the locum's hubs on "Hub management".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyHub {
    pub hub_id: OrgId,
    pub hub_name: String,
    pub status: HubStatus,
    pub locations: Vec<LocationChoice>,
    pub documents: Vec<DocumentTask>,
}

/// "Hub management": the locum's hubs, and the network's hubs they may add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubManagement {
    pub hubs: Vec<MyHub>,
    pub can_add: Vec<HubOption>,
}

/// "Your profile": what the hubs they join see of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocumProfile {
    pub name: String,
    pub email: String,
    pub profession: String,
    pub registration_label: String,
    pub registration_number: String,
    pub mobile: String,
    pub hubs: Vec<MyHub>,
}

/// A locum in a hub's workforce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkforceMember {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub status: HubStatus,
    pub profession: String,
    pub registration_number: String,
    pub mobile: String,
    pub locations: Vec<String>,
}

/// A hub location as its managers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubLocationView {
    pub id: String,
    pub name: String,
    pub address: String,
}

/// Who has read or signed a hub document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub name: String,
    pub when: String,
    pub typed_name: Option<String>,
}

/// A hub document as its managers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubDocumentView {
    pub id: String,
    pub title: String,
    pub action: DocumentAction,
    pub file_id: FileId,
    pub done_by: Vec<Acknowledgement>,
}

/// "Hub workforce": the hub's locums, locations and documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workforce {
    pub hub_name: String,
    pub members: Vec<WorkforceMember>,
    pub locations: Vec<HubLocationView>,
    pub documents: Vec<HubDocumentView>,
}

/// The field of a registration's rejection reason (one form a row).
pub fn reason_field(registration_id: &str) -> String {
    format!("reason_{registration_id}")
}

/// The field of a hub document's typed name (one form a document).
pub fn typed_name_field(document_id: &str) -> String {
    format!("typed_name_{document_id}")
}

/// The address of a hub document's file.
pub fn hub_document_href(hub_id: &OrgId, document_id: &str) -> String {
    format!("/hubs/{hub_id}/documents/{document_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profession_round_trips_and_names_its_register() {
        for profession in Profession::ALL {
            assert_eq!(Profession::parse(profession.as_str()), Some(profession));
        }
        assert_eq!(Profession::Gp.register(), Register::Gmc);
        assert_eq!(Profession::label_of("dentist"), "Unknown");
    }

    #[test]
    fn only_an_active_hub_membership_reads_enabled() {
        assert_eq!(HubStatus::from_membership("active"), HubStatus::Enabled);
        assert_eq!(
            HubStatus::from_membership("requested"),
            HubStatus::Requested
        );
        assert_eq!(HubStatus::from_membership("disabled"), HubStatus::Disabled);
    }
}
