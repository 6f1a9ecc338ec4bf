//! Pages of new requests: the public "Contact your practice" form, its
//! confirmation, and logging a phone request; the patient's fields and the
//! practice lookup the two forms share are here.

mod contact;
mod contact_sent;
mod log_phone_request;
mod practice;

pub use contact::ContactPage;
pub use contact_sent::ContactSentPage;
pub use log_phone_request::LogPhoneRequestPage;
pub use practice::PracticePage;

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{DateInput, FormErrors, PageSkeleton, Radios, TextInput, Textarea};
use crate::requests::contact::api::*;
use crate::requests::contact::model::*;

/// The patient's details and their request, named as the `request`
/// argument of the server functions (`request[patient_name]`…). On the
/// patient's own form (`voice` Patient) the browser may fill in their name,
/// birthday, email and phone; for staff logging a call it must not offer
/// their own.
#[component]
fn RequestFields(
    form: FormErrors,
    voice: Voice,
    /// A signed-in patient's own details, filled in.
    #[prop(optional)]
    you: Option<KnownPatient>,
) -> impl IntoView {
    let you = you.unwrap_or_default();
    let own = voice == Voice::Patient;
    let fill = move |token: &'static str| if own { token } else { "off" };
    let kinds = vec![
        (
            "medical".to_string(),
            "Medical: a health problem, symptoms, medicines or test results".to_string(),
        ),
        (
            "admin".to_string(),
            "Admin: a fit note, a letter, a form or anything else".to_string(),
        ),
    ];
    view! {
        <TextInput id="patient_name" name="request[patient_name]" label="Full name" autocomplete=fill("name") value=you.name.clone() error=form.field("patient_name")/>
        <DateInput id="dob_day" name="request[dob]" legend="Date of birth" hint="For example, 27 3 1986"
            names=["request[dob_day]".to_string(), "request[dob_month]".to_string(), "request[dob_year]".to_string()]
            birthday=own values=(you.dob_day.clone(), you.dob_month.clone(), you.dob_year.clone()) error=form.field("dob_day")/>
        <TextInput id="nhs_number" name="request[nhs_number]" inputmode="numeric" label="NHS number (optional)" hint="A 10 digit number, like 485 777 3456. Leave it blank if you do not know it." value=you.nhs_number.clone() error=form.field("nhs_number")/>
        <TextInput id="email" name="request[email]" label="Email address" hint="Give an email address or a phone number, or both, so the practice can reply" input_type="email" autocomplete=fill("email") value=you.email.clone() error=form.field("email")/>
        <TextInput id="phone" name="request[phone]" label="Phone number" input_type="tel" autocomplete=fill("tel") error=form.field("phone")/>
        <Radios id="kind" name="request[kind]" legend="What is your request about?" options=kinds error=form.field("kind")/>
        <Textarea id="description" name="request[description]" label="Tell us what you need" hint="Include how long it has been going on and anything you have tried. 2000 characters at most." error=form.field("description")/>
    }
}

/// A page of the practice named by the `:id` in its address: "Loading…"
/// under `title`, then `page` with the practice, or the error page (`404`
/// for anything but a practice).
fn practice_page(title: &'static str, page: fn(PracticeContact) -> AnyView) -> impl IntoView {
    let params = use_params_map();
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    let practice = Resource::new(org, get_practice_contact);
    view! {
        <PageSkeleton data=practice loading=move || view! { <Title text=title/><p class="nhsuk-body">"Loading…"</p> } page/>
    }
}
