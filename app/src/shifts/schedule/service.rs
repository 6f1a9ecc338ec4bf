//! The locum's side: the unified Schedule (their booked work week by week,
//! with a warning when two pieces leave less than 11 hours of rest), the
//! hub shifts they can take, "Assign to me" and giving a shift back.
//!
//! Booking is where two people race. "Assign to me" runs in one
//! transaction that first holds the locum's own row (so their bookings
//! take turns and the clash check sees every earlier one), then refuses a
//! clash with their booked work, then books the shift only if it is still
//! open: of many pressing at once, exactly one gets it.

use time::Date;

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, ShiftId, UserId};
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::org::model::{OrgKind, Permission, Role};
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::dates::uk_local;
use crate::server::Ctx;
use crate::shifts::model::*;
use crate::shifts::repo::{self, ShiftRow};
use crate::shifts::service::{day_in_words, local_instant, view, when_in_words, DAY_MS, HOUR_MS};
use sqlx::AnyConnection;

/// What the others are told when one locum got the shift first.
pub const GONE: &str = "Sorry, this shift has gone: another locum was assigned to it first";

/// The most open shifts the Schedule lists.
const AVAILABLE: i64 = 200;

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

/// The Monday of the week `week` (an ISO date) falls in, or of this week.
fn monday_of(week: Option<&str>, now: i64) -> Date {
    let day = week
        .and_then(|w| {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            Date::parse(w.trim(), format).ok()
        })
        .unwrap_or_else(|| uk_local(now).date());
    day - time::Duration::days(i64::from(day.weekday().number_days_from_monday()))
}

fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
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
    })
}

/// Tells the hub's managers (a direct role there) about their shift.
async fn tell_managers(
    tx: &mut AnyConnection,
    cx: Ctx<'_>,
    now: i64,
    hub_id: &OrgId,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    let link = format!("/hubs/{hub_id}/shifts");
    let notice = Notice {
        kind: NoticeKind::Shifts,
        title,
        body,
        link: Some(&link),
    };
    let managers =
        crate::org::access::people_who_may(tx, hub_id, Permission::ManageWorkforce).await?;
    for manager in managers {
        notify(tx, now, &cx.config.base_url, &manager.user_id, &notice).await?;
    }
    Ok(())
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
            if let Some(other) = repo::booked_for(tx, &user.id, row.starts_at, row.ends_at)
                .await?
                .first()
            {
                return Err(AppError::Conflict(format!(
                    "You already have work on {} with {}: a shift that overlaps it cannot be assigned to you",
                    when_in_words(other.starts_at, other.ends_at),
                    other.organisation_name
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
            activity::record_for(
                tx,
                now,
                Some(&user.id),
                &hub_id,
                ("shift", shift_id),
                ActivityEvent::ShiftAssigned,
                &format!("{}: {when} at {place}", user.name),
            )
            .await?;
            let title = format!("{} took a shift", user.name);
            let body = format!(
                "{} assigned the shift on {when} at {place} to themselves.",
                user.name
            );
            tell_managers(tx, cx, now, &hub_id, &title, &body).await?;
            let title = format!("Shift assigned to you: {when}");
            let body = format!(
                "You have the {} shift on {when} at {place} ({}). It is in your Schedule.",
                row.organisation_name,
                rate_in_words(row.rate_pence)
            );
            let notice = Notice {
                kind: NoticeKind::Shifts,
                title: &title,
                body: &body,
                link: Some("/schedule"),
            };
            notify(tx, now, &cx.config.base_url, &user.id, &notice).await?;
            Ok(when)
        })
        .await
}

/// "Give back": the locum cancels a hub shift they hold, with a reason;
/// it is open again for others and the hub's managers are told.
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
            let hub_id = row.hub_id.clone().ok_or(AppError::NotFound)?;
            if !repo::reopen(tx, shift_id).await? {
                return Err(AppError::NotFound);
            }
            let when = when_in_words(row.starts_at, row.ends_at);
            activity::record_for(
                tx,
                now,
                Some(&user.id),
                &hub_id,
                ("shift", shift_id),
                ActivityEvent::ShiftGivenBack,
                &format!("{}: {when}: {reason}", user.name),
            )
            .await?;
            let title = format!("{} gave back a shift", user.name);
            let body = format!(
                "{} gave back the shift on {when}; it is open again. Their reason: {reason}",
                user.name
            );
            tell_managers(tx, cx, now, &hub_id, &title, &body).await
        })
        .await
}
