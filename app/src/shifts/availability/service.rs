//! Availability and requests for cover: the locum's toggles and answers,
//! the practice's view, requests and confirmations.
//!
//! Every step that can book runs in one transaction that holds the
//! locum's row first, then checks what already holds them (booked work,
//! or another waiting request: `crate::shifts::service::clash`), so a
//! request never lands on a held segment and confirming never
//! double-books.

use std::collections::HashMap;

use time::Date;

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{CoverRequestId, OrgId, ShiftId, UserId};
use crate::locums::model::Profession;
use crate::org::model::{OrgKind, Permission};
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::dates::uk_local;
use crate::server::Ctx;
use crate::shifts::model::*;
use crate::shifts::repo::{
    self, CoverOf, CoverRow, NewCoverRequest, NewRequirement, ShiftRow, Slot,
};
use crate::shifts::service::{
    clash, day_in_words, iso, local_instant, locum_networks, monday_of, tell, tell_owner_of,
    when_in_words, DAY_MS,
};
use sqlx::AnyConnection;

/// How far ahead a locum can add availability.
pub const AHEAD_DAYS: i64 = 90;
/// The most requests a page lists.
const LISTED: i64 = 200;

/// A day (ISO) and segment as instants, or the refusal.
fn slot_times(day: &str, segment: &str) -> Result<(Date, Segment, i64, i64), AppError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(day.trim(), format).map_err(|_| AppError::NotFound)?;
    let segment = Segment::parse(segment.trim()).ok_or(AppError::NotFound)?;
    let (start, end) = segment.minutes();
    match (local_instant(date, start), local_instant(date, end)) {
        (Some(s), Some(e)) => Ok((date, segment, s, e)),
        _ => Err(AppError::NotFound),
    }
}

/// A stored request as the pages show it.
pub fn request_view(row: CoverRow, now: i64) -> Result<CoverRequestView, AppError> {
    let status = RequestStatus::seen(&row.status, row.starts_at, now).ok_or_else(|| {
        AppError::from(sqlx::Error::Decode(
            format!("unknown request status {:?}", row.status).into(),
        ))
    })?;
    let segment = Segment::parse(&row.segment).ok_or_else(|| {
        AppError::from(sqlx::Error::Decode(
            format!("unknown segment {:?}", row.segment).into(),
        ))
    })?;
    Ok(CoverRequestView {
        id: row.id,
        practice: row.practice_name,
        locum: row.locum_name,
        date: day_in_words(uk_local(row.starts_at).date()),
        segment,
        times: segment.times(),
        rate: rate_in_words(row.rate_pence),
        notes: row.notes,
        status,
    })
}

/// The locum's week grid: each day's three segments, with what is on them.
pub fn grid(
    monday: Date,
    available: &[(String, String)],
    booked: &[ShiftRow],
    requests: &[CoverRow],
    now: i64,
) -> Vec<GridDay> {
    (0..7)
        .map(|n| {
            let date = monday + time::Duration::days(n);
            let day = iso(date);
            let cells = Segment::ALL
                .into_iter()
                .map(|segment| {
                    let (start, end) = segment.minutes();
                    let (s, e) = (
                        local_instant(date, start).unwrap_or(0),
                        local_instant(date, end).unwrap_or(0),
                    );
                    GridCell {
                        segment,
                        available: available
                            .iter()
                            .any(|(d, seg)| *d == day && seg == segment.as_str()),
                        booked: booked.iter().any(|b| b.starts_at < e && b.ends_at > s),
                        request: requests
                            .iter()
                            .filter(|r| r.day == day && r.segment == segment.as_str())
                            .filter_map(|r| RequestStatus::seen(&r.status, r.starts_at, now))
                            .find(|status| {
                                matches!(
                                    status,
                                    RequestStatus::Requested
                                        | RequestStatus::Accepted
                                        | RequestStatus::Confirmed
                                )
                            }),
                        past: s <= now,
                    }
                })
                .collect();
            GridDay {
                date: day_in_words(date),
                iso: day,
                cells,
            }
        })
        .collect()
}

/// Adds or removes one segment of the locum's availability. Returns
/// whether they are now available then.
pub async fn toggle(
    cx: Ctx<'_>,
    user: &CurrentUser,
    day: &str,
    segment: &str,
) -> Result<bool, AppError> {
    let (date, segment, starts_at, ends_at) = slot_times(day, segment)?;
    let now = cx.now_ms();
    if starts_at <= now {
        return Err(AppError::Conflict(
            "This time has passed: choose a later one".to_string(),
        ));
    }
    if starts_at > now + AHEAD_DAYS * DAY_MS {
        return Err(AppError::Conflict(format!(
            "You can add availability up to {AHEAD_DAYS} days ahead"
        )));
    }
    let day = iso(date);
    cx.db
        .transaction(async |tx| {
            if locum_networks(tx, &user.id).await?.is_empty() {
                return Err(AppError::Forbidden);
            }
            if repo::is_available(tx, &user.id, &day, segment.as_str()).await? {
                if repo::waiting_request_overlapping(tx, &user.id, (starts_at, ends_at), now, None)
                    .await?
                    .is_some()
                {
                    return Err(AppError::Conflict(
                        "A practice has asked you to cover this time: accept or decline its request first".to_string(),
                    ));
                }
                repo::remove_availability(tx, &user.id, &day, segment.as_str()).await?;
                Ok(false)
            } else {
                let slot = Slot {
                    locum_id: &user.id,
                    day: &day,
                    segment: segment.as_str(),
                    starts_at,
                    ends_at,
                };
                repo::add_availability(tx, &slot, now).await?;
                Ok(true)
            }
        })
        .await
}

/// The locum's "Accept" or "Decline" of a request for cover. The
/// practice's staff who run its rota are told.
pub async fn answer(
    cx: Ctx<'_>,
    user: &CurrentUser,
    request_id: &CoverRequestId,
    accept: bool,
) -> Result<(), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = repo::cover_request(tx, request_id)
                .await?
                .filter(|r| r.locum_id == user.id)
                .ok_or(AppError::NotFound)?;
            let moved = if accept {
                repo::set_cover_status(tx, request_id, "requested", "accepted", None, now).await?
            } else {
                repo::set_cover_status(tx, request_id, "requested", "declined", None, now).await?
                    || repo::set_cover_status(tx, request_id, "accepted", "declined", None, now)
                        .await?
            };
            if !moved {
                return Err(AppError::Conflict(
                    "This request has already been answered, or its time has passed".to_string(),
                ));
            }
            let when = when_in_words(row.starts_at, row.ends_at);
            let (event, title, body) = if accept {
                (
                    ActivityEvent::CoverRequestAccepted,
                    format!("{} accepted your request for cover", user.name),
                    format!(
                        "{} can cover {when}. Confirm it in Locum availability to book it.",
                        user.name
                    ),
                )
            } else {
                (
                    ActivityEvent::CoverRequestDeclined,
                    format!("{} declined your request for cover", user.name),
                    format!("{} cannot cover {when}.", user.name),
                )
            };
            activity::record_for(
                tx,
                now,
                Some(&user.id),
                &row.practice_id,
                ("cover_request", request_id),
                event,
                &format!("{}: {when}", user.name),
            )
            .await?;
            let link = format!("/practices/{}/availability", row.practice_id);
            tell_owner_of(tx, cx, now, &row.practice_id, &link, &title, &body).await
        })
        .await
}

/// The practice's name, or `NotFound` for any other organisation.
async fn practice_name(conn: &mut AnyConnection, practice_id: &OrgId) -> Result<String, AppError> {
    match orgs::organisation(conn, practice_id).await? {
        Some(org) if org.kind == OrgKind::Practice => Ok(org.name),
        _ => Err(AppError::NotFound),
    }
}

/// "Locum availability": the network's locums free in the week, filtered
/// by role and hub, and the practice's requests for cover.
pub async fn practice_availability(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    week: Option<&str>,
    role: &str,
    hub: &str,
) -> Result<PracticeAvailability, AppError> {
    let now = cx.now_ms();
    let monday = monday_of(week, now);
    let mut conn = cx.db.pool.acquire().await?;
    let practice_name = practice_name(&mut conn, practice_id).await?;
    let network = orgs::network_of(&mut conn, practice_id).await?;
    let hubs: Vec<(String, String)> = match &network {
        Some(network) => orgs::children_of_kind(&mut conn, network, OrgKind::Hub)
            .await?
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        None => Vec::new(),
    };
    let mut locums: Vec<UserId> = match &network {
        Some(network) => {
            crate::org::access::people_who_may(&mut conn, network, Permission::BookShifts)
                .await?
                .into_iter()
                .map(|p| p.user_id)
                .collect()
        }
        None => Vec::new(),
    };
    let hub = hubs
        .iter()
        .find(|(id, _)| id == hub)
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    if !hub.is_empty() {
        let enabled: Vec<UserId> = crate::org::access::people_who_may(
            &mut conn,
            &OrgId::new(hub.clone()),
            Permission::BookShifts,
        )
        .await?
        .into_iter()
        .map(|p| p.user_id)
        .collect();
        locums.retain(|l| enabled.contains(l));
    }
    let role = Profession::parse(role.trim())
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let slots = repo::free_slots(
        &mut conn,
        &locums,
        &iso(monday),
        &iso(monday + time::Duration::days(7)),
        now,
    )
    .await?;
    let today = local_instant(uk_local(now).date(), 0).unwrap_or(now);
    let requests =
        repo::cover_requests_of(&mut conn, CoverOf::Practice(practice_id), today, LISTED)
            .await?
            .into_iter()
            .map(|row| request_view(row, now))
            .collect::<Result<Vec<_>, _>>()?;
    drop(conn);
    let mut by_day: HashMap<String, Vec<AvailableSlot>> = HashMap::new();
    for slot in slots {
        if !role.is_empty() && slot.profession.as_deref() != Some(role.as_str()) {
            continue;
        }
        let Some(segment) = Segment::parse(&slot.segment) else {
            continue;
        };
        by_day.entry(slot.day).or_default().push(AvailableSlot {
            locum_id: slot.locum_id,
            locum: slot.locum_name,
            profession: slot
                .profession
                .as_deref()
                .and_then(Profession::parse)
                .map(|p| p.label().to_string())
                .unwrap_or_default(),
            segment,
            times: segment.times(),
        });
    }
    let days = (0..7)
        .map(|n| {
            let date = monday + time::Duration::days(n);
            AvailabilityDay {
                date: day_in_words(date),
                slots: by_day.remove(&iso(date)).unwrap_or_default(),
                iso: iso(date),
            }
        })
        .collect();
    Ok(PracticeAvailability {
        practice_name,
        week_of: day_in_words(monday),
        previous: iso(monday - time::Duration::days(7)),
        next: iso(monday + time::Duration::days(7)),
        role,
        hub,
        hubs,
        days,
        requests,
    })
}

/// What "Request cover" sends.
pub struct CoverAsk<'a> {
    pub locum_id: &'a UserId,
    pub day: &'a str,
    pub segment: &'a str,
    pub rate: &'a str,
    pub notes: &'a str,
}

/// "Request cover": asks an available locum of the practice's network to
/// cover a segment. The segment is then held for them until they decline
/// or its time comes. Returns the locum's name.
pub async fn request_cover(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    ask: CoverAsk<'_>,
) -> Result<String, AppError> {
    let (rate_pence, notes) = check_request(ask.rate, ask.notes)?;
    let (date, segment, starts_at, ends_at) = slot_times(ask.day, ask.segment)?;
    let day = iso(date);
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let practice = practice_name(tx, practice_id).await?;
            let network = orgs::network_of(tx, practice_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !crate::org::access::may(tx, ask.locum_id, Permission::BookShifts, &network).await? {
                return Err(AppError::NotFound);
            }
            if starts_at <= now {
                return Err(AppError::Conflict("This time has passed".to_string()));
            }
            if !repo::lock_locum(tx, ask.locum_id).await? {
                return Err(AppError::NotFound);
            }
            let name = repo::locum_details(tx, ask.locum_id)
                .await?
                .map(|(name, _)| name)
                .unwrap_or_default();
            if !repo::is_available(tx, ask.locum_id, &day, segment.as_str()).await? {
                return Err(AppError::Conflict(format!(
                    "{name} is no longer available then"
                )));
            }
            if let Some(held) = clash(tx, ask.locum_id, (starts_at, ends_at), now, None).await? {
                return Err(AppError::Conflict(format!(
                    "{name} already has {held}: choose another time or locum"
                )));
            }
            let id = CoverRequestId::generate();
            repo::insert_cover_request(
                tx,
                NewCoverRequest {
                    id: &id,
                    practice_id,
                    slot: Slot {
                        locum_id: ask.locum_id,
                        day: &day,
                        segment: segment.as_str(),
                        starts_at,
                        ends_at,
                    },
                    rate_pence,
                    notes: &notes,
                    created_by: &actor.id,
                    now,
                },
            )
            .await?;
            let when = when_in_words(starts_at, ends_at);
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("cover_request", &id),
                ActivityEvent::CoverRequested,
                &format!("{name}: {when}"),
            )
            .await?;
            let title = format!("{practice} asked you to cover {when}");
            let body = format!(
                "{practice} would like you to cover {when} ({}). Accept or decline it in your Schedule.",
                rate_in_words(rate_pence)
            );
            tell(tx, cx, now, ask.locum_id, (&title, &body, "/schedule")).await?;
            Ok(name)
        })
        .await
}

/// "Confirm": the practice books an accepted request. The session becomes
/// a booked shift of the practice, in both Schedules. Returns the locum's
/// name.
pub async fn confirm(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    request_id: &CoverRequestId,
) -> Result<String, AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = repo::cover_request(tx, request_id)
                .await?
                .filter(|r| &r.practice_id == practice_id)
                .ok_or(AppError::NotFound)?;
            if RequestStatus::seen(&row.status, row.starts_at, now) != Some(RequestStatus::Accepted)
            {
                return Err(AppError::Conflict(
                    "Only a request the locum has accepted, and whose time has not come, can be confirmed".to_string(),
                ));
            }
            let locum = &row.locum_id;
            if !repo::lock_locum(tx, locum).await? {
                return Err(AppError::NotFound);
            }
            if let Some(held) =
                clash(tx, locum, (row.starts_at, row.ends_at), now, Some(request_id)).await?
            {
                return Err(AppError::Conflict(format!(
                    "{} already has {held}",
                    row.locum_name
                )));
            }
            let shift_id = ShiftId::generate();
            let role = repo::locum_details(tx, locum).await?.and_then(|(_, p)| p);
            repo::insert_requirement(
                tx,
                NewRequirement {
                    id: &shift_id,
                    practice_id,
                    role: role.as_deref().unwrap_or("gp"),
                    starts_at: row.starts_at,
                    ends_at: row.ends_at,
                    rate_pence: row.rate_pence,
                    notes: &row.notes,
                    created_by: &actor.id,
                    now,
                },
            )
            .await?;
            if !repo::book_if_open(tx, &shift_id, locum, now).await?
                || !repo::set_cover_status(tx, request_id, "accepted", "confirmed", Some(&shift_id), now)
                    .await?
            {
                return Err(AppError::Conflict(
                    "This request has changed: reload the page".to_string(),
                ));
            }
            let when = when_in_words(row.starts_at, row.ends_at);
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("cover_request", request_id),
                ActivityEvent::CoverConfirmed,
                &format!("{}: {when}", row.locum_name),
            )
            .await?;
            let title = format!("{} confirmed your booking", row.practice_name);
            let body = format!(
                "{} confirmed that you cover {when} ({}). It is in your Schedule.",
                row.practice_name,
                rate_in_words(row.rate_pence)
            );
            tell(tx, cx, now, locum, (&title, &body, "/schedule")).await?;
            Ok(row.locum_name)
        })
        .await
}
