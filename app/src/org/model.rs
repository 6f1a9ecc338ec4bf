//! Organisations, roles and what each role may do: the shared types of the
//! organisation module (see `crate::org` for the access rule).

use crate::ids::OrgId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgKind {
    Network,
    Hub,
    Practice,
    ClinicalTeam,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Network => "network",
            OrgKind::Hub => "hub",
            OrgKind::Practice => "practice",
            OrgKind::ClinicalTeam => "clinical_team",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "network" => Some(OrgKind::Network),
            "hub" => Some(OrgKind::Hub),
            "practice" => Some(OrgKind::Practice),
            "clinical_team" => Some(OrgKind::ClinicalTeam),
            _ => None,
        }
    }

    /// The words users see.
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Network => "Network operator",
            OrgKind::Hub => "Federation or PCN hub",
            OrgKind::Practice => "GP practice",
            OrgKind::ClinicalTeam => "Clinical team",
        }
    }
}

/// A stored value this version of Gatehouse does not know: reading it is
/// an error, never a silent default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue(pub String);

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown stored value {:?}", self.0)
    }
}

impl std::error::Error for UnknownValue {}

impl TryFrom<String> for OrgKind {
    type Error = UnknownValue;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        OrgKind::parse(&stored).ok_or(UnknownValue(stored))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrganisationSummary {
    pub id: OrgId,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "String"))]
    pub kind: OrgKind,
    pub name: String,
    pub ods_code: Option<String>,
    /// The name of the organisation it is part of.
    pub part_of: Option<String>,
}

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

impl TryFrom<String> for ClinicalSystem {
    type Error = UnknownValue;

    /// A stored name; one this version does not know is an error.
    fn try_from(stored: String) -> Result<Self, Self::Error> {
        ClinicalSystem::from_form(&stored).ok_or(UnknownValue(stored))
    }
}

impl TryFrom<String> for Role {
    type Error = UnknownValue;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        Role::parse(&stored).ok_or(UnknownValue(stored))
    }
}

/// Whether a role is in use: a Practice admin can disable it without
/// removing it. A locum's role in a hub is `Requested` from "Add Hub"
/// until a Hub manager enables it; only `Active` grants anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MembershipStatus {
    Active,
    Disabled,
    Requested,
}

impl MembershipStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MembershipStatus::Active => "active",
            MembershipStatus::Disabled => "disabled",
            MembershipStatus::Requested => "requested",
        }
    }
}

impl TryFrom<String> for MembershipStatus {
    type Error = UnknownValue;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        match stored.as_str() {
            "active" => Ok(MembershipStatus::Active),
            "disabled" => Ok(MembershipStatus::Disabled),
            "requested" => Ok(MembershipStatus::Requested),
            _ => Err(UnknownValue(stored)),
        }
    }
}

/// One active role of the signed-in person, as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MembershipView {
    pub organisation_id: OrgId,
    pub organisation_name: String,
    /// `network`, `hub`, `practice` or `clinical_team`.
    pub organisation_kind: String,
    pub role: String,
}

/// Roles a membership can hold. What each may do is decided in one table
/// of permissions (`role_permissions`); the names here
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

    /// The practice roles' labels, as "GP, Nurse, …" (for a bulk file,
    /// which has no menu to choose from).
    pub fn practice_labels() -> String {
        let labels: Vec<&str> = Role::PRACTICE.iter().map(|r| r.label()).collect();
        labels.join(", ")
    }

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

/// The words users see for a stored role name.
pub fn role_label(role: &str) -> &'static str {
    Role::parse(role).map_or("Member", |r| r.label())
}

/// Something a person may do in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Permission {
    /// See the organisation and its people.
    ViewOrganisation,
    /// Change the organisation's settings (EMIS link, reminders).
    ManageOrganisation,
    /// Invite staff, change their roles, remove them.
    ManageStaff,
    /// Create group inboxes and choose who is in them.
    ManageInboxes,
    /// Read, assign and answer requests in inboxes.
    HandleRequests,
    /// See patients' records and accounts.
    ViewPatients,
    /// Create patient accounts and send credentials.
    ManagePatients,
    /// Configure the practice's letters ("Letter Template Bases", "Letter
    /// Templates") and which letters and documents patients see.
    ManageLetters,
    /// Publish and cancel shifts.
    ManageShifts,
    /// Book shifts and set availability.
    BookShifts,
    /// Run a hub's workforce: enable and disable its locums, its hub
    /// locations and the documents its locums read or sign.
    ManageWorkforce,
    /// Set up the practice's clinical-system link ("Feature settings": the
    /// EMIS Organisation ID and EMIS API user) and hear when it breaks.
    ManageIntegrations,
    /// Read the activity log of the organisation.
    ViewActivity,
    /// Lift the lock on an account after repeated failed sign-ins.
    UnlockAccounts,
}

use Permission::*;

/// How far a role's permission reaches down the organisation tree
/// (network → hubs → practices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Held in the organisation of the membership and in every
    /// organisation below it: a network administrator manages every hub
    /// and practice of the network, a hub manager the hub's practices.
    Inherited,
    /// Held only through a direct, active membership in that very
    /// organisation: patient data, inbox work and a locum's hub work are
    /// never opened by a role in a network or hub above.
    Direct,
}

impl Permission {
    /// THE inheritance rule: which permissions flow down from a network or
    /// hub to the organisations below it, and which need a direct role.
    pub fn reach(self) -> Reach {
        match self {
            HandleRequests | ViewPatients | ManagePatients | ManageLetters | BookShifts
            | ManageWorkforce | ManageIntegrations => Reach::Direct,
            ViewOrganisation | ManageOrganisation | ManageStaff | ManageInboxes | ManageShifts
            | ViewActivity | UnlockAccounts => Reach::Inherited,
        }
    }
}

/// THE table: what each role may do. Nothing else in the code grants a
/// permission.
pub fn role_permissions(role: Role) -> &'static [Permission] {
    match role {
        // Administrators manage; they open inboxes only through a staff
        // role of their own (the seed's rule, kept for the network too).
        Role::NetworkAdmin => &[
            ViewOrganisation,
            ManageOrganisation,
            ManageStaff,
            ManageInboxes,
            ViewPatients,
            ManagePatients,
            ManageShifts,
            ViewActivity,
            UnlockAccounts,
        ],
        Role::HubManager => &[
            ViewOrganisation,
            ManageStaff,
            ManageInboxes,
            HandleRequests,
            ManageShifts,
            ManageWorkforce,
            ViewActivity,
            UnlockAccounts,
        ],
        Role::PracticeAdmin => &[
            ViewOrganisation,
            ManageOrganisation,
            ManageStaff,
            ManageInboxes,
            ViewPatients,
            ManagePatients,
            ManageLetters,
            ManageShifts,
            ManageIntegrations,
            ViewActivity,
            UnlockAccounts,
        ],
        // A Practice manager runs the practice's rota: they post its
        // requirements for locum cover and accept or decline offers.
        Role::PracticeManager => &[ViewOrganisation, HandleRequests, ViewPatients, ManageShifts],
        Role::Gp
        | Role::Nurse
        | Role::Pharmacist
        | Role::HealthcareAssistant
        | Role::Secretary
        | Role::PrescriptionClerk => &[ViewOrganisation, HandleRequests, ViewPatients],
        Role::Receptionist | Role::CareNavigator => &[
            ViewOrganisation,
            HandleRequests,
            ViewPatients,
            ManagePatients,
        ],
        Role::Locum => &[ViewOrganisation, BookShifts],
    }
}

/// Whether any of the stored role names grants `permission`. Unknown role
/// names grant nothing.
pub fn roles_grant<'a>(roles: impl IntoIterator<Item = &'a str>, permission: Permission) -> bool {
    roles
        .into_iter()
        .filter_map(Role::parse)
        .any(|role| role_permissions(role).contains(&permission))
}

/// The stored names of the roles that grant `permission`, for queries that
/// select the people or organisations where it is held.
pub fn roles_granting(permission: Permission) -> Vec<&'static str> {
    Role::ALL
        .into_iter()
        .filter(|role| role_permissions(*role).contains(&permission))
        .map(Role::as_str)
        .collect()
}

/// A role held by a person, as the access check sees it: the stored role
/// name, and whether the membership is in the organisation asked about
/// itself (`direct`) or in one above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRole {
    pub role: String,
    pub direct: bool,
}

/// Whether the roles someone holds in and above an organisation grant
/// `permission` there, by the permission's [`Reach`].
pub fn held_roles_grant(held: &[HeldRole], permission: Permission) -> bool {
    held.iter()
        .filter(|h| h.direct || permission.reach() == Reach::Inherited)
        .any(|h| roles_grant([h.role.as_str()], permission))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_stored_name() {
        for kind in [
            OrgKind::Network,
            OrgKind::Hub,
            OrgKind::Practice,
            OrgKind::ClinicalTeam,
        ] {
            assert_eq!(OrgKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(OrgKind::parse("pharmacy"), None);
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
    fn stored_roles_have_readable_names() {
        assert_eq!(role_label("practice_admin"), "Practice admin");
        assert_eq!(role_label("unheard_of"), "Member");
    }

    #[test]
    fn only_admins_and_hub_managers_may_manage_staff() {
        let managers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| role_permissions(*r).contains(&ManageStaff))
            .collect();
        assert_eq!(
            managers,
            vec![Role::NetworkAdmin, Role::HubManager, Role::PracticeAdmin]
        );
    }

    #[test]
    fn every_role_may_see_its_own_organisation() {
        for role in Role::ALL {
            assert!(
                role_permissions(role).contains(&ViewOrganisation),
                "{role:?}"
            );
        }
    }

    #[test]
    fn a_practice_manager_runs_the_rota_but_a_gp_does_not() {
        assert!(roles_grant(["practice_manager"], ManageShifts));
        assert!(!roles_grant(["gp"], ManageShifts));
        assert!(!roles_grant(["practice_manager"], ManageStaff));
    }

    #[test]
    fn a_locum_may_book_shifts_but_not_see_patients() {
        assert!(roles_grant(["locum"], BookShifts));
        assert!(!roles_grant(["locum"], ViewPatients));
    }

    #[test]
    fn a_practice_admin_manages_staff_but_cannot_open_inboxes_without_a_staff_role() {
        assert!(roles_grant(["practice_admin"], ManageStaff));
        assert!(!roles_grant(["practice_admin"], HandleRequests));
        assert!(roles_grant(["practice_admin", "gp"], HandleRequests));
        for role in Role::PRACTICE {
            if role != Role::PracticeAdmin {
                assert!(role_permissions(role).contains(&HandleRequests), "{role:?}");
                assert!(!role_permissions(role).contains(&ManageStaff), "{role:?}");
            }
        }
    }

    #[test]
    fn inbox_patient_and_booking_work_need_a_direct_role_and_management_flows_down() {
        let above = |role: &str| HeldRole {
            role: role.into(),
            direct: false,
        };
        let here = |role: &str| HeldRole {
            role: role.into(),
            direct: true,
        };
        // A hub manager's HandleRequests is for the hub itself, never for
        // the practices below it; their staff management reaches them.
        assert!(!held_roles_grant(&[above("hub_manager")], HandleRequests));
        assert!(held_roles_grant(&[here("hub_manager")], HandleRequests));
        assert!(held_roles_grant(&[above("hub_manager")], ManageStaff));
        assert!(!held_roles_grant(&[above("network_admin")], ViewPatients));
        assert!(held_roles_grant(&[here("network_admin")], ViewPatients));
        assert!(!held_roles_grant(&[above("locum")], BookShifts));
        assert!(held_roles_grant(&[here("locum")], BookShifts));
        assert!(held_roles_grant(
            &[above("hub_manager"), here("gp")],
            HandleRequests
        ));
        for permission in [
            HandleRequests,
            ViewPatients,
            ManagePatients,
            ManageLetters,
            BookShifts,
        ] {
            assert_eq!(permission.reach(), Reach::Direct, "{permission:?}");
        }
    }

    #[test]
    fn the_roles_granting_a_permission_come_from_the_table() {
        let handlers = roles_granting(HandleRequests);
        assert!(handlers.contains(&"gp") && handlers.contains(&"hub_manager"));
        assert!(!handlers.contains(&"practice_admin") && !handlers.contains(&"locum"));
    }

    #[test]
    fn an_unknown_stored_role_grants_nothing() {
        assert!(!roles_grant(["superuser"], ViewOrganisation));
        assert!(roles_grant(["superuser", "gp"], ViewOrganisation));
    }
}
