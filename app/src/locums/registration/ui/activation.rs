//! `/networks/:id/locums`: "Locum registrations" (ManageStaff in the
//! network): the activation queue with "Activate" and "Reject" (with a
//! reason), the last decisions, and the network's hubs with "Add a hub".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{
    form_errors, Button, ButtonKind, ErrorSummary, FormErrors, NotificationBanner, PageSkeleton,
    Table, Tag, TagColour, TextInput,
};
use crate::error::FieldErrors;
use crate::ids::OrgId;
use crate::locums::model::{reason_field, ActivationQueue, RegistrationState, RegistrationView};
use crate::locums::registration::api::{locum_registrations, ActivateLocum, RejectLocum};
use crate::locums::workforce::api::AddHub;

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "activated" => Some("Account activated. They have been emailed that it is ready."),
        "rejected" => Some("Registration rejected. They have been emailed the reason."),
        "hub" => Some("Hub added. Locums can now choose it."),
        _ => None,
    }
}

/// `/networks/:id/locums`.
#[component]
pub fn LocumRegistrationsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, _)| locum_registrations(org));
    view! {
        <Title text="Locum registrations"/>
        <PageSkeleton data transition=true page=move |queue: ActivationQueue| {
            let (org, done) = args();
            view! { <Queue org queue done/> }.into_any()
        }/>
    }
}

#[component]
fn Queue(org: OrgId, queue: ActivationQueue, done: String) -> impl IntoView {
    let activate = ServerAction::<ActivateLocum>::new();
    let reject = ServerAction::<RejectLocum>::new();
    let add_hub = ServerAction::<AddHub>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            let to = if let Some(Ok(_)) = activate.value().get() {
                Some("activated")
            } else if let Some(Ok(_)) = reject.value().get() {
                Some("rejected")
            } else if let Some(Ok(_)) = add_hub.value().get() {
                Some("hub")
            } else {
                None
            };
            if let Some(done) = to {
                navigate(
                    &format!("/networks/{org}/locums?done={done}"),
                    Default::default(),
                );
            }
        });
    }
    let (a, r, h) = (
        form_errors(activate.value(), "queue"),
        form_errors(reject.value(), "queue"),
        form_errors(add_hub.value(), "hub_name"),
    );
    let form = FormErrors::new(Signal::derive(move || {
        let mut all = FieldErrors::default();
        for errors in [a.get(), r.get(), h.get()] {
            all.0.extend(errors.0);
        }
        all
    }));
    let errors = form.errors;
    let message = done_message(&done);
    if message.is_some() {
        crate::components::focus_when_drawn("done");
    }
    let awaiting_empty = queue.awaiting.is_empty();
    let awaiting = queue
        .awaiting
        .into_iter()
        .map(|r| awaiting_row(&org, r, activate, reject, errors))
        .collect_view();
    let decided_empty = queue.decided.is_empty();
    let decided = queue.decided.into_iter().map(decided_row).collect_view();
    let hubs_empty = queue.hubs.is_empty();
    let hubs = queue
        .hubs
        .into_iter()
        .map(|h| view! { <li>{h.name}</li> })
        .collect_view();
    view! {
        <ErrorSummary errors/>
        {message.map(|text| view! {
            <NotificationBanner title="Success" success=true>
                <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">{text}</h3>
            </NotificationBanner>
        })}
        <span class="nhsuk-caption-l">{queue.network_name}</span>
        <h1>"Locum registrations"</h1>
        <p class="nhsuk-body">"Locums who have verified their email address wait here for you to activate their account. They can sign in once it is active."</p>
        {if awaiting_empty {
            view! { <p class="nhsuk-body" id="queue">"No registrations are waiting to be activated."</p> }.into_any()
        } else {
            view! {
                <Table caption="Awaiting activation" headings=vec!["Locum", "Profession", "Registration number", "Hub chosen", "Verified", "Decision"]>
                    {awaiting}
                </Table>
            }.into_any()
        }}
        <h2>"Decided"</h2>
        {if decided_empty {
            view! { <p class="nhsuk-body">"No registrations have been decided yet."</p> }.into_any()
        } else {
            view! {
                <Table caption="Recently decided" headings=vec!["Locum", "Profession", "Status", "Decided", "Reason"]>
                    {decided}
                </Table>
            }.into_any()
        }}
        <h2>"Hubs"</h2>
        {if hubs_empty {
            view! { <p class="nhsuk-body">"The network has no hubs yet. Locums can register, but cannot join a hub until you add one."</p> }.into_any()
        } else {
            view! { <ul class="nhsuk-list nhsuk-list--bullet">{hubs}</ul> }.into_any()
        }}
        <ActionForm action=add_hub attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org.to_string()/>
            <TextInput id="hub_name" label="Add a hub" hint="The Federation or PCN hub's name, for example Coastline Federation GP Practice Bank Staff" autocomplete="off" error=form.field("hub_name")/>
            <Button kind=ButtonKind::Secondary disabled=add_hub.pending()>"Add a hub"</Button>
        </ActionForm>
    }
}

fn awaiting_row(
    org: &OrgId,
    r: RegistrationView,
    activate: ServerAction<ActivateLocum>,
    reject: ServerAction<RejectLocum>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let field = reason_field(&r.id);
    let error = {
        let field = field.clone();
        Signal::derive(move || errors.get().for_field(&field))
    };
    let error_id = format!("{field}-error");
    let described = {
        let error_id = error_id.clone();
        move || error.get().map(|_| error_id.clone())
    };
    let activate_label = format!("Activate {}", r.name);
    let (org_a, org_r) = (org.to_string(), org.to_string());
    let (id_a, id_r) = (r.id.clone(), r.id.clone());
    let reject_summary = format!("Reject {}", r.name);
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell">
                <strong>{r.name.clone()}</strong><br/>{r.email}<br/>{r.mobile}
            </td>
            <td class="nhsuk-table__cell">{r.profession}</td>
            <td class="nhsuk-table__cell">{r.registration_number}</td>
            <td class="nhsuk-table__cell">{r.hub_name.unwrap_or_else(|| "None".to_string())}</td>
            <td class="nhsuk-table__cell">{r.verified}</td>
            <td class="nhsuk-table__cell">
                <ActionForm action=activate>
                    <input type="hidden" name="organisation_id" value=org_a/>
                    <input type="hidden" name="registration_id" value=id_a/>
                    <button class="nhsuk-button nhsuk-u-margin-bottom-2" type="submit" data-module="nhsuk-button" aria-label=activate_label disabled=move || activate.pending().get()>"Activate"</button>
                </ActionForm>
                <details class="nhsuk-details" open=move || error.get().is_some()>
                    <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">{reject_summary}</span></summary>
                    <div class="nhsuk-details__text">
                        <ActionForm action=reject attr:novalidate=true>
                            <input type="hidden" name="organisation_id" value=org_r/>
                            <input type="hidden" name="registration_id" value=id_r/>
                            <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || error.get().is_some()>
                                <label class="nhsuk-label" for=field.clone()>"Reason (emailed to them)"</label>
                                {move || error.get().map(|e| view! {
                                    <span class="nhsuk-error-message" id=error_id.clone()><span class="nhsuk-u-visually-hidden">"Error: "</span>{e}</span>
                                })}
                                <textarea class="nhsuk-textarea" id=field.clone() name="reason" rows="3" maxlength="1000" aria-describedby=described></textarea>
                            </div>
                            <Button kind=ButtonKind::Warning disabled=reject.pending()>"Reject"</Button>
                        </ActionForm>
                    </div>
                </details>
            </td>
        </tr>
    }
}

fn decided_row(r: RegistrationView) -> impl IntoView {
    let colour = if r.state == RegistrationState::Active {
        TagColour::Green
    } else {
        TagColour::Red
    };
    view! {
        <tr class="nhsuk-table__row">
            <td class="nhsuk-table__cell"><strong>{r.name}</strong><br/>{r.email}</td>
            <td class="nhsuk-table__cell">{r.profession}</td>
            <td class="nhsuk-table__cell"><Tag text=r.state.label() colour/></td>
            <td class="nhsuk-table__cell">{r.verified}</td>
            <td class="nhsuk-table__cell">{r.reason.unwrap_or_default()}</td>
        </tr>
    }
}
