//! "Create an account" on the locum network (public), the verification
//! link, and the network's activation queue ("Activate" / "Reject").
//!
//! No account exists until the network activates a registration: the
//! person cannot sign in before then, and `users.status` keeps its own
//! meaning. Registering again with an address that already has an account
//! or a registration gives the same answer as a new one and emails that
//! address instead. Tries are limited per client address and per email
//! address, as the contact form's are.

use crate::accounts::model::Email;
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::ids::{OrgId, UserId};
use crate::locums::hubs::service::network_hubs;
use crate::locums::model::*;
use crate::locums::repo::{self, NewRegistration, RegistrationRow};
use crate::mail::model::{OutgoingEmail, Template};
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::org::model::{OrgKind, Role};
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::clock::{DAY_MS, HOUR_MS};
use crate::server::tokens::{hash_token, new_token};
use crate::server::Ctx;
use sqlx::AnyConnection;

/// How long the verification link works.
pub const VERIFY_LINK_LIFETIME_MS: i64 = 7 * DAY_MS;
/// Emails sent to one address in an hour by registrations, at most: more
/// tries are answered the same but send nothing.
pub const EMAILS_PER_ADDRESS_PER_HOUR: i64 = 3;
/// Decided registrations shown under the queue.
const DECIDED_SHOWN: i64 = 20;

/// The network locums register with: the first network.
async fn the_network(conn: &mut AnyConnection) -> Result<(OrgId, String), AppError> {
    let id = orgs::first_of_kind(&mut *conn, OrgKind::Network)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = orgs::organisation(&mut *conn, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((id, row.name))
}

/// The public registration page: the network's name and hubs.
pub async fn registration_page(cx: Ctx<'_>) -> Result<RegistrationPage, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let (network_id, network_name) = the_network(&mut conn).await?;
    let hubs = network_hubs(&mut conn, &network_id).await?;
    Ok(RegistrationPage { network_name, hubs })
}

/// A form that passed its checks.
struct Checked {
    email: Email,
    name: String,
    mobile: String,
    profession: Profession,
    number: String,
    hub_id: Option<OrgId>,
}

/// Checks the form in page order; the password by the one password policy.
fn check_form(form: &NewLocum) -> Result<Checked, AppError> {
    let mut errors = FieldErrors::default();
    let name = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.push("name", "Enter your full name");
    } else if name.chars().count() > MAX_NAME {
        errors.push("name", "Full name must be 200 characters or fewer");
    }
    let email = if form.email.trim().chars().count() > MAX_EMAIL {
        errors.push("email", "Email address must be 254 characters or fewer");
        None
    } else {
        Email::parse(form.email.trim())
            .map_err(|message| errors.push("email", message))
            .ok()
    };
    let mobile = match crate::staff::practices::model::parse_phone(&form.mobile) {
        Ok(Some(mobile)) => Some(mobile),
        Ok(None) => {
            errors.push("mobile", "Enter your mobile number");
            None
        }
        Err(message) => {
            errors.push("mobile", message);
            None
        }
    };
    let profession = Profession::parse(&form.profession);
    if profession.is_none() {
        errors.push("profession", "Select your profession");
    }
    let number = match profession {
        Some(p) if form.registration_number.chars().count() <= 40 => p
            .register()
            .parse(&form.registration_number)
            .map_err(|message| errors.push("registration_number", &message))
            .ok(),
        Some(p) => {
            errors.push(
                "registration_number",
                &format!("{} must be {}", p.register().label(), p.register().hint()),
            );
            None
        }
        None => {
            if form.registration_number.trim().is_empty() {
                errors.push(
                    "registration_number",
                    "Enter your professional registration number",
                );
            }
            None
        }
    };
    let password_errors = crate::accounts::common::check_new_password(
        &form.password,
        &form.confirm,
        &name,
        form.email.trim(),
    );
    errors.0.extend(password_errors.0);
    let hub_id = (!form.hub_id.trim().is_empty())
        .then(|| OrgId::new(form.hub_id.trim().chars().take(64).collect::<String>()));
    match (errors.is_empty(), email, mobile, profession, number) {
        (true, Some(email), Some(mobile), Some(profession), Some(number)) => Ok(Checked {
            email,
            name,
            mobile,
            profession,
            number,
            hub_id,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn email_of(
    to: &str,
    subject: &str,
    paragraphs: Vec<String>,
    link: Option<(&str, String)>,
) -> OutgoingEmail {
    let template = Template {
        greeting: String::new(),
        paragraphs,
        link: link.map(|(text, href)| (text.to_string(), href)),
        footer: Some(
            "If you did not ask for this, ignore this email: nothing happens until a link is used."
                .to_string(),
        ),
    };
    OutgoingEmail::from_template(to, subject, &template)
}

/// "Create an account". On success a verification link is emailed; an
/// address already known gets an email saying so instead, and the answer
/// is the same.
pub async fn register(cx: Ctx<'_>, client: &str, form: &NewLocum) -> Result<(), AppError> {
    let checked = check_form(form)?;
    let now = cx.now_ms();
    let email_lower = checked.email.lower();
    let limits = cx.config.contact;
    // Slow work first, outside any transaction.
    let password_hash = cx.hasher.hash(form.password.clone()).await?;
    let base_url = cx.config.base_url.clone();
    cx.db
        .transaction(async |tx| {
            let (from_client, for_address) =
                repo::count_tries(tx, client, &email_lower, now - HOUR_MS).await?;
            if from_client >= limits.per_client_per_hour {
                tracing::warn!(client, "locum registration limited for the client");
                return Err(AppError::TooManyRequests(format!(
                    "You have tried to register {from_client} times in the last hour, the most we take from one device. Try again in an hour."
                )));
            }
            repo::record_try(tx, client, &email_lower, now, now - HOUR_MS).await?;
            let (network_id, network_name) = the_network(tx).await?;
            let hub = match &checked.hub_id {
                None => None,
                Some(hub_id) => Some(
                    network_hubs(tx, &network_id)
                        .await?
                        .into_iter()
                        .find(|h| &h.id == hub_id)
                        .ok_or_else(|| AppError::field("hub_id", "Select a hub from the list, or none"))?,
                ),
            };
            if !form.website.trim().is_empty() {
                // A robot: counted, answered as anyone else, nothing kept.
                return Ok(());
            }
            let emails_allowed = for_address < EMAILS_PER_ADDRESS_PER_HOUR;
            let sign_in = format!("{base_url}/sign-in");
            let known_user =
                crate::accounts::service::find_user_id_by_email(tx, &checked.email).await?;
            let existing = repo::registration_by_email(tx, &email_lower).await?;
            let waiting = existing
                .as_ref()
                .is_some_and(|r| r.state == RegistrationState::AwaitingActivation.as_str());
            if known_user.is_some() || waiting {
                if emails_allowed {
                    let message = if known_user.is_some() {
                        email_of(
                            checked.email.as_str(),
                            "You already have a Gatehouse account",
                            vec![
                                format!("Someone tried to create an account on {network_name} with this email address, but you already have one."),
                                "Sign in with it instead. If you have forgotten your password, use \"Forgot your password?\" on the sign-in page.".to_string(),
                            ],
                            Some(("Sign in", sign_in)),
                        )
                    } else {
                        email_of(
                            checked.email.as_str(),
                            "Your locum account is waiting to be activated",
                            vec![
                                format!("You have already registered with {network_name} and verified this email address."),
                                "The network's administrators will activate your account; we will email you when it is ready.".to_string(),
                            ],
                            None,
                        )
                    };
                    crate::mail::queue(tx, now, &message).await?;
                }
                return Ok(());
            }
            if let Some(old) = existing {
                // An unverified registration is replaced (the new link
                // works, the old one no longer does); a rejected one may be
                // tried again.
                repo::delete_registration(tx, &old.id).await?;
            }
            let id = uuid::Uuid::new_v4().to_string();
            let (token, token_hash) = new_token();
            repo::insert_registration(
                tx,
                NewRegistration {
                    id: &id,
                    network_id: &network_id,
                    email: checked.email.as_str(),
                    email_lower: &email_lower,
                    name: &checked.name,
                    mobile: &checked.mobile,
                    profession: checked.profession.as_str(),
                    registration_number: &checked.number,
                    password_hash: &password_hash,
                    hub_id: hub.as_ref().map(|h| &h.id),
                    token_hash: &token_hash,
                    expires_at: now + VERIFY_LINK_LIFETIME_MS,
                    now,
                },
            )
            .await?;
            activity::record_for(
                tx,
                now,
                None,
                &network_id,
                ("locum_registration", &id),
                ActivityEvent::LocumRegistered,
                &checked.name,
            )
            .await?;
            if emails_allowed {
                let link = format!("{base_url}/locums/verify/{token}");
                let message = email_of(
                    checked.email.as_str(),
                    "Verify your email address for your locum account",
                    vec![
                        format!("You have created a locum account on {network_name}."),
                        "Verify your email address to send it to the network for activation. The link works for 7 days.".to_string(),
                    ],
                    Some(("Verify your email address", link)),
                );
                crate::mail::queue(tx, now, &message).await?;
            }
            Ok(())
        })
        .await
}

/// The verification link: the registration awaits activation and the
/// network's administrators are told (in Gatehouse and by email).
pub async fn verify(cx: Ctx<'_>, token: &str) -> Result<(), AppError> {
    if token.len() > 128 {
        return Err(AppError::LinkExpired);
    }
    let now = cx.now_ms();
    let base_url = cx.config.base_url.clone();
    cx.db
        .transaction(async |tx| {
            let row = repo::registration_by_token(tx, &hash_token(token), now)
                .await?
                .ok_or(AppError::LinkExpired)?;
            if !repo::set_verified(tx, &row.id, now).await? {
                return Err(AppError::LinkExpired);
            }
            activity::record_for(
                tx,
                now,
                None,
                &row.network_id,
                ("locum_registration", &row.id),
                ActivityEvent::LocumEmailVerified,
                &row.name,
            )
            .await?;
            let title = format!("{} is waiting to be activated", row.name);
            let body = format!(
                "{} ({}, {}) registered as a locum and verified their email address. Activate or reject their account.",
                row.name,
                Profession::label_of(&row.profession),
                row.email
            );
            let link = format!("/networks/{}/locums", row.network_id);
            let notice = Notice {
                kind: NoticeKind::LocumNetwork,
                title: &title,
                body: &body,
                link: Some(&link),
            };
            for admin in network_admins(tx, &row.network_id).await? {
                notify(tx, now, &base_url, &admin, &notice).await?;
            }
            Ok(())
        })
        .await
}

/// The network's active administrators.
async fn network_admins(
    conn: &mut AnyConnection,
    network_id: &OrgId,
) -> Result<Vec<UserId>, AppError> {
    let mut admins: Vec<UserId> = orgs::members(conn, network_id)
        .await?
        .into_iter()
        .filter(|m| {
            m.role == Role::NetworkAdmin && m.status == crate::org::model::MembershipStatus::Active
        })
        .map(|m| m.user_id)
        .collect();
    admins.dedup();
    Ok(admins)
}

fn view_of(row: RegistrationRow) -> RegistrationView {
    let state = RegistrationState::parse(&row.state).unwrap_or(RegistrationState::Unverified);
    RegistrationView {
        id: row.id,
        name: row.name,
        email: row.email,
        mobile: row.mobile,
        profession: Profession::label_of(&row.profession).to_string(),
        registration_number: row.registration_number,
        hub_name: row.hub_name,
        state,
        verified: row
            .decided_at
            .filter(|_| state != RegistrationState::AwaitingActivation)
            .or(row.verified_at)
            .map(crate::server::dates::uk_date_time)
            .unwrap_or_default(),
        reason: row.reason,
    }
}

/// The network named, or `NotFound` for any other organisation.
async fn network_name(conn: &mut AnyConnection, network_id: &OrgId) -> Result<String, AppError> {
    match orgs::organisation(conn, network_id).await? {
        Some(org) if org.kind == OrgKind::Network => Ok(org.name),
        _ => Err(AppError::NotFound),
    }
}

/// "Locum registrations": those awaiting activation and the last decided.
pub async fn activation_queue(
    cx: Ctx<'_>,
    network_id: &OrgId,
) -> Result<ActivationQueue, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let network_name = network_name(&mut conn, network_id).await?;
    let awaiting = repo::awaiting(&mut conn, network_id).await?;
    let decided = repo::decided(&mut conn, network_id, DECIDED_SHOWN).await?;
    let hubs = network_hubs(&mut conn, network_id).await?;
    Ok(ActivationQueue {
        network_name,
        hubs,
        awaiting: awaiting.into_iter().map(view_of).collect(),
        decided: decided.into_iter().map(view_of).collect(),
    })
}

/// The network's registration awaiting activation, or why not.
async fn awaiting_in(
    conn: &mut AnyConnection,
    network_id: &OrgId,
    registration_id: &str,
) -> Result<RegistrationRow, AppError> {
    network_name(conn, network_id).await?;
    let row = repo::registration(conn, registration_id)
        .await?
        .filter(|r| &r.network_id == network_id)
        .ok_or(AppError::NotFound)?;
    if row.state != RegistrationState::AwaitingActivation.as_str() {
        return Err(AppError::Conflict(format!(
            "{}'s registration has already been decided",
            row.name
        )));
    }
    Ok(row)
}

/// "Activate": the account (with the password chosen at registration),
/// the Locum role in the network, the hub chosen at registration
/// (requested, its Hub managers told) and "Your account is ready".
pub async fn activate(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    network_id: &OrgId,
    registration_id: &str,
) -> Result<String, AppError> {
    if registration_id.len() > 64 {
        return Err(AppError::NotFound);
    }
    let now = cx.now_ms();
    let base_url = cx.config.base_url.clone();
    cx.db
        .transaction(async |tx| {
            let row = awaiting_in(tx, network_id, registration_id).await?;
            let email = Email::parse(&row.email).map_err(|_| AppError::BadRequest)?;
            if crate::accounts::service::find_user_id_by_email(tx, &email)
                .await?
                .is_some()
            {
                return Err(AppError::Conflict(format!(
                    "{} has had a Gatehouse account made since registering: reject this registration and tell them to sign in with that account",
                    row.email
                )));
            }
            let user_id = crate::accounts::service::insert_user(tx, &email, &row.name, now).await?;
            if let Some(hash) = &row.password_hash {
                crate::accounts::service::set_password_hash(tx, &user_id, hash).await?;
            }
            orgs::add_membership(tx, &user_id, network_id, Role::Locum.as_str(), None, now).await?;
            if !repo::decide(tx, &row.id, Some(&user_id), None, &actor.id, now).await? {
                return Err(AppError::Conflict(format!(
                    "{}'s registration has already been decided",
                    row.name
                )));
            }
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                network_id,
                ("user", &user_id),
                ActivityEvent::LocumActivated,
                &row.name,
            )
            .await?;
            if let Some(hub_id) = &row.hub_id {
                crate::locums::hubs::service::request_hub(cx, tx, &user_id, &row.name, hub_id, now)
                    .await?;
            }
            let mut paragraphs = vec![format!(
                "Your locum account on {} has been activated. You can now sign in with your email address and the password you chose.",
                network_name(tx, network_id).await?
            )];
            paragraphs.push(match &row.hub_name {
                Some(hub) => format!("You have asked to join {hub}: its Hub managers will enable you in its workforce. See it under Hub management."),
                None => "To work for a hub, sign in, go to Hub management and choose \"Add Hub\".".to_string(),
            });
            let message = email_of(
                &row.email,
                "Your account is ready",
                paragraphs,
                Some(("Sign in", format!("{base_url}/sign-in?next=/hub-management"))),
            );
            crate::mail::queue(tx, now, &message).await?;
            Ok(row.name)
        })
        .await
}

/// "Reject", with the reason (emailed to them).
pub async fn reject(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    network_id: &OrgId,
    registration_id: &str,
    raw_reason: &str,
) -> Result<String, AppError> {
    if registration_id.len() > 64 {
        return Err(AppError::NotFound);
    }
    let reason = raw_reason.trim();
    let field = reason_field(registration_id);
    if reason.is_empty() {
        return Err(AppError::field(
            &field,
            "Enter the reason for rejecting the registration",
        ));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(AppError::field(
            &field,
            "The reason must be 1000 characters or fewer",
        ));
    }
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = awaiting_in(tx, network_id, registration_id).await?;
            if !repo::decide(tx, &row.id, None, Some(reason), &actor.id, now).await? {
                return Err(AppError::Conflict(format!(
                    "{}'s registration has already been decided",
                    row.name
                )));
            }
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                network_id,
                ("locum_registration", &row.id),
                ActivityEvent::LocumRejected,
                &row.name,
            )
            .await?;
            let message = email_of(
                &row.email,
                "Your locum registration was not accepted",
                vec![
                    format!(
                        "{} did not activate your locum account. The reason they gave:",
                        network_name(tx, network_id).await?
                    ),
                    reason.to_string(),
                    "If you think this is wrong, contact the network's support team.".to_string(),
                ],
                None,
            );
            crate::mail::queue(tx, now, &message).await?;
            Ok(row.name)
        })
        .await
}
