//! The locum's side: the unified Schedule (their booked work week by week,
//! with a warning when two pieces leave less than 11 hours of rest), the
//! hub shifts they can take, "Assign to me" and giving a shift back.
//!
//! Booking is where two people race. "Assign to me" runs in one
//! transaction that first holds the locum's own row (so their bookings
//! take turns and the clash check sees every earlier one), then refuses a
//! clash with their booked work, then books the shift only if it is still
//! open: of many pressing at once, exactly one gets it.

pub mod ics;

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OfferId, OrgId, ShiftId, UserId};
use crate::org::model::{OrgKind, Permission, Role};
use crate::org::service as orgs;
use crate::server::dates::{uk_date_time, uk_local};
use crate::server::Ctx;
use crate::shifts::model::*;
use crate::shifts::repo::{self, CoverOf, ShiftRow};
use crate::shifts::service::{
    clash, day_in_words, iso, local_instant, locum_networks, monday_of, record_and_tell_owner,
    tell, view, when_in_words, DAY_MS, HOUR_MS,
};
use sqlx::AnyConnection;

/// What the others are told when one locum got the shift first.
pub const GONE: &str = "Sorry, this shift has gone: another locum was assigned to it first";

/// What a locum is told when a requirement has been booked already.
pub const FILLED: &str = "This requirement has been filled: the practice accepted another offer";

/// The most open shifts the Schedule lists.
const AVAILABLE: i64 = 200;
/// The most requests for cover the Schedule lists.
const REQUESTS_LISTED: i64 = 200;

/// The hubs where the locum is enabled.
async fn enabled_hubs(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<OrgId>, AppError> {
    Ok(
        orgs::roles_in_kind(conn, user_id, Role::Locum.as_str(), OrgKind::Hub)
            .await?
            .into_iter()
            .filter(|r| r.status == crate::org::model::MembershipStatus::Active.as_str())
            .map(|r| r.organisation_id)
            .collect(),
    )
}

fn overlaps(a: &ShiftRow, b: &ShiftRow) -> bool {
    a.starts_at < b.ends_at && b.starts_at < a.ends_at
}

/// The locum's Schedule for the week of `week` (this week without one).
pub async fn schedule(
    cx: Ctx<'_>,
    user: &CurrentUser,
    week: Option<&str>,
) -> Result<Schedule, AppError> {
    let now = cx.now_ms();
    let monday = monday_of(week, now);
    let sunday_night = monday + time::Duration::days(7);
    let (Some(from), Some(until)) = (local_instant(monday, 0), local_instant(sunday_night, 0))
    else {
        return Err(AppError::BadRequest);
    };
    let horizon_days = cx.config.shift_look_ahead_days;
    let horizon = now + horizon_days * DAY_MS;
    let rest = REST_HOURS * HOUR_MS;
    let mut conn = cx.db.pool.acquire().await?;
    let hubs = enabled_hubs(&mut conn, &user.id).await?;
    // The week's work, and what lies within a rest period either side of
    // it (for the warnings) or within the look-ahead (for clashes).
    let booked = repo::booked_for(
        &mut conn,
        &user.id,
        (from - rest).min(now),
        (until + rest).max(horizon),
    )
    .await?;
    let open =
        repo::open_hub_shifts_for(&mut conn, &user.id, &hubs, now, horizon, AVAILABLE).await?;
    let practices = practices_for(&mut conn, &user.id).await?;
    let wanted = repo::open_requirements_in(&mut conn, &practices, now, horizon, AVAILABLE).await?;
    let ids: Vec<ShiftId> = wanted.iter().map(|r| r.id.clone()).collect();
    let mine: Vec<(ShiftId, String)> = repo::offers_for(&mut conn, &ids)
        .await?
        .into_iter()
        .filter(|o| o.locum_id == user.id)
        .map(|o| (o.shift_id, o.status))
        .collect();
    let free = repo::availability_of(&mut conn, &user.id, &iso(monday), &iso(sunday_night)).await?;
    let today = local_instant(uk_local(now).date(), 0).unwrap_or(now);
    let requests = repo::cover_requests_of(
        &mut conn,
        CoverOf::Locum(&user.id),
        today.min(from),
        REQUESTS_LISTED,
    )
    .await?;
    let calendar_since = repo::calendar_feed_made(&mut conn, &user.id)
        .await?
        .map(uk_date_time);
    drop(conn);

    let mut rest_warnings = Vec::new();
    for pair in booked.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let gap = b.starts_at - a.ends_at;
        if gap >= 0 && gap < rest && b.starts_at >= from - rest && a.ends_at < until + rest {
            rest_warnings.push(format!(
                "Less than 11 hours of rest between {} ({}) and {} ({})",
                when_in_words(a.starts_at, a.ends_at),
                a.organisation_name,
                when_in_words(b.starts_at, b.ends_at),
                b.organisation_name
            ));
        }
    }
    let available = open
        .into_iter()
        .map(|row| {
            let clashes = booked.iter().any(|b| overlaps(b, &row));
            view(row, clashes)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let requirements = wanted
        .into_iter()
        .map(|row| {
            let clashes = booked.iter().any(|b| overlaps(b, &row));
            let my_offer = mine
                .iter()
                .find(|(id, _)| *id == row.id)
                .and_then(|(_, status)| OfferStatus::parse(status));
            Ok(OpenRequirement {
                shift: view(row, clashes)?,
                my_offer,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let grid = crate::shifts::availability::service::grid(monday, &free, &booked, &requests, now);
    let cover_requests = requests
        .into_iter()
        .filter(|r| r.starts_at >= today)
        .map(|r| crate::shifts::availability::service::request_view(r, now))
        .collect::<Result<Vec<_>, _>>()?;
    let mut days: Vec<ScheduleDay> = (0..7)
        .map(|n| ScheduleDay {
            date: day_in_words(monday + time::Duration::days(n)),
            work: Vec::new(),
        })
        .collect();
    for row in booked {
        if row.starts_at < from || row.starts_at >= until {
            continue;
        }
        let offset = (uk_local(row.starts_at).date() - monday).whole_days();
        if let Some(day) = usize::try_from(offset).ok().and_then(|n| days.get_mut(n)) {
            day.work.push(view(row, false)?);
        }
    }
    Ok(Schedule {
        week_of: day_in_words(monday),
        previous: iso(monday - time::Duration::days(7)),
        next: iso(sunday_night),
        days,
        available,
        horizon_days,
        rest_warnings,
        in_a_hub: !hubs.is_empty(),
        requirements,
        calendar_since,
        calendar_base: format!(
            "{}/calendar.ics?token=",
            cx.config.base_url.trim_end_matches('/')
        ),
        grid,
        cover_requests,
    })
}

/// "Assign to me": the shift is the locum's if it is still open, they are
/// enabled in its hub, chose its location and have no work that overlaps
/// it. Returns the shift's time in words.
pub async fn assign_to_me(
    cx: Ctx<'_>,
    user: &CurrentUser,
    shift_id: &ShiftId,
) -> Result<String, AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = repo::shift(tx, shift_id).await?.ok_or(AppError::NotFound)?;
            let hub_id = row.hub_id.clone().ok_or(AppError::NotFound)?;
            if !crate::org::access::may(tx, &user.id, Permission::BookShifts, &hub_id).await? {
                return Err(AppError::Forbidden);
            }
            if let Some(location) = &row.hub_location_id {
                if !repo::chose_location(tx, &user.id, location).await? {
                    return Err(AppError::Conflict(format!(
                        "Choose {} in Hub management before you take its shifts",
                        row.location_name.as_deref().unwrap_or("this location")
                    )));
                }
            }
            match row.status.as_str() {
                "cancelled" => {
                    return Err(AppError::Conflict(
                        "This shift has been cancelled".to_string(),
                    ))
                }
                "booked" => return Err(AppError::Conflict(GONE.to_string())),
                _ => {}
            }
            if row.starts_at <= now {
                return Err(AppError::Conflict(
                    "This shift has already started".to_string(),
                ));
            }
            if !repo::lock_locum(tx, &user.id).await? {
                return Err(AppError::NotFound);
            }
            if let Some(held) = clash(tx, &user.id, (row.starts_at, row.ends_at), now, None).await?
            {
                return Err(AppError::Conflict(format!(
                    "You already have {held}: a shift that overlaps it cannot be assigned to you"
                )));
            }
            if !repo::book_if_open(tx, shift_id, &user.id, now).await? {
                return Err(AppError::Conflict(GONE.to_string()));
            }
            let when = when_in_words(row.starts_at, row.ends_at);
            let place = row
                .location_name
                .clone()
                .unwrap_or_else(|| row.organisation_name.clone());
            let title = format!("{} took a shift", user.name);
            let body = format!(
                "{} assigned the shift on {when} at {place} to themselves.",
                user.name
            );
            record_and_tell_owner(
                tx,
                cx,
                now,
                user,
                &row,
                (
                    ActivityEvent::ShiftAssigned,
                    &format!("{}: {when} at {place}", user.name),
                ),
                (&title, &body),
            )
            .await?;
            let title = format!("Shift assigned to you: {when}");
            let body = format!(
                "You have the {} shift on {when} at {place} ({}). It is in your Schedule.",
                row.organisation_name,
                rate_in_words(row.rate_pence)
            );
            tell(tx, cx, now, &user.id, (&title, &body, "/schedule")).await?;
            Ok(when)
        })
        .await
}

/// "Give back": the locum cancels a shift or booking they hold, with a
/// reason; it is open again for others and the hub's managers (or the
/// practice's) are told.
pub async fn give_back(
    cx: Ctx<'_>,
    user: &CurrentUser,
    shift_id: &ShiftId,
    raw_reason: &str,
) -> Result<(), AppError> {
    let reason = check_reason(raw_reason)?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = repo::shift(tx, shift_id)
                .await?
                .filter(|s| s.locum_id.as_ref() == Some(&user.id) && s.status == "booked")
                .ok_or(AppError::NotFound)?;
            if !repo::reopen(tx, shift_id).await? {
                return Err(AppError::NotFound);
            }
            // An accepted offer of cover is withdrawn with it.
            repo::decide_offers_of_shift(
                tx,
                shift_id,
                Some(&user.id),
                "accepted",
                "withdrawn",
                now,
            )
            .await?;
            let when = when_in_words(row.starts_at, row.ends_at);
            let title = format!("{} gave back a shift", user.name);
            let body = format!(
                "{} gave back the shift on {when}; it is open again. Their reason: {reason}",
                user.name
            );
            record_and_tell_owner(
                tx,
                cx,
                now,
                user,
                &row,
                (
                    ActivityEvent::ShiftGivenBack,
                    &format!("{}: {when}: {reason}", user.name),
                ),
                (&title, &body),
            )
            .await
        })
        .await
}

/// The practices (and hubs) in the locum's networks, whose requirements
/// they see.
async fn practices_for(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<OrgId>, AppError> {
    let mut within = Vec::new();
    for network in locum_networks(conn, user_id).await? {
        within.extend(orgs::organisations_within(conn, &network).await?);
    }
    Ok(within)
}

/// "Offer cover" for a practice's open requirement: the practice's staff
/// who manage its shifts are told, and accept or decline it.
pub async fn offer_cover(
    cx: Ctx<'_>,
    user: &CurrentUser,
    shift_id: &ShiftId,
) -> Result<String, AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = repo::shift(tx, shift_id).await?.ok_or(AppError::NotFound)?;
            let practice = row.practice_id.clone().ok_or(AppError::NotFound)?;
            let network = orgs::network_of(tx, &practice).await?.ok_or(AppError::NotFound)?;
            if !crate::org::access::may(tx, &user.id, Permission::BookShifts, &network).await? {
                return Err(AppError::Forbidden);
            }
            match row.status.as_str() {
                "cancelled" => {
                    return Err(AppError::Conflict(
                        "This requirement has been cancelled".to_string(),
                    ))
                }
                "booked" => return Err(AppError::Conflict(FILLED.to_string())),
                _ => {}
            }
            if row.starts_at <= now {
                return Err(AppError::Conflict(
                    "This requirement has already started".to_string(),
                ));
            }
            if let Some(held) = clash(tx, &user.id, (row.starts_at, row.ends_at), now, None).await? {
                return Err(AppError::Conflict(format!(
                    "You already have {held}: you cannot offer cover for a session that overlaps it"
                )));
            }
            if !repo::insert_offer(tx, &OfferId::generate(), shift_id, &user.id, now).await? {
                return Err(AppError::Conflict(
                    "You have already offered cover for this requirement".to_string(),
                ));
            }
            let when = when_in_words(row.starts_at, row.ends_at);
            let title = format!("{} offered cover", user.name);
            let body = format!(
                "{} offered to cover your requirement on {when}. Accept or decline it in Requirements.",
                user.name
            );
            record_and_tell_owner(
                tx,
                cx,
                now,
                user,
                &row,
                (ActivityEvent::CoverOffered, &format!("{}: {when}", user.name)),
                (&title, &body),
            )
            .await?;
            Ok(when)
        })
        .await
}

/// How far back and ahead the calendar feed reaches.
const FEED_PAST_DAYS: i64 = 30;
const FEED_AHEAD_DAYS: i64 = 366;

/// "Create a calendar link" (or "Make a new link"): a new secret token
/// for the locum's iCalendar feed, replacing any earlier one. Returns the
/// token, shown once; only its hash is kept.
pub async fn create_calendar_feed(cx: Ctx<'_>, user: &CurrentUser) -> Result<String, AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            // Anyone's feed holds only their own booked work (none for
            // someone who is not a locum).
            let (token, hash) = crate::server::tokens::new_token();
            repo::set_calendar_feed(tx, &user.id, &hash, now).await?;
            Ok(token)
        })
        .await
}

/// "Turn off the calendar link": the old link stops working at once.
pub async fn turn_off_calendar_feed(cx: Ctx<'_>, user: &CurrentUser) -> Result<(), AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    repo::delete_calendar_feed(&mut conn, &user.id).await?;
    Ok(())
}

/// The iCalendar feed the token opens: the locum's booked work from a
/// month ago to a year ahead. `NotFound` for any other token.
pub async fn calendar_feed(cx: Ctx<'_>, token: &str) -> Result<String, AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let hash = crate::server::tokens::hash_token(token);
    let mut conn = cx.db.pool.acquire().await?;
    let user_id = repo::calendar_feed_owner(&mut conn, &hash)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = cx.now_ms();
    let work = repo::booked_for(
        &mut conn,
        &user_id,
        now - FEED_PAST_DAYS * DAY_MS,
        now + FEED_AHEAD_DAYS * DAY_MS,
    )
    .await?;
    let host = cx
        .config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("gatehouse")
        .trim_end_matches('/')
        .to_string();
    Ok(ics::calendar(&host, now, &work))
}

/// The first day of the month `month` ("2026-12") names, or of this month.
fn first_of_month(month: Option<&str>, now: i64) -> time::Date {
    let parsed = month.and_then(|m| {
        let (y, m) = m.trim().split_once('-')?;
        let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
        time::Date::from_calendar_date(y.parse().ok()?, month, 1).ok()
    });
    parsed.unwrap_or_else(|| {
        let today = uk_local(now).date();
        today - time::Duration::days(i64::from(today.day()) - 1)
    })
}

/// The first day of the month after the one `first` begins.
fn next_month(first: time::Date) -> time::Date {
    let (year, month) = match first.month() {
        time::Month::December => (first.year() + 1, time::Month::January),
        m => (first.year(), m.next()),
    };
    time::Date::from_calendar_date(year, month, 1).unwrap_or(first)
}

/// The month view: each day of the month with the locum's booked work,
/// offers of cover, requests for cover and availability, in words.
pub async fn month(
    cx: Ctx<'_>,
    user: &CurrentUser,
    month: Option<&str>,
) -> Result<ScheduleMonth, AppError> {
    let now = cx.now_ms();
    let first = first_of_month(month, now);
    let after = next_month(first);
    let previous = first - time::Duration::days(1);
    let (Some(from), Some(until)) = (local_instant(first, 0), local_instant(after, 0)) else {
        return Err(AppError::BadRequest);
    };
    let mut conn = cx.db.pool.acquire().await?;
    let booked = repo::booked_for(&mut conn, &user.id, from, until).await?;
    let offered = repo::offered_by(&mut conn, &user.id, from, until).await?;
    let requests =
        repo::cover_requests_of(&mut conn, CoverOf::Locum(&user.id), from, REQUESTS_LISTED).await?;
    let free = repo::availability_of(&mut conn, &user.id, &iso(first), &iso(after)).await?;
    drop(conn);
    let mut items: std::collections::BTreeMap<String, Vec<(i64, MonthItem)>> =
        std::collections::BTreeMap::new();
    let day_of = |at: i64| iso(uk_local(at).date());
    // Items sort by the minute of the day they start.
    let minute_of = |at: i64| {
        let local = uk_local(at);
        i64::from(local.hour()) * 60 + i64::from(local.minute())
    };
    let place = |row: &ShiftRow| match &row.location_name {
        Some(location) => format!("{}, {location}", row.organisation_name),
        None => row.organisation_name.clone(),
    };
    for row in booked.iter().filter(|r| r.starts_at >= from) {
        items.entry(day_of(row.starts_at)).or_default().push((
            minute_of(row.starts_at),
            MonthItem {
                state: "Booked".to_string(),
                text: format!(
                    "{}, {}",
                    crate::shifts::service::times_in_words(row.starts_at, row.ends_at),
                    place(row)
                ),
            },
        ));
    }
    for row in &offered {
        items.entry(day_of(row.starts_at)).or_default().push((
            minute_of(row.starts_at),
            MonthItem {
                state: "Offered".to_string(),
                text: format!(
                    "{}, {}",
                    crate::shifts::service::times_in_words(row.starts_at, row.ends_at),
                    place(row)
                ),
            },
        ));
    }
    for request in requests.iter().filter(|r| r.starts_at < until) {
        let Some(status) = RequestStatus::seen(&request.status, request.starts_at, now) else {
            continue;
        };
        if !matches!(status, RequestStatus::Requested | RequestStatus::Accepted) {
            continue;
        }
        items.entry(request.day.clone()).or_default().push((
            minute_of(request.starts_at),
            MonthItem {
                state: status.label().to_string(),
                text: format!(
                    "{}, request for cover from {}",
                    crate::shifts::service::times_in_words(request.starts_at, request.ends_at),
                    request.practice_name
                ),
            },
        ));
    }
    for (day, segment) in &free {
        let Some(segment) = Segment::parse(segment) else {
            continue;
        };
        items.entry(day.clone()).or_default().push((
            i64::from(segment.minutes().0),
            MonthItem {
                state: "Available".to_string(),
                text: format!("{}, {}", segment.label(), segment.times()),
            },
        ));
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let days = items
        .into_iter()
        .filter_map(|(day, mut list)| {
            let date = time::Date::parse(&day, format).ok()?;
            list.sort_by_key(|(at, _)| *at);
            Some(MonthDay {
                date: day_in_words(date),
                iso: day,
                items: list.into_iter().map(|(_, item)| item).collect(),
            })
        })
        .collect();
    let month_name = |d: time::Date| format!("{}-{:02}", d.year(), u8::from(d.month()));
    Ok(ScheduleMonth {
        title: format!(
            "{} {}",
            crate::server::dates::MONTHS[usize::from(u8::from(first.month())) - 1],
            first.year()
        ),
        previous: month_name(previous),
        next: month_name(after),
        days,
    })
}
