//! `/hub-management`: "Hub management", the locum's hubs ("Requested",
//! "Enabled" or "Disabled"), for an enabled hub the locations they wish to
//! work at and its documents to read or sign, and "Add Hub".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::components::{
    form_errors, Button, ButtonKind, ErrorSummary, FormErrors, NotificationBanner, PageSkeleton,
    Select, Tag, TagColour,
};
use crate::error::FieldErrors;
use crate::locums::hubs::api::{
    get_hub_management, AcknowledgeHubDocument, AddHubMembership, ChooseHubLocations,
};
use crate::locums::model::{
    hub_document_href, typed_name_field, DocumentAction, DocumentTask, HubManagement, HubStatus,
    MyHub,
};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "added" => Some("Hub added. Its Hub managers have been told you asked to join."),
        "locations" => Some("Your hub locations have been saved."),
        "read" => Some("Document marked as read."),
        "sign" => Some("Document signed."),
        _ => None,
    }
}

/// The tag of a hub's status.
pub fn status_tag(status: HubStatus) -> impl IntoView {
    let colour = match status {
        HubStatus::Enabled => TagColour::Green,
        HubStatus::Requested => TagColour::Blue,
        HubStatus::Disabled => TagColour::Grey,
    };
    view! { <Tag text=status.label() colour/> }
}

/// `/hub-management`.
#[component]
pub fn HubManagementPage() -> impl IntoView {
    let query = use_query_map();
    let done = move || query.read().get("done").unwrap_or_default();
    let data = Resource::new(done, |_| get_hub_management());
    view! {
        <Title text="Hub management"/>
        <PageSkeleton data transition=true page=move |page: HubManagement| {
            view! { <Hubs page done=done()/> }.into_any()
        }/>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    locations: ServerAction<ChooseHubLocations>,
    acknowledge: ServerAction<AcknowledgeHubDocument>,
    errors: Signal<FieldErrors>,
}

#[component]
fn Hubs(page: HubManagement, done: String) -> impl IntoView {
    let add = ServerAction::<AddHubMembership>::new();
    let locations = ServerAction::<ChooseHubLocations>::new();
    let acknowledge = ServerAction::<AcknowledgeHubDocument>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let to = if let Some(Ok(_)) = add.value().get() {
            Some("added".to_string())
        } else if let Some(Ok(())) = locations.value().get() {
            Some("locations".to_string())
        } else if let Some(Ok(action)) = acknowledge.value().get() {
            Some(action.as_str().to_string())
        } else {
            None
        };
        if let Some(done) = to {
            navigate(&format!("/hub-management?done={done}"), Default::default());
        }
    });
    let (a, l, k) = (
        form_errors(add.value(), "hub_id"),
        form_errors(locations.value(), "locations"),
        form_errors(acknowledge.value(), "documents"),
    );
    let form = FormErrors::new(Signal::derive(move || {
        let mut all = FieldErrors::default();
        for errors in [a.get(), l.get(), k.get()] {
            all.0.extend(errors.0);
        }
        all
    }));
    let errors = form.errors;
    let actions = Actions {
        locations,
        acknowledge,
        errors,
    };
    let message = done_message(&done);
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let no_hubs = page.hubs.is_empty();
    let hubs = page
        .hubs
        .into_iter()
        .map(|hub| hub_section(hub, actions))
        .collect_view();
    let none_to_add = page.can_add.is_empty();
    let options: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose a hub".to_string()))
            .chain(
                page.can_add
                    .into_iter()
                    .map(|h| (h.id.into_string(), h.name)),
            )
            .collect();
    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                {message.map(|text| view! {
                    <NotificationBanner title="Success" success=true>
                        <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
                    </NotificationBanner>
                })}
                <h1>"Hub management"</h1>
                <p class="nhsuk-body">"The Federation and PCN hubs you work for. Once a hub enables you, you are part of its Hub workforce and can take its shifts. "<a href="/hub-management/profile">"Your profile"</a>" is what the hubs you join see."</p>
                <span id="documents"></span>
                {if no_hubs {
                    view! { <p class="nhsuk-body">"You have not added a hub yet. Add one below to work its shifts."</p> }.into_any()
                } else {
                    hubs.into_any()
                }}
                <h2>"Add Hub"</h2>
                {if none_to_add {
                    view! { <p class="nhsuk-body" id="hub_id">"You have added every hub in the network."</p> }.into_any()
                } else {
                    view! {
                        <ActionForm action=add attr:novalidate=true>
                            <Select id="hub_id" label="Hub" hint="Its Hub managers are told, and see your profile" options error=form.field("hub_id")/>
                            <Button disabled=add.pending()>"Add Hub"</Button>
                        </ActionForm>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

fn hub_section(hub: MyHub, actions: Actions) -> impl IntoView {
    let heading_id = format!("hub-{}", hub.hub_id);
    let body = match hub.status {
        HubStatus::Requested => view! {
            <p class="nhsuk-body">"Requested: the hub's managers have been told and will enable you in its workforce."</p>
        }
        .into_any(),
        HubStatus::Disabled => view! {
            <p class="nhsuk-body">"The hub has disabled you in its workforce: you cannot take its shifts. Contact the hub if you think this is wrong."</p>
        }
        .into_any(),
        HubStatus::Enabled => enabled_hub(&hub, actions).into_any(),
    };
    view! {
        <section class="nhsuk-u-margin-bottom-6" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{hub.hub_name.clone()}" "{status_tag(hub.status)}</h2>
            {body}
        </section>
    }
}

fn enabled_hub(hub: &MyHub, actions: Actions) -> impl IntoView {
    let hub_id = hub.hub_id.to_string();
    let locations = if hub.locations.is_empty() {
        view! { <p class="nhsuk-body">"The hub has no locations yet."</p> }.into_any()
    } else {
        let boxes = hub
            .locations
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let id = format!("location-{}", l.id);
                let name = format!("locations[{i}]");
                view! {
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id=id.clone() name=name type="checkbox" value=l.id.clone() checked=l.chosen/>
                        <label class="nhsuk-label nhsuk-checkboxes__label" for=id>{l.name.clone()}<br/><span class="nhsuk-hint">{l.address.clone()}</span></label>
                    </div>
                }
            })
            .collect_view();
        let legend = format!("Which {} locations do you wish to work at?", hub.hub_name);
        view! {
            <ActionForm action=actions.locations>
                <input type="hidden" name="hub_id" value=hub_id.clone()/>
                <div class="nhsuk-form-group">
                    <fieldset class="nhsuk-fieldset">
                        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                        <div class="nhsuk-checkboxes">{boxes}</div>
                    </fieldset>
                </div>
                <Button kind=ButtonKind::Secondary disabled=actions.locations.pending()>"Save locations"</Button>
            </ActionForm>
        }
        .into_any()
    };
    let documents = if hub.documents.is_empty() {
        view! { <p class="nhsuk-body">"The hub has no documents for you to read or sign."</p> }
            .into_any()
    } else {
        let items = hub
            .documents
            .iter()
            .cloned()
            .map(|d| document_task(&hub.hub_id, d, actions))
            .collect_view();
        view! { <ul class="nhsuk-list">{items}</ul> }.into_any()
    };
    view! {
        <h3>"Hub locations"</h3>
        {locations}
        <h3>"Documents to read or sign"</h3>
        {documents}
    }
}

fn document_task(hub_id: &crate::ids::OrgId, d: DocumentTask, actions: Actions) -> impl IntoView {
    let href = hub_document_href(hub_id, &d.id);
    let hub_id = hub_id.to_string();
    let (tag, colour) = match (&d.done, d.action) {
        (Some(when), DocumentAction::Read) => (format!("Read {when}"), TagColour::Green),
        (Some(when), DocumentAction::Sign) => (format!("Signed {when}"), TagColour::Green),
        (None, DocumentAction::Read) => ("To read".to_string(), TagColour::Yellow),
        (None, DocumentAction::Sign) => ("To sign".to_string(), TagColour::Yellow),
    };
    let field = typed_name_field(&d.id);
    let errors = actions.errors;
    let error = {
        let field = field.clone();
        Signal::derive(move || errors.get().for_field(&field))
    };
    let error_id = format!("{field}-error");
    let act = (d.done.is_none()).then(|| {
        let acknowledge = actions.acknowledge;
        let inner = match d.action {
            DocumentAction::Read => view! {
                <input type="hidden" name="typed_name" value=""/>
                <button class="nhsuk-button nhsuk-button--secondary" type="submit" data-module="nhsuk-button"
                    aria-label=format!("Mark {} as read", d.title) disabled=move || acknowledge.pending().get()>"Mark as read"</button>
            }
            .into_any(),
            DocumentAction::Sign => {
                let described = {
                    let error_id = error_id.clone();
                    move || error.get().map(|_| error_id.clone())
                };
                view! {
                    <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
                        <label class="nhsuk-label" for=field.clone()>{format!("Type your full name to sign {}", d.title)}</label>
                        {move || error.get().map(|e| view! {
                            <span class="nhsuk-error-message" id=error_id.clone()><span class="nhsuk-u-visually-hidden">"Error: "</span>{e}</span>
                        })}
                        <input class="nhsuk-input" id=field.clone() name="typed_name" type="text" autocomplete="name" maxlength="200" aria-describedby=described/>
                    </div>
                    <button class="nhsuk-button" type="submit" data-module="nhsuk-button" disabled=move || acknowledge.pending().get()>"Sign"</button>
                }
                .into_any()
            }
        };
        view! {
            <ActionForm action=acknowledge attr:novalidate=true>
                <input type="hidden" name="hub_id" value=hub_id/>
                <input type="hidden" name="document_id" value=d.id.clone()/>
                {inner}
            </ActionForm>
        }
    });
    let signed_as = d
        .typed_name
        .map(|name| view! { <p class="nhsuk-body-s">"Signed as "{name}</p> });
    view! {
        <li class="nhsuk-u-margin-bottom-4">
            <p class="nhsuk-body nhsuk-u-margin-bottom-1"><a href=href>{d.title.clone()}</a>" "<Tag text=tag colour/></p>
            {signed_as}
            {act}
        </li>
    }
}
