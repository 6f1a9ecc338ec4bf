//! The "Group inboxes" tab of "Manage staff and inboxes" (the staff page
//! shows it).

use crate::ids::OrgId;
use leptos::prelude::*;

use crate::components::{
    form_errors, Button, ButtonKind, Checkbox, ErrorSummary, FormErrors, Select, Table, TextInput,
};
use crate::error::{AppError, FieldError, FieldErrors};
use crate::org::model::Role;
use crate::org::model::{role_permissions, Permission};
use crate::requests::group_inboxes::api::*;
use crate::requests::group_inboxes::model::*;
use crate::requests::ui::plural;

fn role_label(stored: &str) -> String {
    Role::parse(stored).map_or_else(|| stored.to_string(), |r| r.label().to_string())
}

/// The roles a group inbox can be shared by: practice roles that work
/// requests.
fn inbox_role_options() -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "Select a role".to_string())];
    options.extend(
        Role::PRACTICE
            .into_iter()
            .filter(|r| role_permissions(*r).contains(&Permission::HandleRequests))
            .map(|r| (r.as_str().to_string(), r.label().to_string())),
    );
    options
}

/// The data of the "Group inboxes" tab, reloaded when `version` moves. The
/// page creates it at its top level: a resource created inside a suspended
/// view after an await is not waited for by server rendering, and then
/// runs after the request's context is gone.
pub fn group_inboxes_resource(
    organisation_id: impl Fn() -> OrgId + Send + Sync + 'static,
    version: RwSignal<u32>,
) -> Resource<Result<GroupInboxesTab, AppError>> {
    Resource::new(
        move || (organisation_id(), version.get()),
        |(organisation_id, _)| group_inboxes(organisation_id),
    )
}

/// The "Group inboxes" tab: the practice's group inboxes, "Add", and the
/// All Practice inbox view with its advisory notice and naming banner.
#[component]
pub fn GroupInboxesPanel(
    organisation_id: OrgId,
    tab: Resource<Result<GroupInboxesTab, AppError>>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let add = ServerAction::<CreateGroupInbox>::new();
    let toggle = ServerAction::<SetAllPracticesView>::new();
    let message: RwSignal<Option<String>> = RwSignal::new(None);
    let latest: RwSignal<Option<Result<(), AppError>>> = RwSignal::new(None);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| match add.value().get() {
        Some(Ok(inbox)) => {
            message.set(Some(format!(
                "Group inbox \"{}\" added. Requests can be assigned to it now.",
                inbox.name
            )));
            latest.set(Some(Ok(())));
            version.update(|v| *v += 1);
            if let Some(form) = form_ref.get_untracked() {
                form.reset();
            }
        }
        Some(Err(error)) => latest.set(Some(Err(error))),
        None => {}
    });
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(())) => {
            message.set(Some("All Practice inbox view saved.".to_string()));
            latest.set(Some(Ok(())));
            version.update(|v| *v += 1);
        }
        Some(Err(error)) => latest.set(Some(Err(error))),
        None => {}
    });
    // The tab shares its page with the invite form, which has its own
    // `role` field: this form's fields are `inbox_name` and `inbox_role`.
    let raw = form_errors(latest, "inbox_name");
    let errors = Signal::derive(move || {
        let raw = raw.get();
        FieldErrors(
            raw.0
                .into_iter()
                .map(|e| match e.field.as_str() {
                    "name" => FieldError::new("inbox_name", e.message),
                    "role" => FieldError::new("inbox_role", e.message),
                    _ => e,
                })
                .collect(),
        )
    });
    let form = FormErrors::new(errors);
    let (org1, org2) = (organisation_id.clone(), organisation_id);
    view! {
        <h2>"Group inboxes"</h2>
        <ErrorSummary errors/>
        {move || message.get().map(|message| view! {
            <div class="nhsuk-inset-text" role="status">
                <span class="nhsuk-u-visually-hidden">"Information: "</span>
                <p class="nhsuk-body">{message}</p>
            </div>
        })}
        <Transition fallback=|| view! { <p class="nhsuk-body">"Loading…"</p> }>
            {move || {
                let org = org2.clone();
                Suspend::new(async move {
                    match tab.await {
                        Ok(tab) => view! { <GroupInboxList tab organisation_id=org toggle field_error=form.field("agree")/> }.into_any(),
                        Err(error) => view! { <p class="nhsuk-body">{error.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Transition>
        <h3>"Add a group inbox"</h3>
        <p class="nhsuk-body">"Give the group a name and a role. Everyone at the practice with that role shares the inbox."</p>
        <ActionForm action=add node_ref=form_ref attr:novalidate=true>
            <input type="hidden" name="organisation_id" value=org1/>
            <TextInput id="inbox_name" name="name" label="Name" hint="For example, Secretaries or Script clerks" autocomplete="off" error=form.field("inbox_name")/>
            <Select id="inbox_role" name="role" label="Role" options=inbox_role_options() error=form.field("inbox_role")/>
            <Button kind=ButtonKind::Secondary>"Add"</Button>
        </ActionForm>
    }
}

#[component]
fn GroupInboxList(
    tab: GroupInboxesTab,
    organisation_id: OrgId,
    toggle: ServerAction<SetAllPracticesView>,
    field_error: Signal<Option<String>>,
) -> impl IntoView {
    let list = if tab.inboxes.is_empty() {
        view! { <p class="nhsuk-body">"This practice has no group inboxes yet."</p> }.into_any()
    } else {
        let body = tab
            .inboxes
            .into_iter()
            .map(|g| {
                view! {
                    <tr class="nhsuk-table__row">
                        <td class="nhsuk-table__cell">{g.name}</td>
                        <td class="nhsuk-table__cell">{role_label(&g.role)}</td>
                        <td class="nhsuk-table__cell">{plural(g.open)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Table caption="Group inboxes of this practice" headings=vec!["Name", "Role", "Open requests"]>{body}</Table>
        }
        .into_any()
    };
    let near_misses = tab
        .near_misses
        .into_iter()
        .map(|m| {
            view! {
                <li>{format!("\"{}\" here and \"{}\" at {}", m.here, m.there, m.practice_name)}</li>
            }
        })
        .collect_view();
    let all_practices = if tab.all_practices {
        view! {
            <div class="nhsuk-warning-callout" id="inbox-names-warning">
                <h3 class="nhsuk-warning-callout__label">
                    <span role="text"><span class="nhsuk-u-visually-hidden">"Important: "</span>"Group inbox names"</span>
                </h3>
                <p class="nhsuk-body">"Group inbox names must be the same, with the same spelling, in every practice to appear as one inbox in the All Practices view. Capital letters and spaces at either end do not matter."</p>
                {(!near_misses.is_empty()).then(|| view! {
                    <p class="nhsuk-body">"These names look alike but will not appear as one. Rename one of each pair:"</p>
                    <ul class="nhsuk-list nhsuk-list--bullet">{near_misses}</ul>
                })}
            </div>
            <h3>"All Practice inbox view"</h3>
            <p class="nhsuk-body">"The All Practice inbox view is on for this practice."</p>
            <ActionForm action=toggle attr:novalidate=true>
                <input type="hidden" name="organisation_id" value=organisation_id.clone()/>
                <Button kind=ButtonKind::Secondary>"Turn off All Practice inbox view"</Button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <h3>"All Practice inbox view"</h3>
            <p class="nhsuk-body">"Staff who work at several practices can see their requests from all of them in one place."</p>
            <ActionForm action=toggle attr:novalidate=true>
                <input type="hidden" name="organisation_id" value=organisation_id.clone()/>
                <Checkbox id="enable" label="Enable All Practice inbox view"/>
                <div class="nhsuk-inset-text" id="advisory-notice">
                    <span class="nhsuk-u-visually-hidden">"Information: "</span>
                    <h4>"Advisory notice"</h4>
                    <p class="nhsuk-body">"Staff with roles at this practice and at other practices that enabled the view will see requests from all of those practices together, each marked with its practice. Group inboxes with the same name merge into one."</p>
                    <p class="nhsuk-body">"Only staff with a role at this practice ever see its requests."</p>
                </div>
                <Checkbox id="agree" label="I have read the advisory notice and agree" error=field_error/>
                <Button kind=ButtonKind::Secondary>"Save"</Button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        {list}
        {all_practices}
    }
}
