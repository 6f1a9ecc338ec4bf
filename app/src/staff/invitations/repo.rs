//! SQL for staff, invitations and their links. Portable between SQLite and
//! PostgreSQL; every function runs inside the caller's connection or
//! transaction.

use crate::ids::{InvitationId, OrgId, UserId};
use sqlx::AnyConnection;

use super::model::InviteState;
use crate::org::model::Role;

#[derive(sqlx::FromRow)]
pub struct InviteRow {
    pub id: InvitationId,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub emis_username: Option<String>,
    pub invited_by: String,
    #[sqlx(try_from = "String")]
    pub status: InviteState,
    pub sent_at: i64,
    pub expires_at: i64,
}

/// `invited_by` is the inviter's name, "" when they are gone.
const INVITE_COLUMNS: &str =
    "SELECT i.id, i.email, i.role, i.emis_username, COALESCE(u.name, '') AS invited_by, i.status,
            i.sent_at, i.expires_at
       FROM invites i LEFT JOIN users u ON u.id = i.invited_by";

/// The organisation's invitations, newest first (at most `limit`).
pub async fn invites(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    limit: i64,
) -> Result<Vec<InviteRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INVITE_COLUMNS} WHERE i.organisation_id = $1 ORDER BY i.created_at DESC, i.id LIMIT $2"
    ))
    .bind(organisation_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// One invitation of the organisation (`None` if it belongs elsewhere).
pub async fn invite_in(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    invite_id: &InvitationId,
) -> Result<Option<InviteRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{INVITE_COLUMNS} WHERE i.organisation_id = $1 AND i.id = $2"
    ))
    .bind(organisation_id)
    .bind(invite_id)
    .fetch_optional(conn)
    .await
}

/// The pending invitation for this address and role, if there is one.
pub async fn pending_invite(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    email_lower: &str,
    role: &str,
) -> Result<Option<InvitationId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM invites WHERE organisation_id = $1 AND email_lower = $2 AND role = $3 AND status = 'pending'",
    )
    .bind(organisation_id)
    .bind(email_lower)
    .bind(role)
    .fetch_optional(conn)
    .await
}

pub struct NewInvite<'a> {
    pub organisation_id: &'a OrgId,
    pub email: &'a str,
    pub role: Role,
    pub emis_username: Option<&'a str>,
    pub invited_by: &'a UserId,
    pub status: InviteState,
    pub now_ms: i64,
    pub expires_at: i64,
}

pub async fn insert_invite(
    conn: &mut AnyConnection,
    new: &NewInvite<'_>,
) -> Result<InvitationId, sqlx::Error> {
    let id = InvitationId::generate();
    let ended_at = (new.status != InviteState::Pending).then_some(new.now_ms);
    sqlx::query(
        "INSERT INTO invites (id, organisation_id, email, email_lower, role, emis_username, invited_by,
                              status, created_at, sent_at, expires_at, ended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)",
    )
    .bind(&id)
    .bind(new.organisation_id)
    .bind(new.email)
    .bind(new.email.to_lowercase())
    .bind(new.role.as_str())
    .bind(new.emis_username)
    .bind(new.invited_by)
    .bind(new.status.as_str())
    .bind(new.now_ms)
    .bind(new.expires_at)
    .bind(ended_at)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Makes a new link for the invitation: every older link stops working,
/// and the invitation's sent and expiry times restart.
pub async fn issue_link(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    invite_id: &InvitationId,
    token_hash: &str,
    now_ms: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE invite_links SET state = 'superseded' WHERE invite_id = $1 AND state = 'valid'",
    )
    .bind(invite_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO invite_links (id, invite_id, organisation_id, token_hash, state, created_at)
         VALUES ($1, $2, $3, $4, 'valid', $5)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(invite_id)
    .bind(organisation_id)
    .bind(token_hash)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE invites SET sent_at = $1, expires_at = $2 WHERE id = $3")
        .bind(now_ms)
        .bind(expires_at)
        .bind(invite_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Links the organisation made since `since` (the hourly limit).
pub async fn links_since(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    since_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM invite_links WHERE organisation_id = $1 AND created_at > $2",
    )
    .bind(organisation_id)
    .bind(since_ms)
    .fetch_one(conn)
    .await
}

/// Ends a pending invitation (accepted or revoked) and its links; false
/// when it was no longer pending.
pub async fn end_invite(
    conn: &mut AnyConnection,
    invite_id: &InvitationId,
    status: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invites SET status = $1, ended_at = $2 WHERE id = $3 AND status = 'pending'",
    )
    .bind(status)
    .bind(now_ms)
    .bind(invite_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE invite_links SET state = 'superseded' WHERE invite_id = $1 AND state = 'valid'",
    )
    .bind(invite_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An invitation reached through a link that still works.
#[derive(sqlx::FromRow)]
pub struct LinkedInvite {
    pub link_id: String,
    pub invite_id: InvitationId,
    pub organisation_id: OrgId,
    pub organisation_name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub emis_username: Option<String>,
    pub invited_by: Option<UserId>,
}

/// The invitation whose link has this hash, if the link is the newest one,
/// unused, and the invitation is pending and not past its expiry.
pub async fn usable_link(
    conn: &mut AnyConnection,
    token_hash: &str,
    now_ms: i64,
) -> Result<Option<LinkedInvite>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.id AS link_id, i.id AS invite_id, o.id AS organisation_id,
                o.name AS organisation_name, i.email, i.role, i.emis_username, i.invited_by
           FROM invite_links l
           JOIN invites i ON i.id = l.invite_id
           JOIN organisations o ON o.id = i.organisation_id
          WHERE l.token_hash = $1 AND l.state = 'valid' AND i.status = 'pending' AND i.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now_ms)
    .fetch_optional(conn)
    .await
}

/// Uses the link up; false if someone else used it first.
pub async fn consume_link(conn: &mut AnyConnection, link_id: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE invite_links SET state = 'consumed' WHERE id = $1 AND state = 'valid'")
            .bind(link_id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_profile(
    conn: &mut AnyConnection,
    user_id: &UserId,
    job_title: &str,
    registration_number: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET job_title = $1, registration_number = $2 WHERE id = $3")
        .bind(job_title)
        .bind(registration_number)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes up to `limit` invitation links that were used or replaced
/// before `before` (they open nothing and no longer count towards the
/// hourly limit).
pub async fn purge_spent_links(
    conn: &mut AnyConnection,
    backend: crate::server::Backend,
    before: i64,
    limit: i64,
) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "DELETE FROM invite_links WHERE id IN (
             SELECT id FROM invite_links WHERE state <> 'valid' AND created_at < $1 LIMIT $2 {})",
        backend.skip_locked()
    );
    let done = sqlx::query(&sql)
        .bind(before)
        .bind(limit)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
