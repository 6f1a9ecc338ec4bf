//! The SQL of offers of cover (`shift_offers`): a locum's offer for a
//! practice's requirement, and the practice's answer.

use super::{ShiftRow, SHIFT_COLUMNS};
use crate::ids::{OfferId, ShiftId, UserId};
use crate::server::db::placeholders;
use sqlx::AnyConnection;

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
