//! The only SQL on `shifts`. It joins hub locations and the locations
//! locums chose (the locum network's tables) and `organisations` and
//! `users` for names; who may act where is `crate::org`'s.

use crate::ids::{CoverRequestId, OfferId, OrgId, ShiftId, UserId};
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

/// An offer of cover as stored, with the locum's name and profession.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfferRow {
    pub id: OfferId,
    pub shift_id: ShiftId,
    pub locum_id: UserId,
    pub locum_name: String,
    pub profession: Option<String>,
    pub status: String,
    pub created_at: i64,
}

const OFFER_COLUMNS: &str = "SELECT f.id, f.shift_id, f.locum_id, u.name AS locum_name,
        (SELECT r.profession FROM locum_registrations r WHERE r.user_id = f.locum_id
          ORDER BY r.created_at DESC LIMIT 1) AS profession,
        f.status, f.created_at
   FROM shift_offers f
   JOIN users u ON u.id = f.locum_id";

/// The offers made for these shifts, oldest first.
pub async fn offers_for(
    conn: &mut AnyConnection,
    shifts: &[ShiftId],
) -> Result<Vec<OfferRow>, sqlx::Error> {
    if shifts.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{OFFER_COLUMNS} WHERE f.shift_id IN ({}) ORDER BY f.created_at, f.id",
        placeholders(shifts, 1)
    );
    let mut query = sqlx::query_as(&sql);
    for shift in shifts {
        query = query.bind(shift);
    }
    query.fetch_all(conn).await
}

pub async fn offer(conn: &mut AnyConnection, id: &str) -> Result<Option<OfferRow>, sqlx::Error> {
    sqlx::query_as(&format!("{OFFER_COLUMNS} WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Records an offer; false when the locum already made one for the shift.
pub async fn insert_offer(
    conn: &mut AnyConnection,
    id: &OfferId,
    shift_id: &ShiftId,
    locum_id: &UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO shift_offers (id, shift_id, locum_id, status, created_at)
         VALUES ($1, $2, $3, 'offered', $4)
         ON CONFLICT (shift_id, locum_id) DO NOTHING",
    )
    .bind(id)
    .bind(shift_id)
    .bind(locum_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves an offer from one state to another; false when it was not in
/// `from` any more.
pub async fn decide_offer(
    conn: &mut AnyConnection,
    id: &OfferId,
    from: &str,
    to: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE shift_offers SET status = $1, decided_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves every offer for the shift in state `from` to `to` (one locum's
/// only, when given); returns the locums whose offers moved.
pub async fn decide_offers_of_shift(
    conn: &mut AnyConnection,
    shift_id: &ShiftId,
    locum_id: Option<&UserId>,
    from: &str,
    to: &str,
    now: i64,
) -> Result<Vec<UserId>, sqlx::Error> {
    let one = if locum_id.is_some() {
        " AND locum_id = $3"
    } else {
        ""
    };
    let sql = format!(
        "SELECT locum_id FROM shift_offers WHERE shift_id = $1 AND status = $2{one}
          ORDER BY created_at, id"
    );
    let mut select = sqlx::query_scalar(&sql).bind(shift_id).bind(from);
    if let Some(locum) = locum_id {
        select = select.bind(locum);
    }
    let moved: Vec<UserId> = select.fetch_all(&mut *conn).await?;
    let one = if locum_id.is_some() {
        " AND locum_id = $5"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE shift_offers SET status = $3, decided_at = $4
          WHERE shift_id = $1 AND status = $2{one}"
    );
    let mut update = sqlx::query(&sql)
        .bind(shift_id)
        .bind(from)
        .bind(to)
        .bind(now);
    if let Some(locum) = locum_id {
        update = update.bind(locum);
    }
    update.execute(conn).await?;
    Ok(moved)
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

/// Stores the locum's calendar feed token hash, replacing any earlier one.
pub async fn set_calendar_feed(
    conn: &mut AnyConnection,
    user_id: &UserId,
    token_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = $2, created_at = $3",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Turns the locum's calendar feed off; false when there was none.
pub async fn delete_calendar_feed(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// When the locum's calendar feed was made, if they have one.
pub async fn calendar_feed_made(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT created_at FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Whose calendar feed this token hash opens.
pub async fn calendar_feed_owner(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM calendar_feeds WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(conn)
        .await
}

// Availability and requests for cover (workflow 2).

/// The locum's availability on days in [from_day, until_day) (ISO dates):
/// (day, segment).
pub async fn availability_of(
    conn: &mut AnyConnection,
    locum_id: &UserId,
    from_day: &str,
    until_day: &str,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT day, segment FROM availability
          WHERE locum_id = $1 AND day >= $2 AND day < $3 ORDER BY day, starts_at",
    )
    .bind(locum_id)
    .bind(from_day)
    .bind(until_day)
    .fetch_all(conn)
    .await
}

/// One segment of availability.
pub struct Slot<'a> {
    pub locum_id: &'a UserId,
    pub day: &'a str,
    pub segment: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Marks the segment available; false when it already was.
pub async fn add_availability(
    conn: &mut AnyConnection,
    slot: &Slot<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO availability (locum_id, day, segment, starts_at, ends_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (locum_id, day, segment) DO NOTHING",
    )
    .bind(slot.locum_id)
    .bind(slot.day)
    .bind(slot.segment)
    .bind(slot.starts_at)
    .bind(slot.ends_at)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes the segment; false when it was not there.
pub async fn remove_availability(
    conn: &mut AnyConnection,
    locum_id: &UserId,
    day: &str,
    segment: &str,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM availability WHERE locum_id = $1 AND day = $2 AND segment = $3")
            .bind(locum_id)
            .bind(day)
            .bind(segment)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the locum is available in the segment.
pub async fn is_available(
    conn: &mut AnyConnection,
    locum_id: &UserId,
    day: &str,
    segment: &str,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM availability WHERE locum_id = $1 AND day = $2 AND segment = $3",
    )
    .bind(locum_id)
    .bind(day)
    .bind(segment)
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

/// A segment of availability as a practice browses it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SlotRow {
    pub locum_id: UserId,
    pub locum_name: String,
    pub profession: Option<String>,
    pub day: String,
    pub segment: String,
}

/// The segments these locums are available in, on days in [from_day,
/// until_day), that start after `now` and that nothing holds: no booked
/// work and no waiting request for cover overlaps them.
pub async fn free_slots(
    conn: &mut AnyConnection,
    locums: &[UserId],
    from_day: &str,
    until_day: &str,
    now: i64,
) -> Result<Vec<SlotRow>, sqlx::Error> {
    if locums.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT a.locum_id, u.name AS locum_name,
                (SELECT r.profession FROM locum_registrations r WHERE r.user_id = a.locum_id
                  ORDER BY r.created_at DESC LIMIT 1) AS profession,
                a.day, a.segment
           FROM availability a
           JOIN users u ON u.id = a.locum_id
          WHERE a.day >= $1 AND a.day < $2 AND a.starts_at > $3
            AND NOT EXISTS (SELECT 1 FROM shifts s
                             WHERE s.locum_id = a.locum_id AND s.status = 'booked'
                               AND s.starts_at < a.ends_at AND s.ends_at > a.starts_at)
            AND NOT EXISTS (SELECT 1 FROM cover_requests c
                             WHERE c.locum_id = a.locum_id AND c.status IN ('requested', 'accepted')
                               AND c.starts_at > $3
                               AND c.starts_at < a.ends_at AND c.ends_at > a.starts_at)
            AND a.locum_id IN ({})
          ORDER BY a.starts_at, u.name, a.locum_id",
        placeholders(locums, 4)
    );
    let mut query = sqlx::query_as(&sql)
        .bind(from_day)
        .bind(until_day)
        .bind(now);
    for locum in locums {
        query = query.bind(locum);
    }
    query.fetch_all(conn).await
}

/// A request for cover as stored, with the names the pages show.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CoverRow {
    pub id: CoverRequestId,
    pub practice_id: OrgId,
    pub practice_name: String,
    pub locum_id: UserId,
    pub locum_name: String,
    pub day: String,
    pub segment: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub rate_pence: i64,
    pub notes: String,
    pub status: String,
}

const COVER_COLUMNS: &str = "SELECT c.id, c.practice_id, o.name AS practice_name, c.locum_id,
        u.name AS locum_name, c.day, c.segment, c.starts_at, c.ends_at, c.rate_pence, c.notes,
        c.status
   FROM cover_requests c
   JOIN organisations o ON o.id = c.practice_id
   JOIN users u ON u.id = c.locum_id";

/// One new request for cover.
pub struct NewCoverRequest<'a> {
    pub id: &'a CoverRequestId,
    pub practice_id: &'a OrgId,
    pub slot: Slot<'a>,
    pub rate_pence: i64,
    pub notes: &'a str,
    pub created_by: &'a UserId,
    pub now: i64,
}

pub async fn insert_cover_request(
    conn: &mut AnyConnection,
    r: NewCoverRequest<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO cover_requests (id, practice_id, locum_id, day, segment, starts_at, ends_at,
             rate_pence, notes, status, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'requested', $10, $11)",
    )
    .bind(r.id)
    .bind(r.practice_id)
    .bind(r.slot.locum_id)
    .bind(r.slot.day)
    .bind(r.slot.segment)
    .bind(r.slot.starts_at)
    .bind(r.slot.ends_at)
    .bind(r.rate_pence)
    .bind(r.notes)
    .bind(r.created_by)
    .bind(r.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn cover_request(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<CoverRow>, sqlx::Error> {
    sqlx::query_as(&format!("{COVER_COLUMNS} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Whose requests for cover to list.
pub enum CoverOf<'a> {
    Locum(&'a UserId),
    Practice(&'a OrgId),
}

/// The locum's, or the practice's, requests for cover starting at or
/// after `from`, soonest first (at most `limit`).
pub async fn cover_requests_of(
    conn: &mut AnyConnection,
    of: CoverOf<'_>,
    from: i64,
    limit: i64,
) -> Result<Vec<CoverRow>, sqlx::Error> {
    let (column, id) = match of {
        CoverOf::Locum(user) => ("locum_id", user.as_str()),
        CoverOf::Practice(practice) => ("practice_id", practice.as_str()),
    };
    sqlx::query_as(&format!(
        "{COVER_COLUMNS} WHERE c.{column} = $1 AND c.starts_at >= $2
          ORDER BY c.starts_at, c.id LIMIT $3"
    ))
    .bind(id)
    .bind(from)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Moves a request from `from` to `to` (recording the booked shift when
/// confirmed); false when it was not in `from` any more or its time has
/// come.
pub async fn set_cover_status(
    conn: &mut AnyConnection,
    id: &CoverRequestId,
    from: &str,
    to: &str,
    shift_id: Option<&ShiftId>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE cover_requests SET status = $1, decided_at = $2, shift_id = COALESCE($3, shift_id)
          WHERE id = $4 AND status = $5 AND starts_at > $2",
    )
    .bind(to)
    .bind(now)
    .bind(shift_id)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A waiting request for cover of the locum that overlaps [from, until)
/// and has not expired, other than `except`.
pub async fn waiting_request_overlapping(
    conn: &mut AnyConnection,
    locum_id: &UserId,
    (from, until): (i64, i64),
    now: i64,
    except: Option<&CoverRequestId>,
) -> Result<Option<CoverRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{COVER_COLUMNS} WHERE c.locum_id = $1 AND c.status IN ('requested', 'accepted')
            AND c.starts_at > $2 AND c.starts_at < $4 AND c.ends_at > $3 AND c.id <> $5
          ORDER BY c.starts_at LIMIT 1"
    ))
    .bind(locum_id)
    .bind(now)
    .bind(from)
    .bind(until)
    .bind(except.map_or("", |id| id.as_str()))
    .fetch_optional(conn)
    .await
}

/// A person's name and, for a locum, their profession.
pub async fn locum_details(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.name,
                (SELECT r.profession FROM locum_registrations r WHERE r.user_id = u.id
                  ORDER BY r.created_at DESC LIMIT 1)
           FROM users u WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// Open requirements the locum has offered to cover, starting in [from,
/// until), soonest first.
pub async fn offered_by(
    conn: &mut AnyConnection,
    locum_id: &UserId,
    from: i64,
    until: i64,
) -> Result<Vec<ShiftRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SHIFT_COLUMNS} JOIN shift_offers f ON f.shift_id = s.id
          WHERE f.locum_id = $1 AND f.status = 'offered' AND s.status = 'open'
            AND s.starts_at >= $2 AND s.starts_at < $3
          ORDER BY s.starts_at, s.id"
    ))
    .bind(locum_id)
    .bind(from)
    .bind(until)
    .fetch_all(conn)
    .await
}
