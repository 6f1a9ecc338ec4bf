//! `/practices/new`: "Register a practice".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use super::system_options;
use crate::auth::api::get_current_user;
use crate::components::{use_form_errors, Button, ErrorPage, ErrorSummary, Radios, TextInput};
use crate::error::AppError;
use crate::staff::practices::api::*;

/// `/practices/new`: "Register a practice", for network administrators.
#[component]
pub fn RegisterPracticePage() -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());
    let action = ServerAction::<RegisterPractice>::new();
    let form = use_form_errors(action.value(), "name");
    let errors = form.errors;
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok((practice_id, _))) = action.value().get() {
            navigate(
                &format!("/practices/{practice_id}/staff?done=registered"),
                Default::default(),
            );
        }
    });
    view! {
        <Title text="Register a practice"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let user = match user.await {
                    Ok(Some(user)) => user,
                    Ok(None) => return view! { <ErrorPage error=AppError::Unauthenticated/> }.into_any(),
                    Err(error) => return view! { <ErrorPage error/> }.into_any(),
                };
                let Some(place) = user.organisation().cloned() else {
                    return view! { <ErrorPage error=AppError::Forbidden/> }.into_any();
                };
                view! {
                    <div class="nhsuk-grid-row">
                        <div class="nhsuk-grid-column-two-thirds">
                            <ErrorSummary errors/>
                            <span class="nhsuk-caption-l">{place.organisation_name.clone()}</span>
                            <h1>"Register a practice"</h1>
                            <ActionForm action attr:novalidate=true>
                                <input type="hidden" name="organisation_id" value=place.organisation_id.clone()/>
                                <TextInput id="name" label="Practice name" autocomplete="off" error=form.field("name")/>
                                <TextInput id="ods_code" label="ODS code" hint="A letter followed by 5 numbers, for example A81001" autocomplete="off" error=form.field("ods_code")/>
                                <Radios id="clinical_system" name="clinical_system" legend="Clinical system" options=system_options() error=form.field("clinical_system")/>
                                <h2>"Invite the practice admin"</h2>
                                <p class="nhsuk-body">"They will manage the practice's staff and inboxes. You can invite more staff later."</p>
                                <TextInput id="email" label="Email address" hint="Their NHS email address, like name@nhs.net" input_type="email" autocomplete="off" error=form.field("email")/>
                                <Button disabled=action.pending()>"Register practice and send invite"</Button>
                            </ActionForm>
                        </div>
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}
