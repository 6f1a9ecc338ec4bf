//! `/practices/:id/requests/new`: staff log a request taken by phone.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use super::{practice_page, RequestFields};
use crate::components::{use_form_errors, BackLink, Button, ErrorSummary};
use crate::requests::contact::api::*;
use crate::requests::contact::model::*;

/// `/practices/:id/requests/new`: staff log a request taken by phone.
#[component]
pub fn LogPhoneRequestPage() -> impl IntoView {
    practice_page("Log a phone request", |practice| {
        view! { <LogPhoneRequestForm practice/> }.into_any()
    })
}

#[component]
fn LogPhoneRequestForm(practice: PracticeContact) -> impl IntoView {
    let log = ServerAction::<LogPhoneRequest>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = log.value().get() {
            navigate(&format!("/requests/{id}?done=logged"), Default::default());
        }
    });
    let form = use_form_errors(log.value(), "patient_name");
    let errors = form.errors;
    view! {
        <Title text="Log a phone request"/>
        <BackLink href="/inbox" text="Back to inbox"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{practice.name.clone()}</span>
                <h1>"Log a phone request"</h1>
                <p class="nhsuk-body">"Write down what the patient asked for. The request goes to the practice's unassigned queue."</p>
                <ActionForm action=log attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=practice.id.clone()/>
                    <RequestFields form voice=Voice::Staff/>
                    <Button disabled=log.pending()>"Log request"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
