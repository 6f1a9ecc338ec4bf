//! Pages of the request inboxes: the inbox with its navigation, a request
//! with its actions, the public "Contact your practice" form and its
//! confirmation, logging a phone request, and the "Group inboxes" tab of
//! "Manage staff and inboxes".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::api::*;
use super::model::*;
use crate::accounts::model::Role;
use crate::authz::model::{role_permissions, Permission};
use crate::components::{
    focus_error_summary, form_errors, BackLink, Button, ButtonKind, DateInput, ErrorPage,
    ErrorSummary, Panel, Radios, Select, SummaryList, SummaryRow, Table, Tag, TagColour, TextInput,
    Textarea,
};
use crate::error::{AppError, FieldError, FieldErrors};

fn plural(n: i64) -> String {
    if n == 1 {
        "1 request".to_string()
    } else {
        format!("{n} requests")
    }
}

fn role_label(stored: &str) -> String {
    Role::parse(stored).map_or_else(|| stored.to_string(), |r| r.label().to_string())
}

/// Moves focus to the error summary whenever `errors` gains some.
fn focus_on_errors(errors: Signal<FieldErrors>) {
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            focus_error_summary();
        }
    });
}

/// Live updates of open inbox pages. The shell provides one and renders
/// [`LiveRequestUpdates`]; an inbox page sets `wanted` while it is shown
/// and reloads when `version` moves.
#[derive(Debug, Clone, Copy)]
pub struct RequestChanges {
    /// Bumped whenever the server says requests of the person's practices
    /// changed.
    pub version: RwSignal<u32>,
    /// True while the browser is listening (after the server's "ready").
    pub listening: RwSignal<bool>,
    /// Whether a page wants to listen.
    pub wanted: RwSignal<bool>,
}

impl RequestChanges {
    pub fn new() -> Self {
        Self {
            version: RwSignal::new(0),
            listening: RwSignal::new(false),
            wanted: RwSignal::new(false),
        }
    }
}

impl Default for RequestChanges {
    fn default() -> Self {
        Self::new()
    }
}

/// Listens to `/inbox/events` while a page wants it (only in the browser).
/// It lives in the shell, not in a lazily loaded page: wasm-bindgen cannot
/// process a JavaScript closure created in a split-off chunk (hydration
/// then fails with "__wbindgen_placeholder__: module is not an object").
#[component]
pub fn LiveRequestUpdates() -> impl IntoView {
    let changes = expect_context::<RequestChanges>();
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::closure::Closure;
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::{EventSource, MessageEvent};
        let source = StoredValue::new_local(None::<EventSource>);
        Effect::new(move |_| {
            let wanted = changes.wanted.get();
            let open = source.with_value(Option::is_some);
            if wanted && !open {
                let Ok(events) = EventSource::new("/inbox/events") else {
                    return;
                };
                let listening = changes.listening;
                let version = changes.version;
                let on_ready =
                    Closure::<dyn FnMut(MessageEvent)>::new(move |_| listening.set(true));
                let on_change = Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
                    version.update(|v| *v += 1);
                });
                let _ = events
                    .add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref());
                let _ = events.add_event_listener_with_callback(
                    "changed",
                    on_change.as_ref().unchecked_ref(),
                );
                // They live as long as the connection; a closed source never
                // calls them again.
                on_ready.forget();
                on_change.forget();
                source.set_value(Some(events));
            } else if !wanted && open {
                source.update_value(|events| {
                    if let Some(events) = events.take() {
                        events.close();
                    }
                });
                changes.listening.set(false);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = changes;
}

// ---- the inbox ------------------------------------------------------------------

/// `/inbox`: an inbox (chosen by `view` and `target`), filtered by `kind`
/// and `status`, with every inbox of the person in the navigation.
#[component]
pub fn InboxPage() -> impl IntoView {
    let query = use_query_map();
    let changes = expect_context::<RequestChanges>();
    let version = changes.version;
    let live = changes.listening;
    let args = move || {
        query.with(|q| {
            (
                q.get("view").unwrap_or_default(),
                q.get("target").unwrap_or_default(),
                q.get("kind").unwrap_or_default(),
                q.get("status").unwrap_or_default(),
            )
        })
    };
    let screen = Resource::new(
        move || (args(), version.get()),
        |((view, target, kind, status), _)| get_inbox_screen(view, target, kind, status),
    );
    // Listen while this page is shown.
    Effect::new(move |_| changes.wanted.set(true));
    on_cleanup(move || changes.wanted.set(false));
    view! {
        <Transition fallback=|| view! { <Title text="Inbox"/><p class="nhsuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (_, _, kind, status) = args();
                match screen.await {
                    Ok(InboxScreen::Open { view, title, practice_name, rows, navigation }) => view! {
                        <InboxLayout view title practice_name rows navigation kind status live/>
                    }
                    .into_any(),
                    Ok(InboxScreen::AdminOnly { organisation_id, organisation_name, email }) => {
                        let href = format!(
                            "/practices/{organisation_id}/staff?email={}#invite",
                            url_word(&email)
                        );
                        view! {
                            <Title text="You need a staff role to open inboxes"/>
                            <span class="nhsuk-caption-l">{organisation_name}</span>
                            <h1>"You need a staff role to open inboxes"</h1>
                            <p class="nhsuk-body">"As a practice admin you can manage the practice and its staff, but inboxes hold patients' requests, so they open only for staff roles."</p>
                            <p class="nhsuk-body">"To open inboxes, give yourself the role you work in at the practice, such as GP or Receptionist. Invite your own email address with that role: it is added at once and you will be listed twice in Registered staff. Inboxes open straight away, without signing out."</p>
                            <a class="nhsuk-button" href=href>"Give myself a staff role"</a>
                        }
                        .into_any()
                    }
                    Ok(InboxScreen::NoInbox) => view! {
                        <Title text="There is no inbox for you here"/>
                        <h1>"There is no inbox for you here"</h1>
                        <p class="nhsuk-body">"Inboxes open for staff roles that work patients' requests, such as GP, Nurse or Receptionist. Ask your practice admin if you need one."</p>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InboxLayout(
    view: InboxView,
    title: String,
    practice_name: String,
    rows: Vec<RequestSummary>,
    navigation: InboxNavigation,
    kind: String,
    status: String,
    live: RwSignal<bool>,
) -> impl IntoView {
    let (view_word, target) = view.to_query();
    let filtered = !kind.is_empty() || !status.is_empty();
    let count = rows.len();
    let summary = match (count, filtered) {
        (0, _) => None,
        (1, false) => Some("1 open request, urgent first, then oldest first.".to_string()),
        (n, false) => Some(format!(
            "{n} open requests, urgent first, then oldest first."
        )),
        (1, true) => Some("1 request matches the filters.".to_string()),
        (n, true) => Some(format!("{n} requests match the filters.")),
    };
    let kinds = vec![
        (String::new(), "All types".to_string()),
        ("medical".to_string(), "Medical".to_string()),
        ("admin".to_string(), "Admin".to_string()),
    ];
    let statuses = vec![
        (String::new(), "Open (new and in progress)".to_string()),
        ("new".to_string(), "New".to_string()),
        ("in_progress".to_string(), "In progress".to_string()),
        ("completed".to_string(), "Completed".to_string()),
    ];
    let table = if rows.is_empty() {
        view! {
            <p class="nhsuk-body" id="inbox-empty">{if filtered {
                "No requests match these filters."
            } else {
                "There are no open requests in this inbox."
            }}</p>
        }
        .into_any()
    } else {
        let body = rows
            .into_iter()
            .map(|r| {
                let colour = match r.status {
                    RequestStatus::New => TagColour::Blue,
                    RequestStatus::InProgress => TagColour::Orange,
                    RequestStatus::Completed => TagColour::Grey,
                };
                view! {
                    <tr class="nhsuk-table__row" data-request=r.reference.clone()>
                        <td class="nhsuk-table__cell">
                            <a href=format!("/requests/{}", r.id)>{r.reference.clone()}</a>
                            {r.urgent.then(|| view! { " " <Tag text="Urgent" colour=TagColour::Red/> })}
                        </td>
                        <td class="nhsuk-table__cell">{r.patient_name}</td>
                        <td class="nhsuk-table__cell">{r.kind.label()}</td>
                        <td class="nhsuk-table__cell">{r.practice_name}</td>
                        <td class="nhsuk-table__cell">{r.received}</td>
                        <td class="nhsuk-table__cell">{r.assigned_to.unwrap_or_else(|| "Unassigned".to_string())}</td>
                        <td class="nhsuk-table__cell"><Tag text=r.status.label() colour/></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Table caption=title.clone() headings=vec!["Request", "Patient", "Type", "Practice", "Received", "Assigned to", "Status"]>
                {body}
            </Table>
        }
        .into_any()
    };
    view! {
        <Title text=title.clone()/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-one-third">
                <InboxNavigationList navigation current=view.clone()/>
            </div>
            <div class="nhsuk-grid-column-two-thirds">
                {(!practice_name.is_empty()).then(|| view! { <span class="nhsuk-caption-l">{practice_name.clone()}</span> })}
                <h1>{title.clone()}</h1>
                <p class="nhsuk-body-s" id="inbox-live" data-live=move || if live.get() { "listening" } else { "off" }>
                    {summary}
                    " New requests appear here without reloading the page."
                </p>
                <form method="get" action="/inbox" class="gh-filters">
                    <input type="hidden" name="view" value=view_word/>
                    {(!target.is_empty()).then(|| view! { <input type="hidden" name="target" value=target.clone()/> })}
                    <div class="gh-filters__fields">
                        <Select id="kind" label="Type" options=kinds selected=kind/>
                        <Select id="status" label="Status" options=statuses selected=status/>
                    </div>
                    <Button kind=ButtonKind::Secondary>"Apply filters"</Button>
                </form>
                {table}
            </div>
        </div>
    }
}

/// The inboxes of every practice where the person works requests, with
/// open counts; the All Practices inboxes first when they have them.
#[component]
fn InboxNavigationList(navigation: InboxNavigation, current: InboxView) -> impl IntoView {
    let entry = move |inbox: InboxCount, current: &InboxView| {
        let here = inbox.view == *current;
        view! {
            <li>
                <a href=inbox.view.href() aria-current=here.then_some("page") class:gh-nav-current=here>
                    {inbox.label}
                </a>
            </li>
        }
    };
    let all = (!navigation.all_practices.is_empty()).then(|| {
        let items = navigation
            .all_practices
            .into_iter()
            .map(|i| entry(i, &current))
            .collect_view();
        view! {
            <h2 class="nhsuk-heading-s">"All Practices"</h2>
            <ul class="nhsuk-list">{items}</ul>
        }
    });
    let practices = navigation
        .practices
        .into_iter()
        .map(|practice| {
            let items = practice
                .inboxes
                .into_iter()
                .map(|i| entry(i, &current))
                .collect_view();
            let log = format!("/practices/{}/requests/new", practice.practice_id);
            view! {
                <h2 class="nhsuk-heading-s">{format!("{} ({})", practice.practice_name, plural(practice.open))}</h2>
                <ul class="nhsuk-list">{items}</ul>
                <p class="nhsuk-body-s">
                    <a href=log>"Log a phone request"<span class="nhsuk-u-visually-hidden">{format!(" for {}", practice.practice_name)}</span></a>
                </p>
            }
        })
        .collect_view();
    view! {
        <nav class="gh-inbox-nav" aria-label="Inboxes">
            {all}
            {practices}
        </nav>
    }
}

// ---- one request ----------------------------------------------------------------

/// `/requests/:id`: a request, its notes and history, and what staff can do
/// with it.
#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let query = use_query_map();
    let version = RwSignal::new(0u32);
    let banner: RwSignal<Option<String>> = RwSignal::new(
        query
            .with_untracked(|q| q.get("done"))
            .filter(|done| done == "logged")
            .map(|_| "Request logged. It is in the practice's unassigned queue.".to_string()),
    );
    let detail = Resource::new(move || (id(), version.get()), |(id, _)| get_request(id));
    view! {
        <Transition fallback=|| view! { <Title text="Request"/><p class="nhsuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <RequestView detail version banner/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RequestView(
    detail: RequestDetail,
    version: RwSignal<u32>,
    banner: RwSignal<Option<String>>,
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
        if let Some((_, Ok(message))) = latest.get() {
            banner.set(Some(message));
            version.update(|v| *v += 1);
        }
    });
    let errors = Signal::derive(move || match latest.get() {
        Some((_, Err(AppError::Invalid(errors)))) => errors,
        Some((field, Err(other))) => FieldErrors(vec![FieldError::new(field, other.to_string())]),
        _ => FieldErrors::default(),
    });
    focus_on_errors(errors);
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));

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
    let actions = open.then(|| {
        let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone());
        let assign_label = if detail.assigned_to.is_some() { "Reassign" } else { "Assign" };
        view! {
            <h2>"Assign"</h2>
            <ActionForm action=assign>
                <input type="hidden" name="request_id" value=id1/>
                <Select id="assignee" label="Assign to" hint="A person who works requests at this practice, or one of its group inboxes" options=detail.assign_options.clone() selected=detail.assignee.clone() error=field_error("assignee")/>
                <Button kind=ButtonKind::Secondary>{assign_label}</Button>
            </ActionForm>

            <h2>{if detail.urgent { "Urgency" } else { "Mark urgent" }}</h2>
            <ActionForm action=urgent>
                <input type="hidden" name="request_id" value=id2/>
                {(!detail.urgent).then(|| view! { <input type="hidden" name="urgent" value="yes"/> })}
                <p class="nhsuk-body" id="urgent">{if detail.urgent {
                    "This request is urgent. It is listed first in every inbox."
                } else {
                    "Urgent requests are listed first in every inbox."
                }}</p>
                <Button kind=ButtonKind::Secondary>{if detail.urgent { "Mark as routine" } else { "Mark urgent" }}</Button>
            </ActionForm>

            <h2>"Reply to patient"</h2>
            <ActionForm action=reply>
                <input type="hidden" name="request_id" value=id3/>
                <Textarea id="reply" label="Your reply" hint="The patient gets this by email if they gave an address. Do not include test results or anything they should hear from a clinician in person." error=field_error("reply")/>
                <Button kind=ButtonKind::Secondary>"Send reply"</Button>
            </ActionForm>

            <h2>"Complete"</h2>
            <ActionForm action=complete>
                <input type="hidden" name="request_id" value=id4/>
                <p class="nhsuk-body" id="complete">"Complete the request when nothing more needs doing. It leaves the open inboxes."</p>
                <Button>"Complete request"</Button>
            </ActionForm>
        }
    });
    view! {
        <Title text=format!("Request {}", detail.reference)/>
        <BackLink href="/inbox" text="Back to inbox"/>
        {move || banner.get().map(|message| view! {
            <div class="nhsuk-inset-text" role="status">
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
                <ActionForm action=note>
                    <input type="hidden" name="request_id" value=id.clone()/>
                    <Textarea id="note" label="Add a note" hint="Only staff see notes. The patient never does." rows=3 error=field_error("note")/>
                    <Button kind=ButtonKind::Secondary>"Add note"</Button>
                </ActionForm>

                <Table caption="History" headings=vec!["When", "What", "By", "Details"]>{history}</Table>
            </div>
        </div>
    }
}

// ---- new requests -------------------------------------------------------------

/// The patient's details and their request, named as the `request`
/// argument of the server functions (`request[patient_name]`…).
#[component]
fn RequestFields(errors: Signal<FieldErrors>) -> impl IntoView {
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    let kinds = vec![
        (
            "medical".to_string(),
            "Medical: a health problem, symptoms, medicines or test results".to_string(),
        ),
        (
            "admin".to_string(),
            "Admin: a fit note, a letter, a form or anything else".to_string(),
        ),
    ];
    view! {
        <TextInput id="patient_name" name="request[patient_name]" label="Full name" autocomplete="name" error=field_error("patient_name")/>
        <DateInput id="dob_day" name="request[dob]" legend="Date of birth" hint="For example, 27 3 1986"
            names=["request[dob_day]".to_string(), "request[dob_month]".to_string(), "request[dob_year]".to_string()]
            error=field_error("dob_day")/>
        <TextInput id="nhs_number" name="request[nhs_number]" label="NHS number (optional)" hint="A 10 digit number, like 485 777 3456. Leave it blank if you do not know it." error=field_error("nhs_number")/>
        <TextInput id="email" name="request[email]" label="Email address" hint="Give an email address or a phone number, or both, so the practice can reply" input_type="email" autocomplete="email" error=field_error("email")/>
        <TextInput id="phone" name="request[phone]" label="Phone number" input_type="tel" autocomplete="tel" error=field_error("phone")/>
        <Radios id="kind" name="request[kind]" legend="What is your request about?" options=kinds error=field_error("kind")/>
        <Textarea id="description" name="request[description]" label="Tell us what you need" hint="Include how long it has been going on and anything you have tried. 2000 characters at most." error=field_error("description")/>
    }
}

/// A page of the practice named by the `:id` in its address: "Loading…"
/// under `title`, then `page` with the practice, or the error page (`404`
/// for anything but a practice).
fn practice_page(title: &'static str, page: fn(PracticeContact) -> AnyView) -> impl IntoView {
    let params = use_params_map();
    let org = move || params.read().get("id").unwrap_or_default();
    let practice = Resource::new(org, get_practice_contact);
    view! {
        <Suspense fallback=move || view! { <Title text=title/><p class="nhsuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match practice.await {
                    Ok(practice) => page(practice),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/practices/:id/contact`: the public "Contact your practice" form.
#[component]
pub fn ContactPage() -> impl IntoView {
    practice_page("Contact your practice", |practice| {
        view! { <ContactForm practice/> }.into_any()
    })
}

#[component]
fn ContactForm(practice: PracticeContact) -> impl IntoView {
    let submit = ServerAction::<SubmitContactForm>::new();
    let navigate = use_navigate();
    let practice_id = practice.id.clone();
    Effect::new(move |_| {
        if let Some(Ok(reference)) = submit.value().get() {
            navigate(
                &format!(
                    "/practices/{practice_id}/contact/sent?reference={}",
                    url_word(&reference)
                ),
                Default::default(),
            );
        }
    });
    let errors = form_errors(submit.value(), "patient_name");
    focus_on_errors(errors);
    view! {
        <Title text=format!("Contact your practice: {}", practice.name)/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{practice.name.clone()}</span>
                <h1>"Contact your practice"</h1>
                <p class="nhsuk-body">"Use this form to ask the practice for help with a health problem or an admin request. Someone at the practice will read it and contact you."</p>
                <div class="nhsuk-warning-callout">
                    <h2 class="nhsuk-warning-callout__label">
                        <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Do not use this form in an emergency"</span>
                    </h2>
                    <p class="nhsuk-body">"Call 999 if it is a life-threatening emergency. For urgent help when the practice is closed, use NHS 111 online or call 111."</p>
                </div>
                <ActionForm action=submit>
                    <input type="hidden" name="organisation_id" value=practice.id.clone()/>
                    <RequestFields errors/>
                    // People never see this; simple robots fill it in.
                    <div class="gh-honeypot" aria-hidden="true">
                        <label for="website">"Leave this empty"</label>
                        <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"/>
                    </div>
                    <Button disabled=submit.pending()>"Send request"</Button>
                </ActionForm>
            </div>
        </div>
    }
}

/// `/practices/:id/contact/sent`: the confirmation, with the reference.
#[component]
pub fn ContactSentPage() -> impl IntoView {
    let query = use_query_map();
    let reference = query
        .with_untracked(|q| q.get("reference"))
        .unwrap_or_default();
    view! {
        <Title text="Request sent"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Panel title="Request sent">
                    "Your reference number"<br/><strong>{reference}</strong>
                </Panel>
                <h2>"What happens next"</h2>
                <p class="nhsuk-body">"Someone at the practice will read your request and contact you by email or phone. Quote your reference number if you contact the practice about it."</p>
                <p class="nhsuk-body">"If you feel worse while you wait, use NHS 111 online or call 111. Call 999 in an emergency."</p>
            </div>
        </div>
    }
}

/// `/practices/:id/requests/new`: staff log a request taken by phone.
#[component]
pub fn LogPhoneRequestPage() -> impl IntoView {
    practice_page("Log a phone request", |practice| {
        view! { <LogPhoneRequestForm practice/> }.into_any()
    })
}

#[component]
fn LogPhoneRequestForm(practice: PracticeContact) -> impl IntoView {
    let log = ServerAction::<LogPhoneRequest>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = log.value().get() {
            navigate(&format!("/requests/{id}?done=logged"), Default::default());
        }
    });
    let errors = form_errors(log.value(), "patient_name");
    focus_on_errors(errors);
    view! {
        <Title text="Log a phone request"/>
        <BackLink href="/inbox" text="Back to inbox"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{practice.name.clone()}</span>
                <h1>"Log a phone request"</h1>
                <p class="nhsuk-body">"Write down what the patient asked for. The request goes to the practice's unassigned queue."</p>
                <ActionForm action=log>
                    <input type="hidden" name="organisation_id" value=practice.id.clone()/>
                    <RequestFields errors/>
                    <Button disabled=log.pending()>"Log request"</Button>
                </ActionForm>
            </div>
        </div>
    }
}

// ---- the Group inboxes tab ------------------------------------------------------

/// The roles a group inbox can be shared by: practice roles that work
/// requests.
fn inbox_role_options() -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "Select a role".to_string())];
    options.extend(
        Role::PRACTICE
            .into_iter()
            .filter(|r| role_permissions(*r).contains(&Permission::HandleRequests))
            .map(|r| (r.as_str().to_string(), r.label().to_string())),
    );
    options
}

/// A single tick box (NHS checkboxes pattern).
#[component]
fn Checkbox(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
            {
                let error_id = error_id.clone();
                move || error.get().map(|message| view! {
                    <span class="nhsuk-error-message" id=error_id.clone()>
                        <span class="nhsuk-u-visually-hidden">"Error: "</span>{message}
                    </span>
                })
            }
            <div class="nhsuk-checkboxes">
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id=id.clone() name=id.clone() type="checkbox" value="yes"
                        aria-describedby=move || error.get().is_some().then(|| error_id.clone())/>
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{label}</label>
                </div>
            </div>
        </div>
    }
}

/// The data of the "Group inboxes" tab, reloaded when `version` moves. The
/// page creates it at its top level: a resource created inside a suspended
/// view after an await is not waited for by server rendering, and then
/// runs after the request's context is gone.
pub fn group_inboxes_resource(
    organisation_id: impl Fn() -> String + Send + Sync + 'static,
    version: RwSignal<u32>,
) -> Resource<Result<GroupInboxesTab, AppError>> {
    Resource::new(
        move || (organisation_id(), version.get()),
        |(organisation_id, _)| group_inboxes(organisation_id),
    )
}

/// The "Group inboxes" tab: the practice's group inboxes, "Add", and the
/// All Practice inbox view with its advisory notice and naming banner.
#[component]
pub fn GroupInboxesPanel(
    organisation_id: String,
    tab: Resource<Result<GroupInboxesTab, AppError>>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let add = ServerAction::<CreateGroupInbox>::new();
    let toggle = ServerAction::<SetAllPracticesView>::new();
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let latest: RwSignal<Option<Result<(), AppError>>> = RwSignal::new(None);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| match add.value().get() {
        Some(Ok(inbox)) => {
            message.set(Some(format!(
                "Group inbox \"{}\" added. Requests can be assigned to it now.",
                inbox.name
            )));
            latest.set(Some(Ok(())));
            version.update(|v| *v += 1);
            if let Some(form) = form_ref.get_untracked() {
                form.reset();
            }
        }
        Some(Err(error)) => latest.set(Some(Err(error))),
        None => {}
    });
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(())) => {
            message.set(Some("All Practice inbox view saved.".to_string()));
            latest.set(Some(Ok(())));
            version.update(|v| *v += 1);
        }
        Some(Err(error)) => latest.set(Some(Err(error))),
        None => {}
    });
    // The tab shares its page with the invite form, which has its own
    // `role` field: this form's fields are `inbox_name` and `inbox_role`.
    let raw = form_errors(latest, "inbox_name");
    let errors = Signal::derive(move || {
        let raw = raw.get();
        FieldErrors(
            raw.0
                .into_iter()
                .map(|e| match e.field.as_str() {
                    "name" => FieldError::new("inbox_name", e.message),
                    "role" => FieldError::new("inbox_role", e.message),
                    _ => e,
                })
                .collect(),
        )
    });
    focus_on_errors(errors);
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    let (org1, org2) = (organisation_id.clone(), organisation_id);
    view! {
        <h2>"Group inboxes"</h2>
        <ErrorSummary errors/>
        {move || message.get().map(|message| view! {
            <div class="nhsuk-inset-text" role="status">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p class="nhsuk-body">{message}</p>
            </div>
        })}
        <Transition fallback=|| view! { <p class="nhsuk-body">"Loading…"</p> }>
            {move || {
                let org = org2.clone();
                Suspend::new(async move {
                    match tab.await {
                        Ok(tab) => view! { <GroupInboxList tab organisation_id=org toggle field_error=field_error("agree")/> }.into_any(),
                        Err(error) => view! { <p class="nhsuk-body">{error.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Transition>
        <h3>"Add a group inbox"</h3>
        <p class="nhsuk-body">"Give the group a name and a role. Everyone at the practice with that role shares the inbox."</p>
        <ActionForm action=add node_ref=form_ref>
            <input type="hidden" name="organisation_id" value=org1/>
            <TextInput id="inbox_name" name="name" label="Name" hint="For example, Secretaries or Script clerks" autocomplete="off" error=field_error("inbox_name")/>
            <Select id="inbox_role" name="role" label="Role" options=inbox_role_options() error=field_error("inbox_role")/>
            <Button kind=ButtonKind::Secondary>"Add"</Button>
        </ActionForm>
    }
}

#[component]
fn GroupInboxList(
    tab: GroupInboxesTab,
    organisation_id: String,
    toggle: ServerAction<SetAllPracticesView>,
    field_error: Signal<Option<String>>,
) -> impl IntoView {
    let list = if tab.inboxes.is_empty() {
        view! { <p class="nhsuk-body">"This practice has no group inboxes yet."</p> }.into_any()
    } else {
        let body = tab
            .inboxes
            .into_iter()
            .map(|g| {
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">{g.name}</td>
                        <td class="nhsuk-table__cell">{role_label(&g.role)}</td>
                        <td class="nhsuk-table__cell">{plural(g.open)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Table caption="Group inboxes of this practice" headings=vec!["Name", "Role", "Open requests"]>{body}</Table>
        }
        .into_any()
    };
    let near_misses = tab
        .near_misses
        .into_iter()
        .map(|m| {
            view! {
                <li>{format!("\"{}\" here and \"{}\" at {}", m.here, m.there, m.practice_name)}</li>
            }
        })
        .collect_view();
    let all_practices = if tab.all_practices {
        view! {
            <div class="nhsuk-warning-callout" id="inbox-names-warning">
                <h3 class="nhsuk-warning-callout__label">
                    <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Group inbox names"</span>
                </h3>
                <p class="nhsuk-body">"Group inbox names must be the same, with the same spelling, in every practice to appear as one inbox in the All Practices view. Capital letters and spaces at either end do not matter."</p>
                {(!near_misses.is_empty()).then(|| view! {
                    <p class="nhsuk-body">"These names look alike but will not appear as one. Rename one of each pair:"</p>
                    <ul class="nhsuk-list nhsuk-list--bullet">{near_misses}</ul>
                })}
            </div>
            <h3>"All Practice inbox view"</h3>
            <p class="nhsuk-body">"The All Practice inbox view is on for this practice."</p>
            <ActionForm action=toggle>
                <input type="hidden" name="organisation_id" value=organisation_id.clone()/>
                <Button kind=ButtonKind::Secondary>"Turn off All Practice inbox view"</Button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <h3>"All Practice inbox view"</h3>
            <p class="nhsuk-body">"Staff who work at several practices can see their requests from all of them in one place."</p>
            <ActionForm action=toggle>
                <input type="hidden" name="organisation_id" value=organisation_id.clone()/>
                <Checkbox id="enable" label="Enable All Practice inbox view"/>
                <div class="nhsuk-inset-text" id="advisory-notice">
                    <span class="nhsuk-u-visually-hidden">"Information: "</span>
                    <h4>"Advisory notice"</h4>
                    <p class="nhsuk-body">"Staff with roles at this practice and at other practices that enabled the view will see requests from all of those practices together, each marked with its practice. Group inboxes with the same name merge into one."</p>
                    <p class="nhsuk-body">"Only staff with a role at this practice ever see its requests."</p>
                </div>
                <Checkbox id="agree" label="I have read the advisory notice and agree" error=field_error/>
                <Button kind=ButtonKind::Secondary>"Save"</Button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        {list}
        {all_practices}
    }
}
