//! The admin's changes to registered staff: one person's role for its edit
//! page, the EMIS username, change role, disable or enable, remove, under
//! the rule that a practice keeps an active Practice admin. Each change
//! takes the organisation's row lock and is one transaction with its
//! activity-log entry. Memberships are `crate::org`'s: their SQL is there.

use super::model::*;
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{MembershipId, OrgId};
use crate::org::model::MembershipStatus;
use crate::org::model::Role;
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::Ctx;
use crate::staff::model::{parse_emis_username, ClinicalSystem};
use crate::staff::service::locked_organisation;
use sqlx::AnyConnection;

/// A registered staff row as the page shows it. The EMIS username is shown
/// (and so sent) only while the practice uses EMIS Web.
fn staff_member_view(m: orgs::MemberRow, system: ClinicalSystem) -> StaffMember {
    StaffMember {
        role_label: m.role.label().to_string(),
        membership_id: m.membership_id,
        user_id: m.user_id,
        name: m.name,
        email: m.email,
        role: m.role.as_str().to_string(),
        emis_username: m
            .emis_username
            .filter(|e| !e.is_empty() && system == ClinicalSystem::EmisWeb),
        active: m.status == MembershipStatus::Active,
    }
}

/// The "Registered staff" tab: one row per person per role.
pub async fn registered(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    system: ClinicalSystem,
) -> Result<Vec<StaffMember>, AppError> {
    Ok(orgs::members(conn, organisation_id)
        .await?
        .into_iter()
        .map(|m| staff_member_view(m, system))
        .collect())
}

/// A membership of the organisation, with the organisation locked.
async fn member_for_change(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    membership_id: &MembershipId,
) -> Result<(orgs::OrganisationRow, orgs::MemberRow), AppError> {
    let organisation = locked_organisation(&mut *conn, organisation_id).await?;
    let member = orgs::membership(conn, organisation_id, membership_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((organisation, member))
}

/// Refuses a change that would leave the organisation without an active
/// Practice admin.
async fn keep_an_admin(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    organisation_name: &str,
    member: &orgs::MemberRow,
    action: &str,
) -> Result<(), AppError> {
    let is_active_admin =
        member.role == Role::PracticeAdmin && member.status == MembershipStatus::Active;
    if is_active_admin
        && orgs::other_active_admins(conn, organisation_id, &member.membership_id).await? == 0
    {
        return Err(AppError::Conflict(format!(
            "You cannot {action} {}'s Practice admin role: they are the only practice admin of {organisation_name}. Invite another practice admin first.",
            member.name
        )));
    }
    Ok(())
}

/// Records an admin's change to a person's role in the organisation.
async fn record_about(
    conn: &mut AnyConnection,
    now: i64,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    member: &orgs::MemberRow,
    event: ActivityEvent,
    details: &str,
) -> Result<(), AppError> {
    let subject = ("user", member.user_id.as_str());
    activity::record_for(
        conn,
        now,
        Some(&actor.id),
        organisation_id,
        subject,
        event,
        details,
    )
    .await
}

/// Sets (or clears) the EMIS username of one membership.
pub async fn update_emis_username(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    membership_id: &MembershipId,
    raw_emis: &str,
) -> Result<(), AppError> {
    let emis = parse_emis_username(raw_emis).map_err(|m| AppError::field("emis_username", m))?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let (_, member) = member_for_change(tx, organisation_id, membership_id).await?;
            let value = (!emis.is_empty()).then_some(emis.as_str());
            orgs::set_membership_emis(tx, membership_id, value).await?;
            let details = format!(
                "{} ({})",
                if emis.is_empty() { "none" } else { &emis },
                member.role.label()
            );
            record_about(
                tx,
                now,
                actor,
                organisation_id,
                &member,
                ActivityEvent::EmisUsernameChanged,
                &details,
            )
            .await?;
            Ok(())
        })
        .await
}

/// Changes the role of one membership.
pub async fn change_staff_role(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    membership_id: &MembershipId,
    raw_role: &str,
) -> Result<(), AppError> {
    let role = Role::parse_practice_role(raw_role)
        .ok_or_else(|| AppError::field("role", "Select a role"))?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let (organisation, member) =
                member_for_change(tx, organisation_id, membership_id).await?;
            if member.role == role {
                return Err(AppError::field(
                    "role",
                    &format!("{} is already {}", member.name, role.label()),
                ));
            }
            let held = orgs::roles_here(tx, &member.user_id, organisation_id).await?;
            if held.iter().any(|r| r == role.as_str()) {
                return Err(AppError::field(
                    "role",
                    &format!(
                        "{} already has the {} role here. Remove this role instead",
                        member.name,
                        role.label()
                    ),
                ));
            }
            keep_an_admin(tx, organisation_id, &organisation.name, &member, "change").await?;
            orgs::set_membership_role(tx, membership_id, role.as_str()).await?;
            let details = format!("{} to {}", member.role.label(), role.label());
            record_about(
                tx,
                now,
                actor,
                organisation_id,
                &member,
                ActivityEvent::StaffRoleChanged,
                &details,
            )
            .await?;
            Ok(())
        })
        .await
}

/// Disables or enables one membership. A disabled membership grants
/// nothing from the next request on.
pub async fn set_staff_enabled(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    membership_id: &MembershipId,
    enabled: bool,
) -> Result<(), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let (organisation, member) =
                member_for_change(tx, organisation_id, membership_id).await?;
            if (member.status == MembershipStatus::Active) == enabled {
                return Err(AppError::Conflict(format!(
                    "{} is already {} as {}",
                    member.name,
                    if enabled { "enabled" } else { "disabled" },
                    member.role.label()
                )));
            }
            if !enabled {
                keep_an_admin(tx, organisation_id, &organisation.name, &member, "disable").await?;
            }
            let (status, event) = if enabled {
                ("active", ActivityEvent::StaffEnabled)
            } else {
                ("disabled", ActivityEvent::StaffDisabled)
            };
            orgs::set_membership_status(tx, membership_id, status).await?;
            record_about(
                tx,
                now,
                actor,
                organisation_id,
                &member,
                event,
                member.role.label(),
            )
            .await?;
            Ok(())
        })
        .await
}

/// Removes one role from a person (their other roles stay).
pub async fn remove_staff_role(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    membership_id: &MembershipId,
) -> Result<(), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let (organisation, member) =
                member_for_change(tx, organisation_id, membership_id).await?;
            keep_an_admin(tx, organisation_id, &organisation.name, &member, "remove").await?;
            orgs::delete_membership(tx, membership_id).await?;
            record_about(
                tx,
                now,
                actor,
                organisation_id,
                &member,
                ActivityEvent::StaffRoleRemoved,
                member.role.label(),
            )
            .await?;
            Ok(())
        })
        .await
}

/// One membership, for its edit page.
pub async fn staff_member(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
    membership_id: &MembershipId,
) -> Result<(StaffMember, ClinicalSystem), AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let organisation = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = orgs::membership(&mut conn, organisation_id, membership_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let system = organisation.clinical_system;
    Ok((staff_member_view(m, system), system))
}
