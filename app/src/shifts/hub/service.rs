//! "Hub shifts": a hub's managers add shifts at its locations (one, or a
//! weekly rota) and cancel them; a locum who held a cancelled shift is
//! told why.

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, ShiftId};
use crate::org::model::OrgKind;
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::dates::{uk_local, uk_today};
use crate::server::Ctx;
use crate::shifts::model::*;
use crate::shifts::repo::{self, NewHubShift};
use crate::shifts::service::{date_of, local_instant, view, when_in_words};
use sqlx::AnyConnection;

/// The most shifts "Hub shifts" lists.
const LISTED: i64 = 500;

/// The hub's name, or `NotFound` for any other organisation.
async fn hub_name(conn: &mut AnyConnection, hub_id: &OrgId) -> Result<String, AppError> {
    match orgs::organisation(conn, hub_id).await? {
        Some(org) if org.kind == OrgKind::Hub => Ok(org.name),
        _ => Err(AppError::NotFound),
    }
}

/// "Hub shifts": the hub's shifts from today on, and its locations.
pub async fn hub_shifts(cx: Ctx<'_>, hub_id: &OrgId) -> Result<HubShifts, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let hub_name = hub_name(&mut conn, hub_id).await?;
    let locations = repo::hub_locations(&mut conn, hub_id).await?;
    let now = cx.now_ms();
    let today = local_instant(uk_local(now).date(), 0).unwrap_or(now);
    let shifts = repo::shifts_of(&mut conn, hub_id, today, LISTED)
        .await?
        .into_iter()
        .map(|row| view(row, false))
        .collect::<Result<_, _>>()?;
    Ok(HubShifts {
        hub_name,
        locations,
        shifts,
    })
}

/// "Add shifts": one shift, or one a week until "Repeat weekly until".
/// Returns how many were added.
pub async fn add_shifts(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    hub_id: &OrgId,
    form: &NewShift,
) -> Result<i64, AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            hub_name(tx, hub_id).await?;
            let locations: Vec<String> = repo::hub_locations(tx, hub_id)
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            let valid = check_shift(form, uk_today(now), &locations)?;
            let first = date_of(valid.date).ok_or(AppError::BadRequest)?;
            let series = (valid.weeks > 1).then(|| ShiftId::generate().into_string());
            let mut first_start = None;
            for week in 0..valid.weeks {
                let date = first + time::Duration::weeks(week);
                let (Some(starts_at), Some(ends_at)) = (
                    local_instant(date, valid.start_minute),
                    local_instant(date, valid.end_minute),
                ) else {
                    return Err(AppError::BadRequest);
                };
                if starts_at <= now {
                    return Err(AppError::field(
                        "start_time",
                        "The shift must start later than now",
                    ));
                }
                first_start.get_or_insert((starts_at, ends_at));
                repo::insert_hub_shift(
                    tx,
                    NewHubShift {
                        id: &ShiftId::generate(),
                        hub_id,
                        location_id: &valid.location_id,
                        role: valid.role.as_str(),
                        starts_at,
                        ends_at,
                        rate_pence: valid.rate_pence,
                        notes: &valid.notes,
                        series_id: series.as_deref(),
                        created_by: &actor.id,
                        now,
                    },
                )
                .await?;
            }
            let (starts_at, ends_at) = first_start.ok_or(AppError::BadRequest)?;
            let details = if valid.weeks > 1 {
                format!(
                    "{} {} shifts weekly from {}",
                    valid.weeks,
                    valid.role.label(),
                    when_in_words(starts_at, ends_at)
                )
            } else {
                format!(
                    "{} shift on {}",
                    valid.role.label(),
                    when_in_words(starts_at, ends_at)
                )
            };
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                hub_id,
                ("hub_location", &valid.location_id),
                ActivityEvent::ShiftsAdded,
                &details,
            )
            .await?;
            Ok(valid.weeks)
        })
        .await
}

/// "Cancel shift", with a reason; the locum who held it is told.
pub async fn cancel_shift(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    hub_id: &OrgId,
    shift_id: &ShiftId,
    raw_reason: &str,
) -> Result<(), AppError> {
    crate::shifts::service::cancel(cx, actor, hub_id, shift_id, raw_reason).await
}
