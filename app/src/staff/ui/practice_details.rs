//! `/practices/:id/details`: the practice's name and clinical system.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::system_options;
use crate::components::{
    focus_error_summary, form_errors, BackLink, Button, ErrorPage, ErrorSummary, Radios, TextInput,
};
use crate::staff::api::*;

/// `/practices/:id/details`: the practice admin edits the name and system.
#[component]
pub fn PracticeDetailsPage() -> impl IntoView {
    let params = use_params_map();
    let org = move || params.read().get("id").unwrap_or_default();
    let details = Resource::new(org, get_practice_details);
    let action = ServerAction::<UpdatePractice>::new();
    let errors = form_errors(action.value(), "name");
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            navigate(
                &format!("/practices/{}/staff?done=practice", org()),
                Default::default(),
            );
        }
    });
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            focus_error_summary();
        }
    });
    let field_error =
        move |field: &'static str| Signal::derive(move || errors.get().for_field(field));
    view! {
        <Title text="Practice details"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match details.await {
                    Ok(d) => view! {
                        <BackLink href=format!("/practices/{}/staff", d.organisation_id) text="Back to Manage staff and inboxes"/>
                        <div class="nhsuk-grid-row">
                            <div class="nhsuk-grid-column-two-thirds">
                                <ErrorSummary errors/>
                                <h1>"Practice details"</h1>
                                <p class="nhsuk-body">{format!("ODS code: {}", d.ods_code.clone().unwrap_or_else(|| "not recorded".to_string()))}</p>
                                <ActionForm action>
                                    <input type="hidden" name="organisation_id" value=d.organisation_id.clone()/>
                                    <TextInput id="name" label="Practice name" value=d.name.clone() autocomplete="off" error=field_error("name")/>
                                    <Radios id="clinical_system" name="clinical_system" legend="Clinical system" options=system_options() selected=d.clinical_system.as_str().to_string() error=field_error("clinical_system")/>
                                    <Button disabled=action.pending()>"Save practice details"</Button>
                                </ActionForm>
                            </div>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
