//! `/hubs/:id/shifts`: "Hub shifts" (ManageShifts in the hub): "Add
//! shifts" at one of the hub's locations, once or weekly until a date, and
//! the hub's shifts from today on with who holds each and "Cancel shift".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{
    form_errors, Button, DateInput, ErrorSummary, NotificationBanner, PageSkeleton, Select, Table,
    TextInput, Textarea,
};
use crate::error::FieldErrors;
use crate::ids::OrgId;
use crate::locums::model::Profession;
use crate::shifts::hub::api::{get_hub_shifts, AddHubShifts, CancelShift};
use crate::shifts::model::{HubShifts, ShiftStatus, ShiftView};
use crate::shifts::ui::{remember_sent, row_error, shift_status_tag, with_row_errors};

/// `/hubs/:id/shifts`.
#[component]
pub fn HubShiftsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("added").unwrap_or_default(),
            query.read().get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, _, _)| get_hub_shifts(org));
    view! {
        <Title text="Hub shifts"/>
        <PageSkeleton data transition=true page=move |shifts: HubShifts| {
            let (org, added, done) = args();
            let message = match (added.as_str(), done.as_str()) {
                ("1", _) => Some("Shift added. Enabled locums who chose its location can now take it.".to_string()),
                (n, _) if n.parse::<i64>().is_ok_and(|n| n > 1) => Some(format!("{n} shifts added, one a week. Enabled locums who chose their location can now take them.")),
                (_, "cancelled") => Some("Shift cancelled. If a locum held it, they have been told why.".to_string()),
                _ => None,
            };
            view! { <Shifts org shifts message/> }.into_any()
        }/>
    }
}

#[component]
fn Shifts(org: OrgId, shifts: HubShifts, message: Option<String>) -> impl IntoView {
    let add = ServerAction::<AddHubShifts>::new();
    let cancel = ServerAction::<CancelShift>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            let to = match (add.value().get(), cancel.value().get()) {
                (Some(Ok(n)), _) => Some(format!("added={n}")),
                (_, Some(Ok(()))) => Some("done=cancelled".to_string()),
                _ => None,
            };
            if let Some(to) = to {
                navigate(&format!("/hubs/{org}/shifts?{to}"), Default::default());
            }
        });
    }
    let (a, c) = (
        form_errors(add.value(), "location_id"),
        form_errors(cancel.value(), "reason"),
    );
    // A cancellation's reason belongs to its own row's text area.
    let sent = remember_sent(move || cancel.input().get().map(|i| i.shift_id.to_string()));
    let form = with_row_errors(a, c, sent, &["reason"]);
    let errors = form.errors;
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let locations = std::iter::once((String::new(), "Select a location".to_string()))
        .chain(shifts.locations.iter().cloned())
        .collect::<Vec<_>>();
    let no_locations = shifts.locations.is_empty();
    let roles = std::iter::once((String::new(), "Select a role".to_string()))
        .chain(
            Profession::ALL
                .iter()
                .map(|p| (p.as_str().to_string(), p.label().to_string())),
        )
        .collect::<Vec<_>>();
    let empty = shifts.shifts.is_empty();
    let rows = shifts
        .shifts
        .into_iter()
        .map(|s| shift_row(&org, s, cancel, c, sent))
        .collect_view();
    let names = |part: &str| {
        [
            format!("shift[{part}_day]"),
            format!("shift[{part}_month]"),
            format!("shift[{part}_year]"),
        ]
    };
    let org_add = org.to_string();
    view! {
        <ErrorSummary errors/>
        {message.map(|text| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{shifts.hub_name}</span>
        <h1>"Hub shifts"</h1>
        <p class="nhsuk-body">"Locums enabled in the hub see its open shifts at the locations they chose, and take one with \"Assign to me\"."</p>
        <h2>"Add shifts"</h2>
        {no_locations.then(|| view! {
            <p class="nhsuk-body">"Add a hub location in the " <a href=format!("/hubs/{org}/workforce")>"Hub workforce"</a> " first: every shift is at one."</p>
        })}
        <ActionForm action=add attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org_add/>
            <Select id="location_id" name="shift[location_id]" label="Hub location" options=locations error=form.field("location_id")/>
            <Select id="role" name="shift[role]" label="Role" options=roles error=form.field("role")/>
            <DateInput id="date_day" name="shift[date]" legend="Date" hint="For example, 14 12 2026" names=names("date") error=form.field("date_day")/>
            <TextInput id="start_time" name="shift[start_time]" label="Start time" hint="24-hour clock, like 08:30" autocomplete="off" error=form.field("start_time")/>
            <TextInput id="end_time" name="shift[end_time]" label="End time" hint="24-hour clock, like 18:00" autocomplete="off" error=form.field("end_time")/>
            <TextInput id="rate" name="shift[rate]" label="Rate (£ an hour)" hint="For example, 85 or 85.50" inputmode="decimal" autocomplete="off" error=form.field("rate")/>
            <Textarea id="notes" name="shift[notes]" label="Notes (optional)" hint="What the locum should know: parking, systems, who to ask for. 1,000 characters at most." rows=3 error=form.field("notes")/>
            <DateInput id="repeat_day" name="shift[repeat]" legend="Repeat weekly until (optional)" hint="For a rota: the same shift every week until this date, 25 weeks at most" names=names("repeat") error=form.field("repeat_day")/>
            <Button disabled=add.pending()>"Add shifts"</Button>
        </ActionForm>
        <h2>"Shifts"</h2>
        {if empty {
            view! { <p class="nhsuk-body">"No shifts from today on. Shifts you add are listed here."</p> }.into_any()
        } else {
            view! {
                <Table caption="The hub's shifts from today" headings=vec!["When", "Where", "Role and rate", "Status", "Change"]>
                    {rows}
                </Table>
            }.into_any()
        }}
    }
}

fn shift_row(
    org: &OrgId,
    s: ShiftView,
    cancel: ServerAction<CancelShift>,
    errors: Signal<FieldErrors>,
    sent: Signal<Option<String>>,
) -> impl IntoView {
    let reason_id = format!("reason-{}", s.id);
    let error = row_error(errors, sent, s.id.to_string(), "reason");
    let status = match (&s.status, &s.locum) {
        (ShiftStatus::Booked, Some(name)) => format!("Assigned to {name}"),
        (ShiftStatus::Cancelled, _) => {
            format!("Cancelled: {}", s.cancel_reason.clone().unwrap_or_default())
        }
        _ => String::new(),
    };
    let change = (s.status != ShiftStatus::Cancelled).then(|| {
        let (org, id) = (org.to_string(), s.id.to_string());
        let summary = format!("Cancel the shift on {}", s.date);
        view! {
            <details class="nhsuk-details nhsuk-u-margin-bottom-0">
                <summary class="nhsuk-details__summary">
                    <span class="nhsuk-details__summary-text">{summary}</span>
                </summary>
                <div class="nhsuk-details__text">
                    <ActionForm action=cancel attr:novalidate=true>
                        <input type="hidden" name="organisation_id" value=org/>
                        <input type="hidden" name="shift_id" value=id/>
                        <Textarea id=reason_id name="reason" label="Reason for cancelling" hint="The locum who holds it is told" rows=2 error/>
                        <button class="nhsuk-button nhsuk-button--warning nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" disabled=move || cancel.pending().get()>"Cancel shift"</button>
                    </ActionForm>
                </div>
            </details>
        }
    });
    let notes = (!s.notes.is_empty())
        .then(|| view! { <br/><span class="nhsuk-body-s">{s.notes.clone()}</span> });
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell"><strong>{s.date}</strong><br/>{s.times}</td>
            <td class="nhsuk-table__cell">{s.location}<br/><span class="nhsuk-body-s">{s.address}</span></td>
            <td class="nhsuk-table__cell">{s.role}<br/>{s.rate}{notes}</td>
            <td class="nhsuk-table__cell">{shift_status_tag(s.status)}<br/>{status}</td>
            <td class="nhsuk-table__cell">{change}</td>
        </tr>
    }
}
