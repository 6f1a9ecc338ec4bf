//! One request in the database: what its actions need, the rest its page
//! shows, its notes and replies, urgency. Changes that move the open
//! counts (assignment, status) are in `requests::repo`.

use sqlx::{AnyConnection, Row};

use crate::requests::model::*;
use crate::server::db::known;

/// What actions need to know about one request.
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: String,
    pub practice_id: String,
    pub reference: String,
    pub status: RequestStatus,
    pub urgent: bool,
    pub assigned_user_id: Option<String>,
    pub assigned_inbox_id: Option<String>,
    pub patient_name: String,
    pub contact_email: Option<String>,
}

pub async fn request(
    conn: &mut AnyConnection,
    request_id: &str,
) -> Result<Option<RequestRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, organisation_id, reference, status, urgent, assigned_user_id, assigned_inbox_id,
                patient_name, contact_email
           FROM requests WHERE id = $1",
    )
    .bind(request_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let status: String = row.try_get(3)?;
        Ok(RequestRow {
            id: row.try_get(0)?,
            practice_id: row.try_get(1)?,
            reference: row.try_get(2)?,
            status: known(RequestStatus::parse(&status), "requests.status", &status)?,
            urgent: row.try_get::<i64, _>(4)? != 0,
            assigned_user_id: row.try_get(5)?,
            assigned_inbox_id: row.try_get(6)?,
            patient_name: row.try_get(7)?,
            contact_email: row.try_get(8)?,
        })
    })
    .transpose()
}

pub async fn set_urgent(
    conn: &mut AnyConnection,
    request_id: &str,
    urgent: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE requests SET urgent = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(urgent))
        .bind(now)
        .bind(request_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_note(
    conn: &mut AnyConnection,
    request_id: &str,
    author_id: &str,
    kind: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO request_notes (id, request_id, author_id, kind, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(request_id)
    .bind(author_id)
    .bind(kind)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The rest of a request the request page shows, beyond `RequestRow`.
pub struct RequestExtra {
    pub practice_name: String,
    pub kind: RequestKind,
    pub source: String,
    pub date_of_birth: String,
    pub nhs_number: Option<String>,
    pub contact_phone: Option<String>,
    pub description: String,
    pub created_at: i64,
    pub assigned_to: Option<String>,
}

pub async fn request_extra(
    conn: &mut AnyConnection,
    request_id: &str,
) -> Result<Option<RequestExtra>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT o.name, r.kind, r.source, r.date_of_birth, r.nhs_number, r.contact_phone,
                r.description, r.created_at, COALESCE(u.name, g.name)
           FROM requests r
           JOIN organisations o ON o.id = r.organisation_id
           LEFT JOIN users u ON u.id = r.assigned_user_id
           LEFT JOIN group_inboxes g ON g.id = r.assigned_inbox_id
          WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let kind: String = row.try_get(1)?;
        Ok(RequestExtra {
            practice_name: row.try_get(0)?,
            kind: known(RequestKind::parse(&kind), "requests.kind", &kind)?,
            source: row.try_get(2)?,
            date_of_birth: row.try_get(3)?,
            nhs_number: row.try_get(4)?,
            contact_phone: row.try_get(5)?,
            description: row.try_get(6)?,
            created_at: row.try_get(7)?,
            assigned_to: row.try_get(8)?,
        })
    })
    .transpose()
}

/// A request's notes and replies, oldest first: (kind, author, body, at).
pub async fn notes(
    conn: &mut AnyConnection,
    request_id: &str,
) -> Result<Vec<(String, Option<String>, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.kind, u.name, n.body, n.created_at
           FROM request_notes n LEFT JOIN users u ON u.id = n.author_id
          WHERE n.request_id = $1
          ORDER BY n.created_at, n.id",
    )
    .bind(request_id)
    .fetch_all(conn)
    .await
}
