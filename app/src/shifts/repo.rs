//! The only SQL on `shifts` and the tables of locum work: offers of cover
//! (`offers`), availability and requests for cover (`availability`),
//! calendar feeds (`calendar`), each in its own file. It joins hub locations and the locations
//! locums chose (the locum network's tables) and `organisations` and
//! `users` for names; who may act where is `crate::org`'s.

mod availability;
mod calendar;
mod offers;

pub use availability::*;
pub use calendar::*;
pub use offers::*;

use crate::ids::{OrgId, ShiftId, UserId};
use crate::server::db::placeholders;
use sqlx::AnyConnection;

/// A shift as stored, with the names the pages show.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShiftRow {
    pub id: ShiftId,
    pub hub_id: Option<OrgId>,
    pub practice_id: Option<OrgId>,
    pub organisation_name: String,
    pub hub_location_id: Option<String>,
    pub location_name: Option<String>,
    pub location_address: Option<String>,
    pub role: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub rate_pence: i64,
    pub notes: String,
    pub status: String,
    pub locum_id: Option<UserId>,
    pub locum_name: Option<String>,
    pub cancel_reason: Option<String>,
}

const SHIFT_COLUMNS: &str = "SELECT s.id, s.hub_id, s.practice_id, o.name AS organisation_name,
        s.hub_location_id, l.name AS location_name, l.address AS location_address, s.role,
        s.starts_at, s.ends_at, s.rate_pence, s.notes, s.status, s.locum_id,
        u.name AS locum_name, s.cancel_reason
   FROM shifts s
   JOIN organisations o ON o.id = COALESCE(s.hub_id, s.practice_id)
   LEFT JOIN hub_locations l ON l.id = s.hub_location_id
   LEFT JOIN users u ON u.id = s.locum_id";

/// A hub's location ids and names.
pub async fn hub_locations(
    conn: &mut AnyConnection,
    hub_id: &OrgId,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM hub_locations WHERE hub_id = $1 ORDER BY name, id")
        .bind(hub_id)
        .fetch_all(conn)
        .await
}

/// One new hub shift.
pub struct NewHubShift<'a> {
    pub id: &'a ShiftId,
    pub hub_id: &'a OrgId,
    pub location_id: &'a str,
    pub role: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub rate_pence: i64,
    pub notes: &'a str,
    pub series_id: Option<&'a str>,
    pub created_by: &'a UserId,
    pub now: i64,
}

pub async fn insert_hub_shift(
    conn: &mut AnyConnection,
    s: NewHubShift<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO shifts (id, hub_id, hub_location_id, role, starts_at, ends_at, rate_pence,
             notes, series_id, status, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11)",
    )
    .bind(s.id)
    .bind(s.hub_id)
    .bind(s.location_id)
    .bind(s.role)
    .bind(s.starts_at)
    .bind(s.ends_at)
    .bind(s.rate_pence)
    .bind(s.notes)
    .bind(s.series_id)
    .bind(s.created_by)
    .bind(s.now)
    .execute(conn)
    .await?;
    Ok(())
}

/// One new practice requirement (a session, no location).
pub struct NewRequirement<'a> {
    pub id: &'a ShiftId,
    pub practice_id: &'a OrgId,
    pub role: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub rate_pence: i64,
    pub notes: &'a str,
    pub created_by: &'a UserId,
    pub now: i64,
}

pub async fn insert_requirement(
    conn: &mut AnyConnection,
    r: NewRequirement<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO shifts (id, practice_id, role, starts_at, ends_at, rate_pence, notes,
             status, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9)",
    )
    .bind(r.id)
    .bind(r.practice_id)
    .bind(r.role)
    .bind(r.starts_at)
    .bind(r.ends_at)
    .bind(r.rate_pence)
    .bind(r.notes)
    .bind(r.created_by)
    .bind(r.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn shift(conn: &mut AnyConnection, id: &str) -> Result<Option<ShiftRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SHIFT_COLUMNS} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The shifts of a hub, or the requirements of a practice, that start at
/// or after `from`, soonest first (at most `limit`).
pub async fn shifts_of(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    from: i64,
    limit: i64,
) -> Result<Vec<ShiftRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SHIFT_COLUMNS} WHERE (s.hub_id = $1 OR s.practice_id = $1) AND s.starts_at >= $2
          ORDER BY s.starts_at, s.id LIMIT $3"
    ))
    .bind(organisation_id)
    .bind(from)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Open requirements of these practices starting in [from, until),
/// soonest first (at most `limit`).
pub async fn open_requirements_in(
    conn: &mut AnyConnection,
    practices: &[OrgId],
    from: i64,
    until: i64,
    limit: i64,
) -> Result<Vec<ShiftRow>, sqlx::Error> {
    if practices.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{SHIFT_COLUMNS} WHERE s.status = 'open' AND s.starts_at >= $1 AND s.starts_at < $2
            AND s.practice_id IN ({})
          ORDER BY s.starts_at, s.id LIMIT $3",
        placeholders(practices, 4)
    );
    let mut query = sqlx::query_as(&sql).bind(from).bind(until).bind(limit);
    for practice in practices {
        query = query.bind(practice);
    }
    query.fetch_all(conn).await
}

/// Open shifts of these hubs starting in [from, until), at a location the
/// locum chose (or at none), soonest first (at most `limit`).
pub async fn open_hub_shifts_for(
    conn: &mut AnyConnection,
    user_id: &UserId,
    hubs: &[OrgId],
    from: i64,
    until: i64,
    limit: i64,
) -> Result<Vec<ShiftRow>, sqlx::Error> {
    if hubs.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{SHIFT_COLUMNS} WHERE s.status = 'open' AND s.starts_at >= $1 AND s.starts_at < $2
            AND (s.hub_location_id IS NULL OR EXISTS (
                 SELECT 1 FROM hub_member_locations c
                  WHERE c.user_id = $3 AND c.location_id = s.hub_location_id))
            AND s.hub_id IN ({})
          ORDER BY s.starts_at, s.id LIMIT $4",
        placeholders(hubs, 5)
    );
    let mut query = sqlx::query_as(&sql)
        .bind(from)
        .bind(until)
        .bind(user_id)
        .bind(limit);
    for hub in hubs {
        query = query.bind(hub);
    }
    query.fetch_all(conn).await
}

/// Whether the locum chose this hub location.
pub async fn chose_location(
    conn: &mut AnyConnection,
    user_id: &UserId,
    location_id: &str,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM hub_member_locations WHERE user_id = $1 AND location_id = $2",
    )
    .bind(user_id)
    .bind(location_id)
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

/// The locum's booked work overlapping [from, until), soonest first.
pub async fn booked_for(
    conn: &mut AnyConnection,
    user_id: &UserId,
    from: i64,
    until: i64,
) -> Result<Vec<ShiftRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SHIFT_COLUMNS} WHERE s.locum_id = $1 AND s.status = 'booked'
            AND s.starts_at < $3 AND s.ends_at > $2
          ORDER BY s.starts_at, s.id"
    ))
    .bind(user_id)
    .bind(from)
    .bind(until)
    .fetch_all(conn)
    .await
}

/// Holds the locum's row until the transaction ends, so two bookings for
/// one locum take turns (an update takes the row lock on PostgreSQL; SQLite
/// writes one transaction at a time).
pub async fn lock_locum(conn: &mut AnyConnection, user_id: &UserId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET name = name WHERE id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Books an open shift to the locum; false when it is no longer open.
pub async fn book_if_open(
    conn: &mut AnyConnection,
    id: &ShiftId,
    user_id: &UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE shifts SET status = 'booked', locum_id = $1, booked_at = $2
          WHERE id = $3 AND status = 'open'",
    )
    .bind(user_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a booked shift back: open again, with nobody on it.
pub async fn reopen(conn: &mut AnyConnection, id: &ShiftId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE shifts SET status = 'open', locum_id = NULL, booked_at = NULL
          WHERE id = $1 AND status = 'booked'",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels a shift that is not cancelled yet, keeping its locum.
pub async fn cancel(
    conn: &mut AnyConnection,
    id: &ShiftId,
    reason: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE shifts SET status = 'cancelled', cancel_reason = $1, cancelled_at = $2
          WHERE id = $3 AND status <> 'cancelled'",
    )
    .bind(reason)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Booked shifts starting in [from, until) whose locum has not had this
/// kind of reminder for them, soonest first (at most `limit`).
pub async fn due_reminders(
    conn: &mut AnyConnection,
    kind: &str,
    from: i64,
    until: i64,
    limit: i64,
) -> Result<Vec<ShiftRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SHIFT_COLUMNS} WHERE s.status = 'booked' AND s.starts_at >= $1 AND s.starts_at < $2
            AND NOT EXISTS (SELECT 1 FROM shift_reminders r
                             WHERE r.shift_id = s.id AND r.kind = $3 AND r.locum_id = s.locum_id)
          ORDER BY s.starts_at, s.id LIMIT $4"
    ))
    .bind(from)
    .bind(until)
    .bind(kind)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Records a reminder; false when it was already recorded (sent).
pub async fn record_reminder(
    conn: &mut AnyConnection,
    shift_id: &ShiftId,
    kind: &str,
    locum_id: &UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO shift_reminders (shift_id, kind, locum_id, sent_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (shift_id, kind, locum_id) DO NOTHING",
    )
    .bind(shift_id)
    .bind(kind)
    .bind(locum_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
