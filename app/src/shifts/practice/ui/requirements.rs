//! `/practices/:id/requirements`: "Requirements" (ManageShifts in the
//! practice). "Post a requirement" for a session that needs locum cover,
//! and the practice's requirements from today on, each with the offers
//! locums made ("Accept" / "Decline") and "Cancel requirement".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{
    form_errors, Button, DateInput, ErrorSummary, NotificationBanner, PageSkeleton, Select,
    TextInput, Textarea,
};
use crate::error::FieldErrors;
use crate::ids::OrgId;
use crate::locums::model::Profession;
use crate::shifts::model::{
    OfferStatus, OfferView, PracticeRequirements, Requirement, ShiftStatus,
};
use crate::shifts::practice::api::{
    get_requirements, AcceptOffer, CancelRequirement, DeclineOffer, PostRequirement,
};
use crate::shifts::ui::{
    offer_status_tag, remember_sent, row_error, shift_status_tag, with_row_errors,
};

/// `/practices/:id/requirements`.
#[component]
pub fn RequirementsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, _)| get_requirements(org));
    view! {
        <Title text="Requirements"/>
        <PageSkeleton data transition=true page=move |page: PracticeRequirements| {
            let (org, done) = args();
            let message = match done.as_str() {
                "posted" => Some("Requirement posted. Locums in your network see it in their Schedule and can offer cover."),
                "accepted" => Some("Offer accepted. The session is booked to the locum, it is in their Schedule, and everyone who offered has been told."),
                "declined" => Some("Offer declined. The locum has been told."),
                "cancelled" => Some("Requirement cancelled. The locum booked for it, or those who offered, have been told why."),
                _ => None,
            };
            view! { <Requirements org page message/> }.into_any()
        }/>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    accept: ServerAction<AcceptOffer>,
    decline: ServerAction<DeclineOffer>,
    cancel: ServerAction<CancelRequirement>,
    reasons: Signal<FieldErrors>,
    sent: Signal<Option<String>>,
}

#[component]
fn Requirements(
    org: OrgId,
    page: PracticeRequirements,
    message: Option<&'static str>,
) -> impl IntoView {
    let post = ServerAction::<PostRequirement>::new();
    let accept = ServerAction::<AcceptOffer>::new();
    let decline = ServerAction::<DeclineOffer>::new();
    let cancel = ServerAction::<CancelRequirement>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            let done = match (
                post.value().get(),
                accept.value().get(),
                decline.value().get(),
                cancel.value().get(),
            ) {
                (Some(Ok(())), _, _, _) => Some("posted"),
                (_, Some(Ok(_)), _, _) => Some("accepted"),
                (_, _, Some(Ok(_)), _) => Some("declined"),
                (_, _, _, Some(Ok(()))) => Some("cancelled"),
                _ => None,
            };
            if let Some(done) = done {
                navigate(
                    &format!("/practices/{org}/requirements?done={done}"),
                    Default::default(),
                );
            }
        });
    }
    let (p, a, d, c) = (
        form_errors(post.value(), "date_day"),
        form_errors(accept.value(), "requirements"),
        form_errors(decline.value(), "requirements"),
        form_errors(cancel.value(), "reason"),
    );
    let others = Signal::derive(move || {
        let mut all = p.get();
        all.0.extend(a.get().0);
        all.0.extend(d.get().0);
        all
    });
    let sent = remember_sent(move || cancel.input().get().map(|i| i.shift_id.to_string()));
    let form = with_row_errors(others, c, sent, &["reason"]);
    let errors = form.errors;
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let actions = Actions {
        accept,
        decline,
        cancel,
        reasons: c,
        sent,
    };
    let roles = std::iter::once((String::new(), "Select a role".to_string()))
        .chain(
            Profession::ALL
                .iter()
                .map(|p| (p.as_str().to_string(), p.label().to_string())),
        )
        .collect::<Vec<_>>();
    let names = [
        "shift[date_day]".to_string(),
        "shift[date_month]".to_string(),
        "shift[date_year]".to_string(),
    ];
    let empty = page.requirements.is_empty();
    let list = page
        .requirements
        .into_iter()
        .map(|r| requirement(&org, r, actions))
        .collect_view();
    let org_post = org.to_string();
    view! {
        <ErrorSummary errors/>
        {message.map(|text| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{page.practice_name}</span>
        <h1>"Requirements"</h1>
        <p class="nhsuk-body">"Post the sessions you need covered. Active locums in your network see them in their Schedule and offer cover; you accept one offer or decline them."</p>
        <p class="nhsuk-body">"Or see when locums are free and ask them: " <a href=format!("/practices/{org}/availability")>"Locum availability"</a> "."</p>
        <h2>"Post a requirement"</h2>
        <ActionForm action=post attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org_post/>
            <DateInput id="date_day" name="shift[date]" legend="Date" hint="For example, 14 12 2026" names error=form.field("date_day")/>
            <TextInput id="start_time" name="shift[start_time]" label="Session start time" hint="24-hour clock, like 08:30" autocomplete="off" error=form.field("start_time")/>
            <TextInput id="end_time" name="shift[end_time]" label="Session end time" hint="24-hour clock, like 13:00" autocomplete="off" error=form.field("end_time")/>
            <Select id="role" name="shift[role]" label="Role" options=roles error=form.field("role")/>
            <TextInput id="rate" name="shift[rate]" label="Rate (£ an hour)" hint="For example, 85 or 85.50" inputmode="decimal" autocomplete="off" error=form.field("rate")/>
            <Textarea id="notes" name="shift[notes]" label="Notes (optional)" hint="What the locum should know: clinics, systems, parking. 1,000 characters at most." rows=3 error=form.field("notes")/>
            <Button disabled=post.pending()>"Post requirement"</Button>
        </ActionForm>
        <h2 id="requirements" tabindex="-1">"Your requirements"</h2>
        {if empty {
            view! { <p class="nhsuk-body">"No requirements from today on. Requirements you post are listed here with the offers locums make."</p> }.into_any()
        } else {
            view! { <ul class="nhsuk-list">{list}</ul> }.into_any()
        }}
    }
}

fn requirement(org: &OrgId, r: Requirement, actions: Actions) -> impl IntoView {
    let s = r.shift;
    let open = s.status == ShiftStatus::Open;
    let state = match (&s.status, &s.locum) {
        (ShiftStatus::Booked, Some(name)) => format!("Booked: {name} will cover it"),
        (ShiftStatus::Cancelled, _) => {
            format!("Cancelled: {}", s.cancel_reason.clone().unwrap_or_default())
        }
        _ if r.offers.is_empty() => "No offers yet".to_string(),
        _ => String::new(),
    };
    let offers = (!r.offers.is_empty()).then(|| {
        let rows = r
            .offers
            .into_iter()
            .map(|o| offer_row(org, o, open, actions))
            .collect_view();
        let caption = format!("Offers of cover for {}, {}", s.date, s.times);
        view! {
            <table class="nhsuk-table-responsive">
                <caption class="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
                <thead class="nhsuk-table__head" role="rowgroup">
                    <tr class="nhsuk-table__row" role="row">
                        <th class="nhsuk-table__header" role="columnheader" scope="col">"Locum"</th>
                        <th class="nhsuk-table__header" role="columnheader" scope="col">"Offered"</th>
                        <th class="nhsuk-table__header" role="columnheader" scope="col">"Status"</th>
                        <th class="nhsuk-table__header" role="columnheader" scope="col">"Answer"</th>
                    </tr>
                </thead>
                <tbody class="nhsuk-table__body">{rows}</tbody>
            </table>
        }
    });
    let cancel = (s.status != ShiftStatus::Cancelled).then(|| {
        let (org, id) = (org.to_string(), s.id.to_string());
        let reason_id = format!("reason-{id}");
        let error = row_error(actions.reasons, actions.sent, id.clone(), "reason");
        let summary = format!("Cancel the requirement on {}", s.date);
        let cancel = actions.cancel;
        view! {
            <details class="nhsuk-details nhsuk-u-margin-bottom-0">
                <summary class="nhsuk-details__summary">
                    <span class="nhsuk-details__summary-text">{summary}</span>
                </summary>
                <div class="nhsuk-details__text">
                    <ActionForm action=cancel attr:novalidate=true>
                        <input type="hidden" name="organisation_id" value=org/>
                        <input type="hidden" name="shift_id" value=id/>
                        <Textarea id=reason_id name="reason" label="Reason for cancelling" hint="The locum booked for it, or those who offered, are told" rows=2 error/>
                        <button class="nhsuk-button nhsuk-button--warning nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" disabled=move || cancel.pending().get()>"Cancel requirement"</button>
                    </ActionForm>
                </div>
            </details>
        }
    });
    let notes =
        (!s.notes.is_empty()).then(|| view! { <p class="nhsuk-body-s">{s.notes.clone()}</p> });
    view! {
        <li class="nhsuk-card nhsuk-u-margin-bottom-3">
            <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading nhsuk-heading-s">{s.date.clone()} ", " {s.times.clone()}</h3>
                <p class="nhsuk-body nhsuk-u-margin-bottom-1">{format!("{} · {}", s.role, s.rate)}</p>
                {notes}
                <p class="nhsuk-body">{shift_status_tag(s.status)} " " {state}</p>
                {offers}
                {cancel}
            </div>
        </li>
    }
}

fn offer_row(org: &OrgId, o: OfferView, open: bool, actions: Actions) -> impl IntoView {
    let answer = (open && o.status == OfferStatus::Offered).then(|| {
        let (org, id) = (org.to_string(), o.id.to_string());
        let (accept, decline) = (actions.accept, actions.decline);
        let accept_label = format!("Accept the offer from {}", o.locum);
        let decline_label = format!("Decline the offer from {}", o.locum);
        let (org2, id2) = (org.clone(), id.clone());
        view! {
            <div class="nhsuk-button-group">
                <ActionForm action=accept>
                    <input type="hidden" name="organisation_id" value=org/>
                    <input type="hidden" name="offer_id" value=id/>
                    <button class="nhsuk-button nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" aria-label=accept_label disabled=move || accept.pending().get()>"Accept"</button>
                </ActionForm>
                <ActionForm action=decline>
                    <input type="hidden" name="organisation_id" value=org2/>
                    <input type="hidden" name="offer_id" value=id2/>
                    <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit" data-module="nhsuk-button" aria-label=decline_label disabled=move || decline.pending().get()>"Decline"</button>
                </ActionForm>
            </div>
        }
    });
    let who = if o.profession.is_empty() {
        o.locum.clone()
    } else {
        format!("{} ({})", o.locum, o.profession)
    };
    view! {
        <tr class="nhsuk-table__row" role="row">
            <td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table-responsive__heading">"Locum "</span>{who}</td>
            <td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table-responsive__heading">"Offered "</span>{o.offered_at}</td>
            <td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table-responsive__heading">"Status "</span>{offer_status_tag(o.status)}</td>
            <td class="nhsuk-table__cell" role="cell"><span class="nhsuk-table-responsive__heading">"Answer "</span>{answer}</td>
        </tr>
    }
}
