//! Inviting staff: "Send invite" and "Copy invite link", the checks and the
//! hourly limit they share with "Register a practice" and the bulk invite,
//! and the "Invited staff" list. The links of an invitation (resend, copy a
//! new link, revoke) are in `links`, opening and joining from one in
//! `joining`. Each action is one transaction: the change, its activity-log
//! entries and emails (through the outbox) commit together or not at all.
//! Callers (the server functions) have already checked the actor may manage
//! staff in the organisation; every lookup here is still scoped to it.

mod joining;
mod links;

pub use joining::*;
pub use links::*;

use super::model::*;
use super::repo::{self, NewInvite};
use crate::accounts::model::Email;
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::ids::{InvitationId, OrgId};
use crate::mail::model::OutgoingEmail;
use crate::mail::model::Template;
use crate::org::model::Role;
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::clock::HOUR_MS;
use crate::server::config::StaffPolicy;
use crate::server::dates::uk_date_time;
use crate::server::db::UniqueIndex;
use crate::server::tokens::new_token;
use crate::server::Ctx;
use crate::staff::model::{parse_emis_username, ClinicalSystem};
use crate::staff::service::locked_organisation;
use sqlx::AnyConnection;

/// How many invitations "Invited staff" lists.
pub const INVITES_SHOWN: i64 = 500;

fn invite_link(base_url: &str, token: &str) -> String {
    format!("{base_url}/invite/{token}")
}

/// The "Invited staff" tab: the organisation's newest invitations, their
/// state as of `now`.
pub async fn invited(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    now: i64,
) -> Result<Vec<InvitedStaff>, AppError> {
    Ok(repo::invites(conn, organisation_id, INVITES_SHOWN)
        .await?
        .into_iter()
        .map(|i| InvitedStaff {
            status: InviteStatus::of(i.status, i.expires_at <= now),
            invite_id: i.id,
            email: i.email,
            role_label: i.role.label().to_string(),
            invited_by: i.invited_by,
            sent: uk_date_time(i.sent_at),
            expires: uk_date_time(i.expires_at),
        })
        .collect())
}

/// How the invitation reaches the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// "Send invite": by email.
    Email,
    /// "Copy invite link": the admin passes the link on.
    Link,
}

/// An invitation's fields, checked.
pub(in crate::staff) struct InviteFields {
    pub(in crate::staff) email: Email,
    pub(in crate::staff) role: Role,
    pub(in crate::staff) emis_username: Option<String>,
}

/// Checks the form's fields; every problem is reported at once.
pub(in crate::staff) fn check_invite_fields(
    policy: &StaffPolicy,
    raw_email: &str,
    raw_role: &str,
    raw_emis: &str,
    is_emis: bool,
) -> Result<InviteFields, AppError> {
    let mut errors = FieldErrors::default();
    let email = match Email::parse(raw_email) {
        Ok(email) if policy.allows_email(email.as_str()) => Some(email),
        Ok(_) => {
            errors.push(
                "email",
                &format!("Enter an NHS email address: {}", policy.describe()),
            );
            None
        }
        Err(message) => {
            errors.push("email", message);
            None
        }
    };
    let role = Role::parse_practice_role(raw_role);
    if role.is_none() {
        errors.push("role", "Select a role");
    }
    let emis = match parse_emis_username(raw_emis) {
        Ok(name) => Some(name),
        Err(message) => {
            errors.push("emis_username", message);
            None
        }
    };
    errors.into_result()?;
    match (email, role, emis) {
        (Some(email), Some(role), Some(emis)) => Ok(InviteFields {
            email,
            role,
            emis_username: (is_emis && !emis.is_empty()).then_some(emis),
        }),
        _ => Err(AppError::BadRequest),
    }
}

/// Refuses when the organisation has made its hourly number of links.
pub(in crate::staff) async fn check_allowance(
    conn: &mut AnyConnection,
    policy: &StaffPolicy,
    organisation_id: &OrgId,
    now: i64,
    wanted: i64,
) -> Result<(), AppError> {
    let used = repo::links_since(conn, organisation_id, now - HOUR_MS).await?;
    if used + wanted > policy.invites_per_hour {
        return Err(AppError::Conflict(format!(
            "This practice has sent {used} invites in the last hour and can send {} an hour. Try again later.",
            policy.invites_per_hour
        )));
    }
    Ok(())
}

/// An invitation in the activity log: "jo@nhs.net as Receptionist".
fn invite_details(email: &str, role: Role) -> String {
    format!("{email} as {}", role.label())
}

/// The pending invitation for this address and role, if there is one.
pub(in crate::staff) async fn pending_invite(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    email_lower: &str,
    role: &str,
) -> Result<Option<InvitationId>, AppError> {
    Ok(repo::pending_invite(conn, organisation_id, email_lower, role).await?)
}

/// Links the organisation made since `since_ms` (the hourly limit).
pub(in crate::staff) async fn links_since(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    since_ms: i64,
) -> Result<i64, AppError> {
    Ok(repo::links_since(conn, organisation_id, since_ms).await?)
}

/// The invitation email.
fn invite_email(
    base_url: &str,
    to: &str,
    organisation: &str,
    role: Role,
    inviter: &str,
    token: &str,
    expires_at: i64,
) -> OutgoingEmail {
    let template = Template {
        greeting: "Hello,".to_string(),
        paragraphs: vec![
            format!("{inviter} has invited you to join {organisation} on Gatehouse as {}.", role.label()),
            format!(
                "Use the link to register (or to accept, if you already use Gatehouse). It works once, until {}.",
                uk_date_time(expires_at)
            ),
            "If you were not expecting this, you can ignore this email.".to_string(),
        ],
        link: Some(("Accept the invitation".to_string(), invite_link(base_url, token))),
        footer: None,
    };
    OutgoingEmail::from_template(
        to,
        format!("Invitation to join {organisation} on Gatehouse"),
        &template,
    )
}

/// Invites one person (inside the caller's transaction, with the
/// organisation locked). Inviting your own address adds the role at once.
pub(in crate::staff) async fn invite_in_tx(
    conn: &mut AnyConnection,
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation: &orgs::OrganisationRow,
    fields: &InviteFields,
    delivery: Delivery,
    now: i64,
) -> Result<InviteOutcome, AppError> {
    let organisation_id = &organisation.id;
    let email_lower = fields.email.lower();
    let role = fields.role;
    if orgs::holds_role(&mut *conn, organisation_id, &email_lower, role.as_str()).await? {
        return Err(AppError::field(
            "email",
            &format!(
                "{} is already registered as {} at {}",
                fields.email.as_str(),
                role.label(),
                organisation.name
            ),
        ));
    }
    if repo::pending_invite(&mut *conn, organisation_id, &email_lower, role.as_str())
        .await?
        .is_some()
    {
        return Err(AppError::field(
            "email",
            &format!(
                "{} already has an invite as {}. Use \"Resend\" on the Invited staff tab instead",
                fields.email.as_str(),
                role.label()
            ),
        ));
    }
    let expires_at = now + cx.config.staff.invite_lifetime_ms;
    let outcome = |link: Option<String>, added_to_self: bool| InviteOutcome {
        email: fields.email.as_str().to_string(),
        role_label: role.label().to_string(),
        link,
        added_to_self,
    };

    if email_lower == actor.email.to_lowercase() {
        // The seed's "give yourself a staff role": no email round trip.
        let invite_id = repo::insert_invite(
            &mut *conn,
            &NewInvite {
                organisation_id,
                email: fields.email.as_str(),
                role,
                emis_username: fields.emis_username.as_deref(),
                invited_by: &actor.id,
                status: InviteState::Accepted,
                now_ms: now,
                expires_at: now,
            },
        )
        .await?;
        orgs::add_membership(
            &mut *conn,
            &actor.id,
            organisation_id,
            role.as_str(),
            fields.emis_username.as_deref(),
            now,
        )
        .await?;
        activity::record_for(
            &mut *conn,
            now,
            Some(&actor.id),
            organisation_id,
            ("user", &actor.id),
            ActivityEvent::StaffRoleAdded,
            role.label(),
        )
        .await?;
        activity::record_for(
            &mut *conn,
            now,
            Some(&actor.id),
            organisation_id,
            ("invite", &invite_id),
            ActivityEvent::InviteAccepted,
            role.label(),
        )
        .await?;
        return Ok(outcome(None, true));
    }

    check_allowance(&mut *conn, &cx.config.staff, organisation_id, now, 1).await?;
    let invite_id = repo::insert_invite(
        &mut *conn,
        &NewInvite {
            organisation_id,
            email: fields.email.as_str(),
            role,
            emis_username: fields.emis_username.as_deref(),
            invited_by: &actor.id,
            status: InviteState::Pending,
            now_ms: now,
            expires_at,
        },
    )
    .await
    .map_err(|e| duplicate_as_field_error(e, fields))?;
    let (token, token_hash) = new_token();
    repo::issue_link(
        &mut *conn,
        organisation_id,
        &invite_id,
        &token_hash,
        now,
        expires_at,
    )
    .await?;
    let details = invite_details(fields.email.as_str(), role);
    match delivery {
        Delivery::Email => {
            let message = invite_email(
                &cx.config.base_url,
                fields.email.as_str(),
                &organisation.name,
                role,
                &actor.name,
                &token,
                expires_at,
            );
            crate::mail::queue(&mut *conn, now, &message).await?;
            activity::record_for(
                &mut *conn,
                now,
                Some(&actor.id),
                organisation_id,
                ("invite", &invite_id),
                ActivityEvent::StaffInvited,
                &details,
            )
            .await?;
            Ok(outcome(None, false))
        }
        Delivery::Link => {
            activity::record_for(
                &mut *conn,
                now,
                Some(&actor.id),
                organisation_id,
                ("invite", &invite_id),
                ActivityEvent::InviteLinkCopied,
                &details,
            )
            .await?;
            Ok(outcome(
                Some(invite_link(&cx.config.base_url, &token)),
                false,
            ))
        }
    }
}

/// Two admins inviting the same person at the same moment: the unique index
/// refuses the second, which gets the same message as if it had come later.
fn duplicate_as_field_error(error: sqlx::Error, fields: &InviteFields) -> AppError {
    PENDING_INVITE.as_field_error(
        error,
        "email",
        &format!(
            "{} already has an invite as {}. Use \"Resend\" on the Invited staff tab instead",
            fields.email.as_str(),
            fields.role.label()
        ),
    )
}

/// One pending invitation per address and role in an organisation.
const PENDING_INVITE: UniqueIndex = UniqueIndex {
    name: "invites_one_pending",
    sqlite_columns: "invites.organisation_id, invites.email_lower, invites.role",
};

/// "Send invite" and "Copy invite link".
pub async fn invite_staff(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    raw_email: &str,
    raw_role: &str,
    raw_emis: &str,
    delivery: Delivery,
) -> Result<InviteOutcome, AppError> {
    let now = cx.now_ms();
    let outcome = cx
        .db
        .transaction(async |tx| {
            let organisation = locked_organisation(tx, organisation_id).await?;
            let is_emis = organisation.clinical_system == ClinicalSystem::EmisWeb;
            let fields =
                check_invite_fields(&cx.config.staff, raw_email, raw_role, raw_emis, is_emis)?;
            let outcome =
                invite_in_tx(tx, cx, actor, &organisation, &fields, delivery, now).await?;
            Ok(outcome)
        })
        .await?;
    Ok(outcome)
}

/// Housekeeping: deletes up to `limit` invitation links used or replaced
/// more than an hour ago.
pub async fn purge_spent_links(
    conn: &mut AnyConnection,
    cx: Ctx<'_>,
    limit: i64,
) -> Result<u64, AppError> {
    let before = cx.now_ms() - HOUR_MS;
    Ok(repo::purge_spent_links(conn, cx.db.backend, before, limit).await?)
}
