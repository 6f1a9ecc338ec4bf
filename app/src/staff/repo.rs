//! SQL for staff, invitations and their links. Portable between SQLite and
//! PostgreSQL; every function runs inside the caller's connection or
//! transaction.

use sqlx::AnyConnection;

/// Takes the organisation's row lock for the rest of the transaction, so
/// concurrent staff changes in one organisation run one after another (the
/// "last practice admin" rule needs this on PostgreSQL; SQLite serialises
/// writers anyway). False when the organisation does not exist.
pub async fn lock_organisation(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE organisations SET name = name WHERE id = $1")
        .bind(organisation_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub struct OrganisationRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub ods_code: Option<String>,
    pub clinical_system: String,
}

pub async fn organisation(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> Result<Option<OrganisationRow>, sqlx::Error> {
    let row: Option<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT name, kind, ods_code, clinical_system FROM organisations WHERE id = $1",
    )
    .bind(organisation_id)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map(|(name, kind, ods_code, clinical_system)| OrganisationRow {
            id: organisation_id.to_string(),
            name,
            kind,
            ods_code,
            clinical_system,
        }),
    )
}

pub async fn update_organisation(
    conn: &mut AnyConnection,
    organisation_id: &str,
    name: &str,
    clinical_system: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET name = $1, clinical_system = $2 WHERE id = $3")
        .bind(name)
        .bind(clinical_system)
        .bind(organisation_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_clinical_system(
    conn: &mut AnyConnection,
    organisation_id: &str,
    clinical_system: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET clinical_system = $1 WHERE id = $2")
        .bind(clinical_system)
        .bind(organisation_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub struct MemberRow {
    pub membership_id: String,
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub emis_username: Option<String>,
    pub status: String,
}

type MemberTuple = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    String,
);

fn member(row: MemberTuple) -> MemberRow {
    let (membership_id, user_id, name, email, role, emis_username, status) = row;
    MemberRow {
        membership_id,
        user_id,
        name,
        email,
        role,
        emis_username,
        status,
    }
}

const MEMBER_COLUMNS: &str = "SELECT m.id, u.id, u.name, u.email, m.role, m.emis_username, m.status
   FROM memberships m JOIN users u ON u.id = m.user_id";

/// Everyone in the organisation, one row per role, by name.
pub async fn members(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    let rows: Vec<MemberTuple> = sqlx::query_as(&format!(
        "{MEMBER_COLUMNS} WHERE m.organisation_id = $1 ORDER BY u.name, u.id, m.role"
    ))
    .bind(organisation_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(member).collect())
}

/// One membership of the organisation (`None` if it belongs elsewhere).
pub async fn membership(
    conn: &mut AnyConnection,
    organisation_id: &str,
    membership_id: &str,
) -> Result<Option<MemberRow>, sqlx::Error> {
    let row: Option<MemberTuple> = sqlx::query_as(&format!(
        "{MEMBER_COLUMNS} WHERE m.organisation_id = $1 AND m.id = $2"
    ))
    .bind(organisation_id)
    .bind(membership_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(member))
}

/// Active Practice admin memberships in the organisation other than one.
pub async fn other_active_admins(
    conn: &mut AnyConnection,
    organisation_id: &str,
    membership_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.organisation_id = $1 AND m.id <> $2 AND m.role = 'practice_admin'
            AND m.status = 'active' AND u.status = 'active'",
    )
    .bind(organisation_id)
    .bind(membership_id)
    .fetch_one(conn)
    .await
}

/// The active roles a person holds in the organisation itself.
pub async fn roles_here(
    conn: &mut AnyConnection,
    user_id: &str,
    organisation_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT role FROM memberships WHERE user_id = $1 AND organisation_id = $2 AND status = 'active'",
    )
    .bind(user_id)
    .bind(organisation_id)
    .fetch_all(conn)
    .await
}

/// Whether the address already holds the role in the organisation.
pub async fn holds_role(
    conn: &mut AnyConnection,
    organisation_id: &str,
    email_lower: &str,
    role: &str,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id
          WHERE m.organisation_id = $1 AND u.email_lower = $2 AND m.role = $3",
    )
    .bind(organisation_id)
    .bind(email_lower)
    .bind(role)
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

pub async fn add_membership(
    conn: &mut AnyConnection,
    user_id: &str,
    organisation_id: &str,
    role: &str,
    emis_username: Option<&str>,
    now_ms: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO memberships (id, user_id, organisation_id, role, created_at, status, emis_username)
         VALUES ($1, $2, $3, $4, $5, 'active', $6)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(organisation_id)
    .bind(role)
    .bind(now_ms)
    .bind(emis_username)
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn set_membership_role(
    conn: &mut AnyConnection,
    membership_id: &str,
    role: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE memberships SET role = $1 WHERE id = $2")
        .bind(role)
        .bind(membership_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_membership_status(
    conn: &mut AnyConnection,
    membership_id: &str,
    status: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE memberships SET status = $1 WHERE id = $2")
        .bind(status)
        .bind(membership_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_membership_emis(
    conn: &mut AnyConnection,
    membership_id: &str,
    emis_username: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE memberships SET emis_username = $1 WHERE id = $2")
        .bind(emis_username)
        .bind(membership_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_membership(
    conn: &mut AnyConnection,
    membership_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM memberships WHERE id = $1")
        .bind(membership_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub struct InviteRow {
    pub id: String,
    pub email: String,
    pub role: String,
    pub emis_username: Option<String>,
    pub invited_by: String,
    pub status: String,
    pub sent_at: i64,
    pub expires_at: i64,
}

type InviteTuple = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    i64,
    i64,
);

fn invite(row: InviteTuple) -> InviteRow {
    let (id, email, role, emis_username, invited_by, status, sent_at, expires_at) = row;
    InviteRow {
        id,
        email,
        role,
        emis_username,
        invited_by: invited_by.unwrap_or_default(),
        status,
        sent_at,
        expires_at,
    }
}

const INVITE_COLUMNS: &str =
    "SELECT i.id, i.email, i.role, i.emis_username, u.name, i.status, i.sent_at, i.expires_at
       FROM invites i LEFT JOIN users u ON u.id = i.invited_by";

/// The organisation's invitations, newest first (at most `limit`).
pub async fn invites(
    conn: &mut AnyConnection,
    organisation_id: &str,
    limit: i64,
) -> Result<Vec<InviteRow>, sqlx::Error> {
    let rows: Vec<InviteTuple> = sqlx::query_as(&format!(
        "{INVITE_COLUMNS} WHERE i.organisation_id = $1 ORDER BY i.created_at DESC, i.id LIMIT $2"
    ))
    .bind(organisation_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(invite).collect())
}

/// One invitation of the organisation (`None` if it belongs elsewhere).
pub async fn invite_in(
    conn: &mut AnyConnection,
    organisation_id: &str,
    invite_id: &str,
) -> Result<Option<InviteRow>, sqlx::Error> {
    let row: Option<InviteTuple> = sqlx::query_as(&format!(
        "{INVITE_COLUMNS} WHERE i.organisation_id = $1 AND i.id = $2"
    ))
    .bind(organisation_id)
    .bind(invite_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(invite))
}

/// The pending invitation for this address and role, if there is one.
pub async fn pending_invite(
    conn: &mut AnyConnection,
    organisation_id: &str,
    email_lower: &str,
    role: &str,
) -> Result<Option<String>, sqlx::Error> {
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
    pub organisation_id: &'a str,
    pub email: &'a str,
    pub role: &'a str,
    pub emis_username: Option<&'a str>,
    pub invited_by: &'a str,
    pub status: &'a str,
    pub now_ms: i64,
    pub expires_at: i64,
}

pub async fn insert_invite(
    conn: &mut AnyConnection,
    new: &NewInvite<'_>,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let ended_at = (new.status != "pending").then_some(new.now_ms);
    sqlx::query(
        "INSERT INTO invites (id, organisation_id, email, email_lower, role, emis_username, invited_by,
                              status, created_at, sent_at, expires_at, ended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)",
    )
    .bind(&id)
    .bind(new.organisation_id)
    .bind(new.email)
    .bind(new.email.to_lowercase())
    .bind(new.role)
    .bind(new.emis_username)
    .bind(new.invited_by)
    .bind(new.status)
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
    organisation_id: &str,
    invite_id: &str,
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
    organisation_id: &str,
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
    invite_id: &str,
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
pub struct LinkedInvite {
    pub link_id: String,
    pub invite_id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub email: String,
    pub role: String,
    pub emis_username: Option<String>,
    pub invited_by: Option<String>,
}

/// The invitation whose link has this hash, if the link is the newest one,
/// unused, and the invitation is pending and not past its expiry.
pub async fn usable_link(
    conn: &mut AnyConnection,
    token_hash: &str,
    now_ms: i64,
) -> Result<Option<LinkedInvite>, sqlx::Error> {
    type Tuple = (
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    );
    let row: Option<Tuple> = sqlx::query_as(
        "SELECT l.id, i.id, o.id, o.name, i.email, i.role, i.emis_username, i.invited_by
           FROM invite_links l
           JOIN invites i ON i.id = l.invite_id
           JOIN organisations o ON o.id = i.organisation_id
          WHERE l.token_hash = $1 AND l.state = 'valid' AND i.status = 'pending' AND i.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now_ms)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(
            link_id,
            invite_id,
            organisation_id,
            organisation_name,
            email,
            role,
            emis_username,
            invited_by,
        )| {
            LinkedInvite {
                link_id,
                invite_id,
                organisation_id,
                organisation_name,
                email,
                role,
                emis_username,
                invited_by,
            }
        },
    ))
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
    user_id: &str,
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
