//! `/requests/:id`: one request and what staff can do with it.

use crate::ids::RequestId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{
    clear_text_area, focus_when_drawn, BackLink, Button, ButtonKind, ErrorSummary, FormErrors,
    PageSkeleton, Select, SummaryList, SummaryRow, Table, Tag, TagColour, Textarea,
};

/// The confirmation of the latest action; focus moves to it.
const CONFIRMATION: &str = "request-confirmation";
use crate::error::{AppError, FieldError, FieldErrors};
use crate::requests::model::*;
use crate::requests::request::api::*;
use crate::requests::request::model::*;

/// `/requests/:id`: a request, its notes and history, and what staff can do
/// with it.
#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || RequestId::new(params.read().get("id").unwrap_or_default());
    let query = use_query_map();
    let version = RwSignal::new(0u32);
    let banner: RwSignal<Option<String>> = RwSignal::new(
        query
            .with_untracked(|q| q.get("done"))
            .filter(|done| done == "logged")
            .map(|_| "Request logged. It is in the practice's unassigned queue.".to_string()),
    );
    // Set by an action that succeeded: the page drawn with the new data
    // moves focus to its confirmation.
    let confirm = RwSignal::new(false);
    let detail = Resource::new(move || (id(), version.get()), |(id, _)| get_request(id));
    // "Complete request" asks first: `?confirm=complete` shows the question
    // (a plain link, so it works without WebAssembly too).
    let confirming =
        Signal::derive(move || query.read().get("confirm").as_deref() == Some("complete"));
    view! {
        <PageSkeleton data=detail loading=|| view! { <Title text="Request"/><p class="nhsuk-body">"Loading…"</p> } transition=true page=move |detail| view! { <RequestView detail version banner confirm confirming/> }.into_any()/>
    }
}

#[component]
fn RequestView(
    detail: RequestDetail,
    version: RwSignal<u32>,
    banner: RwSignal<Option<String>>,
    confirm: RwSignal<bool>,
    confirming: Signal<bool>,
) -> impl IntoView {
    let assign = ServerAction::<AssignRequest>::new();
    let urgent = ServerAction::<MarkRequestUrgent>::new();
    let note = ServerAction::<AddRequestNote>::new();
    let reply = ServerAction::<ReplyToPatient>::new();
    let complete = ServerAction::<CompleteRequest>::new();
    // The latest action's field (for errors that belong to no field) and
    // its outcome: the success message, or the error.
    let latest: RwSignal<Option<(&'static str, Result<String, AppError>)>> = RwSignal::new(None);
    let phone = detail.contact_phone.clone().unwrap_or_default();
    let was_urgent = detail.urgent;
    Effect::new(move |_| {
        if let Some(r) = assign.value().get() {
            latest.set(Some((
                "assignee",
                r.map(|()| "Request assigned.".to_string()),
            )));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = urgent.value().get() {
            let message = if was_urgent {
                "Request marked routine."
            } else {
                "Request marked urgent. It is now at the top of its inbox."
            };
            latest.set(Some(("urgent", r.map(|()| message.to_string()))));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = note.value().get() {
            latest.set(Some(("note", r.map(|()| "Note added.".to_string()))));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = reply.value().get() {
            let phone = phone.clone();
            latest.set(Some((
                "reply",
                r.map(|emailed| {
                    if emailed {
                        "Reply sent to the patient by email.".to_string()
                    } else {
                        format!(
                            "Reply saved. The patient gave no email address: call them on {phone}."
                        )
                    }
                }),
            )));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = complete.value().get() {
            latest.set(Some((
                "complete",
                r.map(|()| "Request completed.".to_string()),
            )));
        }
    });
    Effect::new(move |_| {
        if let Some((field, Ok(message))) = latest.get() {
            // What was typed has gone: it must not be sent twice.
            if matches!(field, "note" | "reply") {
                clear_text_area(field);
            }
            banner.set(Some(message));
            confirm.set(true);
            focus_when_drawn(CONFIRMATION);
            version.update(|v| *v += 1);
        }
    });
    // Drawn again with the new data: focus the confirmation once more (the
    // old one is gone).
    Effect::new(move |_| {
        if confirm.get_untracked() {
            confirm.set(false);
            focus_when_drawn(CONFIRMATION);
        }
    });
    // The question takes focus when it appears.
    Effect::new(move |_| {
        if confirming.get() {
            focus_when_drawn("complete-question");
        }
    });
    let busy = Signal::derive(move || {
        assign.pending().get()
            || urgent.pending().get()
            || note.pending().get()
            || reply.pending().get()
            || complete.pending().get()
    });
    let errors = Signal::derive(move || match latest.get() {
        Some((_, Err(AppError::Invalid(errors)))) => errors,
        Some((field, Err(other))) => FieldErrors(vec![FieldError::new(field, other.to_string())]),
        _ => FieldErrors::default(),
    });
    let form = FormErrors::new(errors);

    let id = detail.id.clone();
    let open = detail.status != RequestStatus::Completed;
    let status_colour = match detail.status {
        RequestStatus::New => TagColour::Blue,
        RequestStatus::InProgress => TagColour::Orange,
        RequestStatus::Completed => TagColour::Grey,
    };
    let notes = if detail.notes.is_empty() {
        view! { <p class="nhsuk-body">"No notes or replies yet."</p> }.into_any()
    } else {
        detail
            .notes
            .into_iter()
            .map(|n| {
                let heading = if n.reply {
                    format!("Reply to the patient from {}, {}", n.author, n.when)
                } else {
                    format!("Note from {}, {}", n.author, n.when)
                };
                view! {
                    <div class="nhsuk-inset-text gh-note" class:gh-note--reply=n.reply>
                        <span class="nhsuk-u-visually-hidden">"Information: "</span>
                        <p class="nhsuk-body-s nhsuk-u-margin-bottom-1"><strong>{heading}</strong></p>
                        <p class="nhsuk-body gh-pre">{n.body}</p>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    let no_history = detail.history.is_empty();
    let history = detail
        .history
        .into_iter()
        .map(|e| {
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{e.when}</td>
                    <td class="nhsuk-table__cell">{e.what}</td>
                    <td class="nhsuk-table__cell">{e.by}</td>
                    <td class="nhsuk-table__cell">{e.details}</td>
                </tr>
            }
        })
        .collect_view();
    let page_path = format!("/requests/{}", id);
    let actions = open.then(|| {
        let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone());
        let id5 = id.clone();
        let assign_label = if detail.assigned_to.is_some() { "Reassign" } else { "Assign" };
        let mine = detail.assignee == detail.me;
        let me = detail.me.clone();
        let ask_href = format!("{page_path}?confirm=complete#complete-question");
        let cancel_href = page_path.clone();
        view! {
            <h2>"Assign"</h2>
            {(!mine).then(|| view! {
                <ActionForm action=assign attr:novalidate=true>
                    <input type="hidden" name="request_id" value=id5/>
                    <input type="hidden" name="assignee" value=me/>
                    <Button kind=ButtonKind::Secondary disabled=busy>"Assign to me"</Button>
                </ActionForm>
            })}
            <ActionForm action=assign attr:novalidate=true>
                <input type="hidden" name="request_id" value=id1/>
                <Select id="assignee" label="Assign to" hint="A person who works requests at this practice, or one of its group inboxes" options=detail.assign_options.clone() selected=detail.assignee.clone() error=form.field("assignee")/>
                <Button kind=ButtonKind::Secondary disabled=busy>{assign_label}</Button>
            </ActionForm>

            <h2>{if detail.urgent { "Urgency" } else { "Mark urgent" }}</h2>
            <ActionForm action=urgent attr:novalidate=true>
                <input type="hidden" name="request_id" value=id2/>
                {(!detail.urgent).then(|| view! { <input type="hidden" name="urgent" value="yes"/> })}
                <p class="nhsuk-body" id="urgent">{if detail.urgent {
                    "This request is urgent. It is listed first in every inbox."
                } else {
                    "Urgent requests are listed first in every inbox."
                }}</p>
                <Button kind=ButtonKind::Secondary disabled=busy>{if detail.urgent { "Mark as routine" } else { "Mark urgent" }}</Button>
            </ActionForm>

            <h2>"Reply to patient"</h2>
            <ActionForm action=reply attr:novalidate=true>
                <input type="hidden" name="request_id" value=id3/>
                <Textarea id="reply" label="Your reply" hint="The patient gets this by email if they gave an address. Do not include test results or anything they should hear from a clinician in person." error=form.field("reply")/>
                <Button kind=ButtonKind::Secondary disabled=busy>"Send reply"</Button>
            </ActionForm>

            <h2>"Complete"</h2>
            <p class="nhsuk-body" id="complete">"Complete the request when nothing more needs doing. It leaves the open inboxes."</p>
            {move || if confirming.get() {
                let (id4, cancel_href) = (id4.clone(), cancel_href.clone());
                view! {
                    <div class="nhsuk-warning-callout" id="complete-question" tabindex="-1">
                        <h3 class="nhsuk-warning-callout__label">
                            <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Complete this request?"</span>
                        </h3>
                        <p class="nhsuk-body">"Once completed it leaves the open inboxes and can no longer be assigned, marked urgent or replied to."</p>
                        <ActionForm action=complete attr:novalidate=true>
                            <input type="hidden" name="request_id" value=id4/>
                            <Button disabled=busy>"Yes, complete the request"</Button>
                        </ActionForm>
                        <p class="nhsuk-body"><a href=cancel_href>"No, keep it open"</a></p>
                    </div>
                }.into_any()
            } else {
                view! { <a class="nhsuk-button" href=ask_href.clone() role="button" draggable="false">"Complete request"</a> }.into_any()
            }}
        }
    });
    view! {
        <Title text=format!("Request {}", detail.reference)/>
        <BackLink href="/inbox" text="Back to inbox"/>
        {move || banner.get().map(|message| view! {
            <div class="nhsuk-inset-text" role="status" id=CONFIRMATION tabindex="-1">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p class="nhsuk-body">{message}</p>
            </div>
        })}
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{detail.practice_name.clone()}</span>
                <h1>{format!("Request {}", detail.reference)}</h1>
                <p class="nhsuk-body">
                    <Tag text=detail.status.label() colour=status_colour/>
                    {detail.urgent.then(|| view! { " " <Tag text="Urgent" colour=TagColour::Red/> })}
                </p>
                <SummaryList>
                    <SummaryRow key="Patient">{detail.patient_name.clone()}</SummaryRow>
                    <SummaryRow key="Date of birth">{detail.date_of_birth.clone()}</SummaryRow>
                    <SummaryRow key="NHS number">{detail.nhs_number.clone().unwrap_or_else(|| "Not given".to_string())}</SummaryRow>
                    <SummaryRow key="Email address">{detail.contact_email.clone().unwrap_or_else(|| "Not given".to_string())}</SummaryRow>
                    <SummaryRow key="Phone number">{detail.contact_phone.clone().unwrap_or_else(|| "Not given".to_string())}</SummaryRow>
                    <SummaryRow key="Type">{detail.kind.label()}</SummaryRow>
                    <SummaryRow key="Received">{format!("{} ({})", detail.received, detail.source)}</SummaryRow>
                    <SummaryRow key="Assigned to">{detail.assigned_to.clone().unwrap_or_else(|| "Unassigned".to_string())}</SummaryRow>
                </SummaryList>
                <h2>"Request"</h2>
                <p class="nhsuk-body gh-pre">{detail.description.clone()}</p>
                {(!open).then(|| view! { <p class="nhsuk-body">"This request is completed."</p> })}
                {actions}

                <h2>"Notes and replies"</h2>
                {notes}
                <ActionForm action=note attr:novalidate=true>
                    <input type="hidden" name="request_id" value=id.clone()/>
                    <Textarea id="note" label="Add a note" hint="Only staff see notes. The patient never does." rows=3 error=form.field("note")/>
                    <Button kind=ButtonKind::Secondary disabled=busy>"Add note"</Button>
                </ActionForm>

                {if no_history {
                    view! { <h2>"History"</h2><p class="nhsuk-body">"Nothing has happened to this request yet."</p> }.into_any()
                } else {
                    view! { <Table caption="History" headings=vec!["When", "What", "By", "Details"]>{history}</Table> }.into_any()
                }}
            </div>
        </div>
    }
}
