//! One request: its page and its actions (assign or reassign, urgent or
//! routine, note, reply, complete). Each action is one transaction: the
//! change, its activity-log entry and any email commit together or not at
//! all. Every function checks the person may act in the request's practice:
//! a request is never visible to someone without a staff role there.

use super::model::*;
use super::repo;
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, RequestId, UserId};
use crate::mail::model::{OutgoingEmail, Template};
use crate::org::model::Permission;
use crate::org::model::Role;
use crate::org::{access, service as orgs};
use crate::requests::contact::model::MAX_DESCRIPTION;
use crate::requests::inbox::service::{handler_in, works_requests_in};
use crate::requests::model::*;
use crate::requests::repo as shared;
use crate::server::activity;
use crate::server::Ctx;
use sqlx::AnyConnection;

// ---- actions on a request ---------------------------------------------------------

/// Who a request is assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignee {
    Person(UserId),
    Group(String),
    Nobody,
}

/// Opens a request for an action: `NotFound` unless it exists and the
/// person works requests in its practice (so a stranger cannot tell).
async fn request_for_action(
    conn: &mut AnyConnection,
    actor: &CurrentUser,
    request_id: &RequestId,
) -> Result<repo::RequestRow, AppError> {
    let request = repo::request(conn, request_id)
        .await?
        .ok_or(AppError::NotFound)?;
    handler_in(conn, actor, &request.practice_id)
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok(request)
}

/// What an action changed, for its server function to announce to the
/// open inbox pages of the practice once the transaction has committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub practice_id: OrgId,
}

/// What an action did, for [`act`] to record: its event (`None` when
/// nothing changed, and nothing is recorded), the words for the activity
/// log and what the action returns besides [`Changed`].
struct Done<T> {
    event: Option<ActivityEvent>,
    details: String,
    value: T,
}

impl Done<()> {
    fn recorded(event: ActivityEvent, details: impl Into<String>) -> Self {
        Done {
            event: Some(event),
            details: details.into(),
            value: (),
        }
    }
}

/// The shape of every action on a request, in one transaction: open the
/// request for the actor (`NotFound` for a stranger), make the change,
/// record its event in the request's history, and say what changed.
async fn act<T>(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    request_id: &RequestId,
    change: impl AsyncFnOnce(&mut AnyConnection, &repo::RequestRow, i64) -> Result<Done<T>, AppError>,
) -> Result<(T, Changed), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let request = request_for_action(tx, actor, request_id).await?;
            let done = change(tx, &request, now).await?;
            if let Some(event) = done.event {
                activity::record_for(
                    tx,
                    now,
                    Some(&actor.id),
                    &request.practice_id,
                    ("request", request_id),
                    event,
                    &done.details,
                )
                .await?;
            }
            let changed = Changed {
                practice_id: request.practice_id,
            };
            Ok((done.value, changed))
        })
        .await
}

/// Assign or reassign to a person or a group inbox of the request's
/// practice, or back to the unassigned queue.
pub async fn assign(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    request_id: &RequestId,
    to: &Assignee,
) -> Result<Changed, AppError> {
    act(cx, actor, request_id, async |tx, request, now| {
        let (user, inbox, details) = match to {
            Assignee::Person(user_id) => {
                let works_here = works_requests_in(tx, user_id, &request.practice_id).await?;
                if !works_here {
                    return Err(AppError::field(
                        "assignee",
                        "Select someone who works requests at this practice",
                    ));
                }
                let name = crate::accounts::service::name_of(tx, user_id).await?;
                (Some(user_id), None, name)
            }
            Assignee::Group(inbox_id) => {
                let (practice_id, name, ..) =
                    shared::group_inbox(tx, inbox_id).await?.ok_or_else(|| {
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
        shared::set_assignment(tx, request_id, user, inbox, now).await?;
        let event = if request.assigned_user_id.is_some() || request.assigned_inbox_id.is_some() {
            ActivityEvent::RequestReassigned
        } else {
            ActivityEvent::RequestAssigned
        };
        Ok(Done::recorded(event, details))
    })
    .await
    .map(|((), changed)| changed)
}

pub async fn mark_urgent(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    request_id: &RequestId,
    urgent: bool,
) -> Result<Changed, AppError> {
    act(cx, actor, request_id, async |tx, request, now| {
        if request.urgent == urgent {
            return Ok(Done {
                event: None,
                details: String::new(),
                value: (),
            });
        }
        repo::set_urgent(tx, request_id, urgent, now).await?;
        let event = if urgent {
            ActivityEvent::RequestMarkedUrgent
        } else {
            ActivityEvent::RequestMarkedRoutine
        };
        Ok(Done::recorded(event, ""))
    })
    .await
    .map(|((), changed)| changed)
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
    cx: Ctx<'_>,
    actor: &CurrentUser,
    request_id: &RequestId,
    note: &str,
) -> Result<(), AppError> {
    let note = check_text("note", note, "Enter a note")?;
    act(cx, actor, request_id, async |tx, _, now| {
        repo::insert_note(tx, request_id, &actor.id, "note", &note, now).await?;
        Ok(Done::recorded(ActivityEvent::NoteAdded, ""))
    })
    .await
    // The inbox lists show no notes: nothing for open pages to reload.
    .map(|((), _)| ())
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
    cx: Ctx<'_>,
    actor: &CurrentUser,
    request_id: &RequestId,
    reply: &str,
) -> Result<(ReplyDelivery, Changed), AppError> {
    let reply = check_text("reply", reply, "Enter your reply to the patient")?;
    act(cx, actor, request_id, async |tx, request, now| {
        repo::insert_note(tx, request_id, &actor.id, "reply", &reply, now).await?;
        if request.status == RequestStatus::New {
            shared::set_status(tx, request_id, RequestStatus::InProgress, now).await?;
        }
        let (_, practice) = orgs::practice(tx, &request.practice_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let delivery = match &request.contact_email {
            Some(address) => {
                // A reply that opens with its own "Dear …" gets no second one.
                let own_greeting = reply
                    .get(..5)
                    .is_some_and(|start| start.eq_ignore_ascii_case("dear "));
                let template = Template {
                    greeting: match own_greeting {
                        true => String::new(),
                        false => format!("Dear {},", request.patient_name),
                    },
                    paragraphs: vec![
                        format!(
                            "{practice} has replied to your request {}:",
                            request.reference
                        ),
                        reply.clone(),
                        "Do not reply to this email. Contact the practice if you need to."
                            .to_string(),
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
                crate::mail::queue(tx, now, &email).await?;
                ReplyDelivery::Emailed
            }
            None => ReplyDelivery::CallNeeded,
        };
        let details = match delivery {
            ReplyDelivery::Emailed => "emailed",
            ReplyDelivery::CallNeeded => "no email address: call the patient",
        };
        Ok(Done {
            event: Some(ActivityEvent::ReplySent),
            details: details.to_string(),
            value: delivery,
        })
    })
    .await
}

pub async fn complete(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    request_id: &RequestId,
) -> Result<Changed, AppError> {
    act(cx, actor, request_id, async |tx, request, now| {
        if request.status == RequestStatus::Completed {
            return Err(AppError::Conflict(
                "This request is already completed".into(),
            ));
        }
        shared::set_status(tx, request_id, RequestStatus::Completed, now).await?;
        Ok(Done::recorded(ActivityEvent::RequestCompleted, ""))
    })
    .await
    .map(|((), changed)| changed)
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
    cx: Ctx<'_>,
    user: &CurrentUser,
    request_id: &RequestId,
) -> Result<RequestDetail, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
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
    // Who it could go to is shown only while the request is open; a
    // completed request's page does not carry the practice's staff list.
    let open = request.status != RequestStatus::Completed;
    let mut assign_options = Vec::new();
    if open {
        assign_options.push(("nobody".to_string(), "Unassigned".to_string()));
        for person in
            access::people_who_may(&mut conn, &request.practice_id, Permission::HandleRequests)
                .await?
        {
            let (id, name) = (&person.user_id, &person.name);
            let roles: Vec<&str> = person
                .roles
                .iter()
                .map(|r| Role::parse(r).map_or(r.as_str(), |role| role.label()))
                .collect();
            assign_options.push((
                format!("person:{id}"),
                format!("{name} ({})", roles.join(", ")),
            ));
        }
        for inbox in shared::group_inboxes(&mut conn, &request.practice_id).await? {
            assign_options.push((
                format!("group:{}", inbox.id),
                format!("{} (group inbox)", inbox.name),
            ));
        }
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
        me: format!("person:{}", user.id),
        notes,
        history,
    })
}

/// A patient's own requests to their practice (made with their NHS number
/// and date of birth), with the replies sent to them and never the
/// internal notes: for "Your Patient Profile", whose service has checked
/// that the record is the signed-in patient's.
pub async fn patient_requests(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    nhs_number: &str,
    date_of_birth: &str,
) -> Result<Vec<PatientRequest>, AppError> {
    let rows = repo::requests_for_patient(conn, practice_id, nhs_number, date_of_birth, 50).await?;
    let mut requests = Vec::with_capacity(rows.len());
    for row in rows {
        let replies = repo::notes(&mut *conn, &row.id)
            .await?
            .into_iter()
            .filter(|(kind, _, _, _)| kind == "reply")
            .map(|(_, _, body, at)| (crate::server::dates::uk_date_time(at), body))
            .collect();
        requests.push(PatientRequest {
            reference: row.reference,
            kind: row.kind,
            status: row.status,
            received: crate::server::dates::uk_date_time(row.created_at),
            description: row.description,
            replies,
        });
    }
    Ok(requests)
}
