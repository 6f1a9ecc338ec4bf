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
    let within = crate::org::service::organisations_within(&mut conn, organisation_id).await?;
    let rows =
        crate::server::activity::history_within(&mut conn, "user", user_id, &within, 100).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::model::ActivityEvent;
    use crate::org::model::Role;
    use crate::server::activity::{record, Entry};
    use crate::server::fixtures;
    use crate::server::testing::TestCx;

    #[tokio::test]
    async fn a_practice_reads_a_persons_history_without_what_another_practice_recorded() {
        let t = TestCx::at(1_000).await;
        let mut conn = t.db.pool.acquire().await.unwrap();
        let riverside = fixtures::practice(&mut conn, "Riverside", None).await;
        let harbour = fixtures::practice(&mut conn, "Harbour View", None).await;
        let nurse = fixtures::person(
            &mut conn,
            "nurse@nhs.net",
            "Nia Nurse",
            &[(&riverside, Role::Nurse), (&harbour, Role::Nurse)],
        )
        .await;
        let entry = |organisation_id, event, details| Entry {
            actor_id: None,
            organisation_id,
            subject_type: "user",
            subject_id: &nurse,
            event,
            details,
        };
        record(&mut conn, 10, entry(None, ActivityEvent::SignedIn, ""))
            .await
            .unwrap();
        let secret = "HARBOUR.EMIS.NN (Nurse)";
        record(
            &mut conn,
            20,
            entry(Some(&harbour), ActivityEvent::EmisUsernameChanged, secret),
        )
        .await
        .unwrap();
        drop(conn);

        let seen_at = |org| person_activity(t.cx(), org, &nurse);
        let riverside_view = seen_at(&riverside).await.unwrap();
        assert_eq!(riverside_view.entries.len(), 1);
        assert!(riverside_view.entries.iter().all(|e| e.details != secret));
        let harbour_view = seen_at(&harbour).await.unwrap();
        assert_eq!(harbour_view.entries.len(), 2);
        assert!(harbour_view.entries.iter().any(|e| e.details == secret));
    }
}
