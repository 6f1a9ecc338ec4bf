//! `/schedule`: the locum's unified Schedule. The week's work day by day
//! (with "Give back" on a hub shift), a warning when two pieces of work
//! leave less than 11 hours of rest, and the hub shifts they can take in
//! the coming weeks, each with "Assign to me", and the practices'
//! requirements, each with "Offer cover".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::{form_errors, ErrorSummary, NotificationBanner, PageSkeleton, Textarea};
use crate::error::FieldErrors;
use crate::shifts::availability::api::{AnswerCoverRequest, ToggleAvailability};
use crate::shifts::model::{
    CoverRequestView, GridDay, OpenRequirement, RequestStatus, Schedule, ShiftView,
};
use crate::shifts::schedule::api::{
    get_schedule, AssignShiftToMe, CreateCalendarFeed, GiveBackShift, OfferCover,
    TurnOffCalendarFeed,
};
use crate::shifts::ui::{
    offer_status_tag, remember_sent, request_status_tag, row_error, with_row_errors,
};

/// `/schedule`.
#[component]
pub fn SchedulePage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        (
            query.read().get("week").unwrap_or_default(),
            query.read().get("done").unwrap_or_default(),
            query.read().get("calendar").unwrap_or_default(),
            query.read().get("changed").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(week, _, _, _)| get_schedule(week));
    view! {
        <Title text="Schedule"/>
        <PageSkeleton data transition=true page=move |schedule: Schedule| {
            let (week, done, calendar, changed) = args();
            // A new calendar link's token, shown once after it is made.
            let token = (calendar.len() == 64 && calendar.bytes().all(|b| b.is_ascii_hexdigit()))
                .then_some(calendar);
            let message = match done.as_str() {
                "assigned" => Some("Shift assigned to you. It is in your Schedule and the hub has been told."),
                "given_back" => Some("Shift given back. It is open again and the hub or practice has been told."),
                "offered" => Some("Offer sent. The practice has been told; you will hear when they accept or decline it."),
                "calendar_off" => Some("Calendar link turned off. The old link no longer works."),
                "request_accepted" => Some("Request accepted. The practice has been told; it is booked once they confirm it."),
                "request_declined" => Some("Request declined. The practice has been told."),
                _ => None,
            };
            view! { <Weeks schedule message week token changed/> }.into_any()
        }/>
    }
}

#[component]
fn Weeks(
    schedule: Schedule,
    message: Option<&'static str>,
    week: String,
    token: Option<String>,
    changed: String,
) -> impl IntoView {
    let assign = ServerAction::<AssignShiftToMe>::new();
    let give_back = ServerAction::<GiveBackShift>::new();
    let offer = ServerAction::<OfferCover>::new();
    let toggle = ServerAction::<ToggleAvailability>::new();
    let answer = ServerAction::<AnswerCoverRequest>::new();
    let make_link = ServerAction::<CreateCalendarFeed>::new();
    let turn_off = ServerAction::<TurnOffCalendarFeed>::new();
    let navigate = use_navigate();
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if let Some(Ok(token)) = make_link.value().get() {
                navigate(
                    &format!("/schedule?calendar={token}#calendar"),
                    Default::default(),
                );
            }
            if let Some(Ok(())) = turn_off.value().get() {
                navigate("/schedule?done=calendar_off", Default::default());
            }
            // A toggled segment: the week again, with focus back on it.
            if let Some(Ok(next)) = toggle.value().get() {
                navigate(&next, Default::default());
            }
            if let Some(Ok(next)) = answer.value().get() {
                navigate(&next, Default::default());
            }
        });
    }
    Effect::new(move |_| {
        let to = match (
            assign.value().get(),
            give_back.value().get(),
            offer.value().get(),
        ) {
            (Some(Ok(_)), _, _) => Some("assigned"),
            (_, Some(Ok(())), _) => Some("given_back"),
            (_, _, Some(Ok(_))) => Some("offered"),
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
    let (a, g, o, t, q) = (
        form_errors(assign.value(), "available"),
        form_errors(give_back.value(), "reason"),
        form_errors(offer.value(), "requirements"),
        form_errors(toggle.value(), "availability"),
        form_errors(answer.value(), "cover-requests"),
    );
    let others = Signal::derive(move || {
        let mut all = a.get();
        all.0.extend(o.get().0);
        all.0.extend(t.get().0);
        all.0.extend(q.get().0);
        all
    });
    let sent = remember_sent(move || give_back.input().get().map(|i| i.shift_id.to_string()));
    let form = with_row_errors(others, g, sent, &["reason"]);
    let errors = form.errors;
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    } else if token.is_some() {
        crate::components::focus_when_drawn("calendar-link");
    } else if let [day, segment, _] = changed.split('.').collect::<Vec<_>>()[..] {
        crate::components::focus_when_drawn(segment_id(day, segment));
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
                    .map(|s| booked_card(s, give_back, g, sent))
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
    let requirements = if schedule.requirements.is_empty() {
        view! {
            <p class="nhsuk-body">"No practice needs cover in the coming weeks. Requirements practices post show here."</p>
        }
        .into_any()
    } else {
        let cards = schedule
            .requirements
            .into_iter()
            .map(|r| requirement_card(r, offer))
            .collect_view();
        view! { <ul class="nhsuk-list">{cards}</ul> }.into_any()
    };
    let week_of_grid = schedule
        .grid
        .first()
        .map(|d| d.iso.clone())
        .unwrap_or_default();
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
        <nav class="gh-schedule__nav" aria-label="Schedule views">
            <strong>"Week view"</strong>
            " "
            <a class="nhsuk-link" href="/schedule/month">"Month view"</a>
        </nav>
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
        <h2 id="requirements" tabindex="-1">"Practice requirements"</h2>
        <p class="nhsuk-body">{format!("Sessions practices in your network need covered, for the next {} days. Offer cover and the practice accepts or declines your offer.", schedule.horizon_days)}</p>
        {requirements}
        {availability_grid(schedule.grid, week_of_grid, toggle)}
        {cover_requests(schedule.cover_requests, answer)}
        {calendar_section(schedule.calendar_since, schedule.calendar_base, token, make_link, turn_off)}
    }
}

fn calendar_section(
    since: Option<String>,
    base: String,
    token: Option<String>,
    make_link: ServerAction<CreateCalendarFeed>,
    turn_off: ServerAction<TurnOffCalendarFeed>,
) -> impl IntoView {
    let fresh = token.map(|token| {
        let link = format!("{base}{token}");
        view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <div class="nhsuk-form-group nhsuk-u-margin-bottom-0">
                    <label class="nhsuk-label" for="calendar-link">"Your calendar link"</label>
                    <div class="nhsuk-hint" id="calendar-link-hint">"Copy it now: it is shown only this once. Add it to your calendar app as a subscription (\"From URL\" or \"Subscribe to calendar\")."</div>
                    <input class="nhsuk-input" id="calendar-link" type="text" readonly=true aria-describedby="calendar-link-hint" value=link spellcheck="false"/>
                </div>
            </div>
        }
    });
    let controls = match since {
        Some(since) => view! {
            <p class="nhsuk-body">{format!("You made your calendar link on {since}. Lost it, or shared it by mistake? Make a new link: the old one stops working.")}</p>
            <div class="nhsuk-button-group">
                <ActionForm action=make_link>
                    <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" disabled=move || make_link.pending().get()>"Make a new link"</button>
                </ActionForm>
                <ActionForm action=turn_off>
                    <button class="nhsuk-button nhsuk-button--warning nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" disabled=move || turn_off.pending().get()>"Turn off the calendar link"</button>
                </ActionForm>
            </div>
        }
        .into_any(),
        None => view! {
            <ActionForm action=make_link>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-module="nhsuk-button" disabled=move || make_link.pending().get()>"Create a calendar link"</button>
            </ActionForm>
        }
        .into_any(),
    };
    view! {
        <h2 id="calendar" tabindex="-1">"Calendar feed"</h2>
        <p class="nhsuk-body">"See your booked work in the calendar on your phone or computer with a private link. Anyone with the link can see your bookings, so keep it to yourself."</p>
        {fresh}
        {controls}
    }
}

fn requirement_card(r: OpenRequirement, offer: ServerAction<OfferCover>) -> impl IntoView {
    let s = r.shift;
    let id = s.id.to_string();
    let label = format!("Offer cover: {}, {}, {}", s.organisation, s.date, s.times);
    let action = match (r.my_offer, s.clashes) {
        (Some(status), _) => view! {
            <p class="nhsuk-body">"Your offer: " {offer_status_tag(status)}</p>
        }
        .into_any(),
        (None, true) => view! {
            <p class="nhsuk-body"><strong>"Clashes with your work"</strong>": you cannot cover it."</p>
        }
        .into_any(),
        (None, false) => view! {
            <ActionForm action=offer>
                <input type="hidden" name="shift_id" value=id/>
                <button class="nhsuk-button nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" aria-label=label disabled=move || offer.pending().get()>"Offer cover"</button>
            </ActionForm>
        }
        .into_any(),
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
    sent: Signal<Option<String>>,
) -> impl IntoView {
    let reason_id = format!("reason-{}", s.id);
    let error = row_error(errors, sent, s.id.to_string(), "reason");
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
                            <Textarea id=reason_id name="reason" label="Reason for giving it back" hint="The hub or practice is told" rows=2 error/>
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

/// The id of a segment's button in the availability grid.
fn segment_id(day: &str, segment: &str) -> String {
    format!("segment-{day}-{segment}")
}

fn availability_grid(
    grid: Vec<GridDay>,
    week: String,
    toggle: ServerAction<ToggleAvailability>,
) -> impl IntoView {
    let days = grid
        .into_iter()
        .map(|day| {
            let cells = day
                .cells
                .into_iter()
                .map(|cell| {
                    let id = segment_id(&day.iso, cell.segment.as_str());
                    let name = format!("{} {}", cell.segment.label(), cell.segment.times());
                    let state = match (cell.request, cell.booked, cell.available) {
                        (Some(status), _, _) => status.label(),
                        (None, true, _) => "Booked",
                        (None, false, true) => "Available",
                        (None, false, false) => "Not available",
                    };
                    // Its name is its text: the segment, the day (hidden: the
                    // heading shows it), the state and the times.
                    let hidden = format!(", {}: ", day.date);
                    let fixed = cell.past || cell.booked || cell.request.is_some();
                    if fixed {
                        view! {
                            <li class="gh-segment">
                                <span class="gh-segment__name">{name}</span>
                                <strong class="gh-segment__state">{state}</strong>
                            </li>
                        }
                        .into_any()
                    } else {
                        let (d, s, w) = (
                            day.iso.clone(),
                            cell.segment.as_str().to_string(),
                            week.clone(),
                        );
                        let pressed = if cell.available { "true" } else { "false" };
                        view! {
                            <li class="gh-segment">
                                <ActionForm action=toggle>
                                    <input type="hidden" name="day" value=d/>
                                    <input type="hidden" name="segment" value=s/>
                                    <input type="hidden" name="week" value=w/>
                                    <button id=id class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0 gh-segment__button" type="submit" aria-pressed=pressed disabled=move || toggle.pending().get()>
                                        <span class="gh-segment__name">{cell.segment.label()}</span>
                                        <span class="nhsuk-u-visually-hidden">{hidden}</span>
                                        <span class="gh-segment__state">{state}</span>
                                        <span class="gh-segment__times">{cell.segment.times()}</span>
                                    </button>
                                </ActionForm>
                            </li>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! {
                <li class="gh-schedule__day">
                    <h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">{day.date.clone()}</h3>
                    <ul class="nhsuk-list gh-segments">{cells}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 id="availability" tabindex="-1">"Your availability"</h2>
        <p class="nhsuk-body">"Choose the parts of each day when you can work: practices in your network see them and can request cover. Choose one again to remove it. Morning is 08:00 to 13:00, Afternoon 13:00 to 18:00, Evening 18:00 to 22:00 (UK time)."</p>
        <ul class="nhsuk-list gh-schedule">{days}</ul>
    }
}

fn cover_requests(
    requests: Vec<CoverRequestView>,
    answer: ServerAction<AnswerCoverRequest>,
) -> impl IntoView {
    let list = if requests.is_empty() {
        view! { <p class="nhsuk-body">"No requests for cover. When a practice asks you to cover a time you are available, it shows here."</p> }
            .into_any()
    } else {
        let cards = requests
            .into_iter()
            .map(|r| {
                let buttons = matches!(r.status, RequestStatus::Requested | RequestStatus::Accepted)
                    .then(|| {
                        let id = r.id.to_string();
                        let accept = (r.status == RequestStatus::Requested).then(|| {
                            let id = id.clone();
                            let label = format!("Accept the request from {} for {}", r.practice, r.date);
                            view! {
                                <ActionForm action=answer>
                                    <input type="hidden" name="request_id" value=id/>
                                    <input type="hidden" name="answer" value="accept"/>
                                    <button class="nhsuk-button nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" aria-label=label disabled=move || answer.pending().get()>"Accept"</button>
                                </ActionForm>
                            }
                        });
                        let label = format!("Decline the request from {} for {}", r.practice, r.date);
                        view! {
                            <div class="nhsuk-button-group">
                                {accept}
                                <ActionForm action=answer>
                                    <input type="hidden" name="request_id" value=id/>
                                    <input type="hidden" name="answer" value="decline"/>
                                    <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" aria-label=label disabled=move || answer.pending().get()>"Decline"</button>
                                </ActionForm>
                            </div>
                        }
                    });
                let notes = (!r.notes.is_empty())
                    .then(|| view! { <p class="nhsuk-body-s">{r.notes.clone()}</p> });
                view! {
                    <li class="nhsuk-card nhsuk-u-margin-bottom-3">
                        <div class="nhsuk-card__content">
                            <h3 class="nhsuk-card__heading nhsuk-heading-s">{r.practice.clone()} ": " {r.date.clone()}</h3>
                            <p class="nhsuk-body nhsuk-u-margin-bottom-1">{format!("{}: {} · {}", r.segment.label(), r.times, r.rate)}</p>
                            {notes}
                            <p class="nhsuk-body">{request_status_tag(r.status)}</p>
                            {buttons}
                        </div>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="nhsuk-list">{cards}</ul> }.into_any()
    };
    view! {
        <h2 id="cover-requests" tabindex="-1">"Requests for cover"</h2>
        {list}
    }
}
