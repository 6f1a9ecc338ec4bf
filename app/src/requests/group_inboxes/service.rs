//! Group inboxes and the All Practices view: the "Group inboxes" tab with
//! its near-miss names, adding a group inbox, and turning the All Practice
//! inbox view on or off. Each change is one transaction with its
//! activity-log entry.

use super::model::*;
use super::repo;
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::ids::OrgId;
use crate::org::model::Permission;
use crate::org::model::Role;
use crate::org::{access, service as orgs};
use crate::requests::repo as shared;
use crate::server::activity;
use crate::server::Ctx;

/// "Add" on the Group inboxes tab: a named inbox shared by the practice's
/// staff who hold `role`. Needs ManageInboxes in the practice (checked by
/// the caller); names are unique in a practice ignoring case and spaces.
pub async fn create_group_inbox(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    name: &str,
    role: &str,
) -> Result<GroupInbox, AppError> {
    let mut errors = FieldErrors::default();
    let name = check_inbox_name(name, &mut errors);
    let role = Role::parse_practice_role(role).filter(|role| {
        crate::org::model::role_permissions(*role).contains(&Permission::HandleRequests)
    });
    if role.is_none() {
        errors.push("role", "Select the role of the staff who share this inbox");
    }
    errors.into_result()?;
    let role = role.ok_or(AppError::BadRequest)?;
    let now = cx.now_ms();
    let id = cx
        .db
        .transaction(async |tx| {
            if repo::inbox_name_taken(tx, practice_id, &name).await? {
                return Err(AppError::field(
                    "name",
                    "This practice already has a group inbox with that name",
                ));
            }
            let id =
                repo::insert_group_inbox(tx, practice_id, &name, role.as_str(), &actor.id, now)
                    .await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("group_inbox", &id),
                ActivityEvent::GroupInboxCreated,
                &format!("{name} ({})", role.label()),
            )
            .await?;
            Ok(id)
        })
        .await?;
    Ok(GroupInbox {
        id,
        name,
        role: role.as_str().to_string(),
        open: 0,
    })
}

pub async fn group_inboxes_tab(
    cx: Ctx<'_>,
    practice_id: &OrgId,
) -> Result<GroupInboxesTab, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let inboxes = shared::group_inboxes(&mut conn, practice_id).await?;
    let all_practices = orgs::all_practices_enabled(&mut conn, practice_id).await?;
    let mut near_misses = Vec::new();
    if all_practices {
        let sharing =
            access::practices_sharing_people(&mut conn, practice_id, Permission::HandleRequests)
                .await?;
        let ids: Vec<&OrgId> = sharing.iter().map(|(id, _)| id).collect();
        let mut elsewhere: Vec<(String, String, String)> = Vec::new();
        for (name, key, practice) in repo::inbox_names_of(&mut conn, &ids).await? {
            if let Some((_, practice_name)) = sharing.iter().find(|(id, _)| *id == practice) {
                elsewhere.push((name, key, practice_name.clone()));
            }
        }
        // Ordered by practice name, then inbox name, as the banner lists them.
        elsewhere.sort_by(|a, b| (&a.2, &a.0).cmp(&(&b.2, &b.0)));
        for inbox in &inboxes {
            let key = name_key(&inbox.name);
            for (name, other_key, practice_name) in &elsewhere {
                if is_near_miss(&key, other_key) {
                    near_misses.push(NearMiss {
                        here: inbox.name.clone(),
                        there: name.clone(),
                        practice_name: practice_name.clone(),
                    });
                }
            }
        }
    }
    Ok(GroupInboxesTab {
        inboxes,
        all_practices,
        near_misses,
    })
}

/// "Enable All Practice inbox view": turning it on needs the advisory
/// notice agreed; turning it off does not.
pub async fn set_all_practices_view(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    enable: bool,
    agreed: bool,
) -> Result<(), AppError> {
    if enable && !agreed {
        return Err(AppError::field(
            "agree",
            "Confirm you have read the advisory notice to enable the All Practice inbox view",
        ));
    }
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            if orgs::all_practices_enabled(tx, practice_id).await? == enable {
                return Ok(());
            }
            orgs::set_all_practices(tx, practice_id, enable).await?;
            let event = if enable {
                ActivityEvent::AllPracticesViewEnabled
            } else {
                ActivityEvent::AllPracticesViewDisabled
            };
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("organisation", practice_id),
                event,
                "",
            )
            .await?;
            Ok(())
        })
        .await
}
