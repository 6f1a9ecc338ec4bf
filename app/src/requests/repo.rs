//! The SQL several sub-features share: inserting a request, its
//! assignment and status together with the open counts per inbox
//! (`inbox_counts`, rebuilt by `recount_open`), and group inbox lookups.
//! Plain queries on the caller's connection (inside its transaction where
//! it has one).

use crate::ids::{OrgId, RequestId, UserId};
use sqlx::AnyConnection;

use super::contact::model::ValidRequest;
use super::group_inboxes::model::GroupInbox;
use super::model::*;

/// One row of `inbox_counts`.
#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct BucketCount {
    pub organisation_id: OrgId,
    /// `unassigned`, `user:<id>` or `inbox:<id>`.
    pub bucket: String,
    pub open_requests: i64,
}

/// One row of [`navigation_counts`]: a bucket count or a group inbox.
#[derive(Debug, sqlx::FromRow)]
struct NavigationRow {
    kind: String,
    id: String,
    practice_id: OrgId,
    name: String,
    name_key: String,
    role: String,
    open_requests: i64,
}

/// In one round trip, for these practices: the open requests of `user_id`'s
/// "My inbox" and of the unassigned queue (the `inbox_counts` rows that
/// exist), and every group inbox with its open requests (as
/// [`inboxes_of`]).
pub async fn navigation_counts(
    conn: &mut AnyConnection,
    user_id: &UserId,
    practices: &[OrgId],
) -> Result<(Vec<BucketCount>, Vec<InboxRow>), sqlx::Error> {
    if practices.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let sql = format!(
        "SELECT 'count' AS kind, c.bucket AS id, c.organisation_id AS practice_id,
                '' AS name, '' AS name_key, '' AS role, c.open_requests
           FROM inbox_counts c
          WHERE c.organisation_id IN ({}) AND (c.bucket = $1 OR c.bucket = $2)
         UNION ALL
         SELECT 'group' AS kind, g.id, g.organisation_id AS practice_id, g.name, g.name_key, g.role,
                COALESCE((SELECT c.open_requests FROM inbox_counts c
                           WHERE c.organisation_id = g.organisation_id AND c.bucket = 'inbox:' || g.id), 0)
                  AS open_requests
           FROM group_inboxes g
          WHERE g.organisation_id IN ({})
          ORDER BY kind, name_key, practice_id",
        crate::server::db::placeholders(practices, 3),
        crate::server::db::placeholders(practices, 3 + practices.len()),
    );
    let mut query = sqlx::query_as::<_, NavigationRow>(&sql)
        .bind(bucket(Some(user_id.as_str()), None))
        .bind(bucket(None, None));
    for practice in practices.iter().chain(practices) {
        query = query.bind(practice.as_str());
    }
    let mut counts = Vec::new();
    let mut inboxes = Vec::new();
    for row in query.fetch_all(conn).await? {
        if row.kind == "count" {
            counts.push(BucketCount {
                organisation_id: row.practice_id,
                bucket: row.id,
                open_requests: row.open_requests,
            });
        } else {
            inboxes.push(InboxRow {
                id: row.id,
                practice_id: row.practice_id,
                name: row.name,
                name_key: row.name_key,
                role: row.role,
                open: row.open_requests,
            });
        }
    }
    Ok((counts, inboxes))
}

/// A practice's group inboxes with their open requests, by name.
pub async fn group_inboxes(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
) -> Result<Vec<GroupInbox>, sqlx::Error> {
    let rows = inboxes_of(conn, std::slice::from_ref(practice_id)).await?;
    Ok(rows
        .into_iter()
        .map(|inbox| GroupInbox {
            id: inbox.id,
            name: inbox.name,
            role: inbox.role,
            open: inbox.open,
        })
        .collect())
}

#[derive(Debug, sqlx::FromRow)]
struct GroupInboxRef {
    practice_id: OrgId,
    name: String,
    name_key: String,
    role: String,
}

/// (practice id, name, name key, role) of one group inbox.
pub async fn group_inbox(
    conn: &mut AnyConnection,
    inbox_id: &str,
) -> Result<Option<(OrgId, String, String, String)>, sqlx::Error> {
    let row: Option<GroupInboxRef> = sqlx::query_as(
        "SELECT organisation_id AS practice_id, name, name_key, role FROM group_inboxes WHERE id = $1",
    )
    .bind(inbox_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| (r.practice_id, r.name, r.name_key, r.role)))
}

pub struct RequestInsert<'a> {
    pub practice_id: &'a OrgId,
    pub request: &'a ValidRequest,
    pub source: &'a str,
    pub now: i64,
}

/// Inserts a request and returns (id, reference). The reference is short
/// enough to read over the phone ("R-" and 10 letters or digits); on the
/// rare clash with an existing one, another is drawn.
pub async fn insert_request(
    conn: &mut AnyConnection,
    new: RequestInsert<'_>,
) -> Result<(RequestId, String), sqlx::Error> {
    let id = RequestId::generate();
    let r = new.request;
    for _ in 0..5 {
        let draw = uuid::Uuid::new_v4().simple().to_string();
        let reference = format!("R-{}", draw[..10].to_uppercase());
        let inserted = sqlx::query(
            "INSERT INTO requests (id, organisation_id, reference, kind, description, urgent, status, source,
                                   patient_name, date_of_birth, nhs_number, contact_email, contact_phone,
                                   created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 0, 'new', $6, $7, $8, $9, $10, $11, $12, $12)
             ON CONFLICT (reference) DO NOTHING",
        )
        .bind(&id)
        .bind(new.practice_id)
        .bind(&reference)
        .bind(r.kind.as_str())
        .bind(&r.description)
        .bind(new.source)
        .bind(&r.patient_name)
        .bind(&r.date_of_birth)
        .bind(r.nhs_number.as_deref())
        .bind(r.email.as_deref())
        .bind(r.phone.as_deref())
        .bind(new.now)
        .execute(&mut *conn)
        .await?;
        if inserted.rows_affected() == 1 {
            add_open(&mut *conn, new.practice_id, UNASSIGNED, 1).await?;
            return Ok((id, reference));
        }
    }
    Err(sqlx::Error::Protocol(
        "no free request reference after 5 draws".into(),
    ))
}

// ---- open counts per inbox -------------------------------------------------------

/// The bucket of the practice's unassigned queue in `inbox_counts`.
pub const UNASSIGNED: &str = "unassigned";

/// The `inbox_counts` bucket of a request assigned to this person or group
/// inbox (neither: the unassigned queue).
fn bucket(user_id: Option<&str>, inbox_id: Option<&str>) -> String {
    match (user_id, inbox_id) {
        (Some(user), _) => format!("user:{user}"),
        (None, Some(inbox)) => format!("inbox:{inbox}"),
        (None, None) => UNASSIGNED.to_string(),
    }
}

/// Adds `delta` to the open requests of one bucket of a practice. The
/// update is atomic, so concurrent changes add up.
async fn add_open(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    bucket: &str,
    delta: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO inbox_counts (organisation_id, bucket, open_requests) VALUES ($1, $2, $3)
         ON CONFLICT (organisation_id, bucket)
         DO UPDATE SET open_requests = inbox_counts.open_requests + excluded.open_requests",
    )
    .bind(practice_id)
    .bind(bucket)
    .bind(delta)
    .execute(conn)
    .await?;
    Ok(())
}

/// Where a request counts: its practice, assignment and status.
#[derive(Debug, sqlx::FromRow)]
struct CountedRow {
    organisation_id: OrgId,
    assigned_user_id: Option<String>,
    assigned_inbox_id: Option<String>,
    #[sqlx(try_from = "String")]
    status: RequestStatus,
}

/// Where a request counts before a change: (practice, bucket, open). The
/// row is written first, which locks it until the transaction ends: a
/// concurrent change to the same request waits, then reads this one's
/// result, so both move the counts from the right place.
async fn counted_before_change(
    conn: &mut AnyConnection,
    request_id: &RequestId,
    now: i64,
) -> Result<Option<(OrgId, String, bool)>, sqlx::Error> {
    sqlx::query("UPDATE requests SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(request_id)
        .execute(&mut *conn)
        .await?;
    let row: Option<CountedRow> = sqlx::query_as(
        "SELECT organisation_id, assigned_user_id, assigned_inbox_id, status FROM requests WHERE id = $1",
    )
    .bind(request_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| {
        let counted = bucket(
            row.assigned_user_id.as_deref(),
            row.assigned_inbox_id.as_deref(),
        );
        let open = row.status != RequestStatus::Completed;
        (row.organisation_id, counted, open)
    }))
}

/// Rebuilds `inbox_counts` from the requests (what the migration does):
/// for data loaded around the repository, and as the tests' reference.
pub async fn recount_open(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM inbox_counts")
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO inbox_counts (organisation_id, bucket, open_requests)
         SELECT organisation_id,
                CASE WHEN assigned_user_id IS NOT NULL THEN 'user:' || assigned_user_id
                     WHEN assigned_inbox_id IS NOT NULL THEN 'inbox:' || assigned_inbox_id
                     ELSE 'unassigned' END,
                COUNT(*)
           FROM requests
          WHERE status <> 'completed'
          GROUP BY 1, 2",
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Every non-zero open count: (practice, bucket, open), sorted (the tests'
/// view of `inbox_counts`).
#[cfg(test)]
pub async fn all_open_counts(conn: &mut AnyConnection) -> Result<Vec<BucketCount>, sqlx::Error> {
    let rows: Vec<BucketCount> = sqlx::query_as(
        "SELECT organisation_id, bucket, open_requests FROM inbox_counts
          WHERE open_requests <> 0 ORDER BY organisation_id, bucket",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

/// Assigns a request to a person, a group inbox or (neither) the unassigned
/// queue; a new request becomes in progress once assigned.
pub async fn set_assignment(
    conn: &mut AnyConnection,
    request_id: &RequestId,
    user_id: Option<&UserId>,
    inbox_id: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    if let Some((practice, before, true)) =
        counted_before_change(&mut *conn, request_id, now).await?
    {
        let after = bucket(user_id.map(UserId::as_str), inbox_id);
        if after != before {
            add_open(&mut *conn, &practice, &before, -1).await?;
            add_open(&mut *conn, &practice, &after, 1).await?;
        }
    }
    sqlx::query(
        "UPDATE requests SET assigned_user_id = $1, assigned_inbox_id = $2, updated_at = $3,
                status = CASE WHEN status = 'new' AND ($1 IS NOT NULL OR $2 IS NOT NULL) THEN 'in_progress' ELSE status END
          WHERE id = $4",
    )
    .bind(user_id)
    .bind(inbox_id)
    .bind(now)
    .bind(request_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_status(
    conn: &mut AnyConnection,
    request_id: &RequestId,
    status: RequestStatus,
    now: i64,
) -> Result<(), sqlx::Error> {
    if let Some((practice, bucket, was_open)) =
        counted_before_change(&mut *conn, request_id, now).await?
    {
        let open = status != RequestStatus::Completed;
        if open != was_open {
            add_open(&mut *conn, &practice, &bucket, if open { 1 } else { -1 }).await?;
        }
    }
    sqlx::query("UPDATE requests SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now)
        .bind(request_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A group inbox of one of the person's practices, with its open requests.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InboxRow {
    pub id: String,
    pub practice_id: OrgId,
    pub name: String,
    pub name_key: String,
    pub role: String,
    #[sqlx(rename = "open_requests")]
    pub open: i64,
}

/// Every group inbox of these practices, with its open requests (from
/// `inbox_counts`), by name key then practice.
pub async fn inboxes_of(
    conn: &mut AnyConnection,
    practices: &[OrgId],
) -> Result<Vec<InboxRow>, sqlx::Error> {
    if practices.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT g.id, g.organisation_id AS practice_id, g.name, g.name_key, g.role,
                COALESCE((SELECT c.open_requests FROM inbox_counts c
                           WHERE c.organisation_id = g.organisation_id AND c.bucket = 'inbox:' || g.id), 0)
                  AS open_requests
           FROM group_inboxes g
          WHERE g.organisation_id IN ({}) ORDER BY g.name_key, g.organisation_id",
        crate::server::db::placeholders(practices, 1)
    );
    let mut query = sqlx::query_as(&sql);
    for practice in practices {
        query = query.bind(practice.as_str());
    }
    query.fetch_all(conn).await
}
