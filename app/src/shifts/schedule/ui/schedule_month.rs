//! `/schedule/month`: the Schedule's month view. Every day of the month
//! with something on it (booked work, offers of cover, requests for cover,
//! availability), each thing's state in words; "Previous month", "This
//! month", "Next month" (`?month=YYYY-MM`). A list, not a grid, so it reads
//! in order and fits a phone.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::PageSkeleton;
use crate::shifts::model::ScheduleMonth;
use crate::shifts::schedule::api::get_schedule_month;

/// `/schedule/month`.
#[component]
pub fn ScheduleMonthPage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.read().get("month").unwrap_or_default();
    let data = Resource::new(month, get_schedule_month);
    view! {
        <Title text="Schedule: month"/>
        <PageSkeleton data transition=true page=move |month: ScheduleMonth| {
            view! { <Month month/> }.into_any()
        }/>
    }
}

#[component]
fn Month(month: ScheduleMonth) -> impl IntoView {
    let empty = month.days.is_empty();
    let days = month
        .days
        .into_iter()
        .map(|day| {
            let items = day
                .items
                .into_iter()
                .map(|item| {
                    view! {
                        <li><strong>{item.state}</strong>": " {item.text}</li>
                    }
                })
                .collect_view();
            view! {
                <li class="gh-schedule__day">
                    <h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">{day.date}</h3>
                    <ul class="nhsuk-list nhsuk-list--bullet">{items}</ul>
                </li>
            }
        })
        .collect_view();
    let previous = format!("/schedule/month?month={}", month.previous);
    let next = format!("/schedule/month?month={}", month.next);
    view! {
        <h1>"Schedule"</h1>
        <nav class="gh-schedule__nav" aria-label="Schedule views">
            <a class="nhsuk-link" href="/schedule">"Week view"</a>
            " "
            <strong>"Month view"</strong>
        </nav>
        <h2 id="month">{month.title}</h2>
        <nav class="gh-schedule__nav" aria-label="Months">
            <a class="nhsuk-link" href=previous>"Previous month"</a>
            " "
            <a class="nhsuk-link" href="/schedule/month">"This month"</a>
            " "
            <a class="nhsuk-link" href=next>"Next month"</a>
        </nav>
        {if empty {
            view! { <p class="nhsuk-body">"Nothing this month: no booked work, offers, requests or availability."</p> }.into_any()
        } else {
            view! { <ul class="nhsuk-list gh-schedule">{days}</ul> }.into_any()
        }}
    }
}
