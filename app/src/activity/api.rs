use leptos::prelude::*;

use super::model::{ActivityEntry, PersonHistory};
use crate::error::AppError;

/// Signed in: the caller's own recent activity.
#[server(endpoint = "my_activity")]
pub async fn my_activity() -> Result<Vec<ActivityEntry>, AppError> {
    let (user, state) = crate::authz::require_signed_in().await?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = crate::server::activity::history(&mut conn, "user", &user.id, 20).await?;
    Ok(to_entries(rows, &user.id))
}

/// Needs ViewActivity in the organisation, and the person must belong to it
/// (or to an organisation below it), otherwise `NotFound`.
#[server(endpoint = "person_activity")]
pub async fn person_activity(
    organisation_id: String,
    user_id: String,
) -> Result<PersonHistory, AppError> {
    use crate::authz::model::Permission;
    let (_, state) = crate::authz::authorize(Permission::ViewActivity, &organisation_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    if !crate::accounts::repo::member_within(&mut conn, &user_id, &organisation_id).await? {
        return Err(AppError::NotFound);
    }
    let name = crate::accounts::repo::name_of(&mut conn, &user_id).await?;
    let rows = crate::server::activity::history(&mut conn, "user", &user_id, 100).await?;
    Ok(PersonHistory {
        name,
        entries: to_entries(rows, &user_id),
    })
}

#[cfg(feature = "ssr")]
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
