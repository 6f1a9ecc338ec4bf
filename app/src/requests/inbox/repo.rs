//! The inbox list in the database: the requests of one view, filtered,
//! urgent first then oldest first. The open counts and group inbox
//! lookups the navigation reads are in `requests::repo`.

use crate::ids::{OrgId, RequestId, UserId};
use sqlx::AnyConnection;

use super::model::*;
use crate::requests::model::*;

/// One line of an inbox as stored: `urgent` is 0 or 1.
#[derive(Debug, sqlx::FromRow)]
struct SummaryRow {
    id: RequestId,
    reference: String,
    practice_id: OrgId,
    practice_name: String,
    #[sqlx(try_from = "String")]
    kind: RequestKind,
    #[sqlx(try_from = "String")]
    status: RequestStatus,
    urgent: i64,
    patient_name: String,
    created_at: i64,
    assigned_to: Option<String>,
}

impl From<SummaryRow> for RequestSummary {
    fn from(row: SummaryRow) -> Self {
        RequestSummary {
            id: row.id,
            reference: row.reference,
            practice_id: row.practice_id,
            practice_name: row.practice_name,
            kind: row.kind,
            status: row.status,
            urgent: row.urgent != 0,
            patient_name: row.patient_name,
            created_at: row.created_at,
            // In words by the service (repos do no formatting).
            received: String::new(),
            assigned_to: row.assigned_to,
        }
    }
}

/// Where a listing looks.
pub enum Scope<'a> {
    /// Assigned to the person in these practices.
    AssignedTo {
        user_id: &'a UserId,
        practices: &'a [OrgId],
    },
    /// Nobody assigned, in these practices.
    Unassigned { practices: &'a [OrgId] },
    /// These group inboxes.
    Inboxes { inbox_ids: &'a [String] },
}

/// The `WHERE` conditions of a scope and filter, with their values in
/// `binds`; `None` when the scope is empty (nothing can match).
fn conditions(scope: &Scope<'_>, filter: &InboxFilter, binds: &mut Vec<String>) -> Option<String> {
    fn next(value: &str, binds: &mut Vec<String>) -> String {
        binds.push(value.to_string());
        format!("${}", binds.len())
    }
    let mut conditions: Vec<String> = Vec::new();
    match scope {
        Scope::AssignedTo { user_id, practices } => {
            if practices.is_empty() {
                return None;
            }
            let who = next(user_id, binds);
            let list: Vec<String> = practices.iter().map(|p| next(p, binds)).collect();
            conditions.push(format!("r.assigned_user_id = {who}"));
            conditions.push(format!("r.organisation_id IN ({})", list.join(", ")));
        }
        Scope::Unassigned { practices } => {
            if practices.is_empty() {
                return None;
            }
            let list: Vec<String> = practices.iter().map(|p| next(p, binds)).collect();
            conditions.push(format!("r.organisation_id IN ({})", list.join(", ")));
            conditions.push("r.assigned_user_id IS NULL AND r.assigned_inbox_id IS NULL".into());
        }
        Scope::Inboxes { inbox_ids } => {
            if inbox_ids.is_empty() {
                return None;
            }
            let list: Vec<String> = inbox_ids.iter().map(|i| next(i, binds)).collect();
            conditions.push(format!("r.assigned_inbox_id IN ({})", list.join(", ")));
        }
    }
    match filter.status {
        Some(status) => {
            let status = next(status.as_str(), binds);
            conditions.push(format!("r.status = {status}"));
        }
        None => conditions.push("r.status <> 'completed'".into()),
    }
    if let Some(kind) = filter.kind {
        let kind = next(kind.as_str(), binds);
        conditions.push(format!("r.kind = {kind}"));
    }
    Some(conditions.join(" AND "))
}

/// Requests in scope, urgent first then oldest first: `limit` of them,
/// after the first `offset`.
pub async fn list(
    conn: &mut AnyConnection,
    scope: Scope<'_>,
    filter: &InboxFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<RequestSummary>, sqlx::Error> {
    let mut binds: Vec<String> = Vec::new();
    let Some(conditions) = conditions(&scope, filter, &mut binds) else {
        return Ok(Vec::new());
    };
    // The page's rows are chosen from the index alone (it covers the filter
    // and the order); only those rows are then read and joined.
    let sql = format!(
        "SELECT q.id, q.reference, q.organisation_id AS practice_id, o.name AS practice_name,
                q.kind, q.status, q.urgent, q.patient_name, q.created_at,
                COALESCE(u.name, g.name) AS assigned_to
           FROM (SELECT r.id, r.urgent, r.created_at FROM requests r
                  WHERE {conditions}
                  ORDER BY r.urgent DESC, r.created_at, r.id
                  LIMIT {} OFFSET {}) page
           JOIN requests q ON q.id = page.id
           JOIN organisations o ON o.id = q.organisation_id
           LEFT JOIN users u ON u.id = q.assigned_user_id
           LEFT JOIN group_inboxes g ON g.id = q.assigned_inbox_id
          ORDER BY page.urgent DESC, page.created_at, page.id",
        limit.max(0),
        offset.max(0)
    );
    let mut query = sqlx::query_as::<_, SummaryRow>(&sql);
    for value in &binds {
        query = query.bind(value.as_str());
    }
    let rows = query.fetch_all(conn).await?;
    Ok(rows.into_iter().map(RequestSummary::from).collect())
}

/// How many requests are in scope (every page of [`list`]).
pub async fn count(
    conn: &mut AnyConnection,
    scope: Scope<'_>,
    filter: &InboxFilter,
) -> Result<i64, sqlx::Error> {
    let mut binds: Vec<String> = Vec::new();
    let Some(conditions) = conditions(&scope, filter, &mut binds) else {
        return Ok(0);
    };
    let sql = format!("SELECT COUNT(*) FROM requests r WHERE {conditions}");
    let mut query = sqlx::query_scalar::<_, i64>(&sql);
    for value in &binds {
        query = query.bind(value.as_str());
    }
    query.fetch_one(conn).await
}
