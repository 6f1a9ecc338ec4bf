//! Staff invitations and registration, and the admin's changes to staff.
//! Each action is one transaction: the change, its activity-log entries,
//! notifications and emails (through the outbox) commit together or not at
//! all. Callers (the server functions) have already checked the actor may
//! manage staff in the organisation; every lookup here is still scoped to it.

use crate::staff::model::*;
use super::repo::{self, NewInvite};
use crate::accounts::model::{validate_new_password, Email};
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::mail::model::{OutgoingEmail, Template};
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::org::model::Role;
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::clock::{Clock, HOUR_MS};
use crate::server::config::StaffPolicy;
use crate::server::dates::uk_date_time;
use crate::server::password::Hasher;
use crate::server::tokens::{hash_token, new_token};
use crate::server::Db;
use sqlx::AnyConnection;

/// What staff actions need besides their arguments.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub db: &'a Db,
    pub clock: &'a dyn Clock,
    pub policy: &'a StaffPolicy,
    pub base_url: &'a str,
}

/// How many invitations "Invited staff" lists.
pub const INVITES_SHOWN: i64 = 500;

/// Locks the organisation for this transaction and returns it; `NotFound`
/// if it does not exist.
async fn locked_organisation(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> Result<orgs::OrganisationRow, AppError> {
    if !orgs::lock_organisation(&mut *conn, organisation_id).await? {
        return Err(AppError::NotFound);
    }
    orgs::organisation(conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)
}

fn invite_link(base_url: &str, token: &str) -> String {
    format!("{base_url}/invite/{token}")
}

/// A registered staff row as the page shows it.
fn staff_member_view(m: orgs::MemberRow) -> StaffMember {
    StaffMember {
        role_label: crate::org::model::role_label(&m.role).to_string(),
        membership_id: m.membership_id,
        user_id: m.user_id,
        name: m.name,
        email: m.email,
        role: m.role,
        emis_username: m.emis_username.filter(|e| !e.is_empty()),
        active: m.status == "active",
    }
}

/// Every message of a validation failure in one sentence (a bulk row).
fn messages(errors: &FieldErrors) -> String {
    errors
        .0
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join(". ")
}

/// The "Manage staff and inboxes" page's data.
pub async fn overview(
    db: &Db,
    clock: &dyn Clock,
    policy: &StaffPolicy,
    organisation_id: &str,
) -> Result<StaffOverview, AppError> {
    let now = clock.now_ms();
    let mut conn = db.pool.acquire().await?;
    let organisation = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let registered = orgs::members(&mut conn, organisation_id)
        .await?
        .into_iter()
        .map(staff_member_view)
        .collect();
    let invited = repo::invites(&mut conn, organisation_id, INVITES_SHOWN)
        .await?
        .into_iter()
        .map(|i| InvitedStaff {
            status: InviteStatus::of(&i.status, i.expires_at <= now),
            invite_id: i.id,
            email: i.email,
            role_label: crate::org::model::role_label(&i.role).to_string(),
            invited_by: i.invited_by,
            sent: uk_date_time(i.sent_at),
            expires: uk_date_time(i.expires_at),
        })
        .collect();
    Ok(StaffOverview {
        organisation_id: organisation_id.to_string(),
        organisation_name: organisation.name,
        clinical_system: ClinicalSystem::parse(&organisation.clinical_system),
        registered,
        invited,
        allowed_domains: policy.describe(),
    })
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
struct InviteFields {
    email: Email,
    role: Role,
    emis_username: Option<String>,
}

/// Checks the form's fields; every problem is reported at once.
fn check_invite_fields(
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
async fn check_allowance(
    conn: &mut AnyConnection,
    policy: &StaffPolicy,
    organisation_id: &str,
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
async fn invite_in_tx(
    conn: &mut AnyConnection,
    env: Env<'_>,
    actor: &CurrentUser,
    organisation: &orgs::OrganisationRow,
    fields: &InviteFields,
    delivery: Delivery,
    now: i64,
) -> Result<InviteOutcome, AppError> {
    let organisation_id = organisation.id.as_str();
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
    let expires_at = now + env.policy.invite_lifetime_ms;
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
                role: role.as_str(),
                emis_username: fields.emis_username.as_deref(),
                invited_by: &actor.id,
                status: "accepted",
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
            "staff_role_added",
            role.label(),
        )
        .await?;
        activity::record_for(
            &mut *conn,
            now,
            Some(&actor.id),
            organisation_id,
            ("invite", &invite_id),
            "invite_accepted",
            role.label(),
        )
        .await?;
        return Ok(outcome(None, true));
    }

    check_allowance(&mut *conn, env.policy, organisation_id, now, 1).await?;
    let invite_id = repo::insert_invite(
        &mut *conn,
        &NewInvite {
            organisation_id,
            email: fields.email.as_str(),
            role: role.as_str(),
            emis_username: fields.emis_username.as_deref(),
            invited_by: &actor.id,
            status: "pending",
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
    let details = format!("{} as {}", fields.email.as_str(), role.label());
    match delivery {
        Delivery::Email => {
            let message = invite_email(
                env.base_url,
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
                "staff_invited",
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
                "invite_link_copied",
                &details,
            )
            .await?;
            Ok(outcome(Some(invite_link(env.base_url, &token)), false))
        }
    }
}

/// Two admins inviting the same person at the same moment: the unique index
/// refuses the second, which gets the same message as if it had come later.
fn duplicate_as_field_error(error: sqlx::Error, fields: &InviteFields) -> AppError {
    let duplicate = error
        .as_database_error()
        .is_some_and(|e| e.is_unique_violation());
    if duplicate {
        AppError::field(
            "email",
            &format!(
                "{} already has an invite as {}. Use \"Resend\" on the Invited staff tab instead",
                fields.email.as_str(),
                fields.role.label()
            ),
        )
    } else {
        AppError::from(error)
    }
}

/// "Send invite" and "Copy invite link".
pub async fn invite_staff(
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    raw_email: &str,
    raw_role: &str,
    raw_emis: &str,
    delivery: Delivery,
) -> Result<InviteOutcome, AppError> {
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    let organisation = locked_organisation(&mut tx, organisation_id).await?;
    let is_emis = ClinicalSystem::parse(&organisation.clinical_system) == ClinicalSystem::EmisWeb;
    let fields = check_invite_fields(env.policy, raw_email, raw_role, raw_emis, is_emis)?;
    let outcome = invite_in_tx(&mut tx, env, actor, &organisation, &fields, delivery, now).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// A pending (or expired) invitation of the organisation, for resend,
/// renew and revoke.
async fn open_invite_in(
    conn: &mut AnyConnection,
    organisation_id: &str,
    invite_id: &str,
    now: i64,
) -> Result<repo::InviteRow, AppError> {
    let invite = repo::invite_in(conn, organisation_id, invite_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = InviteStatus::of(&invite.status, invite.expires_at <= now);
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
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    invite_id: &str,
) -> Result<String, AppError> {
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    let organisation = locked_organisation(&mut tx, organisation_id).await?;
    let invite = open_invite_in(&mut tx, organisation_id, invite_id, now).await?;
    check_allowance(&mut tx, env.policy, organisation_id, now, 1).await?;
    let role = Role::parse(&invite.role).ok_or(AppError::BadRequest)?;
    let expires_at = now + env.policy.invite_lifetime_ms;
    let (token, token_hash) = new_token();
    repo::issue_link(
        &mut tx,
        organisation_id,
        invite_id,
        &token_hash,
        now,
        expires_at,
    )
    .await?;
    let message = invite_email(
        env.base_url,
        &invite.email,
        &organisation.name,
        role,
        &actor.name,
        &token,
        expires_at,
    );
    crate::mail::queue(&mut tx, now, &message).await?;
    let details = format!("{} as {}", invite.email, role.label());
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        organisation_id,
        ("invite", invite_id),
        "invite_resent",
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(invite.email)
}

/// "Copy new link": a new link for the admin to pass on; every older link
/// of the invitation stops working and the expiry restarts.
pub async fn renew_invite_link(
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    invite_id: &str,
) -> Result<String, AppError> {
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    locked_organisation(&mut tx, organisation_id).await?;
    let invite = open_invite_in(&mut tx, organisation_id, invite_id, now).await?;
    check_allowance(&mut tx, env.policy, organisation_id, now, 1).await?;
    let expires_at = now + env.policy.invite_lifetime_ms;
    let (token, token_hash) = new_token();
    repo::issue_link(
        &mut tx,
        organisation_id,
        invite_id,
        &token_hash,
        now,
        expires_at,
    )
    .await?;
    let details = format!(
        "{} as {}",
        invite.email,
        crate::org::model::role_label(&invite.role)
    );
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        organisation_id,
        ("invite", invite_id),
        "invite_link_renewed",
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(invite_link(env.base_url, &token))
}

/// "Revoke": the invitation and all its links stop working.
pub async fn revoke_invite(
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    invite_id: &str,
) -> Result<String, AppError> {
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    locked_organisation(&mut tx, organisation_id).await?;
    let invite = open_invite_in(&mut tx, organisation_id, invite_id, now).await?;
    if !repo::end_invite(&mut tx, invite_id, "revoked", now).await? {
        return Err(AppError::Conflict(
            "This invite has already been used or revoked".to_string(),
        ));
    }
    let details = format!(
        "{} as {}",
        invite.email,
        crate::org::model::role_label(&invite.role)
    );
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        organisation_id,
        ("invite", invite_id),
        "invite_revoked",
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(invite.email)
}

/// What the invitation link shows. Any link that cannot be used (expired,
/// used, revoked, renewed, made up) is `LinkExpired`, with nothing changed.
pub async fn view_invitation(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
    signed_in: Option<&CurrentUser>,
) -> Result<InvitationView, AppError> {
    let mut conn = db.pool.acquire().await?;
    let invite = repo::usable_link(&mut conn, &hash_token(token), clock.now_ms())
        .await?
        .ok_or(AppError::LinkExpired)?;
    let email = Email::parse(&invite.email).map_err(|_| AppError::LinkExpired)?;
    let has_account = crate::accounts::service::find_user_id_by_email(&mut conn, &email)
        .await?
        .is_some();
    let role = Role::parse(&invite.role).ok_or(AppError::LinkExpired)?;
    Ok(InvitationView {
        organisation_name: invite.organisation_name,
        role_label: role.label().to_string(),
        email: invite.email,
        registration: role
            .register()
            .map(|r| (r.label().to_string(), r.hint().to_string())),
        has_account,
        signed_in_as: signed_in.map(|u| u.email.clone()),
    })
}

/// Joins the person to the organisation in the invited role and uses up the
/// link (inside the caller's transaction).
async fn join(
    conn: &mut AnyConnection,
    invite: &repo::LinkedInvite,
    user_id: &str,
    now: i64,
) -> Result<Joined, AppError> {
    if !repo::consume_link(&mut *conn, &invite.link_id).await?
        || !repo::end_invite(&mut *conn, &invite.invite_id, "accepted", now).await?
    {
        return Err(AppError::LinkExpired);
    }
    let role = Role::parse(&invite.role).ok_or(AppError::LinkExpired)?;
    let already: Vec<String> =
        orgs::roles_here(&mut *conn, user_id, &invite.organisation_id).await?;
    if !already.iter().any(|r| r == role.as_str()) {
        orgs::add_membership(
            &mut *conn,
            user_id,
            &invite.organisation_id,
            role.as_str(),
            invite.emis_username.as_deref(),
            now,
        )
        .await?;
    }
    let roles = orgs::roles_here(&mut *conn, user_id, &invite.organisation_id).await?;
    activity::record_for(
        &mut *conn,
        now,
        Some(user_id),
        &invite.organisation_id,
        ("invite", &invite.invite_id),
        "invite_accepted",
        role.label(),
    )
    .await?;
    if let Some(inviter) = invite.invited_by.as_deref() {
        let name = crate::accounts::service::name_of(&mut *conn, user_id).await?;
        let title = format!("{name} joined {}", invite.organisation_name);
        let body = format!(
            "{name} ({}) accepted your invitation to join {} as {}.",
            invite.email,
            invite.organisation_name,
            role.label()
        );
        let link = format!("/practices/{}/staff", invite.organisation_id);
        let notice = Notice {
            kind: NoticeKind::Staff,
            title: &title,
            body: &body,
            link: Some(&link),
        };
        notify(&mut *conn, now, "", inviter, &notice).await?;
    }
    Ok(Joined {
        organisation_id: invite.organisation_id.clone(),
        organisation_name: invite.organisation_name.clone(),
        admin_only: roles.iter().all(|r| r == Role::PracticeAdmin.as_str()),
    })
}

/// "Accept invitation" by someone signed in as the invited address.
pub async fn accept_invite(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
    user: &CurrentUser,
) -> Result<Joined, AppError> {
    let now = clock.now_ms();
    let mut tx = db.pool.begin().await?;
    let invite = repo::usable_link(&mut tx, &hash_token(token), now)
        .await?
        .ok_or(AppError::LinkExpired)?;
    if !invite.email.eq_ignore_ascii_case(&user.email) {
        return Err(AppError::Conflict(format!(
            "This invitation is for {}, but you are signed in as {}. Sign out, then open the link again.",
            invite.email, user.email
        )));
    }
    let joined = join(&mut tx, &invite, &user.id, now).await?;
    tx.commit().await?;
    Ok(joined)
}

/// The registration form of someone invited who has no account yet.
pub struct Registration<'a> {
    pub name: &'a str,
    pub job_title: &'a str,
    pub registration_number: &'a str,
    pub password: &'a str,
    pub confirm: &'a str,
}

/// Checks the registration form; the password also against the bundled
/// list of common passwords and the person's own details.
fn check_registration(
    form: &Registration<'_>,
    role: Role,
    email: &str,
) -> Result<Option<String>, AppError> {
    let mut errors = FieldErrors::default();
    let name = form.name.trim();
    if name.is_empty() {
        errors.push("name", "Enter your full name");
    } else if name.chars().count() > 200 {
        errors.push("name", "Full name must be 200 characters or fewer");
    }
    let job_title = form.job_title.trim();
    if job_title.is_empty() {
        errors.push("job_title", "Enter your job title");
    } else if job_title.chars().count() > 100 {
        errors.push("job_title", "Job title must be 100 characters or fewer");
    }
    let number = match role.register() {
        Some(register) => match register.parse(form.registration_number) {
            Ok(number) => Some(number),
            Err(message) => {
                errors.push("registration_number", &message);
                None
            }
        },
        None => None,
    };
    let password_errors = validate_new_password(form.password, form.confirm);
    let password_ok = password_errors.for_field("password").is_none();
    errors.0.extend(password_errors.0);
    if password_ok {
        let lower = form.password.to_lowercase();
        let local = email.split('@').next().unwrap_or_default().to_lowercase();
        if crate::accounts::common::is_common_password(form.password) {
            errors.push("password", "This password is too common. Choose one that is harder to guess, for example 3 unrelated words");
        } else if local.len() >= 4 && lower.contains(&local) {
            errors.push(
                "password",
                "Your password must not contain your email address",
            );
        }
    }
    errors.into_result()?;
    Ok(number)
}

fn already_registered(email: &str) -> AppError {
    AppError::Conflict(format!(
        "{email} already has a Gatehouse account. Sign in, then open the link again to accept the invitation."
    ))
}

/// Registration from an invitation: creates the account with its password,
/// joins the organisation and uses up the link, in one transaction.
/// Returns the new person's id (the caller starts their session).
pub async fn register_from_invite(
    db: &Db,
    clock: &dyn Clock,
    hasher: &Hasher,
    token: &str,
    form: &Registration<'_>,
) -> Result<(String, Joined), AppError> {
    let hash_of_token = hash_token(token);
    let (invite, email) = {
        let mut conn = db.pool.acquire().await?;
        let invite = repo::usable_link(&mut conn, &hash_of_token, clock.now_ms())
            .await?
            .ok_or(AppError::LinkExpired)?;
        let email = Email::parse(&invite.email).map_err(|_| AppError::LinkExpired)?;
        if crate::accounts::service::find_user_id_by_email(&mut conn, &email)
            .await?
            .is_some()
        {
            return Err(already_registered(&invite.email));
        }
        (invite, email)
    };
    let role = Role::parse(&invite.role).ok_or(AppError::LinkExpired)?;
    let number = check_registration(form, role, &invite.email)?;
    let password_hash = hasher.hash(form.password.to_string()).await?;

    let now = clock.now_ms();
    let mut tx = db.pool.begin().await?;
    let invite = repo::usable_link(&mut tx, &hash_of_token, now)
        .await?
        .ok_or(AppError::LinkExpired)?;
    if crate::accounts::service::find_user_id_by_email(&mut tx, &email)
        .await?
        .is_some()
    {
        return Err(already_registered(&invite.email));
    }
    let user_id =
        crate::accounts::service::insert_user(&mut tx, &email, form.name.trim(), now).await?;
    crate::accounts::service::set_password_hash(&mut tx, &user_id, &password_hash).await?;
    repo::set_profile(&mut tx, &user_id, form.job_title.trim(), number.as_deref()).await?;
    activity::record_for(
        &mut tx,
        now,
        Some(&user_id),
        &invite.organisation_id,
        ("user", &user_id),
        "staff_registered",
        role.label(),
    )
    .await?;
    let joined = join(&mut tx, &invite, &user_id, now).await?;
    tx.commit().await?;
    Ok((user_id, joined))
}

/// A membership of the organisation, with the organisation locked.
async fn member_for_change(
    conn: &mut AnyConnection,
    organisation_id: &str,
    membership_id: &str,
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
    organisation_id: &str,
    organisation_name: &str,
    member: &orgs::MemberRow,
    action: &str,
) -> Result<(), AppError> {
    let is_active_admin = member.role == Role::PracticeAdmin.as_str() && member.status == "active";
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
    organisation_id: &str,
    member: &orgs::MemberRow,
    event: &str,
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
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    membership_id: &str,
    raw_emis: &str,
) -> Result<(), AppError> {
    let emis = parse_emis_username(raw_emis).map_err(|m| AppError::field("emis_username", m))?;
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    let (_, member) = member_for_change(&mut tx, organisation_id, membership_id).await?;
    let value = (!emis.is_empty()).then_some(emis.as_str());
    orgs::set_membership_emis(&mut tx, membership_id, value).await?;
    let details = format!(
        "{} ({})",
        if emis.is_empty() { "none" } else { &emis },
        crate::org::model::role_label(&member.role)
    );
    record_about(
        &mut tx,
        now,
        actor,
        organisation_id,
        &member,
        "emis_username_changed",
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the role of one membership.
pub async fn change_staff_role(
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    membership_id: &str,
    raw_role: &str,
) -> Result<(), AppError> {
    let role = Role::parse_practice_role(raw_role)
        .ok_or_else(|| AppError::field("role", "Select a role"))?;
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    let (organisation, member) = member_for_change(&mut tx, organisation_id, membership_id).await?;
    if member.role == role.as_str() {
        return Err(AppError::field(
            "role",
            &format!("{} is already {}", member.name, role.label()),
        ));
    }
    let held = orgs::roles_here(&mut tx, &member.user_id, organisation_id).await?;
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
    keep_an_admin(
        &mut tx,
        organisation_id,
        &organisation.name,
        &member,
        "change",
    )
    .await?;
    orgs::set_membership_role(&mut tx, membership_id, role.as_str()).await?;
    let details = format!(
        "{} to {}",
        crate::org::model::role_label(&member.role),
        role.label()
    );
    record_about(
        &mut tx,
        now,
        actor,
        organisation_id,
        &member,
        "staff_role_changed",
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Disables or enables one membership. A disabled membership grants
/// nothing from the next request on.
pub async fn set_staff_enabled(
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    membership_id: &str,
    enabled: bool,
) -> Result<(), AppError> {
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    let (organisation, member) = member_for_change(&mut tx, organisation_id, membership_id).await?;
    if (member.status == "active") == enabled {
        return Err(AppError::Conflict(format!(
            "{} is already {} as {}",
            member.name,
            if enabled { "enabled" } else { "disabled" },
            crate::org::model::role_label(&member.role)
        )));
    }
    if !enabled {
        keep_an_admin(
            &mut tx,
            organisation_id,
            &organisation.name,
            &member,
            "disable",
        )
        .await?;
    }
    let (status, event) = if enabled {
        ("active", "staff_enabled")
    } else {
        ("disabled", "staff_disabled")
    };
    orgs::set_membership_status(&mut tx, membership_id, status).await?;
    record_about(
        &mut tx,
        now,
        actor,
        organisation_id,
        &member,
        event,
        crate::org::model::role_label(&member.role),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes one role from a person (their other roles stay).
pub async fn remove_staff_role(
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    membership_id: &str,
) -> Result<(), AppError> {
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    let (organisation, member) = member_for_change(&mut tx, organisation_id, membership_id).await?;
    keep_an_admin(
        &mut tx,
        organisation_id,
        &organisation.name,
        &member,
        "remove",
    )
    .await?;
    orgs::delete_membership(&mut tx, membership_id).await?;
    record_about(
        &mut tx,
        now,
        actor,
        organisation_id,
        &member,
        "staff_role_removed",
        crate::org::model::role_label(&member.role),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// One membership, for its edit page.
pub async fn staff_member(
    db: &Db,
    organisation_id: &str,
    membership_id: &str,
) -> Result<(StaffMember, ClinicalSystem), AppError> {
    let mut conn = db.pool.acquire().await?;
    let organisation = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = orgs::membership(&mut conn, organisation_id, membership_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        staff_member_view(m),
        ClinicalSystem::parse(&organisation.clinical_system),
    ))
}

/// "Register a practice": the practice, below the network administrator's
/// organisation, and the invitation of its first Practice admin, together.
pub async fn register_practice(
    env: Env<'_>,
    actor: &CurrentUser,
    parent_id: &str,
    raw_name: &str,
    raw_ods: &str,
    raw_system: &str,
    admin_email: &str,
) -> Result<(String, InviteOutcome), AppError> {
    let mut errors = FieldErrors::default();
    let name = raw_name.trim();
    if name.is_empty() {
        errors.push("name", "Enter the practice name");
    } else if name.chars().count() > 200 {
        errors.push("name", "Practice name must be 200 characters or fewer");
    }
    let ods = parse_ods_code(raw_ods)
        .map_err(|m| errors.push("ods_code", m))
        .ok();
    let system = ClinicalSystem::from_form(raw_system);
    if system.is_none() {
        errors.push("clinical_system", "Select the practice's clinical system");
    }
    let fields = match check_invite_fields(
        env.policy,
        admin_email,
        Role::PracticeAdmin.as_str(),
        "",
        false,
    ) {
        Ok(fields) => Some(fields),
        Err(AppError::Invalid(invite_errors)) => {
            errors.0.extend(invite_errors.0);
            None
        }
        Err(other) => return Err(other),
    };
    errors.into_result()?;
    let (Some(ods), Some(system), Some(fields)) = (ods, system, fields) else {
        return Err(AppError::BadRequest);
    };

    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    let parent = locked_organisation(&mut tx, parent_id).await?;
    if !matches!(parent.kind.as_str(), "network" | "hub") {
        return Err(AppError::Conflict(
            "Practices are registered by a network or hub administrator".to_string(),
        ));
    }
    if crate::org::service::find_by_ods_code(&mut tx, &ods)
        .await?
        .is_some()
    {
        return Err(AppError::field(
            "ods_code",
            &format!("A practice with ODS code {ods} is already registered"),
        ));
    }
    let practice_id = crate::org::service::insert_organisation(
        &mut tx,
        crate::org::model::OrgKind::Practice,
        name,
        Some(&ods),
        Some(parent_id),
        now,
    )
    .await?;
    orgs::set_clinical_system(&mut tx, &practice_id, system.as_str()).await?;
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        &practice_id,
        ("organisation", &practice_id),
        "practice_registered",
        &format!("{name} ({ods})"),
    )
    .await?;
    let organisation = orgs::organisation(&mut tx, &practice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let outcome = invite_in_tx(
        &mut tx,
        env,
        actor,
        &organisation,
        &fields,
        Delivery::Email,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((practice_id, outcome))
}

/// A practice's details for its admin.
pub async fn practice_details(db: &Db, organisation_id: &str) -> Result<PracticeDetails, AppError> {
    let mut conn = db.pool.acquire().await?;
    let row = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(PracticeDetails {
        organisation_id: organisation_id.to_string(),
        name: row.name,
        ods_code: row.ods_code,
        clinical_system: ClinicalSystem::parse(&row.clinical_system),
    })
}

/// The practice admin changes the name or clinical system.
pub async fn update_practice(
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    raw_name: &str,
    raw_system: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let name = raw_name.trim();
    if name.is_empty() {
        errors.push("name", "Enter the practice name");
    } else if name.chars().count() > 200 {
        errors.push("name", "Practice name must be 200 characters or fewer");
    }
    let system = ClinicalSystem::from_form(raw_system);
    if system.is_none() {
        errors.push("clinical_system", "Select the practice's clinical system");
    }
    errors.into_result()?;
    let system = system.ok_or(AppError::BadRequest)?;
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    locked_organisation(&mut tx, organisation_id).await?;
    orgs::update_organisation(&mut tx, organisation_id, name, system.as_str()).await?;
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        organisation_id,
        ("organisation", organisation_id),
        "practice_updated",
        &format!("{name}, {}", system.label()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks a bulk-invite file row by row without changing anything.
pub async fn preview_bulk_invites(
    env: Env<'_>,
    organisation_id: &str,
    text: &str,
) -> Result<BulkPreview, AppError> {
    use crate::staff::bulk::csv::{parse, RowShape};
    let shapes = parse(text).map_err(|problem| AppError::field("file", &problem.message()))?;
    if shapes.is_empty() {
        return Err(AppError::field(
            "file",
            "The file has no rows under the column names",
        ));
    }
    let now = env.clock.now_ms();
    let mut conn = env.db.pool.acquire().await?;
    let organisation = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let is_emis = ClinicalSystem::parse(&organisation.clinical_system) == ClinicalSystem::EmisWeb;
    let mut seen: Vec<(String, &'static str)> = Vec::new();
    let mut rows = Vec::with_capacity(shapes.len());
    for shape in shapes {
        let row = match shape {
            RowShape::Blank { line } => BulkRow {
                line,
                email: String::new(),
                role: String::new(),
                emis_username: String::new(),
                error: Some("Row is empty".to_string()),
            },
            RowShape::WrongColumns { line, found } => BulkRow {
                line,
                email: String::new(),
                role: String::new(),
                emis_username: String::new(),
                error: Some(format!(
                    "Row has {found} columns: it needs email, role and EMIS username"
                )),
            },
            RowShape::Row(row) => {
                let error = match check_invite_fields(
                    env.policy,
                    &row.email,
                    &row.role,
                    &row.emis_username,
                    is_emis,
                ) {
                    Err(AppError::Invalid(errors)) => Some(messages(&errors)),
                    Err(other) => Some(other.to_string()),
                    Ok(fields) => {
                        let key = (fields.email.lower(), fields.role.as_str());
                        if seen.contains(&key) {
                            Some("The same email and role appear earlier in the file".to_string())
                        } else if orgs::holds_role(&mut conn, organisation_id, &key.0, key.1)
                            .await?
                        {
                            Some(format!("Already registered as {}", fields.role.label()))
                        } else if repo::pending_invite(&mut conn, organisation_id, &key.0, key.1)
                            .await?
                            .is_some()
                        {
                            Some(format!(
                                "Already invited as {}: use \"Resend\" instead",
                                fields.role.label()
                            ))
                        } else {
                            seen.push(key);
                            None
                        }
                    }
                };
                BulkRow {
                    line: row.line,
                    email: row.email,
                    role: row.role,
                    emis_username: row.emis_username,
                    error,
                }
            }
        };
        rows.push(row);
    }
    let used = repo::links_since(&mut conn, organisation_id, now - HOUR_MS).await?;
    let ready = rows.iter().filter(|r| r.error.is_none()).count();
    Ok(BulkPreview {
        rows,
        ready,
        allowance: (env.policy.invites_per_hour - used).max(0),
    })
}

/// The most rows one call of `send_bulk_invites` takes (the browser sends
/// a file in batches and shows progress between them).
pub const BULK_BATCH: usize = 50;

/// Sends the rows of a bulk-invite file whose lines are in
/// `from_line..=to_line` (at most `BULK_BATCH` rows), in one transaction.
/// The file is parsed again here, so only what the server checked is sent.
/// A row that is not valid (now) is reported and skipped; the others are
/// sent. If the batch would pass the hourly limit, nothing in it is sent.
pub async fn send_bulk_invites(
    env: Env<'_>,
    actor: &CurrentUser,
    organisation_id: &str,
    text: &str,
    from_line: usize,
    to_line: usize,
) -> Result<Vec<BulkResult>, AppError> {
    use crate::staff::bulk::csv::{parse, RowShape};
    let shapes = parse(text).map_err(|problem| AppError::field("file", &problem.message()))?;
    let batch: Vec<_> = shapes
        .into_iter()
        .filter_map(|shape| match shape {
            RowShape::Row(row) if (from_line..=to_line).contains(&row.line) => Some(row),
            _ => None,
        })
        .collect();
    if batch.is_empty() || batch.len() > BULK_BATCH {
        return Err(AppError::BadRequest);
    }
    let now = env.clock.now_ms();
    let mut tx = env.db.pool.begin().await?;
    let organisation = locked_organisation(&mut tx, organisation_id).await?;
    let is_emis = ClinicalSystem::parse(&organisation.clinical_system) == ClinicalSystem::EmisWeb;
    let wanted = i64::try_from(batch.len()).map_err(|_| AppError::BadRequest)?;
    check_allowance(&mut tx, env.policy, organisation_id, now, wanted).await?;
    let mut results = Vec::with_capacity(batch.len());
    for row in &batch {
        let outcome = match check_invite_fields(
            env.policy,
            &row.email,
            &row.role,
            &row.emis_username,
            is_emis,
        ) {
            Ok(fields) => {
                invite_in_tx(
                    &mut tx,
                    env,
                    actor,
                    &organisation,
                    &fields,
                    Delivery::Email,
                    now,
                )
                .await
            }
            Err(error) => Err(error),
        };
        let error = match outcome {
            Ok(_) => None,
            Err(AppError::Invalid(errors)) => Some(messages(&errors)),
            Err(AppError::Internal(reference)) => return Err(AppError::Internal(reference)),
            Err(other) => Some(other.to_string()),
        };
        results.push(BulkResult {
            line: row.line,
            email: row.email.clone(),
            error,
        });
    }
    tx.commit().await?;
    Ok(results)
}

/// Whether the inbox opens in the organisation the person is working in,
/// and if not, why (a Practice admin without a staff role).
pub async fn inbox_access(db: &Db, user: &CurrentUser) -> Result<InboxAccess, AppError> {
    let Some(organisation) = user.organisation().cloned() else {
        return Ok(InboxAccess::NoOrganisation);
    };
    let mut conn = db.pool.acquire().await?;
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

/// [`accept_invite`], then the caller's session (if any) works in the
/// organisation they joined.
pub async fn accept_invite_in_session(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
    user: &CurrentUser,
    session_token: Option<&str>,
) -> Result<Joined, AppError> {
    let joined = accept_invite(db, clock, token, user).await?;
    if let Some(session) = session_token {
        crate::auth::service::work_in(db, session, &joined.organisation_id).await?;
    }
    Ok(joined)
}

/// [`register_from_invite`], then a session for the new person, working in
/// the organisation they joined.
pub async fn register_and_sign_in(
    db: &Db,
    clock: &dyn Clock,
    hasher: &Hasher,
    token: &str,
    form: &Registration<'_>,
) -> Result<(crate::auth::service::NewSession, Joined), AppError> {
    let (user_id, joined) = register_from_invite(db, clock, hasher, token, form).await?;
    let session = crate::auth::service::start_session(db, clock, &user_id).await?;
    crate::auth::service::work_in(db, &session.token, &joined.organisation_id).await?;
    Ok((session, joined))
}
