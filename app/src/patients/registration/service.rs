//! "Register for Patient Profile" (public) and the email confirmation that
//! makes the account "Active".
//!
//! Any wrong detail gives one message. Each wrong try with a Patient ID
//! whose credentials are valid counts against them ("Patient User Failed
//! To Register"); the fifth (PATIENT_REGISTRATION_ATTEMPTS) locks the
//! account and ends the credentials ("Patient Account Locked"). Tries are
//! also slowed per client address, and per Patient ID from one address,
//! as sign-in is (`auth::throttle`), so a stranger with a Patient ID
//! cannot lock a patient out in seconds.

use crate::accounts::model::Email;
use crate::activity::model::ActivityEvent;
use crate::auth::throttle;
use crate::error::{AppError, FieldErrors};
use crate::ids::UserId;
use crate::mail::model::{OutgoingEmail, Template};
use crate::patients::codes;
use crate::patients::model::*;
use crate::patients::repo::{self, PatientRow};
use crate::patients::service as shared;
use crate::server::clock::DAY_MS;
use crate::server::tokens::{hash_token, new_token};
use crate::server::Ctx;

use super::model::*;

/// The purpose of the email-confirmation link's one-time token.
pub const PURPOSE_CONFIRM: &str = "patient_confirm_email";
pub const CONFIRM_LINK_LIFETIME_MS: i64 = 7 * DAY_MS;

fn wrong_details() -> AppError {
    AppError::field("patient_id", DETAILS_WRONG)
}

/// Expired credentials: the page says so and points to support.
pub fn expired() -> AppError {
    AppError::Conflict(
        "Your Patient ID and activation code have expired. Contact your practice or the support team for new ones."
            .to_string(),
    )
}

/// Checks what can be checked without the records, in page order.
fn check_form(
    form: &Registration,
    today: (i32, u32, u32),
) -> Result<(String, String, Email), AppError> {
    let mut errors = FieldErrors::default();
    let patient_id = codes::parse_patient_id(&form.patient_id);
    if form.patient_id.trim().is_empty() {
        errors.push("patient_id", "Enter your Patient ID from your letter");
    } else if patient_id.is_none() || form.patient_id.len() > 40 {
        errors.push(
            "patient_id",
            "Enter your Patient ID as it is on your letter, like ABCD-EFGH",
        );
    }
    let code = codes::normalise(&form.activation_code);
    if form.activation_code.trim().is_empty() {
        errors.push(
            "activation_code",
            "Enter your activation code from your letter",
        );
    } else if code.len() != 15 || form.activation_code.len() > 60 {
        errors.push(
            "activation_code",
            "Enter your activation code as it is on your letter, like ABCDE-FGHJK-MNPQR",
        );
    }
    let dob = parse_date_of_birth(&form.dob_day, &form.dob_month, &form.dob_year, today);
    if let Err(message) = dob {
        errors.push("dob_day", message);
    }
    let email = Email::parse(form.email.trim());
    if let Err(message) = email {
        errors.push("email", message);
    }
    let password_errors = crate::accounts::common::check_new_password(
        &form.password,
        &form.confirm,
        "",
        form.email.trim(),
    );
    errors.0.extend(password_errors.0);
    match (errors.is_empty(), patient_id, dob, email) {
        (true, Some(patient_id), Ok(dob), Ok(email)) => Ok((patient_id, dob, email)),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// What the details said, decided in the first transaction.
enum Checked {
    Matched {
        row: Box<PatientRow>,
        credentials_id: String,
    },
    Wrong,
    Expired,
}

/// "Register for Patient Profile". On success the account is "Pending email
/// confirmation" and the patient is sent the confirmation link.
pub async fn register(cx: Ctx<'_>, client: &str, form: &Registration) -> Result<(), AppError> {
    let now = cx.now_ms();
    let today = crate::server::dates::uk_today(now);
    let (patient_id, dob, email) = check_form(form, today)?;
    let keys = shared::code_keys(cx);
    let limit = cx.config.patient_registration_attempts;
    let throttle_name = format!("patient-id:{patient_id}");
    let throttle_keys = throttle::Keys::new(&throttle_name, client);
    let checked = cx
        .db
        .transaction(async |tx| {
            if throttle::reserve(tx, cx.db.backend, &throttle_keys, now)
                .await?
                .is_none()
            {
                return Err(AppError::RateLimited);
            }
            let Some(row) = repo::patient_by_portal_id(tx, &patient_id).await? else {
                throttle::record_failure(tx, &throttle_keys.client, now).await?;
                return Ok(Checked::Wrong);
            };
            let credentials = repo::newest_credentials(tx, &row.id)
                .await?
                .filter(|c| c.state == "valid");
            let Some(credentials) = credentials else {
                throttle::record_failure(tx, &throttle_keys.client, now).await?;
                shared::record(tx, now, None, &row, ActivityEvent::UserFailedToRegister, "No valid credentials").await?;
                return Ok(Checked::Wrong);
            };
            let right = keys.matches(&form.activation_code, &credentials.code_hash)
                && row.date_of_birth == dob
                && row.record_status == RecordStatus::Active
                && row.account_state() == AccountState::PendingRegistration;
            if !right {
                throttle::record_failure(tx, &throttle_keys.client, now).await?;
                let failures = repo::count_failed_attempt(tx, &credentials.id).await?;
                shared::record(tx, now, None, &row, ActivityEvent::UserFailedToRegister, &format!("Attempt {failures} of {limit}")).await?;
                if failures >= limit {
                    repo::finish_credentials(tx, &credentials.id, "ended", now).await?;
                    if repo::set_account_state(tx, &row.id, row.account_state(), AccountState::Locked, None).await? {
                        shared::record(tx, now, None, &row, ActivityEvent::PatientAccountLocked, &format!("After {failures} failed attempts to register")).await?;
                    }
                    tracing::warn!(patient_id = %row.id, failures, "Patient Profile account locked after failed registrations");
                }
                return Ok(Checked::Wrong);
            }
            throttle::release(tx, &throttle_name).await?;
            if credentials.expires_at <= now {
                return Ok(Checked::Expired);
            }
            Ok(Checked::Matched {
                row: Box::new(row),
                credentials_id: credentials.id,
            })
        })
        .await?;
    let (row, credentials_id) = match checked {
        Checked::Wrong => return Err(wrong_details()),
        Checked::Expired => return Err(expired()),
        Checked::Matched {
            row,
            credentials_id,
        } => (*row, credentials_id),
    };

    // The password: an existing account's must match (one person, one
    // account); a new account's is hashed. Slow work, outside any
    // transaction.
    let mut conn = cx.db.pool.acquire().await?;
    let existing = crate::accounts::service::find_user_id_by_email(&mut conn, &email).await?;
    let new_hash = match &existing {
        Some(user_id) => {
            let hash = crate::accounts::service::password_hash_of(&mut conn, user_id).await?;
            if !cx.hasher.verify(form.password.clone(), hash).await? {
                return Err(AppError::field(
                    "email",
                    "An account already uses this email address. Enter its password, or use another email address",
                ));
            }
            None
        }
        None => Some(cx.hasher.hash(form.password.clone()).await?),
    };
    drop(conn);

    let base_url = cx.config.base_url.clone();
    cx.db
        .transaction(async |tx| {
            if !repo::finish_credentials(tx, &credentials_id, "used", now).await? {
                return Err(wrong_details());
            }
            let user_id: UserId = match crate::accounts::service::find_user_id_by_email(tx, &email).await? {
                Some(user_id) if new_hash.is_none() => user_id,
                Some(_) => {
                    return Err(AppError::field(
                        "email",
                        "An account already uses this email address. Enter its password, or use another email address",
                    ))
                }
                None => {
                    let name = format!("{} {}", row.given_name, row.family_name);
                    let user_id = crate::accounts::service::insert_user(tx, &email, &name, now).await?;
                    if let Some(hash) = &new_hash {
                        crate::accounts::service::set_password_hash(tx, &user_id, hash).await?;
                    }
                    user_id
                }
            };
            repo::link_user(tx, &row.id, &user_id).await?;
            if !repo::set_account_state(
                tx,
                &row.id,
                AccountState::PendingRegistration,
                AccountState::PendingEmailConfirmation,
                None,
            )
            .await?
            {
                return Err(wrong_details());
            }
            shared::record(tx, now, Some(&user_id), &row, ActivityEvent::UserSuccessfullyRegistered, email.as_str()).await?;
            let onboarded = if new_hash.is_some() { "New account" } else { "Existing account linked" };
            shared::record(tx, now, Some(&user_id), &row, ActivityEvent::AccountOnboarded, onboarded).await?;
            let (token, token_hash) = new_token();
            crate::accounts::service::supersede_tokens(tx, &user_id, PURPOSE_CONFIRM, now).await?;
            crate::accounts::service::insert_token(
                tx,
                &user_id,
                PURPOSE_CONFIRM,
                &token_hash,
                now,
                now + CONFIRM_LINK_LIFETIME_MS,
            )
            .await?;
            let link = format!("{base_url}/patient-profile/confirm/{token}");
            let email_out = confirmation_email(email.as_str(), &row.practice_name, &link);
            crate::mail::queue(tx, now, &email_out).await?;
            Ok(())
        })
        .await
}

fn confirmation_email(to: &str, practice: &str, link: &str) -> OutgoingEmail {
    let template = Template {
        greeting: String::new(),
        paragraphs: vec![
            format!("You have registered for Patient Profile with {practice}."),
            "Confirm your email address to finish. The link works for 7 days.".to_string(),
        ],
        link: Some(("Confirm your email address".to_string(), link.to_string())),
        footer: Some(
            "If you did not register for Patient Profile, ignore this email: nothing happens until the link is used."
                .to_string(),
        ),
    };
    OutgoingEmail::from_template(
        to,
        "Confirm your email address for Patient Profile",
        &template,
    )
}

/// The confirmation link: every record of the account waiting for it
/// becomes "Active" ("Patient Access Granted"). `LinkExpired` for a link
/// that is not usable.
pub async fn confirm_email(cx: Ctx<'_>, token: &str) -> Result<(), AppError> {
    if token.len() > 128 {
        return Err(AppError::LinkExpired);
    }
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let found = crate::accounts::service::find_usable_token(
                tx,
                &hash_token(token),
                PURPOSE_CONFIRM,
                now,
            )
            .await?
            .ok_or(AppError::LinkExpired)?;
            if !crate::accounts::service::consume_token(tx, &found.id, now).await? {
                return Err(AppError::LinkExpired);
            }
            let mut granted = 0;
            for row in repo::patients_of_user(tx, &found.user_id).await? {
                if row.account_state() == AccountState::PendingEmailConfirmation
                    && repo::set_account_state(
                        tx,
                        &row.id,
                        AccountState::PendingEmailConfirmation,
                        AccountState::Active,
                        None,
                    )
                    .await?
                {
                    shared::record(
                        tx,
                        now,
                        Some(&found.user_id),
                        &row,
                        ActivityEvent::AccessGranted,
                        "Email address confirmed",
                    )
                    .await?;
                    granted += 1;
                }
            }
            if granted == 0 {
                return Err(AppError::LinkExpired);
            }
            Ok(())
        })
        .await
}
