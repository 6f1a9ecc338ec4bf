//! The links of an invitation the admin manages from "Invited staff":
//! "Resend" (a new link by email), "Copy new link" and "Revoke". Every new
//! link stops the older ones and restarts the expiry.

use super::super::model::*;
use super::super::repo;
use super::{check_allowance, invite_email, invite_link};
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{InvitationId, OrgId};
use crate::server::activity;
use crate::server::tokens::new_token;
use crate::server::Ctx;
use crate::staff::service::locked_organisation;
use sqlx::AnyConnection;

/// A pending (or expired) invitation of the organisation, for resend,
/// renew and revoke.
async fn open_invite_in(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    invite_id: &InvitationId,
    now: i64,
) -> Result<repo::InviteRow, AppError> {
    let invite = repo::invite_in(conn, organisation_id, invite_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = InviteStatus::of(invite.status, invite.expires_at <= now);
    if !status.can_be_resent() {
        return Err(AppError::Conflict(format!(
            "The invite to {} has been {}: it cannot be changed",
            invite.email,
            status.label().to_lowercase()
        )));
    }
    Ok(invite)
}

/// "Resend": a new link by email; every older link stops working and the
/// expiry restarts.
pub async fn resend_invite(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    invite_id: &InvitationId,
) -> Result<String, AppError> {
    let now = cx.now_ms();
    let invite = cx
        .db
        .transaction(async |tx| {
            let organisation = locked_organisation(tx, organisation_id).await?;
            let invite = open_invite_in(tx, organisation_id, invite_id, now).await?;
            check_allowance(tx, &cx.config.staff, organisation_id, now, 1).await?;
            let role = invite.role;
            let expires_at = now + cx.config.staff.invite_lifetime_ms;
            let (token, token_hash) = new_token();
            repo::issue_link(tx, organisation_id, invite_id, &token_hash, now, expires_at).await?;
            let message = invite_email(
                &cx.config.base_url,
                &invite.email,
                &organisation.name,
                role,
                &actor.name,
                &token,
                expires_at,
            );
            crate::mail::queue(tx, now, &message).await?;
            let details = super::invite_details(&invite.email, role);
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                organisation_id,
                ("invite", invite_id),
                ActivityEvent::InviteResent,
                &details,
            )
            .await?;
            Ok(invite)
        })
        .await?;
    Ok(invite.email)
}

/// "Copy new link": a new link for the admin to pass on; every older link
/// of the invitation stops working and the expiry restarts.
pub async fn renew_invite_link(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    invite_id: &InvitationId,
) -> Result<String, AppError> {
    let now = cx.now_ms();
    let token = cx
        .db
        .transaction(async |tx| {
            locked_organisation(tx, organisation_id).await?;
            let invite = open_invite_in(tx, organisation_id, invite_id, now).await?;
            check_allowance(tx, &cx.config.staff, organisation_id, now, 1).await?;
            let expires_at = now + cx.config.staff.invite_lifetime_ms;
            let (token, token_hash) = new_token();
            repo::issue_link(tx, organisation_id, invite_id, &token_hash, now, expires_at).await?;
            let details = super::invite_details(&invite.email, invite.role);
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                organisation_id,
                ("invite", invite_id),
                ActivityEvent::InviteLinkRenewed,
                &details,
            )
            .await?;
            Ok(token)
        })
        .await?;
    Ok(invite_link(&cx.config.base_url, &token))
}

/// "Revoke": the invitation and all its links stop working.
pub async fn revoke_invite(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    invite_id: &InvitationId,
) -> Result<String, AppError> {
    let now = cx.now_ms();
    let invite = cx
        .db
        .transaction(async |tx| {
            locked_organisation(tx, organisation_id).await?;
            let invite = open_invite_in(tx, organisation_id, invite_id, now).await?;
            if !repo::end_invite(tx, invite_id, "revoked", now).await? {
                return Err(AppError::Conflict(
                    "This invite has already been used or revoked".to_string(),
                ));
            }
            let details = super::invite_details(&invite.email, invite.role);
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                organisation_id,
                ("invite", invite_id),
                ActivityEvent::InviteRevoked,
                &details,
            )
            .await?;
            Ok(invite)
        })
        .await?;
    Ok(invite.email)
}
