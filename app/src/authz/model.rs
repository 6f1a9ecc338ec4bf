use serde::{Deserialize, Serialize};

use crate::accounts::model::Role;

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
    /// Publish and cancel shifts.
    ManageShifts,
    /// Book shifts and set availability.
    BookShifts,
    /// Read the activity log of the organisation.
    ViewActivity,
    /// Lift the lock on an account after repeated failed sign-ins.
    UnlockAccounts,
}

use Permission::*;

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
            ManageShifts,
            ViewActivity,
            UnlockAccounts,
        ],
        Role::Gp
        | Role::Nurse
        | Role::Pharmacist
        | Role::HealthcareAssistant
        | Role::PracticeManager
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn an_unknown_stored_role_grants_nothing() {
        assert!(!roles_grant(["superuser"], ViewOrganisation));
        assert!(roles_grant(["superuser", "gp"], ViewOrganisation));
    }
}
