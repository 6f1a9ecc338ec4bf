//! `/practices/:id/appointment-settings`: "Appointment reminders" and
//! "Appointment self-booking" of an EMIS Web practice (a direct Practice
//! administrator role).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::clinical::appointments::api::{
    get_appointment_settings, UpdateAppointmentReminders, UpdateSelfBooking,
};
use crate::clinical::appointments::model::{
    hours_in_words, AppointmentSettings, MAX_DAYS_AHEAD, REMINDER_FIELDS, REMINDER_TIMES,
};
use crate::components::{
    form_errors, BackLink, Button, ErrorSummary, FormErrors, NotificationBanner, PageSkeleton,
    Radios, TextInput, Textarea,
};
use crate::ids::OrgId;

/// `/practices/:id/appointment-settings`.
#[component]
pub fn AppointmentSettingsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, _)| get_appointment_settings(org));
    view! {
        <Title text="Appointment reminders and self-booking"/>
        <PageSkeleton data transition=true page=move |page: AppointmentSettings| {
            let (_, done) = args();
            let message = match done.as_str() {
                "reminders" => Some("Appointment reminder settings saved."),
                "booking" => Some("Appointment self-booking settings saved."),
                _ => None,
            };
            view! { <Settings page message/> }.into_any()
        }/>
    }
}

fn on_off(on: bool) -> Option<String> {
    Some(if on { "on" } else { "off" }.to_string())
}

#[component]
fn Settings(page: AppointmentSettings, message: Option<&'static str>) -> impl IntoView {
    let org = page.organisation_id.clone();
    let back = view! {
        <BackLink href=format!("/practices/{org}/feature-settings") text="Back to Feature settings"/>
    };
    if !page.emis_web {
        return view! {
            {back}
            <span class="nhsuk-caption-l">{page.practice_name.clone()}</span>
            <h1>"Appointment reminders and self-booking"</h1>
            <p class="nhsuk-body">"Appointment reminders and self-booking link to EMIS Web. This practice is not recorded as an EMIS Web practice."</p>
        }
        .into_any();
    }
    let reminders = ServerAction::<UpdateAppointmentReminders>::new();
    let booking = ServerAction::<UpdateSelfBooking>::new();
    {
        let org = org.clone();
        let navigate = use_navigate();
        Effect::new(move |_| {
            let done = match (reminders.value().get(), booking.value().get()) {
                (Some(Ok(())), _) => Some("reminders"),
                (_, Some(Ok(()))) => Some("booking"),
                _ => None,
            };
            if let Some(done) = done {
                navigate(
                    &format!("/practices/{org}/appointment-settings?done={done}"),
                    Default::default(),
                );
            }
        });
    }
    let (a, b) = (
        form_errors(reminders.value(), "reminders"),
        form_errors(booking.value(), "booking"),
    );
    let form = FormErrors::new(Signal::derive(move || {
        let mut all = a.get();
        all.0.extend(b.get().0);
        all
    }));
    let errors = form.errors;
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let on_off_options = |yes: &str, no: &str| {
        vec![
            ("on".to_string(), yes.to_string()),
            ("off".to_string(), no.to_string()),
        ]
    };
    let link_note = (!page.link_working).then(|| {
        view! {
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>{format!("The connection to EMIS is: {}. Reminders are sent and patients can book only while it works. ", page.link_health)}
                    <a href=format!("/practices/{org}/feature-settings")>"Test the connection in Feature settings"</a>"."</p>
            </div>
        }
    });
    let times = REMINDER_TIMES
        .iter()
        .enumerate()
        .map(|(i, (hours, words))| {
            // The first box takes the field's id: the error summary links to it.
            let id = if i == 0 {
                "reminder_times".to_string()
            } else {
                format!("remind_{hours}")
            };
            let checked = page.reminder_hours.contains(hours);
            view! {
                <div class="nhsuk-checkboxes__item">
                    <input class="nhsuk-checkboxes__input" id=id.clone() name="remind[]" type="checkbox" value=hours.to_string() checked=checked/>
                    <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{*words}</label>
                </div>
            }
        })
        .collect_view();
    let times_error = form.field("reminder_times");
    let fields = REMINDER_FIELDS
        .iter()
        .map(|f| view! { <li><code>{format!("{{{{{}}}}}", f.key)}</code>{format!(" – {}", f.label)}</li> })
        .collect_view();
    let summary = if page.reminders_on {
        format!("On: {}.", hours_in_words(&page.reminder_hours))
    } else {
        "Off.".to_string()
    };
    let sent = format!("Reminders sent so far: {}.", page.reminders_sent);
    let booking_summary = if page.booking_on {
        format!(
            "On: {} up to {} days ahead.",
            page.slot_types.join(", "),
            page.days_ahead
        )
    } else {
        "Off.".to_string()
    };
    let (org1, org2) = (org.to_string(), org.to_string());
    view! {
        {back}
        <ErrorSummary errors/>
        {message.map(|text| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{page.practice_name.clone()}</span>
        <h1>"Appointment reminders and self-booking"</h1>
        {link_note}

        <h2>"Appointment reminders"</h2>
        <p class="nhsuk-body">{summary}" "{sent}" "{page.reminders_set.clone().map(|s| format!("{s}."))}</p>
        <ActionForm action=reminders attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org1/>
            <Radios id="reminders" name="reminders" legend="Send patients appointment reminders by email"
                options=on_off_options("Yes, send reminders", "No") selected=on_off(page.reminders_on).unwrap_or_default()
                error=form.field("reminders")/>
            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || times_error.get().is_some()>
                <fieldset class="nhsuk-fieldset" aria-describedby="reminder_times-hint">
                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"When to send them"</legend>
                    <div class="nhsuk-hint" id="reminder_times-hint">"Select all that apply. A patient gets the nearest one that has come, so an appointment booked the day before still gets a reminder."</div>
                    {move || times_error.get().map(|m| view! {
                        <span class="nhsuk-error-message" id="reminder_times-error"><span class="nhsuk-u-visually-hidden">"Error: "</span>{m}</span>
                    })}
                    <div class="nhsuk-checkboxes">{times}</div>
                </fieldset>
            </div>
            <Textarea id="reminder_message" label="Message" rows=6
                hint="What the email says. Use the fields below for the patient's and the appointment's details. Leave a blank line between paragraphs."
                value=page.reminder_message.clone() error=form.field("reminder_message")/>
            <details class="nhsuk-details">
                <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">"Fields"</span></summary>
                <div class="nhsuk-details__text"><ul class="nhsuk-list">{fields}</ul></div>
            </details>
            <p class="nhsuk-body-s">"Channel: email. Reminders go to patients whose record has an email address."</p>
            <Button disabled=reminders.pending()>"Save reminder settings"</Button>
        </ActionForm>

        <h2>"Appointment self-booking"</h2>
        <p class="nhsuk-body">{booking_summary}" "{page.booking_set.clone().map(|s| format!("{s}."))}</p>
        <ActionForm action=booking attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org2/>
            <Radios id="booking" name="booking" legend="Let patients book appointments online"
                options=on_off_options("Yes, patients can book and cancel", "No") selected=on_off(page.booking_on).unwrap_or_default()
                error=form.field("booking")/>
            <Textarea id="slot_types" label="Slot types patients may book" rows=4
                hint="One per line, as EMIS names them, for example General GP Appointment."
                value=page.slot_types.join("\n") error=form.field("slot_types")/>
            <TextInput id="days_ahead" label="How far ahead patients may book, in days"
                hint=format!("From 1 to {MAX_DAYS_AHEAD} days.") value=page.days_ahead.to_string()
                inputmode="numeric" error=form.field("days_ahead")/>
            <Button disabled=booking.pending()>"Save self-booking settings"</Button>
        </ActionForm>
    }
    .into_any()
}
