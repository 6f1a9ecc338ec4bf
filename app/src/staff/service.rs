//! What several parts of "Manage staff and inboxes" share: the
//!  organisation's row lock, the page's data (registered
//! and invited staff together) and the inbox door. The actions themselves
//! are in the sub-features' services (`invitations`, `members`,
//! `practices`, `bulk`).

use super::model::*;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::OrgId;
use crate::org::service as orgs;
use crate::server::Ctx;
use sqlx::AnyConnection;

/// Locks the organisation for this transaction and returns it; `NotFound`
/// if it does not exist.
pub(super) async fn locked_organisation(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<orgs::OrganisationRow, AppError> {
    if !orgs::lock_organisation(&mut *conn, organisation_id).await? {
        return Err(AppError::NotFound);
    }
    orgs::organisation(conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The "Manage staff and inboxes" page's data.
pub async fn overview(cx: Ctx<'_>, organisation_id: &OrgId) -> Result<StaffOverview, AppError> {
    let policy = &cx.config.staff;
    let now = cx.now_ms();
    let mut conn = cx.db.pool.acquire().await?;
    let organisation = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let system = organisation.clinical_system;
    let registered =
        super::members::service::registered(&mut conn, organisation_id, system).await?;
    let invited = super::invitations::service::invited(&mut conn, organisation_id, now).await?;
    Ok(StaffOverview {
        organisation_id: organisation_id.clone(),
        organisation_name: organisation.name,
        clinical_system: organisation.clinical_system,
        registered,
        invited,
        allowed_domains: policy.describe(),
    })
}

/// Whether the inbox opens in the organisation the person is working in,
/// and if not, why (a Practice admin without a staff role).
pub async fn inbox_access(cx: Ctx<'_>, user: &CurrentUser) -> Result<InboxAccess, AppError> {
    let Some(organisation) = user.organisation().cloned() else {
        return Ok(InboxAccess::NoOrganisation);
    };
    let mut conn = cx.db.pool.acquire().await?;
    let held =
        crate::org::access::roles_held(&mut conn, &user.id, &organisation.organisation_id).await?;
    let access = InboxAccess::decide(
        &organisation.organisation_id,
        &organisation.organisation_name,
        held.iter().map(|h| h.role.as_str()),
    );
    // Only a practice has inboxes to give oneself a staff role for.
    Ok(match access {
        InboxAccess::AdminOnly {
            organisation_name, ..
        } if organisation.organisation_kind != "practice" => {
            InboxAccess::NotStaff { organisation_name }
        }
        other => other,
    })
}
