//! "Requirements": a practice's staff who manage its shifts post sessions
//! that need locum cover; active locums of the practice's network offer
//! cover from their Schedule; the practice accepts one offer (the session
//! is booked to that locum and the other offers declined) or declines
//! offers one by one. Everyone is told at each step.
//!
//! Accepting is a booking like "Assign to me": one transaction holds the
//! locum's row first, so it sees every earlier booking of theirs, and
//! refuses work that overlaps it.

use std::collections::HashMap;

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OfferId, OrgId, ShiftId};
use crate::locums::model::Profession;
use crate::org::model::OrgKind;
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::dates::{uk_date_time, uk_local, uk_today};
use crate::server::Ctx;
use crate::shifts::model::*;
use crate::shifts::repo::{self, NewRequirement, OfferRow, ShiftRow};
use crate::shifts::service::{clash, date_of, local_instant, tell, view, when_in_words};
use sqlx::AnyConnection;

/// The most requirements the page lists.
const LISTED: i64 = 200;

/// The practice's name, or `NotFound` for any other organisation.
async fn practice_name(conn: &mut AnyConnection, practice_id: &OrgId) -> Result<String, AppError> {
    match orgs::organisation(conn, practice_id).await? {
        Some(org) if org.kind == OrgKind::Practice => Ok(org.name),
        _ => Err(AppError::NotFound),
    }
}

fn offer_view(row: OfferRow) -> Result<OfferView, AppError> {
    let status = OfferStatus::parse(&row.status).ok_or_else(|| {
        AppError::from(sqlx::Error::Decode(
            format!("unknown offer status {:?}", row.status).into(),
        ))
    })?;
    Ok(OfferView {
        id: row.id,
        locum: row.locum_name,
        profession: row
            .profession
            .as_deref()
            .and_then(Profession::parse)
            .map(|p| p.label().to_string())
            .unwrap_or_default(),
        status,
        offered_at: uk_date_time(row.created_at),
    })
}

/// "Requirements": the practice's requirements from today on, each with
/// its offers.
pub async fn requirements(
    cx: Ctx<'_>,
    practice_id: &OrgId,
) -> Result<PracticeRequirements, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let practice_name = practice_name(&mut conn, practice_id).await?;
    let now = cx.now_ms();
    let today = local_instant(uk_local(now).date(), 0).unwrap_or(now);
    let rows = repo::shifts_of(&mut conn, practice_id, today, LISTED).await?;
    let ids: Vec<ShiftId> = rows.iter().map(|r| r.id.clone()).collect();
    let mut offers: HashMap<ShiftId, Vec<OfferView>> = HashMap::new();
    for offer in repo::offers_for(&mut conn, &ids).await? {
        offers
            .entry(offer.shift_id.clone())
            .or_default()
            .push(offer_view(offer)?);
    }
    let requirements = rows
        .into_iter()
        .map(|row| {
            let offers = offers.remove(&row.id).unwrap_or_default();
            Ok(Requirement {
                shift: view(row, false)?,
                offers,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(PracticeRequirements {
        practice_name,
        requirements,
    })
}

/// "Post a requirement": one session that needs cover.
pub async fn post_requirement(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    form: &NewShift,
) -> Result<(), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            practice_name(tx, practice_id).await?;
            let valid = check_requirement(form, uk_today(now))?;
            let date = date_of(valid.date).ok_or(AppError::BadRequest)?;
            let (Some(starts_at), Some(ends_at)) = (
                local_instant(date, valid.start_minute),
                local_instant(date, valid.end_minute),
            ) else {
                return Err(AppError::BadRequest);
            };
            if starts_at <= now {
                return Err(AppError::field(
                    "start_time",
                    "The session must start later than now",
                ));
            }
            let id = ShiftId::generate();
            repo::insert_requirement(
                tx,
                NewRequirement {
                    id: &id,
                    practice_id,
                    role: valid.role.as_str(),
                    starts_at,
                    ends_at,
                    rate_pence: valid.rate_pence,
                    notes: &valid.notes,
                    created_by: &actor.id,
                    now,
                },
            )
            .await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("shift", &id),
                ActivityEvent::RequirementPosted,
                &format!(
                    "{} on {}",
                    valid.role.label(),
                    when_in_words(starts_at, ends_at)
                ),
            )
            .await?;
            Ok(())
        })
        .await
}

/// The offer and its requirement, when the requirement is this practice's.
async fn offer_here(
    tx: &mut AnyConnection,
    practice_id: &OrgId,
    offer_id: &OfferId,
) -> Result<(OfferRow, ShiftRow), AppError> {
    let offer = repo::offer(tx, offer_id).await?.ok_or(AppError::NotFound)?;
    let shift = repo::shift(tx, &offer.shift_id)
        .await?
        .filter(|s| s.practice_id.as_ref() == Some(practice_id))
        .ok_or(AppError::NotFound)?;
    if offer.status != OfferStatus::Offered.as_str() {
        return Err(AppError::Conflict(
            "This offer has already been answered".to_string(),
        ));
    }
    Ok((offer, shift))
}

/// "Accept": the requirement is booked to the locum, the other offers
/// are declined, and everyone who offered is told. Returns the locum's
/// name.
pub async fn accept_offer(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    offer_id: &OfferId,
) -> Result<String, AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let (offer, shift) = offer_here(tx, practice_id, offer_id).await?;
            match shift.status.as_str() {
                "cancelled" => {
                    return Err(AppError::Conflict(
                        "This requirement has been cancelled".to_string(),
                    ))
                }
                "booked" => {
                    return Err(AppError::Conflict(
                        "This requirement is already booked".to_string(),
                    ))
                }
                _ => {}
            }
            if shift.starts_at <= now {
                return Err(AppError::Conflict(
                    "This requirement has already started".to_string(),
                ));
            }
            let locum = &offer.locum_id;
            if !repo::lock_locum(tx, locum).await? {
                return Err(AppError::NotFound);
            }
            if let Some(held) =
                clash(tx, locum, (shift.starts_at, shift.ends_at), now, None).await?
            {
                return Err(AppError::Conflict(format!(
                    "{} already has {held}: decline their offer or accept another",
                    offer.locum_name
                )));
            }
            if !repo::book_if_open(tx, &shift.id, locum, now).await? {
                return Err(AppError::Conflict(
                    "This requirement is already booked".to_string(),
                ));
            }
            if !repo::decide_offer(tx, offer_id, "offered", "accepted", now).await? {
                return Err(AppError::Conflict(
                    "This offer has already been answered".to_string(),
                ));
            }
            let others =
                repo::decide_offers_of_shift(tx, &shift.id, None, "offered", "declined", now)
                    .await?;
            let when = when_in_words(shift.starts_at, shift.ends_at);
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("shift", &shift.id),
                ActivityEvent::OfferAccepted,
                &format!("{}: {when}", offer.locum_name),
            )
            .await?;
            let name = &shift.organisation_name;
            let title = format!("{name} accepted your offer");
            let body = format!(
                "{name} accepted your offer to cover {when} ({}). It is in your Schedule.",
                rate_in_words(shift.rate_pence)
            );
            tell(tx, cx, now, locum, (&title, &body, "/schedule")).await?;
            for other in others {
                let title = format!("{name} declined your offer");
                let body =
                    format!("{name} has booked another locum for {when}. Thank you for offering.");
                tell(tx, cx, now, &other, (&title, &body, "/schedule")).await?;
            }
            Ok(offer.locum_name)
        })
        .await
}

/// "Decline": the offer is declined and the locum told. Returns their
/// name.
pub async fn decline_offer(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    offer_id: &OfferId,
) -> Result<String, AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let (offer, shift) = offer_here(tx, practice_id, offer_id).await?;
            if !repo::decide_offer(tx, offer_id, "offered", "declined", now).await? {
                return Err(AppError::Conflict(
                    "This offer has already been answered".to_string(),
                ));
            }
            let when = when_in_words(shift.starts_at, shift.ends_at);
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("shift", &shift.id),
                ActivityEvent::OfferDeclined,
                &format!("{}: {when}", offer.locum_name),
            )
            .await?;
            let name = &shift.organisation_name;
            let title = format!("{name} declined your offer");
            let body = format!("{name} declined your offer to cover {when}.");
            tell(tx, cx, now, &offer.locum_id, (&title, &body, "/schedule")).await?;
            Ok(offer.locum_name)
        })
        .await
}

/// "Cancel requirement", with a reason: the locum booked for it, or
/// those whose offers were waiting, are told why.
pub async fn cancel_requirement(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    shift_id: &ShiftId,
    raw_reason: &str,
) -> Result<(), AppError> {
    crate::shifts::service::cancel(cx, actor, practice_id, shift_id, raw_reason).await
}
