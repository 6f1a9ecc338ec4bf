//! The only SQL on the locum network's tables: registrations and their
//! tries, hub locations and the locations locums choose, hub documents
//! and who read or signed them. Hubs and the locums' roles in them are
//! `crate::org`'s (memberships); this joins `users` only for names.

use crate::ids::{FileId, OrgId, UserId};
use sqlx::AnyConnection;

/// A registration as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegistrationRow {
    pub id: String,
    pub network_id: OrgId,
    pub email: String,
    pub name: String,
    pub mobile: String,
    pub profession: String,
    pub registration_number: String,
    pub password_hash: Option<String>,
    pub hub_id: Option<OrgId>,
    pub hub_name: Option<String>,
    pub state: String,
    pub reason: Option<String>,
    pub user_id: Option<UserId>,
    pub verified_at: Option<i64>,
    pub decided_at: Option<i64>,
}

const REGISTRATION_COLUMNS: &str = "SELECT r.id, r.network_id, r.email, r.name, r.mobile,
        r.profession, r.registration_number, r.password_hash, r.hub_id, h.name AS hub_name,
        r.state, r.reason, r.user_id, r.verified_at, r.decided_at
   FROM locum_registrations r LEFT JOIN organisations h ON h.id = r.hub_id";

/// A new registration, unverified, with its link's token hash.
pub struct NewRegistration<'a> {
    pub id: &'a str,
    pub network_id: &'a OrgId,
    pub email: &'a str,
    pub email_lower: &'a str,
    pub name: &'a str,
    pub mobile: &'a str,
    pub profession: &'a str,
    pub registration_number: &'a str,
    pub password_hash: &'a str,
    pub hub_id: Option<&'a OrgId>,
    pub token_hash: &'a str,
    pub expires_at: i64,
    pub now: i64,
}

pub async fn insert_registration(
    conn: &mut AnyConnection,
    r: NewRegistration<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO locum_registrations (id, network_id, email, email_lower, name, mobile,
             profession, registration_number, password_hash, hub_id, state,
             verify_token_hash, verify_expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'unverified', $11, $12, $13)",
    )
    .bind(r.id)
    .bind(r.network_id)
    .bind(r.email)
    .bind(r.email_lower)
    .bind(r.name)
    .bind(r.mobile)
    .bind(r.profession)
    .bind(r.registration_number)
    .bind(r.password_hash)
    .bind(r.hub_id)
    .bind(r.token_hash)
    .bind(r.expires_at)
    .bind(r.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn registration_by_email(
    conn: &mut AnyConnection,
    email_lower: &str,
) -> Result<Option<RegistrationRow>, sqlx::Error> {
    sqlx::query_as(&format!("{REGISTRATION_COLUMNS} WHERE r.email_lower = $1"))
        .bind(email_lower)
        .fetch_optional(conn)
        .await
}

pub async fn registration(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<RegistrationRow>, sqlx::Error> {
    sqlx::query_as(&format!("{REGISTRATION_COLUMNS} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn registration_of_user(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Option<RegistrationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REGISTRATION_COLUMNS} WHERE r.user_id = $1 AND r.state = 'active'"
    ))
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

/// The unverified registration whose link this is, while the link works.
pub async fn registration_by_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<RegistrationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REGISTRATION_COLUMNS} WHERE r.verify_token_hash = $1 AND r.state = 'unverified'
            AND r.verify_expires_at > $2"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

pub async fn delete_registration(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM locum_registrations WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Unverified → awaiting activation, using up the link. False when it
/// was no longer unverified.
pub async fn set_verified(
    conn: &mut AnyConnection,
    id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE locum_registrations
            SET state = 'awaiting_activation', verified_at = $1, verify_token_hash = NULL
          WHERE id = $2 AND state = 'unverified'",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Awaiting activation → active (with the account made for it) or
/// rejected (with the reason); the waiting password hash goes either way.
/// False when it was no longer awaiting activation.
pub async fn decide(
    conn: &mut AnyConnection,
    id: &str,
    user_id: Option<&UserId>,
    reason: Option<&str>,
    decided_by: &UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let state = if user_id.is_some() {
        "active"
    } else {
        "rejected"
    };
    let done = sqlx::query(
        "UPDATE locum_registrations
            SET state = $1, user_id = $2, reason = $3, decided_by = $4, decided_at = $5,
                password_hash = NULL
          WHERE id = $6 AND state = 'awaiting_activation'",
    )
    .bind(state)
    .bind(user_id)
    .bind(reason)
    .bind(decided_by)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The network's registrations awaiting activation, oldest first.
pub async fn awaiting(
    conn: &mut AnyConnection,
    network_id: &OrgId,
) -> Result<Vec<RegistrationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REGISTRATION_COLUMNS} WHERE r.network_id = $1 AND r.state = 'awaiting_activation'
          ORDER BY r.verified_at, r.id"
    ))
    .bind(network_id)
    .fetch_all(conn)
    .await
}

/// The network's latest decided registrations, newest first.
pub async fn decided(
    conn: &mut AnyConnection,
    network_id: &OrgId,
    limit: i64,
) -> Result<Vec<RegistrationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REGISTRATION_COLUMNS} WHERE r.network_id = $1 AND r.state IN ('active', 'rejected')
          ORDER BY r.decided_at DESC, r.id LIMIT $2"
    ))
    .bind(network_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Registrations tried in the hour: (from the client, for the address).
pub async fn count_tries(
    conn: &mut AnyConnection,
    client: &str,
    email_lower: &str,
    since: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let from_client: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM locum_registration_tries WHERE client = $1 AND at > $2",
    )
    .bind(client)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    let for_address: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM locum_registration_tries WHERE email_lower = $1 AND at > $2",
    )
    .bind(email_lower)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    Ok((from_client, for_address))
}

/// Records a try, and forgets those older than `before`.
pub async fn record_try(
    conn: &mut AnyConnection,
    client: &str,
    email_lower: &str,
    now: i64,
    before: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM locum_registration_tries WHERE at <= $1")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO locum_registration_tries (client, email_lower, at) VALUES ($1, $2, $3)",
    )
    .bind(client)
    .bind(email_lower)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LocationRow {
    pub id: String,
    pub name: String,
    pub address: String,
}

pub async fn locations(
    conn: &mut AnyConnection,
    hub_id: &OrgId,
) -> Result<Vec<LocationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, address FROM hub_locations WHERE hub_id = $1 ORDER BY name, id",
    )
    .bind(hub_id)
    .fetch_all(conn)
    .await
}

pub async fn location_named(
    conn: &mut AnyConnection,
    hub_id: &OrgId,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM hub_locations WHERE hub_id = $1 AND LOWER(name) = LOWER($2)",
    )
    .bind(hub_id)
    .bind(name)
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

pub async fn insert_location(
    conn: &mut AnyConnection,
    hub_id: &OrgId,
    name: &str,
    address: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO hub_locations (id, hub_id, name, address, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(hub_id)
    .bind(name)
    .bind(address)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// (user, location name) for every location a locum of the hub chose.
pub async fn chosen_in_hub(
    conn: &mut AnyConnection,
    hub_id: &OrgId,
) -> Result<Vec<(UserId, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.user_id, l.id, l.name FROM hub_member_locations c
           JOIN hub_locations l ON l.id = c.location_id
          WHERE l.hub_id = $1 ORDER BY l.name, l.id",
    )
    .bind(hub_id)
    .fetch_all(conn)
    .await
}

/// Replaces the locations the locum chose in the hub.
pub async fn set_chosen(
    conn: &mut AnyConnection,
    user_id: &UserId,
    hub_id: &OrgId,
    location_ids: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM hub_member_locations WHERE user_id = $1
            AND location_id IN (SELECT id FROM hub_locations WHERE hub_id = $2)",
    )
    .bind(user_id)
    .bind(hub_id)
    .execute(&mut *conn)
    .await?;
    for id in location_ids {
        sqlx::query("INSERT INTO hub_member_locations (user_id, location_id) VALUES ($1, $2)")
            .bind(user_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DocumentRow {
    pub id: String,
    pub hub_id: OrgId,
    pub file_id: FileId,
    pub title: String,
    pub action: String,
}

pub async fn documents(
    conn: &mut AnyConnection,
    hub_id: &OrgId,
) -> Result<Vec<DocumentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, hub_id, file_id, title, action FROM hub_documents WHERE hub_id = $1
          ORDER BY created_at, id",
    )
    .bind(hub_id)
    .fetch_all(conn)
    .await
}

pub async fn document(
    conn: &mut AnyConnection,
    hub_id: &OrgId,
    id: &str,
) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, hub_id, file_id, title, action FROM hub_documents WHERE hub_id = $1 AND id = $2",
    )
    .bind(hub_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub struct NewDocument<'a> {
    pub hub_id: &'a OrgId,
    pub file_id: &'a FileId,
    pub title: &'a str,
    pub action: &'a str,
    pub created_by: &'a UserId,
    pub now: i64,
}

pub async fn insert_document(
    conn: &mut AnyConnection,
    d: NewDocument<'_>,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO hub_documents (id, hub_id, file_id, title, action, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(d.hub_id)
    .bind(d.file_id)
    .bind(d.title)
    .bind(d.action)
    .bind(d.created_by)
    .bind(d.now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Who read or signed a document of the hub: (document, user, name,
/// typed name, when).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AckRow {
    pub document_id: String,
    pub user_id: UserId,
    pub name: String,
    pub typed_name: Option<String>,
    pub at: i64,
}

pub async fn acks_in_hub(
    conn: &mut AnyConnection,
    hub_id: &OrgId,
) -> Result<Vec<AckRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.document_id, a.user_id, u.name, a.typed_name, a.at
           FROM hub_document_acks a
           JOIN hub_documents d ON d.id = a.document_id
           JOIN users u ON u.id = a.user_id
          WHERE d.hub_id = $1 ORDER BY a.at, u.name",
    )
    .bind(hub_id)
    .fetch_all(conn)
    .await
}

/// Records that the locum read or signed the document; false when they
/// already had.
pub async fn insert_ack(
    conn: &mut AnyConnection,
    document_id: &str,
    user_id: &UserId,
    typed_name: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let already: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM hub_document_acks WHERE document_id = $1 AND user_id = $2",
    )
    .bind(document_id)
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    if already > 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO hub_document_acks (document_id, user_id, typed_name, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(document_id)
    .bind(user_id)
    .bind(typed_name)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(true)
}
