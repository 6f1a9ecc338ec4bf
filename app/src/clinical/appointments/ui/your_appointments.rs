//! `/appointments`: "Your appointments", the signed-in patient's booked
//! appointments at each of their practices, with "Cancel appointment" and
//! "Book an appointment".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::clinical::appointments::api::{get_your_appointments, CancelAppointment};
use crate::clinical::appointments::model::{PracticeAppointments, YourAppointments};
use crate::components::{form_errors, ErrorSummary, FormErrors, NotificationBanner, PageSkeleton};

/// `/appointments`.
#[component]
pub fn YourAppointmentsPage() -> impl IntoView {
    let query = use_query_map();
    let done = move || query.read().get("done").unwrap_or_default();
    let cancel = ServerAction::<CancelAppointment>::new();
    let cancels = cancel.version();
    let data = Resource::new(move || (done(), cancels.get()), |_| get_your_appointments());
    {
        let navigate = use_navigate();
        Effect::watch(
            move || cancel.value().get(),
            move |result, _, _| {
                if let Some(Ok(())) = result {
                    navigate("/appointments?done=cancelled", Default::default());
                }
            },
            false,
        );
    }
    view! {
        <Title text="Your appointments"/>
        <PageSkeleton data transition=true page=move |page: YourAppointments| {
            let message = match done().as_str() {
                "booked" => Some("Appointment booked. We have sent you a confirmation email."),
                "cancelled" => Some("Appointment cancelled. We have sent you an email to confirm."),
                _ => None,
            };
            view! { <Appointments page message cancel/> }.into_any()
        }/>
    }
}

#[component]
fn Appointments(
    page: YourAppointments,
    message: Option<&'static str>,
    cancel: ServerAction<CancelAppointment>,
) -> impl IntoView {
    let form = FormErrors::new(form_errors(cancel.value(), "appointments"));
    let errors = form.errors;
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let body = if page.practices.is_empty() {
        view! {
            <p class="nhsuk-body">"Your account is not linked to an active patient record, so there are no appointments to show. "
                <a href="/patient-profile">"Go to your Patient Profile"</a>"."</p>
        }
        .into_any()
    } else {
        page.practices
            .into_iter()
            .map(|practice| view! { <Practice practice cancel/> })
            .collect_view()
            .into_any()
    };
    view! {
        <ErrorSummary errors/>
        {message.map(|text| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
            </NotificationBanner>
        })}
        <h1 id="appointments" tabindex="-1">"Your appointments"</h1>
        {body}
    }
}

#[component]
fn Practice(
    practice: PracticeAppointments,
    cancel: ServerAction<CancelAppointment>,
) -> impl IntoView {
    let name = practice.practice_name.clone();
    let content = if !practice.booking_on {
        view! { <p class="nhsuk-body">{format!("{name} does not offer online booking. Contact the practice to book or cancel an appointment.")}</p> }.into_any()
    } else if let Some(why) = practice.unavailable.clone() {
        view! { <p class="nhsuk-body">{why}</p> }.into_any()
    } else {
        let book = format!("/appointments/book/{}", practice.practice_id);
        let list = if practice.appointments.is_empty() {
            view! { <p class="nhsuk-body">"You have no appointments booked."</p> }.into_any()
        } else {
            let rows = practice
                .appointments
                .into_iter()
                .map(|a| {
                    let org = practice.practice_id.to_string();
                    let label = format!("Cancel appointment on {}", a.when);
                    view! {
                        <li class="gh-appointment">
                            <p class="nhsuk-body nhsuk-u-margin-bottom-2"><strong>{a.when.clone()}</strong></p>
                            <ActionForm action=cancel attr:novalidate=true>
                                <input type="hidden" name="practice_id" value=org/>
                                <input type="hidden" name="appointment_id" value=a.id.clone()/>
                                <button class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" type="submit"
                                    aria-label=label disabled=move || cancel.pending().get()>"Cancel appointment"</button>
                            </ActionForm>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="nhsuk-list">{rows}</ul> }.into_any()
        };
        view! {
            {list}
            <p class="nhsuk-body"><a class="nhsuk-button" href=book>"Book an appointment"</a></p>
        }
        .into_any()
    };
    view! {
        <section class="nhsuk-card">
            <div class="nhsuk-card__content">
                <h2 class="nhsuk-card__heading">{name}</h2>
                {content}
            </div>
        </section>
    }
}
