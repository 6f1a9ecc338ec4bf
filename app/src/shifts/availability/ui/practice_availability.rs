//! `/practices/:id/availability`: "Locum availability" (ManageShifts in
//! the practice). The network's locums free in a week, day by day and by
//! segment, filtered by role and hub, each with "Request cover"; then the
//! practice's requests for cover ("Requested", "Accepted" with "Confirm",
//! "Confirmed", "Declined", "Expired").

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{
    form_errors, Button, ButtonKind, ErrorSummary, NotificationBanner, PageSkeleton, Select,
    TextInput, Textarea,
};
use crate::error::FieldErrors;
use crate::ids::OrgId;
use crate::locums::model::Profession;
use crate::shifts::availability::api::{get_practice_availability, ConfirmCover, RequestCover};
use crate::shifts::model::{AvailableSlot, CoverRequestView, PracticeAvailability, RequestStatus};
use crate::shifts::ui::{remember_sent, request_status_tag, row_error, with_row_errors};

/// `/practices/:id/availability`.
#[component]
pub fn PracticeAvailabilityPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        let q = query.read();
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            q.get("week").unwrap_or_default(),
            q.get("role").unwrap_or_default(),
            q.get("hub").unwrap_or_default(),
            q.get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, week, role, hub, _)| {
        get_practice_availability(org, week, role, hub)
    });
    view! {
        <Title text="Locum availability"/>
        <PageSkeleton data transition=true page=move |page: PracticeAvailability| {
            let (org, _, _, _, done) = args();
            let message = match done.as_str() {
                "requested" => Some("Request sent. The locum has been told; once they accept, confirm it here to book it."),
                "confirmed" => Some("Booking confirmed. It is in the locum's Schedule and in your Requirements."),
                _ => None,
            };
            view! { <Availability org page message/> }.into_any()
        }/>
    }
}

#[component]
fn Availability(
    org: OrgId,
    page: PracticeAvailability,
    message: Option<&'static str>,
) -> impl IntoView {
    let ask = ServerAction::<RequestCover>::new();
    let confirm = ServerAction::<ConfirmCover>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            let done = match (ask.value().get(), confirm.value().get()) {
                (Some(Ok(_)), _) => Some("requested"),
                (_, Some(Ok(_))) => Some("confirmed"),
                _ => None,
            };
            if let Some(done) = done {
                navigate(
                    &format!("/practices/{org}/availability?done={done}"),
                    Default::default(),
                );
            }
        });
    }
    let (r, c) = (
        form_errors(ask.value(), "availability"),
        form_errors(confirm.value(), "requests"),
    );
    // A slot's rate and notes errors belong to that slot's fields.
    let sent = remember_sent(move || {
        ask.input()
            .get()
            .map(|i| slot_key(i.locum_id.as_str(), &i.day, &i.segment))
    });
    let form = with_row_errors(c, r, sent, &["rate", "notes"]);
    let errors = form.errors;
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let roles = std::iter::once((String::new(), "Any role".to_string()))
        .chain(
            Profession::ALL
                .iter()
                .map(|p| (p.as_str().to_string(), p.label().to_string())),
        )
        .collect::<Vec<_>>();
    let hubs = std::iter::once((String::new(), "Any hub".to_string()))
        .chain(page.hubs.iter().cloned())
        .collect::<Vec<_>>();
    let filters = |week: &str| {
        let mut q = format!("week={week}");
        if !page.role.is_empty() {
            q.push_str(&format!("&role={}", page.role));
        }
        if !page.hub.is_empty() {
            q.push_str(&format!("&hub={}", page.hub));
        }
        format!("/practices/{org}/availability?{q}")
    };
    let (previous, next, this_week) = (
        filters(&page.previous),
        filters(&page.next),
        format!("/practices/{org}/availability"),
    );
    let week_iso = page.days.first().map(|d| d.iso.clone()).unwrap_or_default();
    let days = page
        .days
        .into_iter()
        .map(|day| {
            let slots = if day.slots.is_empty() {
                view! { <p class="nhsuk-body-s nhsuk-u-secondary-text-color">"Nobody available"</p> }
                    .into_any()
            } else {
                day.slots
                    .into_iter()
                    .map(|s| slot_card(&org, &day.iso, &day.date, s, ask, r, sent))
                    .collect_view()
                    .into_any()
            };
            view! {
                <li class="gh-schedule__day">
                    <h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">{day.date}</h3>
                    {slots}
                </li>
            }
        })
        .collect_view();
    let requests = if page.requests.is_empty() {
        view! { <p class="nhsuk-body">"No requests for cover from today on. Requests you make are listed here until they are confirmed or declined."</p> }
            .into_any()
    } else {
        let cards = page
            .requests
            .into_iter()
            .map(|req| request_card(&org, req, confirm))
            .collect_view();
        view! { <ul class="nhsuk-list">{cards}</ul> }.into_any()
    };
    let action = format!("/practices/{org}/availability");
    view! {
        <ErrorSummary errors/>
        {message.map(|text| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{page.practice_name}</span>
        <h1>"Locum availability"</h1>
        <p class="nhsuk-body">"Locums in your network share when they can work. Request cover for a session; once the locum accepts, confirm it to book it. Confirmed bookings are listed in " <a href=format!("/practices/{org}/requirements")>"Requirements"</a> "."</p>
        <form method="get" action=action class="gh-filters">
            <input type="hidden" name="week" value=week_iso/>
            <div class="gh-filters__fields">
                <Select id="role" label="Role" options=roles selected=page.role.clone()/>
                <Select id="hub" label="Hub" options=hubs selected=page.hub.clone()/>
            </div>
            <Button kind=ButtonKind::Secondary>"Apply filters"</Button>
        </form>
        <h2 id="week">"Week of " {page.week_of}</h2>
        <nav class="gh-schedule__nav" aria-label="Weeks">
            <a class="nhsuk-link" href=previous>"Previous week"</a>
            " "
            <a class="nhsuk-link" href=this_week>"This week"</a>
            " "
            <a class="nhsuk-link" href=next>"Next week"</a>
        </nav>
        <ul class="nhsuk-list gh-schedule" id="availability" tabindex="-1">{days}</ul>
        <h2 id="requests" tabindex="-1">"Your requests for cover"</h2>
        {requests}
    }
}

/// The key of one locum's segment on one day, for its fields' ids.
fn slot_key(locum: &str, day: &str, segment: &str) -> String {
    let locum: String = locum
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("{locum}-{day}-{segment}")
}

fn slot_card(
    org: &OrgId,
    day: &str,
    date: &str,
    s: AvailableSlot,
    ask: ServerAction<RequestCover>,
    errors: Signal<FieldErrors>,
    sent: Signal<Option<String>>,
) -> impl IntoView {
    let key = slot_key(s.locum_id.as_str(), day, s.segment.as_str());
    let (rate_id, notes_id) = (format!("rate-{key}"), format!("notes-{key}"));
    let rate_error = row_error(errors, sent, key.clone(), "rate");
    let notes_error = row_error(errors, sent, key, "notes");
    let who = if s.profession.is_empty() {
        s.locum.clone()
    } else {
        format!("{} ({})", s.locum, s.profession)
    };
    let summary = format!("Request cover: {}, {} {}", s.locum, date, s.segment.label());
    let (org, locum, day, segment) = (
        org.to_string(),
        s.locum_id.to_string(),
        day.to_string(),
        s.segment.as_str().to_string(),
    );
    view! {
        <div class="nhsuk-card nhsuk-u-margin-bottom-3">
            <div class="nhsuk-card__content">
                <h4 class="nhsuk-card__heading nhsuk-heading-s">{who}</h4>
                <p class="nhsuk-body nhsuk-u-margin-bottom-1">{format!("{}: {}", s.segment.label(), s.times)}</p>
                <details class="nhsuk-details nhsuk-u-margin-bottom-0">
                    <summary class="nhsuk-details__summary">
                        <span class="nhsuk-details__summary-text">{summary}</span>
                    </summary>
                    <div class="nhsuk-details__text">
                        <ActionForm action=ask attr:novalidate=true>
                            <input type="hidden" name="organisation_id" value=org/>
                            <input type="hidden" name="locum_id" value=locum/>
                            <input type="hidden" name="day" value=day/>
                            <input type="hidden" name="segment" value=segment/>
                            <TextInput id=rate_id name="rate" label="Rate (£ an hour)" hint="For example, 85 or 85.50" inputmode="decimal" autocomplete="off" error=rate_error/>
                            <Textarea id=notes_id name="notes" label="Notes (optional)" rows=2 error=notes_error/>
                            <button class="nhsuk-button nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" disabled=move || ask.pending().get()>"Request cover"</button>
                        </ActionForm>
                    </div>
                </details>
            </div>
        </div>
    }
}

fn request_card(
    org: &OrgId,
    r: CoverRequestView,
    confirm: ServerAction<ConfirmCover>,
) -> impl IntoView {
    let action = (r.status == RequestStatus::Accepted).then(|| {
        let (org, id) = (org.to_string(), r.id.to_string());
        let label = format!("Confirm {} for {}, {}", r.locum, r.date, r.segment.label());
        view! {
            <ActionForm action=confirm>
                <input type="hidden" name="organisation_id" value=org/>
                <input type="hidden" name="request_id" value=id/>
                <button class="nhsuk-button nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" aria-label=label disabled=move || confirm.pending().get()>"Confirm"</button>
            </ActionForm>
        }
    });
    view! {
        <li class="nhsuk-card nhsuk-u-margin-bottom-3">
            <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading nhsuk-heading-s">{r.locum.clone()} ": " {r.date.clone()}</h3>
                <p class="nhsuk-body nhsuk-u-margin-bottom-1">{format!("{}: {} · {}", r.segment.label(), r.times, r.rate)}</p>
                <p class="nhsuk-body">{request_status_tag(r.status)}</p>
                {action}
            </div>
        </li>
    }
}
