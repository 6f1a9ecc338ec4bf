//! `/appointments/book/:practice`: "Book an appointment", the free slots
//! the practice lets patients book, day by day, one radio each. When
//! someone else books the chosen time first, the page says so and shows
//! the slots still free.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::clinical::appointments::api::{free_appointment_slots, BookAppointment};
use crate::clinical::appointments::model::{FreeSlots, SlotDay};
use crate::components::{form_errors, BackLink, Button, ErrorSummary, FormErrors, PageSkeleton};
use crate::ids::OrgId;

/// `/appointments/book/:practice`.
#[component]
pub fn BookAppointmentPage() -> impl IntoView {
    let params = use_params_map();
    let practice = move || OrgId::new(params.read().get("practice").unwrap_or_default());
    // The slots are read again after each try, so a time someone else took
    // is gone from the list that shows the error.
    let book = ServerAction::<BookAppointment>::new();
    let tries = book.version();
    let data = Resource::new(
        move || (practice(), tries.get()),
        |(practice, _)| free_appointment_slots(practice),
    );
    {
        let navigate = use_navigate();
        Effect::watch(
            move || book.value().get(),
            move |result, _, _| {
                if let Some(Ok(())) = result {
                    navigate("/appointments?done=booked", Default::default());
                }
            },
            false,
        );
    }
    view! {
        <Title text="Book an appointment"/>
        <PageSkeleton data transition=true page=move |page: FreeSlots| {
            view! { <Slots page book/> }.into_any()
        }/>
    }
}

#[component]
fn Slots(page: FreeSlots, book: ServerAction<BookAppointment>) -> impl IntoView {
    let form = FormErrors::new(form_errors(book.value(), "slot"));
    let errors = form.errors;
    let slot_error = form.field("slot");
    let back = view! { <BackLink href="/appointments" text="Back to your appointments"/> };
    if page.days.is_empty() {
        return view! {
            {back}
            <ErrorSummary errors/>
            <span class="nhsuk-caption-l">{page.practice_name.clone()}</span>
            <h1>"Book an appointment"</h1>
            <p class="nhsuk-body">{format!("There are no appointments free to book online in the next {} days. Try again later, or contact the practice.", page.days_ahead)}</p>
        }
        .into_any();
    }
    let mut first = true;
    let days = page
        .days
        .into_iter()
        .map(|day| {
            let view = view! { <Day day first/> };
            first = false;
            view
        })
        .collect_view();
    view! {
        {back}
        <ErrorSummary errors/>
        <span class="nhsuk-caption-l">{page.practice_name.clone()}</span>
        <h1>"Book an appointment"</h1>
        <ActionForm action=book attr:novalidate=true>
            <input type="hidden" name="practice_id" value=page.practice_id.to_string()/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || slot_error.get().is_some()>
                <fieldset class="nhsuk-fieldset" aria-describedby="slot-hint">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">"Choose a time"</legend>
                    <div class="nhsuk-hint" id="slot-hint">{format!("Appointments free in the next {} days.", page.days_ahead)}</div>
                    {move || slot_error.get().map(|m| view! {
                        <span class="nhsuk-error-message" id="slot-error"><span class="nhsuk-u-visually-hidden">"Error: "</span>{m}</span>
                    })}
                    {days}
                </fieldset>
            </div>
            <Button disabled=book.pending()>"Book appointment"</Button>
        </ActionForm>
    }
    .into_any()
}

/// One day's slots: a heading and a radio per slot. The very first radio
/// has the id `slot` so the error summary can link to it.
#[component]
fn Day(day: SlotDay, first: bool) -> impl IntoView {
    let radios = day
        .slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            let id = if first && i == 0 {
                "slot".to_string()
            } else {
                format!("slot-{}", slot.id)
            };
            let with = slot
                .practitioner
                .map(|p| format!("{}, {p}", slot.slot_type))
                .unwrap_or(slot.slot_type);
            view! {
                <div class="nhsuk-radios__item">
                    <input class="nhsuk-radios__input" id=id.clone() name="slot" type="radio" value=slot.id/>
                    <label class="nhsuk-label nhsuk-radios__label" for=id>
                        {slot.time}
                        <span class="nhsuk-u-visually-hidden">{format!(" on {}", day.date)}</span>
                        <span class="nhsuk-hint nhsuk-radios__hint">{with}</span>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! {
        <h2 class="nhsuk-heading-s nhsuk-u-margin-top-4">{day.date.clone()}</h2>
        <div class="nhsuk-radios">{radios}</div>
    }
}
