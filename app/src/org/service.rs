//! What other features' services use of organisations and memberships,
//! inside their own transactions. The functions that carry no rule are the
//! repository's own, re-exported here so no other feature reaches into
//! `org::repo`; access questions go through `super::access`.

pub use super::repo::{
    add_membership, all_practices_enabled, delete_membership, ensure_membership, find_by_ods_code,
    first_of_kind, holds_role, insert_organisation, lock_organisation, locked_within,
    member_within, members, membership, memberships_of, organisation, organisations_within,
    other_active_admins, practice, roles_here, set_all_practices, set_clinical_system,
    set_membership_emis, set_membership_role, set_membership_status, update_organisation,
    LockedRow, MemberRow, OrganisationRow, PracticeRoles,
};

/// Every organisation, for the public organisations list.
pub async fn organisations(
    cx: crate::server::Ctx<'_>,
) -> Result<Vec<super::model::OrganisationSummary>, crate::error::AppError> {
    Ok(super::repo::list_organisations(&cx.db.pool).await?)
}
