//! The SQL of availability (`availability`, day segments) and requests for
//! cover (`cover_requests`), workflow 2.

use crate::ids::{CoverRequestId, OrgId, ShiftId, UserId};
use crate::server::db::placeholders;
use sqlx::AnyConnection;

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
