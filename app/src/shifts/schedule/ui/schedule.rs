//! `/schedule`: the locum's unified Schedule. The week's work day by day
//! (with "Give back" on a hub shift), a warning when two pieces of work
//! leave less than 11 hours of rest, and the hub shifts they can take in
//! the coming weeks, each with "Assign to me".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::{
    form_errors, ErrorSummary, FormErrors, NotificationBanner, PageSkeleton, Textarea,
};
use crate::error::{FieldError, FieldErrors};
use crate::shifts::model::{Schedule, ShiftView};
use crate::shifts::schedule::api::{get_schedule, AssignShiftToMe, GiveBackShift};

/// `/schedule`.
#[component]
pub fn SchedulePage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        (
            query.read().get("week").unwrap_or_default(),
            query.read().get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(week, _)| get_schedule(week));
    view! {
        <Title text="Schedule"/>
        <PageSkeleton data transition=true page=move |schedule: Schedule| {
            let (week, done) = args();
            let message = match done.as_str() {
                "assigned" => Some("Shift assigned to you. It is in your Schedule and the hub has been told."),
                "given_back" => Some("Shift given back. It is open again and the hub has been told."),
                _ => None,
            };
            view! { <Weeks schedule message week/> }.into_any()
        }/>
    }
}

#[component]
fn Weeks(schedule: Schedule, message: Option<&'static str>, week: String) -> impl IntoView {
    let assign = ServerAction::<AssignShiftToMe>::new();
    let give_back = ServerAction::<GiveBackShift>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let to = match (assign.value().get(), give_back.value().get()) {
            (Some(Ok(_)), _) => Some("assigned"),
            (_, Some(Ok(()))) => Some("given_back"),
            _ => None,
        };
        if let Some(done) = to {
            let week = if week.is_empty() {
                String::new()
            } else {
                format!("week={week}&")
            };
            navigate(&format!("/schedule?{week}done={done}"), Default::default());
        }
    });
    let (a, g) = (
        form_errors(assign.value(), "available"),
        form_errors(give_back.value(), "reason"),
    );
    let giving_back = move || give_back.input().get().map(|i| i.shift_id.to_string());
    let form = FormErrors::new(Signal::derive(move || {
        let mut all = a.get();
        let row = giving_back();
        all.0.extend(g.get().0.into_iter().map(|e| match &row {
            Some(id) if e.field == "reason" => FieldError::new(format!("reason-{id}"), e.message),
            _ => e,
        }));
        all
    }));
    let errors = form.errors;
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let warnings = (!schedule.rest_warnings.is_empty()).then(|| {
        let items = schedule
            .rest_warnings
            .iter()
            .map(|w| view! { <li>{w.clone()}</li> })
            .collect_view();
        view! {
            <div class="nhsuk-warning-callout">
                <h2 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Rest between sessions"</span></h2>
                <ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>
            </div>
        }
    });
    let days = schedule
        .days
        .into_iter()
        .map(|day| {
            let work = if day.work.is_empty() {
                view! { <p class="nhsuk-body-s nhsuk-u-secondary-text-color">"Nothing booked"</p> }
                    .into_any()
            } else {
                day.work
                    .into_iter()
                    .map(|s| booked_card(s, give_back, g))
                    .collect_view()
                    .into_any()
            };
            view! {
                <li class="gh-schedule__day">
                    <h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">{day.date}</h3>
                    {work}
                </li>
            }
        })
        .collect_view();
    let available = if !schedule.in_a_hub {
        view! {
            <p class="nhsuk-body">"You are not enabled in a hub yet. Add a hub in " <a href="/hub-management">"Hub management"</a> "; once its managers enable you, its shifts show here."</p>
        }
        .into_any()
    } else if schedule.available.is_empty() {
        view! {
            <p class="nhsuk-body">"No open shifts at the locations you chose. Choose more locations in " <a href="/hub-management">"Hub management"</a> "."</p>
        }
        .into_any()
    } else {
        let cards = schedule
            .available
            .into_iter()
            .map(|s| open_card(s, assign))
            .collect_view();
        view! { <ul class="nhsuk-list">{cards}</ul> }.into_any()
    };
    let previous = format!("/schedule?week={}", schedule.previous);
    let next = format!("/schedule?week={}", schedule.next);
    view! {
        <ErrorSummary errors/>
        {message.map(|text| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
            </NotificationBanner>
        })}
        <h1>"Schedule"</h1>
        {warnings}
        <h2 id="week">"Week of " {schedule.week_of}</h2>
        <nav class="gh-schedule__nav" aria-label="Weeks">
            <a class="nhsuk-link" href=previous>"Previous week"</a>
            <a class="nhsuk-link" href="/schedule">"This week"</a>
            <a class="nhsuk-link" href=next>"Next week"</a>
        </nav>
        <ul class="nhsuk-list gh-schedule">{days}</ul>
        <h2 id="available" tabindex="-1">"Hub shifts you can take"</h2>
        <p class="nhsuk-body">{format!("Open shifts in your hubs at the locations you chose, for the next {} days.", schedule.horizon_days)}</p>
        {available}
    }
}

fn details_lines(s: &ShiftView) -> impl IntoView {
    let place = if s.location.is_empty() {
        s.organisation.clone()
    } else {
        format!("{}, {}", s.organisation, s.location)
    };
    let notes =
        (!s.notes.is_empty()).then(|| view! { <p class="nhsuk-body-s">{s.notes.clone()}</p> });
    view! {
        <p class="nhsuk-body nhsuk-u-margin-bottom-1">{place}</p>
        {(!s.address.is_empty()).then(|| view! { <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">{s.address.clone()}</p> })}
        <p class="nhsuk-body nhsuk-u-margin-bottom-1">{format!("{} · {}", s.role, s.rate)}</p>
        {notes}
    }
}

fn booked_card(
    s: ShiftView,
    give_back: ServerAction<GiveBackShift>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let reason_id = format!("reason-{}", s.id);
    let mine = s.id.to_string();
    let error = Signal::derive(move || {
        (give_back
            .input()
            .get()
            .map(|i| i.shift_id.to_string())
            .as_deref()
            == Some(mine.as_str()))
        .then(|| errors.get().for_field("reason"))
        .flatten()
    });
    let id = s.id.to_string();
    let summary = format!("Give back this shift ({})", s.times);
    view! {
        <div class="nhsuk-card nhsuk-u-margin-bottom-3">
            <div class="nhsuk-card__content">
                <h4 class="nhsuk-card__heading nhsuk-heading-s">{s.times.clone()} " · Assigned to you"</h4>
                {details_lines(&s)}
                <details class="nhsuk-details nhsuk-u-margin-bottom-0">
                    <summary class="nhsuk-details__summary">
                        <span class="nhsuk-details__summary-text">{summary}</span>
                    </summary>
                    <div class="nhsuk-details__text">
                        <ActionForm action=give_back attr:novalidate=true>
                            <input type="hidden" name="shift_id" value=id/>
                            <Textarea id=reason_id name="reason" label="Reason for giving it back" hint="The hub's managers are told" rows=2 error/>
                            <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" disabled=move || give_back.pending().get()>"Give back"</button>
                        </ActionForm>
                    </div>
                </details>
            </div>
        </div>
    }
}

fn open_card(s: ShiftView, assign: ServerAction<AssignShiftToMe>) -> impl IntoView {
    let id = s.id.to_string();
    let label = format!("Assign to me: {}, {}", s.date, s.times);
    let action = if s.clashes {
        view! { <p class="nhsuk-body"><strong>"Clashes with your work"</strong>": you cannot take it."</p> }.into_any()
    } else {
        view! {
            <ActionForm action=assign>
                <input type="hidden" name="shift_id" value=id/>
                <button class="nhsuk-button nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" aria-label=label disabled=move || assign.pending().get()>"Assign to me"</button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <li class="nhsuk-card nhsuk-u-margin-bottom-3">
            <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading nhsuk-heading-s">{s.date.clone()} ", " {s.times.clone()}</h3>
                {details_lines(&s)}
                {action}
            </div>
        </li>
    }
}
