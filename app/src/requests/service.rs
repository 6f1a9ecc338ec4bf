//! Patient requests and inboxes. Each action is one transaction: the
//! change, its activity-log entry and any email commit together or not at
//! all. Every function checks the person may act in the request's practice:
//! a request is never visible to someone without a staff role there.

use super::model::*;
use super::repo::{self, Scope};
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::mail::model::{OutgoingEmail, Template};
use crate::org::model::Permission;
use crate::org::model::Role;
use crate::org::{access, service as orgs};
use crate::requests::contact::model::MAX_DESCRIPTION;
use crate::server::activity;
use crate::server::clock::Clock;
use crate::server::Db;
use sqlx::AnyConnection;

/// The most requests one inbox page shows.
pub const PAGE_SIZE: i64 = 50;

/// A practice where the person works requests (a direct, active role there
/// that grants HandleRequests: `org::access::practices_where`), with the
/// open requests of their "My inbox" and of its unassigned queue.
#[derive(Debug, Clone)]
pub struct HandlerPractice {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
    pub all_practices: bool,
    /// Open requests assigned to the person here.
    pub mine_open: i64,
    /// Open requests in the practice's unassigned queue.
    pub unassigned_open: i64,
}

/// The practices where `user_id` works requests, by name, with their
/// "My inbox" and unassigned counts.
pub async fn handler_practices(
    conn: &mut AnyConnection,
    user_id: &str,
) -> Result<Vec<HandlerPractice>, AppError> {
    let practices = access::practices_where(conn, user_id, Permission::HandleRequests).await?;
    let ids: Vec<&str> = practices.iter().map(|p| p.id.as_str()).collect();
    let counts = repo::my_and_unassigned_counts(conn, user_id, &ids).await?;
    let count = |practice: &str, unassigned: bool| {
        counts
            .iter()
            .filter(|(id, bucket, _)| id == practice && (bucket == repo::UNASSIGNED) == unassigned)
            .map(|(_, _, open)| *open)
            .sum()
    };
    Ok(practices
        .into_iter()
        .map(|p| HandlerPractice {
            mine_open: count(&p.id, false),
            unassigned_open: count(&p.id, true),
            id: p.id,
            name: p.name,
            roles: p.roles,
            all_practices: p.all_practices,
        })
        .collect())
}

/// Whether the person works requests in the practice.
pub async fn works_requests_in(
    conn: &mut AnyConnection,
    user_id: &str,
    practice_id: &str,
) -> Result<bool, AppError> {
    Ok(access::may(conn, user_id, Permission::HandleRequests, practice_id).await?)
}

/// The practices where the person works requests; `Forbidden` unless
/// `practice_id` is one of them.
pub(in crate::requests) async fn handler_in(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    practice_id: &str,
) -> Result<HandlerPractice, AppError> {
    handler_practices(conn, &user.id)
        .await?
        .into_iter()
        .find(|p| p.id == practice_id)
        .ok_or(AppError::Forbidden)
}
// ---- inboxes ----------------------------------------------------------------------

/// The requests of one inbox view, urgent first then oldest first.
pub async fn inbox(
    db: &Db,
    user: &CurrentUser,
    view: &InboxView,
    filter: &InboxFilter,
) -> Result<Vec<RequestSummary>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let practices = handler_practices(&mut conn, &user.id).await?;
    inbox_in(&mut conn, user, &practices, view, filter).await
}

async fn inbox_in(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    practices: &[HandlerPractice],
    view: &InboxView,
    filter: &InboxFilter,
) -> Result<Vec<RequestSummary>, AppError> {
    let rows = match view {
        InboxView::Mine { practice_id } => {
            let practice = practices
                .iter()
                .find(|p| &p.id == practice_id)
                .ok_or(AppError::Forbidden)?;
            let ids = [practice.id.clone()];
            let scope = Scope::AssignedTo {
                user_id: &user.id,
                practices: &ids,
            };
            repo::list(&mut *conn, scope, filter, PAGE_SIZE).await?
        }
        InboxView::Unassigned { practice_id } => {
            if !practices.iter().any(|p| &p.id == practice_id) {
                return Err(AppError::Forbidden);
            }
            let scope = Scope::Unassigned { practice_id };
            repo::list(&mut *conn, scope, filter, PAGE_SIZE).await?
        }
        InboxView::Group { inbox_id } => {
            let (practice_id, _, _, role) = repo::group_inbox(&mut *conn, inbox_id)
                .await?
                .ok_or(AppError::Forbidden)?;
            let allowed = practices
                .iter()
                .any(|p| p.id == practice_id && p.roles.contains(&role));
            if !allowed {
                return Err(AppError::Forbidden);
            }
            let ids = [inbox_id.clone()];
            repo::list(
                &mut *conn,
                Scope::Inboxes { inbox_ids: &ids },
                filter,
                PAGE_SIZE,
            )
            .await?
        }
        InboxView::MineAllPractices => {
            let ids: Vec<String> = practices
                .iter()
                .filter(|p| p.all_practices)
                .map(|p| p.id.clone())
                .collect();
            let scope = Scope::AssignedTo {
                user_id: &user.id,
                practices: &ids,
            };
            repo::list(&mut *conn, scope, filter, PAGE_SIZE).await?
        }
        InboxView::GroupAllPractices { name_key: key } => {
            let ids = merged_inbox_ids(&mut *conn, practices, key).await?;
            repo::list(
                &mut *conn,
                Scope::Inboxes { inbox_ids: &ids },
                filter,
                PAGE_SIZE,
            )
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|row| RequestSummary {
            received: crate::server::dates::uk_date_time(row.created_at),
            ..row
        })
        .collect())
}

/// The group inboxes named `key` in the practices of the person's All
/// Practices view whose role they hold.
async fn merged_inbox_ids(
    conn: &mut AnyConnection,
    practices: &[HandlerPractice],
    key: &str,
) -> Result<Vec<String>, AppError> {
    let shared: Vec<&HandlerPractice> = practices.iter().filter(|p| p.all_practices).collect();
    let ids: Vec<String> = shared.iter().map(|p| p.id.clone()).collect();
    let inboxes = repo::inboxes_of(conn, &ids).await?;
    Ok(inboxes
        .into_iter()
        .filter(|inbox| {
            inbox.name_key == key
                && shared
                    .iter()
                    .any(|p| p.id == inbox.practice_id && p.roles.contains(&inbox.role))
        })
        .map(|inbox| inbox.id)
        .collect())
}

fn plural(n: i64) -> String {
    if n == 1 {
        "1 request".to_string()
    } else {
        format!("{n} requests")
    }
}

/// The inbox navigation with open counts: per practice "My inbox", the
/// unassigned queue and the group inboxes of my roles; then, when any of my
/// practices enabled it, "My Inbox - All Practices" and each group inbox
/// merged by name.
pub async fn navigation(db: &Db, user: &CurrentUser) -> Result<InboxNavigation, AppError> {
    let mut conn = db.pool.acquire().await?;
    let practices = handler_practices(&mut conn, &user.id).await?;
    navigation_in(&mut conn, &practices).await
}

async fn navigation_in(
    conn: &mut AnyConnection,
    practices: &[HandlerPractice],
) -> Result<InboxNavigation, AppError> {
    let ids: Vec<String> = practices.iter().map(|p| p.id.clone()).collect();
    let inboxes = repo::inboxes_of(&mut *conn, &ids).await?;
    let mut navigation = InboxNavigation::default();
    let mut merged: Vec<(String, String, i64)> = Vec::new();
    let mut mine_all = 0;
    for practice in practices {
        let mine = practice.mine_open;
        let unassigned = practice.unassigned_open;
        let mut entries = vec![
            InboxCount {
                name: "My inbox".to_string(),
                label: format!("My inbox ({})", plural(mine)),
                view: InboxView::Mine {
                    practice_id: practice.id.clone(),
                },
                open: mine,
            },
            InboxCount {
                name: "Unassigned".to_string(),
                label: format!("Unassigned ({})", plural(unassigned)),
                view: InboxView::Unassigned {
                    practice_id: practice.id.clone(),
                },
                open: unassigned,
            },
        ];
        let mut group_total = 0;
        for inbox in &inboxes {
            if inbox.practice_id != practice.id || !practice.roles.contains(&inbox.role) {
                continue;
            }
            let (id, name, key, open) = (&inbox.id, &inbox.name, &inbox.name_key, inbox.open);
            group_total += open;
            entries.push(InboxCount {
                name: name.clone(),
                label: format!("{name} ({})", plural(open)),
                view: InboxView::Group {
                    inbox_id: id.clone(),
                },
                open,
            });
            if practice.all_practices {
                match merged.iter_mut().find(|(k, ..)| k == key) {
                    Some(entry) => entry.2 += open,
                    None => merged.push((key.clone(), name.clone(), open)),
                }
            }
        }
        if practice.all_practices {
            mine_all += mine;
        }
        navigation.practices.push(PracticeInboxes {
            practice_id: practice.id.clone(),
            practice_name: practice.name.clone(),
            open: mine + unassigned + group_total,
            inboxes: entries,
        });
    }
    if practices.iter().any(|p| p.all_practices) {
        navigation.all_practices.push(InboxCount {
            name: "My Inbox - All Practices".to_string(),
            label: format!("My Inbox - All Practices ({})", plural(mine_all)),
            view: InboxView::MineAllPractices,
            open: mine_all,
        });
        for (key, name, open) in merged {
            navigation.all_practices.push(InboxCount {
                name: format!("{name} - All Practices"),
                label: format!("{name} - All Practices ({})", plural(open)),
                view: InboxView::GroupAllPractices { name_key: key },
                open,
            });
        }
    }
    Ok(navigation)
}

// ---- actions on a request ---------------------------------------------------------

/// Who a request is assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignee {
    Person(String),
    Group(String),
    Nobody,
}

/// Opens a request for an action: `NotFound` unless it exists and the
/// person works requests in its practice (so a stranger cannot tell).
async fn request_for_action(
    conn: &mut AnyConnection,
    actor: &CurrentUser,
    request_id: &str,
) -> Result<repo::RequestRow, AppError> {
    let request = repo::request(conn, request_id)
        .await?
        .ok_or(AppError::NotFound)?;
    handler_in(conn, actor, &request.practice_id)
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok(request)
}

/// Assign or reassign to a person or a group inbox of the request's
/// practice, or back to the unassigned queue.
pub async fn assign(
    db: &Db,
    clock: &dyn Clock,
    actor: &CurrentUser,
    request_id: &str,
    to: &Assignee,
) -> Result<(), AppError> {
    let now = clock.now_ms();
    let mut tx = db.pool.begin().await?;
    let request = request_for_action(&mut tx, actor, request_id).await?;
    let (user, inbox, details) = match to {
        Assignee::Person(user_id) => {
            let works_here = works_requests_in(&mut tx, user_id, &request.practice_id).await?;
            if !works_here {
                return Err(AppError::field(
                    "assignee",
                    "Select someone who works requests at this practice",
                ));
            }
            let name = crate::accounts::service::name_of(&mut tx, user_id).await?;
            (Some(user_id.as_str()), None, name)
        }
        Assignee::Group(inbox_id) => {
            let (practice_id, name, ..) =
                repo::group_inbox(&mut tx, inbox_id).await?.ok_or_else(|| {
                    AppError::field("assignee", "Select a group inbox of this practice")
                })?;
            if practice_id != request.practice_id {
                return Err(AppError::field(
                    "assignee",
                    "Select a group inbox of this practice",
                ));
            }
            (None, Some(inbox_id.as_str()), name)
        }
        Assignee::Nobody => (None, None, "Unassigned".to_string()),
    };
    repo::set_assignment(&mut tx, request_id, user, inbox, now).await?;
    let event = if request.assigned_user_id.is_some() || request.assigned_inbox_id.is_some() {
        "request_reassigned"
    } else {
        "request_assigned"
    };
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        &request.practice_id,
        ("request", request_id),
        event,
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn mark_urgent(
    db: &Db,
    clock: &dyn Clock,
    actor: &CurrentUser,
    request_id: &str,
    urgent: bool,
) -> Result<(), AppError> {
    let now = clock.now_ms();
    let mut tx = db.pool.begin().await?;
    let request = request_for_action(&mut tx, actor, request_id).await?;
    if request.urgent == urgent {
        return Ok(());
    }
    repo::set_urgent(&mut tx, request_id, urgent, now).await?;
    let event = if urgent {
        "request_marked_urgent"
    } else {
        "request_marked_routine"
    };
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        &request.practice_id,
        ("request", request_id),
        event,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn check_text(field: &str, text: &str, empty: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field(field, empty));
    }
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(AppError::field(field, "Must be 2000 characters or fewer"));
    }
    Ok(text.to_string())
}

/// An internal note: staff see it, the patient never does.
pub async fn add_note(
    db: &Db,
    clock: &dyn Clock,
    actor: &CurrentUser,
    request_id: &str,
    note: &str,
) -> Result<(), AppError> {
    let note = check_text("note", note, "Enter a note")?;
    let now = clock.now_ms();
    let mut tx = db.pool.begin().await?;
    let request = request_for_action(&mut tx, actor, request_id).await?;
    repo::insert_note(&mut tx, request_id, &actor.id, "note", &note, now).await?;
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        &request.practice_id,
        ("request", request_id),
        "note_added",
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How a reply reaches the patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyDelivery {
    /// Queued to the patient's email address.
    Emailed,
    /// The patient gave only a phone number: staff must call.
    CallNeeded,
}

/// Reply to the patient: kept on the request and emailed when the patient
/// gave an address. Marks a new request in progress.
pub async fn reply_to_patient(
    db: &Db,
    clock: &dyn Clock,
    actor: &CurrentUser,
    request_id: &str,
    reply: &str,
) -> Result<ReplyDelivery, AppError> {
    let reply = check_text("reply", reply, "Enter your reply to the patient")?;
    let now = clock.now_ms();
    let mut tx = db.pool.begin().await?;
    let request = request_for_action(&mut tx, actor, request_id).await?;
    repo::insert_note(&mut tx, request_id, &actor.id, "reply", &reply, now).await?;
    if request.status == RequestStatus::New {
        repo::set_status(&mut tx, request_id, RequestStatus::InProgress, now).await?;
    }
    let (_, practice) = orgs::practice(&mut tx, &request.practice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let delivery = match &request.contact_email {
        Some(address) => {
            let template = Template {
                greeting: format!("Dear {},", request.patient_name),
                paragraphs: vec![
                    format!(
                        "{practice} has replied to your request {}:",
                        request.reference
                    ),
                    reply.clone(),
                    "Do not reply to this email. Contact the practice if you need to.".to_string(),
                ],
                link: None,
                footer: None,
            };
            let subject = format!("A reply from {practice}");
            let email = OutgoingEmail {
                to: address.clone(),
                text: template.text(),
                html: template.html(&subject),
                subject,
            };
            crate::mail::queue(&mut tx, now, &email).await?;
            ReplyDelivery::Emailed
        }
        None => ReplyDelivery::CallNeeded,
    };
    let details = match delivery {
        ReplyDelivery::Emailed => "emailed",
        ReplyDelivery::CallNeeded => "no email address: call the patient",
    };
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        &request.practice_id,
        ("request", request_id),
        "reply_sent",
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(delivery)
}

pub async fn complete(
    db: &Db,
    clock: &dyn Clock,
    actor: &CurrentUser,
    request_id: &str,
) -> Result<(), AppError> {
    let now = clock.now_ms();
    let mut tx = db.pool.begin().await?;
    let request = request_for_action(&mut tx, actor, request_id).await?;
    if request.status == RequestStatus::Completed {
        return Err(AppError::Conflict(
            "This request is already completed".into(),
        ));
    }
    repo::set_status(&mut tx, request_id, RequestStatus::Completed, now).await?;
    activity::record_for(
        &mut tx,
        now,
        Some(&actor.id),
        &request.practice_id,
        ("request", request_id),
        "request_completed",
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---- pages ------------------------------------------------------------------------

/// The inbox page: [`inbox_screen`], or for someone with no inbox, whether
/// they are a Practice admin who can give themselves a staff role.
pub async fn inbox_page(
    db: &Db,
    user: &CurrentUser,
    view: Option<InboxView>,
    filter: &InboxFilter,
) -> Result<InboxScreen, AppError> {
    let screen = inbox_screen(db, user, view, filter).await?;
    if screen != InboxScreen::NoInbox {
        return Ok(screen);
    }
    Ok(match crate::staff::service::inbox_access(db, user).await? {
        crate::staff::model::InboxAccess::AdminOnly {
            organisation_id,
            organisation_name,
        } => InboxScreen::AdminOnly {
            organisation_id,
            organisation_name,
            email: user.email.clone(),
        },
        _ => InboxScreen::NoInbox,
    })
}

/// The inbox page: the chosen view (or, without one, "My Inbox - All
/// Practices" when the person has that view, else "My inbox" of their first
/// practice), its requests and the navigation. `NoInbox` for someone who
/// works requests nowhere.
pub async fn inbox_screen(
    db: &Db,
    user: &CurrentUser,
    view: Option<InboxView>,
    filter: &InboxFilter,
) -> Result<InboxScreen, AppError> {
    let mut conn = db.pool.acquire().await?;
    let practices = handler_practices(&mut conn, &user.id).await?;
    let Some(first) = practices.first() else {
        return Ok(InboxScreen::NoInbox);
    };
    let view = view.unwrap_or_else(|| {
        if practices.iter().any(|p| p.all_practices) {
            InboxView::MineAllPractices
        } else {
            let current = user
                .organisation()
                .map(|o| o.organisation_id.as_str())
                .filter(|id| practices.iter().any(|p| p.id == *id));
            InboxView::Mine {
                practice_id: current.unwrap_or(&first.id).to_string(),
            }
        }
    });
    let rows = inbox_in(&mut conn, user, &practices, &view, filter).await?;
    let navigation = navigation_in(&mut conn, &practices).await?;
    let own_practice = navigation
        .practices
        .iter()
        .find(|p| p.inboxes.iter().any(|i| i.view == view));
    let title = own_practice
        .into_iter()
        .flat_map(|p| p.inboxes.iter())
        .chain(navigation.all_practices.iter())
        .find(|i| i.view == view)
        .map(|i| i.name.clone())
        .unwrap_or_else(|| "Inbox".to_string());
    let practice_name = own_practice
        .map(|p| p.practice_name.clone())
        .unwrap_or_default();
    Ok(InboxScreen::Open {
        view,
        title,
        practice_name,
        rows,
        navigation,
    })
}

/// "1985-12-10" as "10 December 1985".
fn long_date(iso: &str) -> String {
    use crate::server::dates::MONTHS;
    let mut parts = iso.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(year), Some(month), Some(day)) => {
            let month = month
                .parse::<usize>()
                .ok()
                .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
            let day = day.parse::<u32>().ok();
            match (month, day) {
                (Some(month), Some(day)) => format!("{day} {month} {year}"),
                _ => iso.to_string(),
            }
        }
        _ => iso.to_string(),
    }
}

/// The request page, for staff who work requests in its practice
/// (`NotFound` for anyone else, so a stranger cannot tell it exists).
pub async fn request_detail(
    db: &Db,
    user: &CurrentUser,
    request_id: &str,
) -> Result<RequestDetail, AppError> {
    let mut conn = db.pool.acquire().await?;
    let request = request_for_action(&mut conn, user, request_id).await?;
    let extra = repo::request_extra(&mut conn, request_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let notes = repo::notes(&mut conn, request_id)
        .await?
        .into_iter()
        .map(|(kind, author, body, at)| RequestNote {
            reply: kind == "reply",
            author: author.unwrap_or_else(|| "A former member of staff".to_string()),
            when: crate::server::dates::uk_date_time(at),
            body,
        })
        .collect();
    let mut assign_options = vec![("nobody".to_string(), "Unassigned".to_string())];
    for (id, name, roles) in
        access::people_who_may(&mut conn, &request.practice_id, Permission::HandleRequests).await?
    {
        let roles: Vec<&str> = roles
            .iter()
            .map(|r| Role::parse(r).map_or(r.as_str(), |role| role.label()))
            .collect();
        assign_options.push((
            format!("person:{id}"),
            format!("{name} ({})", roles.join(", ")),
        ));
    }
    for inbox in repo::group_inboxes(&mut conn, &request.practice_id).await? {
        assign_options.push((
            format!("group:{}", inbox.id),
            format!("{} (group inbox)", inbox.name),
        ));
    }
    let assignee = match (&request.assigned_user_id, &request.assigned_inbox_id) {
        (Some(user_id), _) => format!("person:{user_id}"),
        (None, Some(inbox_id)) => format!("group:{inbox_id}"),
        (None, None) => "nobody".to_string(),
    };
    let rows = activity::history(&mut conn, "request", request_id, 100).await?;
    let history = crate::activity::service::to_entries(rows, "")
        .into_iter()
        .map(|mut entry| {
            if entry.by == "Gatehouse" {
                entry.by = "The patient".to_string();
            }
            entry
        })
        .collect();
    Ok(RequestDetail {
        id: request.id,
        reference: request.reference,
        practice_id: request.practice_id,
        practice_name: extra.practice_name,
        kind: extra.kind,
        status: request.status,
        urgent: request.urgent,
        source: if extra.source == "phone" {
            "Phone call".to_string()
        } else {
            "Online form".to_string()
        },
        patient_name: request.patient_name,
        date_of_birth: long_date(&extra.date_of_birth),
        nhs_number: extra.nhs_number,
        contact_email: request.contact_email,
        contact_phone: extra.contact_phone,
        description: extra.description,
        received: crate::server::dates::uk_date_time(extra.created_at),
        assigned_to: extra.assigned_to,
        assignee,
        assign_options,
        notes,
        history,
    })
}

/// The practice of a request, to tell its open inbox pages it changed.
pub async fn practice_of(db: &Db, request_id: &str) -> Result<Option<String>, AppError> {
    let mut conn = db.pool.acquire().await?;
    Ok(repo::request(&mut conn, request_id)
        .await?
        .map(|request| request.practice_id))
}
