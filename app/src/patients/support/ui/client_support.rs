//! `/organisations/:id/client-support`: "Client support" (ManageOrganisation
//! in a network): per "Organisation type", an email address and a phone
//! number patients are shown. Changes show at once.

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::components::{
    use_form_errors, Button, ErrorSummary, NotificationBanner, PageSkeleton, Select, Table,
    TextInput,
};
use crate::patients::support::api::{client_support, SaveClientSupport};
use crate::patients::support::model::{kind_options, ClientSupportPage as Page};

/// `/organisations/:id/client-support`.
#[component]
pub fn ClientSupportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            OrgId::new(params.read().get("id").unwrap_or_default()),
            query.read().get("done").unwrap_or_default(),
        )
    };
    let data = Resource::new(args, |(org, _)| client_support(org));
    view! {
        <Title text="Client support"/>
        <PageSkeleton data transition=true page=move |page: Page| {
            let (org, done) = args();
            view! { <Support org page saved=done == "saved"/> }
        }/>
    }
}

#[component]
fn Support(org: OrgId, page: Page, saved: bool) -> impl IntoView {
    let save = ServerAction::<SaveClientSupport>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            if let Some(Ok(())) = save.value().get() {
                navigate(
                    &format!("/organisations/{org}/client-support?done=saved"),
                    Default::default(),
                );
            }
        });
    }
    let form = use_form_errors(save.value(), "support_email");
    let errors = form.errors;
    let empty = page.entries.is_empty();
    if saved {
        crate::components::focus_when_drawn("done");
    }
    let rows = page
        .entries
        .into_iter()
        .map(|e| {
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{e.applies_to}</td>
                    <td class="nhsuk-table__cell">{e.email}</td>
                    <td class="nhsuk-table__cell">{e.phone}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                {saved.then(|| view! {
                    <NotificationBanner title="Success" success=true>
                        <h3 class="nhsuk-notification-banner__heading" id="done" tabindex="-1">"Support contact saved. Patients see it now."</h3>
                    </NotificationBanner>
                })}
                <span class="nhsuk-caption-l">{page.network_name.clone()}</span>
                <h1>"Client support"</h1>
                <p class="nhsuk-body">"Patients see this contact on the registration, sign-in and help pages, and on their credential letters."</p>
                {if empty {
                    view! { <p class="nhsuk-body">"No support contact yet: patients are not shown one."</p> }.into_any()
                } else {
                    view! { <Table caption="Support contacts" headings=vec!["Organisation type", "Email address", "Phone number"]>{rows}</Table> }.into_any()
                }}
                <h2>"Set a support contact"</h2>
                <ActionForm action=save attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=org.to_string()/>
                    <Select id="organisation_kind" label="Organisation type" hint="Leave it as all types to cover every type without its own contact" options=kind_options() error=form.field("organisation_kind")/>
                    <TextInput id="support_email" label="Email address" input_type="email" autocomplete="off" error=form.field("support_email")/>
                    <TextInput id="support_phone" label="Phone number" input_type="tel" autocomplete="off" error=form.field("support_phone")/>
                    <Button disabled=save.pending()>"Save"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
