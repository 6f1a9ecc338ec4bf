//! `/locums/register`: "Create an account" on the locum network (public,
//! and the PWA's way in), and `/locums/registered`: "Check your email".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::components::{
    use_form_errors, Button, ErrorSummary, PageSkeleton, Panel, Radios, Select, TextInput,
};
use crate::locums::model::{Profession, RegistrationPage};
use crate::locums::registration::api::{locum_registration_page, RegisterLocum};
use crate::patients::support::ui::SupportContactNote;

/// `/locums/register`.
#[component]
pub fn RegisterLocumPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| locum_registration_page());
    view! {
        <Title text="Create an account"/>
        <PageSkeleton data page=move |page: RegistrationPage| view! { <RegisterForm page/> }.into_any()/>
    }
}

#[component]
fn RegisterForm(page: RegistrationPage) -> impl IntoView {
    let register = ServerAction::<RegisterLocum>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = register.value().get() {
            navigate("/locums/registered", Default::default());
        }
    });
    let form = use_form_errors(register.value(), "name");
    let errors = form.errors;
    let professions: Vec<(String, String)> = Profession::ALL
        .into_iter()
        .map(|p| (p.as_str().to_string(), p.label().to_string()))
        .collect();
    let mut hubs = vec![(
        String::new(),
        "None: I will add a hub after signing in".to_string(),
    )];
    hubs.extend(page.hubs.into_iter().map(|h| (h.id.into_string(), h.name)));
    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{page.network_name}</span>
                <h1>"Create an account"</h1>
                <p class="nhsuk-body">"Locum GPs, nurses and pharmacists register for free. We email you a link to verify your address; the network then activates your account and emails you when it is ready."</p>
                <ActionForm action=register attr:novalidate=true>
                    <TextInput id="name" name="registration[name]" label="Full name" autocomplete="name" error=form.field("name")/>
                    <TextInput id="email" name="registration[email]" label="Email address" hint="A personal address is fine" input_type="email" autocomplete="email" error=form.field("email")/>
                    <TextInput id="mobile" name="registration[mobile]" label="Mobile number" input_type="tel" autocomplete="tel" error=form.field("mobile")/>
                    <Radios id="profession" name="registration[profession]" legend="Profession" options=professions error=form.field("profession")/>
                    <TextInput id="registration_number" name="registration[registration_number]" label="Professional registration number"
                        hint="GP: your GMC number (7 digits). Nurse: your NMC PIN (like 12A3456E). Pharmacist: your GPhC number (7 digits)."
                        autocomplete="off" error=form.field("registration_number")/>
                    <TextInput id="password" name="registration[password]" label="Create a password" hint="At least 12 characters. A few unrelated words make a strong one." input_type="password" autocomplete="new-password" error=form.field("password")/>
                    <TextInput id="confirm" name="registration[confirm]" label="Enter the password again" input_type="password" autocomplete="new-password" error=form.field("confirm")/>
                    <Select id="hub_id" name="registration[hub_id]" label="Hub (optional)" hint="The hub you will work for. You join it once your account is active; you can add hubs later in Hub management." options=hubs error=form.field("hub_id")/>
                    // People never see this; simple robots fill it in.
                    <div class="gh-honeypot" aria-hidden="true">
                        <label for="website">"Leave this empty"</label>
                        <input id="website" name="registration[website]" type="text" tabindex="-1" autocomplete="off"/>
                    </div>
                    <Button disabled=register.pending()>"Create account"</Button>
                </ActionForm>
                <p class="nhsuk-body">"Already have an account? "<a href="/sign-in">"Sign in"</a>"."</p>
                <SupportContactNote/>
            </div>
        </div>
    }
}

/// `/locums/registered`: "Check your email".
#[component]
pub fn LocumRegisteredPage() -> impl IntoView {
    view! {
        <Title text="Check your email"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <Panel title="Check your email">
                    "We have sent you a link to verify your email address"
                </Panel>
                <p class="nhsuk-body">"Open the link in the email. It works for 7 days. The network then activates your account and emails you when you can sign in."</p>
                <p class="nhsuk-body">"If the email has not arrived after a few minutes, check your spam or junk folder. If you already have an account, the email says so."</p>
            </div>
        </div>
    }
}
