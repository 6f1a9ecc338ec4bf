//! What other features' services use of organisations and memberships,
//! inside their own transactions. The functions that carry no rule are the
//! repository's own, re-exported here so no other feature reaches into
//! `org::repo`; access questions go through `super::access`.

pub use super::repo::{
    add_membership, all_practices_enabled, children_of_kind, delete_membership, ensure_membership,
    find_by_ods_code, first_of_kind, holds_role, insert_organisation, lock_organisation,
    locked_within, member_within, members, membership, memberships_of, network_of, organisation,
    organisations_within, other_active_admins, practice, practice_contact, role_in, roles_here,
    roles_in_kind, set_all_practices, set_clinical_system, set_membership_emis,
    set_membership_role, set_membership_status, update_organisation, LockedRow, MemberRow,
    OrganisationRow, PracticeContactRow, PracticeRoles, PracticeUpdate, RoleIn,
};

/// Every organisation, for the public organisations list.
pub async fn organisations(
    cx: crate::server::Ctx<'_>,
) -> Result<Vec<super::model::OrganisationSummary>, crate::error::AppError> {
    Ok(super::repo::list_organisations(&cx.db.pool).await?)
}

/// The practices `user` may manage (ManageStaff there, from a role in the
/// practice or in an organisation above it), by name: the links back to
/// each from the organisations list and the switcher.
pub async fn practices_to_manage(
    cx: crate::server::Ctx<'_>,
    user: &crate::auth::model::CurrentUser,
) -> Result<Vec<super::model::OrganisationSummary>, crate::error::AppError> {
    use super::model::{roles_grant, OrgKind, Permission};
    // Most people manage nothing: no role of theirs grants it anywhere.
    if !roles_grant(
        user.memberships.iter().map(|m| m.role.as_str()),
        Permission::ManageStaff,
    ) {
        return Ok(Vec::new());
    }
    let mut conn = cx.db.pool.acquire().await?;
    let mut managed = Vec::new();
    for organisation in super::repo::list_organisations(&cx.db.pool).await? {
        if organisation.kind == OrgKind::Practice
            && super::access::may(
                &mut conn,
                &user.id,
                Permission::ManageStaff,
                &organisation.id,
            )
            .await?
        {
            managed.push(organisation);
        }
    }
    Ok(managed)
}
