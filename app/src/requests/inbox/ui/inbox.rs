//! `/inbox`: an inbox with the navigation of every inbox of the person.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::RequestChanges;
use crate::components::{Button, ButtonKind, ErrorPage, Select, Table, Tag, TagColour};
use crate::requests::inbox::api::*;
use crate::requests::inbox::model::*;
use crate::requests::model::*;
use crate::requests::ui::plural;

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
                q.get("page").unwrap_or_default(),
            )
        })
    };
    let screen = Resource::new(
        move || (args(), version.get()),
        |((view, target, kind, status, page), _)| {
            get_inbox_screen(view, target, kind, status, page)
        },
    );
    // Listen while this page is shown.
    Effect::new(move |_| changes.wanted.set(true));
    on_cleanup(move || changes.wanted.set(false));
    view! {
        <Transition fallback=|| view! { <Title text="Inbox"/><p class="nhsuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let (_, _, kind, status, _) = args();
                match screen.await {
                    Ok(InboxScreen::Open { view, title, practice_name, rows, total, page, navigation }) => view! {
                        <InboxLayout view title practice_name rows total page navigation kind status live/>
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
    total: i64,
    page: i64,
    navigation: InboxNavigation,
    kind: String,
    status: String,
    live: RwSignal<bool>,
) -> impl IntoView {
    let (view_word, target) = view.to_query();
    let filtered = !kind.is_empty() || !status.is_empty();
    let pages = page_count(total);
    // Which of them this page shows, when there is more than one page.
    let showing = (pages > 1 && !rows.is_empty()).then(|| {
        let first = (page - 1) * PAGE_SIZE + 1;
        let last = first + rows.len() as i64 - 1;
        format!(" Showing {first} to {last}.")
    });
    let summary = match (total, filtered) {
        (0, _) => None,
        (1, false) => Some("1 open request, urgent first, then oldest first.".to_string()),
        (n, false) => Some(format!(
            "{n} open requests, urgent first, then oldest first."
        )),
        (1, true) => Some("1 request matches the filters.".to_string()),
        (n, true) => Some(format!("{n} requests match the filters.")),
    };
    let page_href = {
        let mut base = view.href();
        for (name, value) in [("kind", &kind), ("status", &status)] {
            if !value.is_empty() {
                base.push_str(&format!("&{name}={}", url_word(value)));
            }
        }
        move |n: i64| format!("{base}&page={n}")
    };
    let pagination = (pages > 1).then(|| {
        view! {
            <Pagination page pages href=page_href/>
        }
    });
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
            <p class="nhsuk-body" id="inbox-empty">{if total > 0 {
                "There are no requests on this page."
            } else if filtered {
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
                            <a class="gh-reference" href=format!("/requests/{}", r.id)>{r.reference.clone()}</a>
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
    // The list comes first (its heading, on small screens its rows); the
    // navigation follows, shown beside it on wider screens.
    view! {
        <Title text=title.clone()/>
        <div class="nhsuk-grid-row gh-inbox">
            <div class="nhsuk-grid-column-two-thirds">
                {(!practice_name.is_empty()).then(|| view! { <span class="nhsuk-caption-l">{practice_name.clone()}</span> })}
                <h1>{title.clone()}</h1>
                // A status region: when a new request arrives and the list
                // refreshes, screen readers announce the new count.
                <p class="nhsuk-body-s" id="inbox-live" role="status" data-live=move || if live.get() { "listening" } else { "off" }>
                    {summary}
                    {showing}
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
                {pagination}
            </div>
            <div class="nhsuk-grid-column-one-third">
                <InboxNavigationList navigation current=view.clone()/>
            </div>
        </div>
    }
}

/// NHS.UK pagination: "Previous" and "Next" with the page each leads to.
#[component]
fn Pagination(page: i64, pages: i64, href: impl Fn(i64) -> String) -> impl IntoView {
    let previous = (page > 1).then(|| PageLink::Previous.view((page - 1).min(pages), pages, &href));
    let next = (page < pages).then(|| PageLink::Next.view(page + 1, pages, &href));
    view! {
        <nav class="nhsuk-pagination" role="navigation" aria-label="Pagination">
            <ul class="nhsuk-list nhsuk-pagination__list">
                {previous}
                {next}
            </ul>
        </nav>
    }
}

#[derive(Clone, Copy)]
enum PageLink {
    Previous,
    Next,
}

impl PageLink {
    /// One side of the pagination: its words, classes and arrow.
    fn view(self, to: i64, pages: i64, href: &impl Fn(i64) -> String) -> impl IntoView {
        let (title, item, link, rel, arrow, path) = match self {
            PageLink::Previous => (
                "Previous",
                "nhsuk-pagination-item--previous",
                "nhsuk-pagination__link nhsuk-pagination__link--prev",
                "prev",
                "nhsuk-icon nhsuk-icon--arrow-left",
                "M10.7 6.3c.4.4.4 1 0 1.4L7.4 11H19a1 1 0 0 1 0 2H7.4l3.3 3.3c.4.4.4 1 0 1.4a1 1 0 0 1-1.4 0l-5-5A1 1 0 0 1 4 12c0-.3.1-.5.3-.7l5-5a1 1 0 0 1 1.4 0Z",
            ),
            PageLink::Next => (
                "Next",
                "nhsuk-pagination-item--next",
                "nhsuk-pagination__link nhsuk-pagination__link--next",
                "next",
                "nhsuk-icon nhsuk-icon--arrow-right",
                "m14.7 6.3 5 5c.2.2.3.4.3.7 0 .3-.1.5-.3.7l-5 5a1 1 0 0 1-1.4-1.4l3.3-3.3H5a1 1 0 0 1 0-2h11.6l-3.3-3.3a1 1 0 1 1 1.4-1.4Z",
            ),
        };
        view! {
            <li class=item>
                <a class=link href=href(to) rel=rel>
                    <span class="nhsuk-pagination__title">{title}<span class="nhsuk-u-visually-hidden">" page"</span></span>
                    <span class="nhsuk-u-visually-hidden">":"</span>
                    <span class="nhsuk-pagination__page">{format!("Page {to} of {pages}")}</span>
                    <svg class=arrow xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
                        <path d=path></path>
                    </svg>
                </a>
            </li>
        }
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
