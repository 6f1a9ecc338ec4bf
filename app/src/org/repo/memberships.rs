//! SQL on `memberships`: who holds which role where. The only code that
//! reads or writes that table.

use crate::ids::{MembershipId, OrgId, UserId};
use sqlx::AnyConnection;

use crate::org::model::{HeldRole, MembershipStatus, MembershipView, Role};

/// Adds the membership unless the person already holds that role there.
pub async fn ensure_membership(
    conn: &mut AnyConnection,
    user_id: &UserId,
    organisation_id: &OrgId,
    role: Role,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let existing: Option<String> = sqlx::query_scalar(
        "SELECT id FROM memberships WHERE user_id = $1 AND organisation_id = $2 AND role = $3",
    )
    .bind(user_id)
    .bind(organisation_id)
    .bind(role.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    if existing.is_none() {
        sqlx::query(
            "INSERT INTO memberships (id, user_id, organisation_id, role, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(user_id)
        .bind(organisation_id)
        .bind(role.as_str())
        .bind(now_ms)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Whether the user holds a membership in the organisation or in any
/// organisation below it.
pub async fn member_within(
    conn: &mut AnyConnection,
    user_id: &UserId,
    organisation_id: &OrgId,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "WITH RECURSIVE below (id) AS (
             SELECT id FROM organisations WHERE id = $1
             UNION ALL
             SELECT o.id FROM organisations o JOIN below b ON o.parent_id = b.id
         )
         SELECT COUNT(*) FROM memberships WHERE user_id = $2 AND organisation_id IN (SELECT id FROM below)",
    )
    .bind(organisation_id)
    .bind(user_id)
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

#[derive(Debug, sqlx::FromRow)]
pub struct LockedRow {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub locked_at: i64,
}

/// Locked accounts of people in the organisation or below it, newest lock first.
pub async fn locked_within(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<Vec<LockedRow>, sqlx::Error> {
    sqlx::query_as(
        "WITH RECURSIVE below (id) AS (
             SELECT id FROM organisations WHERE id = $1
             UNION ALL
             SELECT o.id FROM organisations o JOIN below b ON o.parent_id = b.id
         )
         SELECT u.id AS user_id, u.name, u.email, u.locked_at FROM users u
          WHERE u.locked_at IS NOT NULL
            AND u.id IN (SELECT user_id FROM memberships WHERE organisation_id IN (SELECT id FROM below))
          ORDER BY u.locked_at DESC, u.id",
    )
    .bind(organisation_id)
    .fetch_all(conn)
    .await
}

pub async fn memberships_of(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Vec<MembershipView>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id AS organisation_id, o.name AS organisation_name,
                o.kind AS organisation_kind, m.role
           FROM memberships m JOIN organisations o ON o.id = m.organisation_id
          WHERE m.user_id = $1 AND m.status = 'active' ORDER BY o.name, m.role",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Whether `user_id` holds an active role in the practice.
pub async fn is_member_of_practice(
    conn: &mut AnyConnection,
    user_id: &UserId,
    practice_id: &OrgId,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND organisation_id = $2 AND status = 'active'",
    )
    .bind(user_id)
    .bind(practice_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// The people holding one of `roles` directly in an organisation, by name,
/// each with those roles there: (user id, name, roles).
/// A person and the roles among those asked about that they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRoles {
    pub user_id: UserId,
    pub name: String,
    pub roles: Vec<String>,
}

pub async fn people_holding(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    roles: &[&str],
) -> Result<Vec<PersonRoles>, sqlx::Error> {
    let sql = format!(
        "SELECT u.id, u.name, m.role FROM memberships m
           JOIN users u ON u.id = m.user_id
          WHERE m.organisation_id = $1 AND m.status = 'active' AND m.role IN ({})
          ORDER BY u.name, u.id, m.role",
        crate::server::db::placeholders(roles, 2)
    );
    let mut query = sqlx::query_as::<_, (UserId, String, String)>(&sql).bind(practice_id);
    for role in roles {
        query = query.bind(*role);
    }
    let mut out: Vec<PersonRoles> = Vec::new();
    for (user_id, name, role) in query.fetch_all(conn).await? {
        match out.last_mut() {
            Some(last) if last.user_id == user_id => last.roles.push(role),
            _ => out.push(PersonRoles {
                user_id,
                name,
                roles: vec![role],
            }),
        }
    }
    Ok(out)
}

/// The active roles `user_id` holds in `organisation_id` (direct) or in
/// any organisation above it. Disabled memberships hold nothing.
pub async fn roles_in(
    conn: &mut AnyConnection,
    user_id: &UserId,
    organisation_id: &OrgId,
) -> Result<Vec<HeldRole>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "WITH RECURSIVE above (id, parent_id) AS (
             SELECT id, parent_id FROM organisations WHERE id = $1
             UNION ALL
             SELECT o.id, o.parent_id FROM organisations o JOIN above a ON o.id = a.parent_id
         )
         SELECT m.role, m.organisation_id FROM memberships m
          WHERE m.user_id = $2 AND m.status = 'active' AND m.organisation_id IN (SELECT id FROM above)",
    )
    .bind(organisation_id)
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(role, held_in)| HeldRole {
            direct: held_in == organisation_id.as_str(),
            role,
        })
        .collect())
}

/// A practice where someone holds, directly and active, one of the roles
/// asked about.
#[derive(Debug, Clone)]
pub struct PracticeRoles {
    pub id: OrgId,
    pub name: String,
    /// The practice shares the "All Practices" inbox view.
    pub all_practices: bool,
    /// The roles among those asked about that they hold there.
    pub roles: Vec<String>,
}

/// One role held in one practice; `all_practices_inbox` is 0 or 1.
#[derive(Debug, sqlx::FromRow)]
struct HoldingRow {
    id: OrgId,
    name: String,
    all_practices_inbox: i64,
    role: String,
}

/// The practices where `user_id` holds one of `roles` directly (never
/// through a network or hub above), by name.
pub async fn practices_holding(
    conn: &mut AnyConnection,
    user_id: &UserId,
    roles: &[&str],
) -> Result<Vec<PracticeRoles>, sqlx::Error> {
    let sql = format!(
        "SELECT o.id, o.name, o.all_practices_inbox, m.role
           FROM memberships m
           JOIN organisations o ON o.id = m.organisation_id
          WHERE m.user_id = $1 AND m.status = 'active' AND o.kind = 'practice'
            AND m.role IN ({})
          ORDER BY o.name, o.id, m.role",
        crate::server::db::placeholders(roles, 2)
    );
    let mut query = sqlx::query_as::<_, HoldingRow>(&sql).bind(user_id);
    for role in roles {
        query = query.bind(*role);
    }
    let rows = query.fetch_all(conn).await?;
    let mut out: Vec<PracticeRoles> = Vec::new();
    for row in rows {
        match out.last_mut() {
            Some(last) if last.id == row.id => last.roles.push(row.role),
            _ => out.push(PracticeRoles {
                id: row.id,
                name: row.name,
                all_practices: row.all_practices_inbox != 0,
                roles: vec![row.role],
            }),
        }
    }
    Ok(out)
}

#[derive(Debug, sqlx::FromRow)]
struct PracticeName {
    id: OrgId,
    name: String,
}

/// The other practices that share the "All Practices" view and share
/// people with this one: someone holding one of `roles` here also holds
/// one there. (id, name), by name.
pub async fn practices_sharing_people(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    roles: &[&str],
) -> Result<Vec<(OrgId, String)>, sqlx::Error> {
    let sql = format!(
        "SELECT o.id, o.name FROM organisations o
          WHERE o.all_practices_inbox = 1 AND o.id <> $1
            AND o.id IN (
                SELECT there.organisation_id FROM memberships there
                  JOIN memberships here ON here.user_id = there.user_id
                 WHERE here.organisation_id = $1 AND here.status = 'active' AND there.status = 'active'
                   AND here.role IN ({list_here}) AND there.role IN ({list_there}))
          ORDER BY o.name, o.id",
        list_here = crate::server::db::placeholders(roles, 2),
        list_there = crate::server::db::placeholders(roles, 2 + roles.len()),
    );
    let mut query = sqlx::query_as::<_, PracticeName>(&sql).bind(practice_id);
    for role in roles.iter().chain(roles.iter()) {
        query = query.bind(*role);
    }
    let rows = query.fetch_all(conn).await?;
    Ok(rows.into_iter().map(|p| (p.id, p.name)).collect())
}

#[derive(Debug, sqlx::FromRow)]
pub struct MemberRow {
    pub membership_id: MembershipId,
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub emis_username: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: MembershipStatus,
}

const MEMBER_COLUMNS: &str =
    "SELECT m.id AS membership_id, u.id AS user_id, u.name, u.email, m.role,
        m.emis_username, m.status
   FROM memberships m JOIN users u ON u.id = m.user_id";

/// Everyone in the organisation, one row per role, by name.
pub async fn members(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    let rows: Vec<MemberRow> = sqlx::query_as(&format!(
        "{MEMBER_COLUMNS} WHERE m.organisation_id = $1 ORDER BY u.name, u.id, m.role"
    ))
    .bind(organisation_id)
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

/// One membership of the organisation (`None` if it belongs elsewhere).
pub async fn membership(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    membership_id: &MembershipId,
) -> Result<Option<MemberRow>, sqlx::Error> {
    let row: Option<MemberRow> = sqlx::query_as(&format!(
        "{MEMBER_COLUMNS} WHERE m.organisation_id = $1 AND m.id = $2"
    ))
    .bind(organisation_id)
    .bind(membership_id)
    .fetch_optional(conn)
    .await?;
    Ok(row)
}

/// Active Practice admin memberships in the organisation other than one.
pub async fn other_active_admins(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    membership_id: &MembershipId,
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
    user_id: &UserId,
    organisation_id: &OrgId,
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
    organisation_id: &OrgId,
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
    user_id: &UserId,
    organisation_id: &OrgId,
    role: &str,
    emis_username: Option<&str>,
    now_ms: i64,
) -> Result<MembershipId, sqlx::Error> {
    let id = MembershipId::generate();
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
    membership_id: &MembershipId,
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
    membership_id: &MembershipId,
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
    membership_id: &MembershipId,
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
    membership_id: &MembershipId,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM memberships WHERE id = $1")
        .bind(membership_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One role of a person in an organisation of some kind (a locum's role in
/// a hub), whatever its status.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoleIn {
    pub membership_id: MembershipId,
    pub organisation_id: OrgId,
    pub organisation_name: String,
    pub status: String,
}

const ROLE_IN_COLUMNS: &str =
    "SELECT m.id AS membership_id, o.id AS organisation_id, o.name AS organisation_name, m.status
   FROM memberships m JOIN organisations o ON o.id = m.organisation_id
  WHERE m.role = $1 AND o.kind = $2";

/// The person's roles `role` in organisations of `kind`, by name.
pub async fn roles_in_kind(
    conn: &mut AnyConnection,
    user_id: &UserId,
    role: &str,
    kind: crate::org::model::OrgKind,
) -> Result<Vec<RoleIn>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ROLE_IN_COLUMNS} AND m.user_id = $3 ORDER BY o.name, o.id"
    ))
    .bind(role)
    .bind(kind.as_str())
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// The person's role `role` in the organisation (of `kind`), if any.
pub async fn role_in(
    conn: &mut AnyConnection,
    user_id: &UserId,
    organisation_id: &OrgId,
    role: &str,
    kind: crate::org::model::OrgKind,
) -> Result<Option<RoleIn>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ROLE_IN_COLUMNS} AND m.user_id = $3 AND o.id = $4"
    ))
    .bind(role)
    .bind(kind.as_str())
    .bind(user_id)
    .bind(organisation_id)
    .fetch_optional(conn)
    .await
}
