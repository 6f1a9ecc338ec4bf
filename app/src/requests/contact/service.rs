//! New requests: the public "Contact your practice" form (its limits per
//! client address and per practice, and the hidden field that catches
//! robots) and requests staff log by phone. Each is one transaction with
//! its activity-log entry.

use super::model::*;
use super::repo;
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, RequestId};
use crate::mail::model::{OutgoingEmail, Template};
use crate::org::service as orgs;
use crate::requests::inbox::service::handler_in;
use crate::requests::repo::{self as shared, RequestInsert};
use crate::server::activity;
use crate::server::clock::{Clock, HOUR_MS};
use crate::server::Ctx;

/// Today in England (year, month, day), for dates of birth.
fn today(clock: &dyn Clock) -> (i32, u32, u32) {
    crate::server::dates::uk_today(clock.now_ms())
}

/// What the public form does with a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// Stored: the reference the confirmation page shows.
    Stored { reference: String },
    /// The hidden field was filled in (a robot): nothing is stored, but the
    /// answer looks the same, so the robot learns nothing.
    Discarded { reference: String },
}

/// The public "Contact your practice" form. Anyone may submit; limits per
/// client address and per practice stop floods, and a hidden field that
/// people never see catches simple robots.
pub async fn submit_contact_form(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    client: &str,
    form: &NewRequest,
    honeypot: &str,
) -> Result<Submitted, AppError> {
    let limits = cx.config.contact;
    let now = cx.now_ms();
    let stored = cx
        .db
        .transaction(async |tx| {
            let Some((_, practice_name)) = orgs::practice(tx, practice_id).await? else {
                return Err(AppError::NotFound);
            };
            let (from_client, to_practice) =
                repo::contact_counts(tx, practice_id, client, now - HOUR_MS).await?;
            if from_client >= limits.per_client_per_hour {
                tracing::warn!(%practice_id, client, "contact form limited for the client");
                return Err(AppError::TooManyRequests(format!(
                    "You have sent {from_client} requests in the last hour, the most we can take from one device. Try again in an hour, or phone the practice."
                )));
            }
            if to_practice >= limits.per_practice_per_hour {
                tracing::warn!(%practice_id, "contact form limited for the practice");
                return Err(AppError::TooManyRequests(
                    "The practice has had more online requests in the last hour than it can take. Try again in an hour, or phone the practice.".to_string(),
                ));
            }
            let request =
                check_request(form, today(cx.clock), Voice::Patient).map_err(AppError::Invalid)?;
            repo::purge_contacts(tx, cx.db.backend, practice_id, now - HOUR_MS).await?;
            repo::record_contact(tx, practice_id, client, now).await?;
            if !honeypot.trim().is_empty() {
                // Committed: the robot's submission counts towards the limits.
                return Ok(None);
            }
            let (id, reference) = shared::insert_request(
                tx,
                RequestInsert {
                    practice_id,
                    request: &request,
                    source: "online",
                    now,
                },
            )
            .await?;
            activity::record_for(
                tx,
                now,
                None,
                practice_id,
                ("request", &id),
                ActivityEvent::RequestSubmitted,
                &reference,
            )
            .await?;
            if let Some(address) = &request.email {
                let email = received_email(address, &practice_name, &reference);
                crate::mail::queue(tx, now, &email).await?;
            }
            Ok(Some(reference))
        })
        .await?;
    match stored {
        Some(reference) => Ok(Submitted::Stored { reference }),
        None => {
            let id = uuid::Uuid::new_v4().simple().to_string();
            Ok(Submitted::Discarded {
                reference: format!("R-{}", id[..10].to_uppercase()),
            })
        }
    }
}

/// The confirmation a patient who gave an email address gets: the
/// practice, the reference and what happens next.
fn received_email(to: &str, practice: &str, reference: &str) -> OutgoingEmail {
    let template = Template {
        greeting: String::new(),
        paragraphs: vec![
            format!("{practice} has your request. Your reference is {reference}."),
            "The practice will reply by email or phone.".to_string(),
            "If you need help urgently, call 111 or go to 111.nhs.uk. In an emergency, call 999."
                .to_string(),
            "Do not reply to this email.".to_string(),
        ],
        link: None,
        footer: Some("You are getting this email because this address was given on the practice's \"Contact your practice\" form.".to_string()),
    };
    OutgoingEmail::from_template(to, format!("Your request to {practice}"), &template)
}

/// A member of staff logs a request taken by phone. It starts unassigned.
pub async fn log_phone_request(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    form: &NewRequest,
) -> Result<RequestId, AppError> {
    let request = check_request(form, today(cx.clock), Voice::Staff).map_err(AppError::Invalid)?;
    let now = cx.now_ms();
    let id = cx
        .db
        .transaction(async |tx| {
            handler_in(tx, actor, practice_id).await?;
            let (id, reference) = shared::insert_request(
                tx,
                RequestInsert {
                    practice_id,
                    request: &request,
                    source: "phone",
                    now,
                },
            )
            .await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("request", &id),
                ActivityEvent::RequestLogged,
                &reference,
            )
            .await?;
            Ok(id)
        })
        .await?;
    Ok(id)
}

/// The practice a public contact form belongs to; `NotFound` unless it is
/// a practice. For a signed-in patient of the practice (`viewer`), their
/// details to fill in.
pub async fn practice_contact(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    viewer: Option<&crate::ids::UserId>,
) -> Result<PracticeContact, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let you = match viewer {
        Some(user_id) => {
            crate::patients::portal::service::known_patient(&mut conn, user_id, practice_id).await?
        }
        None => None,
    };
    let row = orgs::practice_contact(&mut conn, practice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(PracticeContact {
        id: row.id,
        name: row.name,
        address: row
            .address
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect(),
        phone: row.phone,
        you,
    })
}

/// Housekeeping: deletes up to `limit` contact-form submissions older than
/// the hour the limits count.
pub async fn purge_stale_limits(
    conn: &mut sqlx::AnyConnection,
    cx: Ctx<'_>,
    limit: i64,
) -> Result<u64, AppError> {
    let before = cx.now_ms() - HOUR_MS;
    Ok(repo::purge_all_contacts(conn, cx.db.backend, before, limit).await?)
}
