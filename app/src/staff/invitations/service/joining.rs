//! The invited person's side: what a link shows, "Accept invitation" for
//! someone signed in as the invited address, and registering from the link
//! (a new account), each joining the organisation in the invited role and
//! using the link up, in one transaction.

use super::super::model::*;
use super::super::repo;
use crate::accounts::model::Email;
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::ids::UserId;
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::org::model::Role;
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::tokens::hash_token;
use crate::server::Ctx;
use sqlx::AnyConnection;

/// What the invitation link shows. Any link that cannot be used (expired,
/// used, revoked, renewed, made up) is `LinkExpired`, with nothing changed.
pub async fn view_invitation(
    cx: Ctx<'_>,
    token: &str,
    signed_in: Option<&CurrentUser>,
) -> Result<InvitationView, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let invite = repo::usable_link(&mut conn, &hash_token(token), cx.now_ms())
        .await?
        .ok_or(AppError::LinkExpired)?;
    let email = Email::parse(&invite.email).map_err(|_| AppError::LinkExpired)?;
    let has_account = crate::accounts::service::find_user_id_by_email(&mut conn, &email)
        .await?
        .is_some();
    let role = invite.role;
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
    base_url: &str,
    invite: &repo::LinkedInvite,
    user_id: &UserId,
    now: i64,
) -> Result<Joined, AppError> {
    if !repo::consume_link(&mut *conn, &invite.link_id).await?
        || !repo::end_invite(&mut *conn, &invite.invite_id, "accepted", now).await?
    {
        return Err(AppError::LinkExpired);
    }
    let role = invite.role;
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
        ActivityEvent::InviteAccepted,
        role.label(),
    )
    .await?;
    if let Some(inviter) = invite.invited_by.as_ref() {
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
        notify(&mut *conn, now, base_url, inviter, &notice).await?;
    }
    Ok(Joined {
        organisation_id: invite.organisation_id.clone(),
        organisation_name: invite.organisation_name.clone(),
        admin_only: roles.iter().all(|r| r == Role::PracticeAdmin.as_str()),
    })
}

/// "Accept invitation" by someone signed in as the invited address.
pub async fn accept_invite(
    cx: Ctx<'_>,
    token: &str,
    user: &CurrentUser,
) -> Result<Joined, AppError> {
    let now = cx.now_ms();
    let joined = cx.db
        .transaction(async |tx| {
            let invite = repo::usable_link(tx, &hash_token(token), now)
                .await?
                .ok_or(AppError::LinkExpired)?;
            if !invite.email.eq_ignore_ascii_case(&user.email) {
                return Err(AppError::Conflict(format!(
                    "This invitation is for {}, but you are signed in as {}. Sign out, then open the link again.",
                    invite.email, user.email
                )));
            }
            let joined = join(tx, cx.config.base_url.as_str(), &invite, &user.id, now).await?;
            Ok(joined)
        })
        .await?;
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
    let password_errors =
        crate::accounts::common::check_new_password(form.password, form.confirm, form.name, email);
    errors.0.extend(password_errors.0);
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
    cx: Ctx<'_>,
    token: &str,
    form: &Registration<'_>,
) -> Result<(UserId, Joined), AppError> {
    let hash_of_token = hash_token(token);
    let (invite, email) = {
        let mut conn = cx.db.pool.acquire().await?;
        let invite = repo::usable_link(&mut conn, &hash_of_token, cx.now_ms())
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
    let role = invite.role;
    let number = check_registration(form, role, &invite.email)?;
    let password_hash = cx.hasher.hash(form.password.to_string()).await?;

    let now = cx.now_ms();
    let (user_id, joined) = cx
        .db
        .transaction(async |tx| {
            let invite = repo::usable_link(tx, &hash_of_token, now)
                .await?
                .ok_or(AppError::LinkExpired)?;
            if crate::accounts::service::find_user_id_by_email(tx, &email)
                .await?
                .is_some()
            {
                return Err(already_registered(&invite.email));
            }
            let user_id =
                crate::accounts::service::insert_user(tx, &email, form.name.trim(), now).await?;
            crate::accounts::service::set_password_hash(tx, &user_id, &password_hash).await?;
            repo::set_profile(tx, &user_id, form.job_title.trim(), number.as_deref()).await?;
            activity::record_for(
                tx,
                now,
                Some(&user_id),
                &invite.organisation_id,
                ("user", &user_id),
                ActivityEvent::StaffRegistered,
                role.label(),
            )
            .await?;
            let joined = join(tx, cx.config.base_url.as_str(), &invite, &user_id, now).await?;
            Ok((user_id, joined))
        })
        .await?;
    Ok((user_id, joined))
}

/// [`accept_invite`], then the caller's session (if any) works in the
/// organisation they joined.
pub async fn accept_invite_in_session(
    cx: Ctx<'_>,
    token: &str,
    user: &CurrentUser,
    session_token: Option<&str>,
) -> Result<Joined, AppError> {
    let joined = accept_invite(cx, token, user).await?;
    if let Some(session) = session_token {
        crate::auth::service::work_in(cx, session, &joined.organisation_id).await?;
    }
    Ok(joined)
}

/// [`register_from_invite`], then a session for the new person, working in
/// the organisation they joined.
pub async fn register_and_sign_in(
    cx: Ctx<'_>,
    token: &str,
    form: &Registration<'_>,
) -> Result<(crate::auth::service::NewSession, Joined), AppError> {
    let (user_id, joined) = register_from_invite(cx, token, form).await?;
    let session = crate::auth::service::start_session(cx, &user_id).await?;
    crate::auth::service::work_in(cx, &session.token, &joined.organisation_id).await?;
    Ok((session, joined))
}
