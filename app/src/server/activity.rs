//! The activity log: append-only rows of what happened, to whom, by whom.
//! Nothing in the code updates or deletes them.

use crate::ids::{OrgId, UserId};
use sqlx::AnyConnection;

use crate::activity::model::ActivityEvent;

pub struct Entry<'a> {
    pub actor_id: Option<&'a UserId>,
    pub organisation_id: Option<&'a OrgId>,
    pub subject_type: &'a str,
    pub subject_id: &'a str,
    pub event: ActivityEvent,
    pub details: &'a str,
}

/// Appends an entry, inside the caller's transaction.
pub async fn record(
    conn: &mut AnyConnection,
    at_ms: i64,
    entry: Entry<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO activity_log (id, at, actor_id, organisation_id, subject_type, subject_id, event, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(at_ms)
    .bind(entry.actor_id)
    .bind(entry.organisation_id)
    .bind(entry.subject_type)
    .bind(entry.subject_id)
    .bind(entry.event.as_str())
    .bind(entry.details)
    .execute(conn)
    .await?;
    Ok(())
}

/// Appends many entries at one time in one statement, inside the caller's
/// transaction.
pub async fn record_many(
    conn: &mut AnyConnection,
    at_ms: i64,
    entries: &[Entry<'_>],
) -> Result<(), sqlx::Error> {
    for chunk in entries.chunks(500) {
        let sql = format!(
            "INSERT INTO activity_log (id, at, actor_id, organisation_id, subject_type, subject_id, event, details)
             VALUES {}",
            super::db::value_rows(chunk.len(), 8)
        );
        let mut query = sqlx::query(&sql);
        for entry in chunk {
            query = query
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(at_ms)
                .bind(entry.actor_id)
                .bind(entry.organisation_id)
                .bind(entry.subject_type)
                .bind(entry.subject_id)
                .bind(entry.event.as_str())
                .bind(entry.details);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Records an action in an organisation, in the caller's transaction:
/// `subject` is (type, id).
pub async fn record_for(
    conn: &mut AnyConnection,
    now: i64,
    actor_id: Option<&UserId>,
    organisation_id: &OrgId,
    subject: (&str, &str),
    event: ActivityEvent,
    details: &str,
) -> Result<(), crate::error::AppError> {
    let entry = Entry {
        actor_id,
        organisation_id: Some(organisation_id),
        subject_type: subject.0,
        subject_id: subject.1,
        event,
        details,
    };
    Ok(record(conn, now, entry).await?)
}

/// The events recorded for one subject, oldest first.
pub async fn events_for(
    conn: &mut AnyConnection,
    subject_type: &str,
    subject_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT event FROM activity_log WHERE subject_type = $1 AND subject_id = $2 ORDER BY at, id")
        .bind(subject_type)
        .bind(subject_id)
        .fetch_all(conn)
        .await
}

/// One row of a subject's history, with the actor's name when known.
#[derive(Debug, sqlx::FromRow)]
pub struct HistoryRow {
    pub at: i64,
    pub actor_id: Option<UserId>,
    pub actor_name: Option<String>,
    pub event: String,
    pub details: String,
}

/// A subject's history, newest first, at most `limit` rows.
pub async fn history(
    conn: &mut AnyConnection,
    subject_type: &str,
    subject_id: &str,
    limit: i64,
) -> Result<Vec<HistoryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.at, a.actor_id, u.name AS actor_name, a.event, a.details
           FROM activity_log a LEFT JOIN users u ON u.id = a.actor_id
          WHERE a.subject_type = $1 AND a.subject_id = $2
          ORDER BY a.at DESC, a.id DESC LIMIT $3",
    )
    .bind(subject_type)
    .bind(subject_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// [`history`] as seen from some organisations (`within`: one and those
/// below it): entries about the person's own account (no organisation)
/// and entries of those organisations; nothing another organisation
/// recorded (a practice does not read what a practice elsewhere set for
/// the same person).
pub async fn history_within(
    conn: &mut AnyConnection,
    subject_type: &str,
    subject_id: &str,
    within: &[OrgId],
    limit: i64,
) -> Result<Vec<HistoryRow>, sqlx::Error> {
    let sql = format!(
        "SELECT a.at, a.actor_id, u.name AS actor_name, a.event, a.details
           FROM activity_log a LEFT JOIN users u ON u.id = a.actor_id
          WHERE a.subject_type = $1 AND a.subject_id = $2
            AND (a.organisation_id IS NULL OR a.organisation_id IN ({}))
          ORDER BY a.at DESC, a.id DESC LIMIT $3",
        if within.is_empty() {
            "NULL".to_string()
        } else {
            super::db::placeholders(within, 4)
        }
    );
    let mut query = sqlx::query_as(&sql)
        .bind(subject_type)
        .bind(subject_id)
        .bind(limit);
    for organisation in within {
        query = query.bind(organisation);
    }
    query.fetch_all(conn).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::testing::fresh_db;

    fn entry<'a>(actor: Option<&'a UserId>, subject: &'a str, event: &'a str) -> Entry<'a> {
        Entry {
            actor_id: actor,
            organisation_id: None,
            subject_type: "user",
            subject_id: subject,
            event: ActivityEvent::parse(event).expect("a known event"),
            details: "",
        }
    }

    #[tokio::test]
    async fn a_history_is_newest_first_names_the_actor_and_holds_only_its_subject() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        let email = crate::accounts::model::Email::parse("admin@nhs.net").unwrap();
        let admin = crate::accounts::repo::insert_user(&mut conn, &email, "Ada Admin", 0)
            .await
            .unwrap();
        record(&mut conn, 1, entry(None, "u1", "account_locked"))
            .await
            .unwrap();
        record(&mut conn, 2, entry(Some(&admin), "u1", "account_unlocked"))
            .await
            .unwrap();
        record(
            &mut conn,
            3,
            entry(Some(&UserId::from("u2")), "u2", "signed_in"),
        )
        .await
        .unwrap();
        let rows = history(&mut conn, "user", "u1", 10).await.unwrap();
        let events: Vec<&str> = rows.iter().map(|r| r.event.as_str()).collect();
        assert_eq!(events, ["account_unlocked", "account_locked"]);
        assert_eq!(rows[0].actor_name.as_deref(), Some("Ada Admin"));
        assert_eq!(rows[1].actor_id, None);
        assert_eq!(history(&mut conn, "user", "u1", 1).await.unwrap().len(), 1);
    }
}
