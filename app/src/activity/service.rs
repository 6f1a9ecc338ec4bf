//! A subject's history in words, from the append-only activity log.

use super::model::{ActivityEntry, PersonHistory};
use crate::error::AppError;
use crate::ids::{OrgId, UserId};
use crate::server::Ctx;

/// The person's own recent activity (the account page).
pub async fn my_activity(cx: Ctx<'_>, user_id: &UserId) -> Result<Vec<ActivityEntry>, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let rows = crate::server::activity::history(&mut conn, "user", user_id, 20).await?;
    Ok(to_entries(rows, user_id))
}

/// A person's activity for an administrator of `organisation_id` (who has
/// been authorised there): `NotFound` unless the person belongs to it or to
/// an organisation below it.
pub async fn person_activity(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
    user_id: &UserId,
) -> Result<PersonHistory, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    if !crate::org::service::member_within(&mut conn, user_id, organisation_id).await? {
        return Err(AppError::NotFound);
    }
    let name = crate::accounts::service::name_of(&mut conn, user_id).await?;
    let rows = crate::server::activity::history(&mut conn, "user", user_id, 100).await?;
    Ok(PersonHistory {
        name,
        entries: to_entries(rows, user_id),
    })
}

pub(crate) fn to_entries(
    rows: Vec<crate::server::activity::HistoryRow>,
    subject_id: &str,
) -> Vec<ActivityEntry> {
    rows.into_iter()
        .map(|row| ActivityEntry {
            when: crate::server::dates::uk_date_time(row.at),
            what: super::model::event_label(&row.event),
            by: match (row.actor_id.as_deref(), row.actor_name) {
                (Some(id), _) if id == subject_id => "The person themselves".to_string(),
                (Some(_), Some(name)) => name,
                _ => "Gatehouse".to_string(),
            },
            details: row.details,
        })
        .collect()
}
