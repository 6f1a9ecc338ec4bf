//! `/practices/:id/details`: the practice's name and clinical system.

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::system_options;
use crate::components::{
    use_form_errors, BackLink, Button, ErrorSummary, PageSkeleton, Radios, TextInput, Textarea,
};
use crate::staff::practices::api::*;

/// `/practices/:id/details`: the practice admin edits the name and system.
#[component]
pub fn PracticeDetailsPage() -> impl IntoView {
    let params = use_params_map();
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    let details = Resource::new(org, get_practice_details);
    let action = ServerAction::<UpdatePractice>::new();
    let form = use_form_errors(action.value(), "name");
    let errors = form.errors;
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            navigate(
                &format!("/practices/{}/staff?done=practice", org()),
                Default::default(),
            );
        }
    });
    view! {
        <Title text="Practice details"/>
        <PageSkeleton data=details loading=|| () page=move |d| {
            view! {
                <BackLink href=format!("/practices/{}/staff", d.organisation_id) text="Back to Manage staff and inboxes"/>
                <div class="nhsuk-grid-row">
                    <div class="nhsuk-grid-column-two-thirds">
                        <ErrorSummary errors/>
                        <h1>"Practice details"</h1>
                        <p class="nhsuk-body">{format!("ODS code: {}", d.ods_code.clone().unwrap_or_else(|| "not recorded".to_string()))}</p>
                        <p class="nhsuk-body">"Appointment reminders and self-booking for EMIS Web practices are set up in " <a href=format!("/practices/{}/feature-settings", d.organisation_id)>"Feature settings"</a> "."</p>
                        <ActionForm action attr:novalidate=true>
                            <input type="hidden" name="organisation_id" value=d.organisation_id.clone()/>
                            <TextInput id="name" label="Practice name" value=d.name.clone() autocomplete="off" error=form.field("name")/>
                            <Radios id="clinical_system" name="clinical_system" legend="Clinical system" options=system_options() selected=d.clinical_system.as_str().to_string() error=form.field("clinical_system")/>
                            <Textarea id="address" label="Address" hint="Shown to patients on the practice's page and its contact form. Up to 8 lines." value=d.address.clone() rows=4 error=form.field("address")/>
                            <TextInput id="phone" label="Phone number" hint="Shown to patients, for example 01632 960 001" input_type="tel" value=d.phone.clone() autocomplete="off" error=form.field("phone")/>
                            <Button disabled=action.pending()>"Save practice details"</Button>
                        </ActionForm>
                    </div>
                </div>
            }
            .into_any()
        }/>
    }
}
