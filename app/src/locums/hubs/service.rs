//! The locum's side: "Hub management" ("Add Hub", the hub locations they
//! wish to work at, the hub documents to read or sign) and "Your profile".
//!
//! Only an active locum registration opens these pages. Acting for a hub
//! (locations, documents) needs an enabled, direct Locum role in that hub
//! (BookShifts there, through the one access API): a requested or
//! disabled role, or a Locum role in the network above, never does.

use std::collections::HashMap;

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, UserId};
use crate::locums::model::*;
use crate::locums::repo::{self, RegistrationRow};
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::org::model::{MembershipStatus, OrgKind, Permission, Role};
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::dates::uk_date_time;
use crate::server::Ctx;
use sqlx::AnyConnection;

/// The network's hubs, by name.
pub async fn network_hubs(
    conn: &mut AnyConnection,
    network_id: &OrgId,
) -> Result<Vec<HubOption>, AppError> {
    Ok(orgs::children_of_kind(conn, network_id, OrgKind::Hub)
        .await?
        .into_iter()
        .map(|(id, name)| HubOption { id, name })
        .collect())
}

/// The locum's role in the hub, if they have added it.
pub async fn locum_in_hub(
    conn: &mut AnyConnection,
    user_id: &UserId,
    hub_id: &OrgId,
) -> Result<Option<orgs::RoleIn>, AppError> {
    Ok(orgs::role_in(conn, user_id, hub_id, Role::Locum.as_str(), OrgKind::Hub).await?)
}

/// The caller's active locum registration, or `Forbidden`.
async fn locum(conn: &mut AnyConnection, user: &CurrentUser) -> Result<RegistrationRow, AppError> {
    repo::registration_of_user(conn, &user.id)
        .await?
        .ok_or(AppError::Forbidden)
}

/// Asks to join the hub for the locum: their Locum role there,
/// "Requested", and the hub's Hub managers told. In the caller's
/// transaction (activation uses it for the hub chosen at registration).
pub async fn request_hub(
    cx: Ctx<'_>,
    tx: &mut AnyConnection,
    user_id: &UserId,
    name: &str,
    hub_id: &OrgId,
    now: i64,
) -> Result<String, AppError> {
    let hub = orgs::organisation(tx, hub_id)
        .await?
        .filter(|o| o.kind == OrgKind::Hub)
        .ok_or(AppError::NotFound)?;
    if locum_in_hub(tx, user_id, hub_id).await?.is_some() {
        return Err(AppError::Conflict(format!(
            "You have already added {}",
            hub.name
        )));
    }
    let membership =
        orgs::add_membership(tx, user_id, hub_id, Role::Locum.as_str(), None, now).await?;
    orgs::set_membership_status(tx, &membership, MembershipStatus::Requested.as_str()).await?;
    activity::record_for(
        tx,
        now,
        Some(user_id),
        hub_id,
        ("user", user_id),
        ActivityEvent::HubJoinRequested,
        name,
    )
    .await?;
    let title = format!("{name} asked to join {}", hub.name);
    let body = format!(
        "{name} added {} in Hub management. Check their profile and enable them in the Hub workforce.",
        hub.name
    );
    let link = format!("/hubs/{hub_id}/workforce");
    let notice = Notice {
        kind: NoticeKind::LocumNetwork,
        title: &title,
        body: &body,
        link: Some(&link),
    };
    let base_url = cx.config.base_url.clone();
    let managers =
        crate::org::access::people_who_may(tx, hub_id, Permission::ManageWorkforce).await?;
    for manager in managers {
        notify(tx, now, &base_url, &manager.user_id, &notice).await?;
    }
    Ok(hub.name)
}

/// The locum's hubs, each with its locations and documents (those of an
/// enabled hub; a requested or disabled one shows none).
async fn my_hubs(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<MyHub>, AppError> {
    let mut hubs = Vec::new();
    for row in orgs::roles_in_kind(conn, user_id, Role::Locum.as_str(), OrgKind::Hub).await? {
        let (hub_id, hub_name) = (row.organisation_id, row.organisation_name);
        let status = HubStatus::from_membership(&row.status);
        let (mut locations, mut documents) = (Vec::new(), Vec::new());
        if status == HubStatus::Enabled {
            let chosen: Vec<String> = repo::chosen_in_hub(conn, &hub_id)
                .await?
                .into_iter()
                .filter(|(user, _, _)| user == user_id)
                .map(|(_, id, _)| id)
                .collect();
            locations = repo::locations(conn, &hub_id)
                .await?
                .into_iter()
                .map(|l| LocationChoice {
                    chosen: chosen.contains(&l.id),
                    id: l.id,
                    name: l.name,
                    address: l.address,
                })
                .collect();
            let acks: HashMap<String, repo::AckRow> = repo::acks_in_hub(conn, &hub_id)
                .await?
                .into_iter()
                .filter(|a| &a.user_id == user_id)
                .map(|a| (a.document_id.clone(), a))
                .collect();
            documents = repo::documents(conn, &hub_id)
                .await?
                .into_iter()
                .map(|d| {
                    let ack = acks.get(&d.id);
                    DocumentTask {
                        action: DocumentAction::parse(&d.action).unwrap_or(DocumentAction::Read),
                        done: ack.map(|a| uk_date_time(a.at)),
                        typed_name: ack.and_then(|a| a.typed_name.clone()),
                        id: d.id,
                        title: d.title,
                    }
                })
                .collect();
        }
        hubs.push(MyHub {
            hub_id,
            hub_name,
            status,
            locations,
            documents,
        });
    }
    Ok(hubs)
}

/// "Hub management".
pub async fn hub_management(cx: Ctx<'_>, user: &CurrentUser) -> Result<HubManagement, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let registration = locum(&mut conn, user).await?;
    let hubs = my_hubs(&mut conn, &user.id).await?;
    let can_add = network_hubs(&mut conn, &registration.network_id)
        .await?
        .into_iter()
        .filter(|h| !hubs.iter().any(|mine| mine.hub_id == h.id))
        .collect();
    Ok(HubManagement { hubs, can_add })
}

/// "Add Hub": one of the network's hubs.
pub async fn add_hub(cx: Ctx<'_>, user: &CurrentUser, raw_hub: &str) -> Result<String, AppError> {
    let hub_id = raw_hub.trim();
    if hub_id.is_empty() || hub_id.len() > 64 {
        return Err(AppError::field("hub_id", "Select the hub to add"));
    }
    let hub_id = OrgId::new(hub_id);
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let registration = locum(tx, user).await?;
            let in_network = network_hubs(tx, &registration.network_id)
                .await?
                .iter()
                .any(|h| h.id == hub_id);
            if !in_network {
                return Err(AppError::field("hub_id", "Select a hub from the list"));
            }
            request_hub(cx, tx, &user.id, &registration.name, &hub_id, now).await
        })
        .await
}

/// The hub, if the caller may act for it: an enabled, direct Locum role.
async fn acting_for(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    hub_id: &OrgId,
) -> Result<RegistrationRow, AppError> {
    let registration = locum(conn, user).await?;
    crate::org::access::check(conn, user, Permission::BookShifts, hub_id).await?;
    Ok(registration)
}

/// The hub locations the locum wishes to work at (replacing their choice).
pub async fn choose_locations(
    cx: Ctx<'_>,
    user: &CurrentUser,
    hub_id: &OrgId,
    location_ids: &[String],
) -> Result<(), AppError> {
    if location_ids.len() > 200 {
        return Err(AppError::BadRequest);
    }
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let registration = acting_for(tx, user, hub_id).await?;
            let known = repo::locations(tx, hub_id).await?;
            let mut chosen: Vec<String> = Vec::new();
            for id in location_ids {
                if !known.iter().any(|l| &l.id == id) {
                    return Err(AppError::field(
                        "locations",
                        "Select locations from the list",
                    ));
                }
                if !chosen.contains(id) {
                    chosen.push(id.clone());
                }
            }
            repo::set_chosen(tx, &user.id, hub_id, &chosen).await?;
            let names: Vec<&str> = known
                .iter()
                .filter(|l| chosen.contains(&l.id))
                .map(|l| l.name.as_str())
                .collect();
            let details = if names.is_empty() {
                format!("{}: none", registration.name)
            } else {
                format!("{}: {}", registration.name, names.join(", "))
            };
            activity::record_for(
                tx,
                now,
                Some(&user.id),
                hub_id,
                ("user", &user.id),
                ActivityEvent::HubLocationsChosen,
                &details,
            )
            .await
        })
        .await
}

/// Reads ("Mark as read") or signs (with the typed name) a hub document.
/// Returns whether it was signed.
pub async fn acknowledge(
    cx: Ctx<'_>,
    user: &CurrentUser,
    hub_id: &OrgId,
    document_id: &str,
    raw_typed_name: &str,
) -> Result<DocumentAction, AppError> {
    if document_id.len() > 64 {
        return Err(AppError::NotFound);
    }
    let typed = raw_typed_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let registration = acting_for(tx, user, hub_id).await?;
            let document = repo::document(tx, hub_id, document_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let action = DocumentAction::parse(&document.action).unwrap_or(DocumentAction::Read);
            let typed_name = match action {
                DocumentAction::Read => None,
                DocumentAction::Sign => {
                    let field = typed_name_field(document_id);
                    if typed.is_empty() {
                        return Err(AppError::field(
                            &field,
                            "Type your full name to sign the document",
                        ));
                    }
                    if typed.chars().count() > MAX_NAME {
                        return Err(AppError::field(
                            &field,
                            "Your name must be 200 characters or fewer",
                        ));
                    }
                    Some(typed.as_str())
                }
            };
            if !repo::insert_ack(tx, &document.id, &user.id, typed_name, now).await? {
                return Err(AppError::Conflict(format!(
                    "You have already {} {}",
                    match action {
                        DocumentAction::Read => "read",
                        DocumentAction::Sign => "signed",
                    },
                    document.title
                )));
            }
            let (event, verb) = match action {
                DocumentAction::Read => (ActivityEvent::HubDocumentRead, "read"),
                DocumentAction::Sign => (ActivityEvent::HubDocumentSigned, "signed"),
            };
            activity::record_for(
                tx,
                now,
                Some(&user.id),
                hub_id,
                ("hub_document", &document.id),
                event,
                &format!("{} {verb} {}", registration.name, document.title),
            )
            .await?;
            Ok(action)
        })
        .await
}

/// "Your profile".
pub async fn profile(cx: Ctx<'_>, user: &CurrentUser) -> Result<LocumProfile, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let registration = locum(&mut conn, user).await?;
    let hubs = my_hubs(&mut conn, &user.id).await?;
    let register = Profession::parse(&registration.profession).map(Profession::register);
    Ok(LocumProfile {
        name: user.name.clone(),
        email: user.email.clone(),
        profession: Profession::label_of(&registration.profession).to_string(),
        registration_label: register
            .map_or("Registration number", |r| r.label())
            .to_string(),
        registration_number: registration.registration_number,
        mobile: registration.mobile,
        hubs,
    })
}

/// A hub document's file for one of the hub's enabled locums or its Hub
/// managers; `NotFound` for anyone else and anything else.
pub async fn document_file(
    cx: Ctx<'_>,
    user: &CurrentUser,
    hub_id: &OrgId,
    document_id: &str,
) -> Result<crate::files::service::StoredFile, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let allowed = crate::org::access::may(&mut conn, &user.id, Permission::BookShifts, hub_id)
        .await?
        || crate::org::access::may(&mut conn, &user.id, Permission::ManageWorkforce, hub_id)
            .await?;
    if !allowed || document_id.len() > 64 {
        return Err(AppError::NotFound);
    }
    let document = repo::document(&mut conn, hub_id, document_id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::files::service::read(cx, &mut conn, hub_id, &document.file_id).await
}
