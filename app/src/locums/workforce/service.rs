//! The hub's side: "Hub workforce" (its locums with "Enable" / "Disable"),
//! hub locations and hub documents, for its Hub managers (a direct role in
//! the hub: ManageWorkforce); and "Add a hub" for a Network administrator.

use std::collections::HashMap;

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::files::model::FileKind;
use crate::ids::{OrgId, UserId};
use crate::locums::model::*;
use crate::locums::repo::{self, NewDocument};
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::org::model::{MembershipStatus, OrgKind, Role};
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::dates::uk_date_time;
use crate::server::Ctx;
use sqlx::AnyConnection;

/// The hub's name, or `NotFound` for any other organisation.
async fn hub_name(conn: &mut AnyConnection, hub_id: &OrgId) -> Result<String, AppError> {
    match orgs::organisation(conn, hub_id).await? {
        Some(org) if org.kind == OrgKind::Hub => Ok(org.name),
        _ => Err(AppError::NotFound),
    }
}

/// "Hub workforce": the hub's locums, locations and documents.
pub async fn workforce(cx: Ctx<'_>, hub_id: &OrgId) -> Result<Workforce, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let hub_name = hub_name(&mut conn, hub_id).await?;
    let mut chosen: HashMap<UserId, Vec<String>> = HashMap::new();
    for (user_id, _, name) in repo::chosen_in_hub(&mut conn, hub_id).await? {
        chosen.entry(user_id).or_default().push(name);
    }
    let mut members = Vec::new();
    for m in orgs::members(&mut conn, hub_id).await? {
        if m.role != Role::Locum {
            continue;
        }
        let profile = repo::registration_of_user(&mut conn, &m.user_id).await?;
        members.push(WorkforceMember {
            locations: chosen.remove(&m.user_id).unwrap_or_default(),
            status: HubStatus::from_membership(m.status.as_str()),
            profession: profile
                .as_ref()
                .map_or("Not given", |p| Profession::label_of(&p.profession))
                .to_string(),
            registration_number: profile
                .as_ref()
                .map(|p| p.registration_number.clone())
                .unwrap_or_default(),
            mobile: profile.map(|p| p.mobile).unwrap_or_default(),
            user_id: m.user_id,
            name: m.name,
            email: m.email,
        });
    }
    let locations = repo::locations(&mut conn, hub_id)
        .await?
        .into_iter()
        .map(|l| HubLocationView {
            id: l.id,
            name: l.name,
            address: l.address,
        })
        .collect();
    let mut acks: HashMap<String, Vec<Acknowledgement>> = HashMap::new();
    for a in repo::acks_in_hub(&mut conn, hub_id).await? {
        acks.entry(a.document_id)
            .or_default()
            .push(Acknowledgement {
                name: a.name,
                when: uk_date_time(a.at),
                typed_name: a.typed_name,
            });
    }
    let documents = repo::documents(&mut conn, hub_id)
        .await?
        .into_iter()
        .map(|d| HubDocumentView {
            done_by: acks.remove(&d.id).unwrap_or_default(),
            action: DocumentAction::parse(&d.action).unwrap_or(DocumentAction::Read),
            id: d.id,
            title: d.title,
            file_id: d.file_id,
        })
        .collect();
    Ok(Workforce {
        hub_name,
        members,
        locations,
        documents,
    })
}

/// "Enable" or "Disable" a locum in the hub's workforce; they are told.
/// Returns their name.
pub async fn set_enabled(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    hub_id: &OrgId,
    user_id: &UserId,
    enabled: bool,
) -> Result<String, AppError> {
    let now = cx.now_ms();
    let base_url = cx.config.base_url.clone();
    cx.db
        .transaction(async |tx| {
            let hub = hub_name(tx, hub_id).await?;
            let member = crate::locums::hubs::service::locum_in_hub(tx, user_id, hub_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let name = crate::accounts::service::name_of(tx, user_id).await?;
            let target = if enabled {
                MembershipStatus::Active
            } else {
                MembershipStatus::Disabled
            };
            if member.status == target.as_str() {
                return Err(AppError::Conflict(format!(
                    "{name} is already {} in {hub}",
                    if enabled { "enabled" } else { "disabled" }
                )));
            }
            orgs::set_membership_status(tx, &member.membership_id, target.as_str()).await?;
            let (event, word) = if enabled {
                (ActivityEvent::HubMemberEnabled, "enabled")
            } else {
                (ActivityEvent::HubMemberDisabled, "disabled")
            };
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                hub_id,
                ("user", user_id),
                event,
                &name,
            )
            .await?;
            let title = format!("You have been {word} in {hub}");
            let body = if enabled {
                format!("{hub} has enabled you in its Hub workforce: you can now work its shifts. Read or sign its documents and choose the locations you wish to work at in Hub management.")
            } else {
                format!("{hub} has disabled you in its Hub workforce: you cannot work its shifts until it enables you again.")
            };
            let notice = Notice {
                kind: NoticeKind::LocumNetwork,
                title: &title,
                body: &body,
                link: Some("/hub-management"),
            };
            notify(tx, now, &base_url, user_id, &notice).await?;
            Ok(name)
        })
        .await
}

/// A hub location (name and address).
pub async fn add_location(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    hub_id: &OrgId,
    raw_name: &str,
    raw_address: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let name = raw_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.push("location_name", "Enter the location's name");
    } else if name.chars().count() > MAX_TITLE {
        errors.push("location_name", "The name must be 120 characters or fewer");
    }
    let address = raw_address.trim();
    if address.is_empty() {
        errors.push("address", "Enter the location's address");
    } else if address.chars().count() > MAX_ADDRESS {
        errors.push("address", "The address must be 500 characters or fewer");
    }
    errors.into_result()?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            hub_name(tx, hub_id).await?;
            if repo::location_named(tx, hub_id, &name).await? {
                return Err(AppError::field(
                    "location_name",
                    &format!("The hub already has a location called {name}"),
                ));
            }
            let id = repo::insert_location(tx, hub_id, &name, address, now).await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                hub_id,
                ("hub_location", &id),
                ActivityEvent::HubLocationAdded,
                &name,
            )
            .await
        })
        .await
}

/// What "Add a hub document" sends.
pub struct NewDocumentInput {
    pub title: String,
    pub action: String,
    pub file_name: String,
    pub file: Vec<u8>,
}

/// A hub document (PDF or Word) for the hub's locums to read or sign.
pub async fn add_document(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    hub_id: &OrgId,
    input: NewDocumentInput,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let title = input.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        errors.push("title", "Enter the document's title");
    } else if title.chars().count() > MAX_TITLE {
        errors.push("title", "The title must be 120 characters or fewer");
    }
    let action = DocumentAction::parse(&input.action);
    if action.is_none() {
        errors.push("action", "Select whether locums read or sign the document");
    }
    let upload = match crate::files::service::check_upload(
        "file",
        &input.file_name,
        input.file,
        &[FileKind::Pdf, FileKind::Docx],
    ) {
        Ok(upload) => Some(upload),
        Err(AppError::Invalid(file_errors)) => {
            errors.0.extend(file_errors.0);
            None
        }
        Err(other) => return Err(other),
    };
    errors.into_result()?;
    let (Some(action), Some(upload)) = (action, upload) else {
        return Err(AppError::BadRequest);
    };
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            hub_name(tx, hub_id).await?;
            let file_id =
                crate::files::service::store(cx, tx, hub_id, Some(&actor.id), &upload).await?;
            let id = repo::insert_document(
                tx,
                NewDocument {
                    hub_id,
                    file_id: &file_id,
                    title: &title,
                    action: action.as_str(),
                    created_by: &actor.id,
                    now,
                },
            )
            .await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                hub_id,
                ("hub_document", &id),
                ActivityEvent::HubDocumentAdded,
                &format!("{title} ({})", action.label()),
            )
            .await
        })
        .await
}

/// "Add a hub": a Federation or PCN hub in the network.
pub async fn add_hub(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    network_id: &OrgId,
    raw_name: &str,
) -> Result<OrgId, AppError> {
    let name = raw_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AppError::field("hub_name", "Enter the hub's name"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppError::field(
            "hub_name",
            "The hub's name must be 200 characters or fewer",
        ));
    }
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            match orgs::organisation(tx, network_id).await? {
                Some(org) if org.kind == OrgKind::Network => {}
                _ => return Err(AppError::NotFound),
            }
            if crate::locums::hubs::service::network_hubs(tx, network_id)
                .await?
                .iter()
                .any(|h| h.name.eq_ignore_ascii_case(&name))
            {
                return Err(AppError::field(
                    "hub_name",
                    &format!("The network already has a hub called {name}"),
                ));
            }
            let hub_id =
                orgs::insert_organisation(tx, OrgKind::Hub, &name, None, Some(network_id), now)
                    .await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                network_id,
                ("organisation", &hub_id),
                ActivityEvent::HubAdded,
                &name,
            )
            .await?;
            Ok(hub_id)
        })
        .await
}
