//! One request in the database: what its actions need, the rest its page
//! shows, its notes and replies, urgency. Changes that move the open
//! counts (assignment, status) are in `requests::repo`.

use crate::ids::{OrgId, RequestId, UserId};
use sqlx::AnyConnection;

use crate::requests::model::*;

/// What actions need to know about one request.
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: RequestId,
    pub practice_id: OrgId,
    pub reference: String,
    pub status: RequestStatus,
    pub urgent: bool,
    pub assigned_user_id: Option<UserId>,
    pub assigned_inbox_id: Option<String>,
    pub patient_name: String,
    pub contact_email: Option<String>,
}

/// `RequestRow` as stored: `urgent` is 0 or 1.
#[derive(Debug, sqlx::FromRow)]
struct StoredRequest {
    id: RequestId,
    practice_id: OrgId,
    reference: String,
    #[sqlx(try_from = "String")]
    status: RequestStatus,
    urgent: i64,
    assigned_user_id: Option<UserId>,
    assigned_inbox_id: Option<String>,
    patient_name: String,
    contact_email: Option<String>,
}

impl From<StoredRequest> for RequestRow {
    fn from(row: StoredRequest) -> Self {
        RequestRow {
            id: row.id,
            practice_id: row.practice_id,
            reference: row.reference,
            status: row.status,
            urgent: row.urgent != 0,
            assigned_user_id: row.assigned_user_id,
            assigned_inbox_id: row.assigned_inbox_id,
            patient_name: row.patient_name,
            contact_email: row.contact_email,
        }
    }
}

pub async fn request(
    conn: &mut AnyConnection,
    request_id: &RequestId,
) -> Result<Option<RequestRow>, sqlx::Error> {
    let row: Option<StoredRequest> = sqlx::query_as(
        "SELECT id, organisation_id AS practice_id, reference, status, urgent, assigned_user_id,
                assigned_inbox_id, patient_name, contact_email
           FROM requests WHERE id = $1",
    )
    .bind(request_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(RequestRow::from))
}

pub async fn set_urgent(
    conn: &mut AnyConnection,
    request_id: &RequestId,
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
    request_id: &RequestId,
    author_id: &UserId,
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
#[derive(sqlx::FromRow)]
pub struct RequestExtra {
    pub practice_name: String,
    #[sqlx(try_from = "String")]
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
    request_id: &RequestId,
) -> Result<Option<RequestExtra>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.name AS practice_name, r.kind, r.source, r.date_of_birth, r.nhs_number,
                r.contact_phone, r.description, r.created_at, COALESCE(u.name, g.name) AS assigned_to
           FROM requests r
           JOIN organisations o ON o.id = r.organisation_id
           LEFT JOIN users u ON u.id = r.assigned_user_id
           LEFT JOIN group_inboxes g ON g.id = r.assigned_inbox_id
          WHERE r.id = $1",
    )
    .bind(request_id)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, sqlx::FromRow)]
struct NoteRow {
    kind: String,
    author: Option<String>,
    body: String,
    created_at: i64,
}

/// A request's notes and replies, oldest first: (kind, author, body, at).
pub async fn notes(
    conn: &mut AnyConnection,
    request_id: &RequestId,
) -> Result<Vec<(String, Option<String>, String, i64)>, sqlx::Error> {
    let rows: Vec<NoteRow> = sqlx::query_as(
        "SELECT n.kind, u.name AS author, n.body, n.created_at
           FROM request_notes n LEFT JOIN users u ON u.id = n.author_id
          WHERE n.request_id = $1
          ORDER BY n.created_at, n.id",
    )
    .bind(request_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|n| (n.kind, n.author, n.body, n.created_at))
        .collect())
}

/// A patient's own request, as their pages show it.
#[derive(Debug, sqlx::FromRow)]
pub struct PatientRequestRow {
    pub id: RequestId,
    pub reference: String,
    #[sqlx(try_from = "String")]
    pub kind: RequestKind,
    #[sqlx(try_from = "String")]
    pub status: RequestStatus,
    pub description: String,
    pub created_at: i64,
}

/// The practice's requests made for this NHS number and date of birth,
/// newest first, at most `limit`.
pub async fn requests_for_patient(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    nhs_number: &str,
    date_of_birth: &str,
    limit: i64,
) -> Result<Vec<PatientRequestRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, reference, kind, status, description, created_at FROM requests
          WHERE organisation_id = $1 AND nhs_number = $2 AND date_of_birth = $3
          ORDER BY created_at DESC, id DESC LIMIT $4",
    )
    .bind(practice_id)
    .bind(nhs_number)
    .bind(date_of_birth)
    .bind(limit)
    .fetch_all(conn)
    .await
}
