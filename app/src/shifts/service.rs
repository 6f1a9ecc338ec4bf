//! What the shifts feature's two sides share: a stored shift as a page
//! shows it, and shift times in UK local time.

pub mod reminders;

use time::{Date, Month};

use super::model::{check_reason, rate_in_words, ShiftStatus, ShiftView};
use super::repo::{self, ShiftRow};
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{CoverRequestId, OrgId, ShiftId, UserId};
use crate::locums::model::Profession;
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::org::model::{MembershipStatus, OrgKind, Permission, Role};
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::dates::{uk_instant_ms, uk_local};
use crate::server::Ctx;
use sqlx::AnyConnection;

pub use crate::server::clock::{DAY_MS, HOUR_MS};

/// A calendar date as `time` has it.
pub fn date_of((y, m, d): (i32, u32, u32)) -> Option<Date> {
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

/// The instant clocks in England show `minute` past midnight on `date`.
pub fn local_instant(date: Date, minute: u32) -> Option<i64> {
    let time = time::Time::from_hms(
        u8::try_from(minute / 60).ok()?,
        u8::try_from(minute % 60).ok()?,
        0,
    )
    .ok()?;
    Some(uk_instant_ms(time::PrimitiveDateTime::new(date, time)))
}

pub use crate::server::dates::day_in_words;

/// "08:00 to 18:00" in UK local time.
pub fn times_in_words(starts_at: i64, ends_at: i64) -> String {
    let (s, e) = (uk_local(starts_at), uk_local(ends_at));
    format!(
        "{:02}:{:02} to {:02}:{:02}",
        s.hour(),
        s.minute(),
        e.hour(),
        e.minute()
    )
}

/// "Tuesday 8 December 2026, 08:00 to 18:00".
pub fn when_in_words(starts_at: i64, ends_at: i64) -> String {
    format!(
        "{}, {}",
        day_in_words(uk_local(starts_at).date()),
        times_in_words(starts_at, ends_at)
    )
}

/// A stored shift as the pages show it; an unknown stored status is an
/// error, never a default.
pub fn view(row: ShiftRow, clashes: bool) -> Result<ShiftView, AppError> {
    let status = ShiftStatus::parse(&row.status).ok_or_else(|| {
        AppError::from(sqlx::Error::Decode(
            format!("unknown shift status {:?}", row.status).into(),
        ))
    })?;
    Ok(ShiftView {
        date: day_in_words(uk_local(row.starts_at).date()),
        times: times_in_words(row.starts_at, row.ends_at),
        organisation: row.organisation_name,
        location: row.location_name.unwrap_or_default(),
        address: row.location_address.unwrap_or_default(),
        role: Profession::parse(&row.role)
            .map_or("Any role", Profession::label)
            .to_string(),
        rate: rate_in_words(row.rate_pence),
        notes: row.notes,
        status,
        locum: row.locum_name,
        cancel_reason: row.cancel_reason,
        clashes,
        id: row.id,
    })
}

/// The organisation a shift belongs to: its hub, or the practice whose
/// requirement it is.
pub fn owner(row: &ShiftRow) -> Result<&OrgId, AppError> {
    row.hub_id
        .as_ref()
        .or(row.practice_id.as_ref())
        .ok_or(AppError::NotFound)
}

/// Where the owner's people manage the shift: "Hub shifts" or the
/// practice's "Requirements".
pub fn owner_page(row: &ShiftRow) -> Result<String, AppError> {
    Ok(match (&row.hub_id, &row.practice_id) {
        (Some(hub), _) => format!("/hubs/{hub}/shifts"),
        (None, Some(practice)) => format!("/practices/{practice}/requirements"),
        _ => return Err(AppError::NotFound),
    })
}

/// A "Shifts" notice, in Gatehouse and by email, to one person.
pub async fn tell(
    tx: &mut AnyConnection,
    cx: Ctx<'_>,
    now: i64,
    to: &UserId,
    (title, body, link): (&str, &str, &str),
) -> Result<(), AppError> {
    let notice = Notice {
        kind: NoticeKind::Shifts,
        title,
        body,
        link: Some(link),
    };
    notify(tx, now, &cx.config.base_url, to, &notice).await
}

/// Tells the people who run the shift's owner: a hub's Hub managers (a
/// direct role there), or the practice's own staff who manage its shifts.
pub async fn tell_owner(
    tx: &mut AnyConnection,
    cx: Ctx<'_>,
    now: i64,
    row: &ShiftRow,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    let link = owner_page(row)?;
    match (&row.hub_id, &row.practice_id) {
        (Some(hub), _) => {
            let managers =
                crate::org::access::people_who_may(tx, hub, Permission::ManageWorkforce).await?;
            for person in managers {
                tell(tx, cx, now, &person.user_id, (title, body, &link)).await?;
            }
            Ok(())
        }
        (None, Some(practice)) => tell_owner_of(tx, cx, now, practice, &link, title, body).await,
        _ => Ok(()),
    }
}

/// A step in a shift's story that its owner hears of: the activity entry
/// (`event`, `details`) on the hub or practice, by `actor`, and a "Shifts"
/// notice to the people who run it.
pub async fn record_and_tell_owner(
    tx: &mut AnyConnection,
    cx: Ctx<'_>,
    now: i64,
    actor: &CurrentUser,
    row: &ShiftRow,
    (event, details): (ActivityEvent, &str),
    (title, body): (&str, &str),
) -> Result<(), AppError> {
    activity::record_for(
        tx,
        now,
        Some(&actor.id),
        owner(row)?,
        ("shift", &row.id),
        event,
        details,
    )
    .await?;
    tell_owner(tx, cx, now, row, title, body).await
}

/// "Cancel shift" (a hub's) or "Cancel requirement" (a practice's), with
/// a reason: the locum who held it, and those whose offers of cover were
/// waiting, are told why.
pub async fn cancel(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    shift_id: &ShiftId,
    raw_reason: &str,
) -> Result<(), AppError> {
    let reason = check_reason(raw_reason)?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = repo::shift(tx, shift_id)
                .await?
                .filter(|s| owner(s).ok() == Some(organisation_id))
                .ok_or(AppError::NotFound)?;
            let what = if row.hub_id.is_some() {
                "shift"
            } else {
                "requirement"
            };
            if !repo::cancel(tx, shift_id, &reason, now).await? {
                return Err(AppError::Conflict(format!(
                    "This {what} is already cancelled"
                )));
            }
            let when = when_in_words(row.starts_at, row.ends_at);
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                organisation_id,
                ("shift", shift_id),
                ActivityEvent::ShiftCancelled,
                &format!("{when}: {reason}"),
            )
            .await?;
            let name = &row.organisation_name;
            if let (Some(locum), "booked") = (&row.locum_id, row.status.as_str()) {
                let title = format!("{name} cancelled your shift");
                let body = format!(
                    "Your shift on {when} with {name} has been cancelled. Their reason: {reason}"
                );
                tell(tx, cx, now, locum, (&title, &body, "/schedule")).await?;
            }
            let waiting =
                repo::decide_offers_of_shift(tx, shift_id, None, "offered", "withdrawn", now)
                    .await?;
            for locum in waiting {
                let title = format!("{name} no longer needs cover");
                let body = format!(
                    "{name} cancelled their requirement on {when}, which you offered to cover. Their reason: {reason}"
                );
                tell(tx, cx, now, &locum, (&title, &body, "/schedule")).await?;
            }
            Ok(())
        })
        .await
}

/// The Monday of the week `week` (an ISO date) falls in, or of this week.
pub fn monday_of(week: Option<&str>, now: i64) -> Date {
    let day = week
        .and_then(|w| {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            Date::parse(w.trim(), format).ok()
        })
        .unwrap_or_else(|| uk_local(now).date());
    day - time::Duration::days(i64::from(day.weekday().number_days_from_monday()))
}

/// "2026-12-07".
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The networks where the person is an active locum (a Locum role there).
pub async fn locum_networks(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Vec<OrgId>, AppError> {
    Ok(
        orgs::roles_in_kind(conn, user_id, Role::Locum.as_str(), OrgKind::Network)
            .await?
            .into_iter()
            .filter(|r| r.status == MembershipStatus::Active.as_str())
            .map(|r| r.organisation_id)
            .collect(),
    )
}

/// What already holds the locum in [from, until), in words: booked work
/// ("work on … with …"), or a waiting request for cover other than
/// `except` ("a request for cover on … from …"). Every booking route asks
/// this after holding the locum's row.
pub async fn clash(
    tx: &mut AnyConnection,
    locum: &UserId,
    (from, until): (i64, i64),
    now: i64,
    except: Option<&CoverRequestId>,
) -> Result<Option<String>, AppError> {
    if let Some(other) = repo::booked_for(tx, locum, from, until).await?.first() {
        return Ok(Some(format!(
            "work on {} with {}",
            when_in_words(other.starts_at, other.ends_at),
            other.organisation_name
        )));
    }
    if let Some(request) =
        repo::waiting_request_overlapping(tx, locum, (from, until), now, except).await?
    {
        return Ok(Some(format!(
            "a request for cover on {} from {}",
            when_in_words(request.starts_at, request.ends_at),
            request.practice_name
        )));
    }
    Ok(None)
}

/// Tells a practice's own staff who run its rota (ManageShifts there).
pub async fn tell_owner_of(
    tx: &mut AnyConnection,
    cx: Ctx<'_>,
    now: i64,
    practice_id: &OrgId,
    link: &str,
    title: &str,
    body: &str,
) -> Result<(), AppError> {
    let people =
        crate::org::access::own_people_who_may(tx, practice_id, Permission::ManageShifts).await?;
    for person in people {
        tell(tx, cx, now, &person.user_id, (title, body, link)).await?;
    }
    Ok(())
}
