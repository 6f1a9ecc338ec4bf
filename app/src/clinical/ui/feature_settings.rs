//! `/practices/:id/feature-settings`: "Feature settings" of an EMIS Web
//! practice (a direct Practice administrator role): "EMIS Organisation ID",
//! "EMIS API user", the connection with "Test connection", the setup steps
//! in EMIS and the troubleshooting steps.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::clinical::api::{
    get_feature_settings, TestConnection, UpdateEmisApiUser, UpdateEmisOrganisationId,
};
use crate::clinical::model::{Fault, FeatureSettings, Health};
use crate::components::{
    form_errors, BackLink, Button, ErrorSummary, FormErrors, NotificationBanner, PageSkeleton, Tag,
    TagColour, TextInput,
};
use crate::ids::OrgId;

/// `/practices/:id/feature-settings`.
#[component]
pub fn FeatureSettingsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("done").unwrap_or_default(),
        )
    };
    // The settings are read again after each "Test connection", even when
    // the address stays the same.
    let test = ServerAction::<TestConnection>::new();
    let tests = test.version();
    let data = Resource::new(
        move || (args(), tests.get()),
        |((org, _), _)| get_feature_settings(org),
    );
    view! {
        <Title text="Feature settings"/>
        <PageSkeleton data transition=true page=move |page: FeatureSettings| {
            let (_, done) = args();
            let message = match done.as_str() {
                "emis_org_id" => Some("EMIS Organisation ID updated. Test the connection to check it works."),
                "api_user" => Some("EMIS API user details updated. Test the connection to check they work."),
                "tested" => Some("Connection tested. The result is below."),
                _ => None,
            };
            view! { <Settings page message test/> }.into_any()
        }/>
    }
}

#[component]
fn Settings(
    page: FeatureSettings,
    message: Option<&'static str>,
    test: ServerAction<TestConnection>,
) -> impl IntoView {
    let org = page.organisation_id.clone();
    let back = view! {
        <BackLink href=format!("/practices/{org}/staff") text="Back to Manage staff and inboxes"/>
    };
    if !page.emis_web {
        return view! {
            {back}
            <span class="nhsuk-caption-l">{page.practice_name.clone()}</span>
            <h1>"Feature settings"</h1>
            <div class="nhsuk-inset-text">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p>"Appointment reminders and self-booking link to EMIS Web. This practice is not recorded as an EMIS Web practice."</p>
                <p>"If it uses EMIS Web, change its clinical system in " <a href=format!("/practices/{org}/details")>"Practice details"</a> " first."</p>
            </div>
        }
        .into_any();
    }
    let org_id = ServerAction::<UpdateEmisOrganisationId>::new();
    let api_user = ServerAction::<UpdateEmisApiUser>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            let done = match (org_id.value().get(), api_user.value().get()) {
                (Some(Ok(())), _) => Some("emis_org_id"),
                (_, Some(Ok(()))) => Some("api_user"),
                _ => None,
            };
            if let Some(done) = done {
                crate::components::clear_input("api_password");
                navigate(
                    &format!("/practices/{org}/feature-settings?done={done}"),
                    Default::default(),
                );
            }
        });
    }
    {
        // A test finished while this page was shown: land on the same
        // confirmation as without WebAssembly (a second test on that
        // address is read again through the resource's key).
        let org = org.clone();
        let navigate = use_navigate();
        Effect::watch(
            move || test.value().get(),
            move |result, _, _| {
                if let Some(Ok(_)) = result {
                    navigate(
                        &format!("/practices/{org}/feature-settings?done=tested"),
                        Default::default(),
                    );
                }
            },
            false,
        );
    }
    let (a, b, c) = (
        form_errors(org_id.value(), "emis_org_id"),
        form_errors(api_user.value(), "api_username"),
        form_errors(test.value(), "connection"),
    );
    let form = FormErrors::new(Signal::derive(move || {
        let mut all = a.get();
        all.0.extend(b.get().0);
        all.0.extend(c.get().0);
        all
    }));
    let errors = form.errors;
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let password_state = match (&page.api_password_set, page.api_password_unreadable) {
        (_, true) => "The stored password can no longer be read, because this Gatehouse server's secret key was changed. Enter the details again.".to_string(),
        (Some(set), false) => format!("Password stored, encrypted. {set}."),
        (None, false) => "No password entered yet.".to_string(),
    };
    let (org1, org2, org3) = (org.to_string(), org.to_string(), org.to_string());
    let connection = page.clone();
    view! {
        {back}
        <ErrorSummary errors/>
        {message.map(|text| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{page.practice_name.clone()}</span>
        <h1>"Feature settings"</h1>
        <p class="nhsuk-body">"Appointment reminders and appointment self-booking use the EMIS partner integration. Set it up in EMIS first (the steps are below), then enter the settings here and test the connection."</p>

        <h2>"EMIS settings"</h2>
        <ActionForm action=org_id attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org1/>
            <TextInput id="emis_org_id" label="EMIS Organisation ID"
                hint="The EMIS CDB number from your practice's EMIS organisation details. Numbers only, for example 12345."
                value=page.emis_org_id.clone().unwrap_or_default() inputmode="numeric" autocomplete="off"
                error=form.field("emis_org_id")/>
            {page.emis_org_id_set.clone().map(|set| view! { <p class="nhsuk-body-s">{format!("{set}.")}</p> })}
            <Button disabled=org_id.pending()>"Update EMIS Organisation ID"</Button>
        </ActionForm>
        <ActionForm action=api_user attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org2/>
            <fieldset class="nhsuk-fieldset">
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">"EMIS API user"</legend>
                <div class="nhsuk-hint">"The username and password of an EMIS user, or of the Partner API user you set up in EMIS. The password is stored encrypted and is never shown again."</div>
                <TextInput id="api_username" label="Username" value=page.api_username.clone().unwrap_or_default()
                    autocomplete="off" error=form.field("api_username")/>
                <TextInput id="api_password" label="Password" input_type="password" autocomplete="off"
                    error=form.field("api_password")/>
                <p class="nhsuk-body-s">{password_state}</p>
            </fieldset>
            <Button disabled=api_user.pending()>"Update EMIS API user details"</Button>
        </ActionForm>

        <h2 id="connection" tabindex="-1">"Connection"</h2>
        <Connection page=connection/>
        <ActionForm action=test attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org3/>
            <Button disabled=test.pending()>"Test connection"</Button>
        </ActionForm>
        <p class="nhsuk-body">"Gatehouse also tests the connection every hour, and tells the practice administrators when it stops working and when it works again."</p>

        <h2>"Appointment reminders and self-booking"</h2>
        <p class="nhsuk-body"><a href=format!("/practices/{org}/appointment-settings")>"Appointment reminders and self-booking settings"</a></p>

        <h2>"Setting up EMIS"</h2>
        <SetupSteps/>
        <h2 id="troubleshooting">"If appointment reminders or self-booking stop working"</h2>
        <Troubleshooting/>
    }
    .into_any()
}

/// The link's state: the tag, when it was tested, what went wrong and
/// what to do.
#[component]
fn Connection(page: FeatureSettings) -> impl IntoView {
    let colour = match page.health {
        Health::Working => TagColour::Green,
        Health::Failing => TagColour::Red,
        Health::Untested => TagColour::Grey,
    };
    let tested = page
        .checked
        .clone()
        .map(|when| format!("Last tested on {when}."))
        .unwrap_or_else(|| "Not tested yet.".to_string());
    let problem = page
        .fault
        .filter(|_| page.health == Health::Failing)
        .map(|fault| {
            let steps = (fault == Fault::Deactivated).then(|| {
                view! {
                    <p>"In EMIS:"</p>
                    <Troubleshooting/>
                }
            });
            view! {
                <div class="nhsuk-warning-callout">
                    <h3 class="nhsuk-warning-callout__label">
                        <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"The connection is not working"</span>
                    </h3>
                    <p>{fault.message()}</p>
                    {(!fault.advice().is_empty()).then(|| view! { <p>{fault.advice()}</p> })}
                    {steps}
                </div>
            }
        });
    view! {
        <p class="nhsuk-body"><Tag text=page.health.label() colour/>" " {tested}</p>
        {problem}
    }
}

/// The seed's setup steps, in our words.
#[component]
fn SetupSteps() -> impl IntoView {
    view! {
        <ol class="nhsuk-list nhsuk-list--number">
            <li>"In EMIS, add a new user with the username " <strong>"gatehouse"</strong> " and a random password. Note the username and password down: you will enter them here."</li>
            <li>"When choosing its RBAC role, select " <strong>"Clinical Practitioner Access Role"</strong> " and make sure " <strong>"Default"</strong> " is ticked."</li>
            <li>"Go to " <strong>"EMAS Manager"</strong> ", then " <strong>"Partner API"</strong> ". Find Gatehouse in the list and select " <strong>"Edit Users"</strong> "."</li>
            <li>"In the box that opens, find the gatehouse user, give it the same password and select " <strong>"OK"</strong> "."</li>
            <li>"Select " <strong>"Login Access"</strong> ", find the gatehouse user and tick both " <strong>"Auto Login"</strong> " and " <strong>"Allow Login"</strong> "."</li>
            <li>"Deactivate the integration by selecting the cross, then reactivate it by selecting the green tick."</li>
            <li>"Here, enter your EMIS Organisation ID (your EMIS CDB number) and select " <strong>"Update EMIS Organisation ID"</strong> "."</li>
            <li>"Enter the username and password of the EMIS API user and select " <strong>"Update EMIS API user details"</strong> "."</li>
            <li>"Select " <strong>"Test connection"</strong> "."</li>
        </ol>
    }
}

/// The seed's troubleshooting and housekeeping steps.
#[component]
fn Troubleshooting() -> impl IntoView {
    view! {
        <p class="nhsuk-body">"Deactivate and reactivate Gatehouse in the Partner API list:"</p>
        <ol class="nhsuk-list nhsuk-list--number">
            <li>"Open the EMIS Ball, then " <strong>"System Tools"</strong> ", then " <strong>"EMAS Manager"</strong> "."</li>
            <li>"Select the " <strong>"Partner API"</strong> " tab (bottom left of the screen)."</li>
            <li>"Select Gatehouse in the partner API list on the left (it has a green tick next to it)."</li>
            <li>"Select " <strong>"Deactivate Application"</strong> " at the top left, then " <strong>"Activate Application"</strong> ". This resets Gatehouse's access and reactivates any calls that had become deactivated."</li>
        </ol>
        <p class="nhsuk-body">"Then ask the practice manager or assistant manager to check that the user is still enabled:"</p>
        <ol class="nhsuk-list nhsuk-list--number">
            <li>"In the same place (EMIS Ball, System Tools, EMAS Manager, Partner API tab, Gatehouse), select " <strong>"Login Access"</strong> " along the top."</li>
            <li>"Scroll down to the user and tick " <strong>"Allow Login"</strong> " and " <strong>"Auto Login"</strong> ", then select " <strong>"OK"</strong> "."</li>
            <li>"The user then needs to log out of EMIS and log back in for the change to take effect."</li>
        </ol>
        <p class="nhsuk-body">"Then select Test connection again."</p>
    }
}
