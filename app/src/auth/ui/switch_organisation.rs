//! `/switch-organisation`: choose the organisation you are working in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::get_current_user;
use crate::components::{Button, ErrorPage, PageSkeleton};
use crate::error::AppError;
use crate::org::model::role_label;

/// `/switch-organisation`: choose which of your organisations you are
/// working in.
#[component]
pub fn SwitchOrganisationPage() -> impl IntoView {
    let user = Resource::new(|| (), |_| get_current_user());
    let managed = Resource::new(|| (), |_| crate::org::api::practices_to_manage());
    view! {
        <Title text="Change organisation"/>
        <PageSkeleton data=user loading=|| () page=move |value| {
            match value {
                Some(user) => {
                    let current = user.organisation_id.clone().unwrap_or_default();
                    let options = user
                        .places()
                        .into_iter()
                        .enumerate()
                        .map(|(n, (id, name, roles))| {
                            let input_id = if n == 0 { "organisation".to_string() } else { format!("organisation-{n}") };
                            let hint_id = format!("{input_id}-hint");
                            let described_by = hint_id.clone();
                            let label_for = input_id.clone();
                            let roles = roles.iter().map(|r| role_label(r)).collect::<Vec<_>>().join(", ");
                            let checked = id == current;
                            view! {
                                <div class="nhsuk-radios__item">
                                    <input class="nhsuk-radios__input" id=input_id name="organisation_id" type="radio" value=id checked=checked aria-describedby=described_by/>
                                    <label class="nhsuk-label nhsuk-radios__label" for=label_for>{name}</label>
                                    <div class="nhsuk-hint nhsuk-radios__hint" id=hint_id>{roles}</div>
                                </div>
                            }
                        })
                        .collect_view();
                    view! {
                        <form method="post" action="/api/switch_organisation">
                            <div class="nhsuk-form-group">
                                <fieldset class="nhsuk-fieldset">
                                    <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--l">
                                        <h1 class="nhsuk-fieldset__heading">"Which organisation are you working in?"</h1>
                                    </legend>
                                    <div class="nhsuk-radios">{options}</div>
                                </fieldset>
                            </div>
                            <Button>"Continue"</Button>
                        </form>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                let list = managed.await.unwrap_or_default();
                                (!list.is_empty()).then(|| {
                                    let items = list
                                        .into_iter()
                                        .map(|p| view! { <li><a href=format!("/practices/{}/staff", p.id)>{p.name}</a></li> })
                                        .collect_view();
                                    view! {
                                        <h2>"Practices you manage"</h2>
                                        <ul class="nhsuk-list">{items}</ul>
                                    }
                                })
                            })}
                        </Transition>
                    }
                    .into_any()
                }
                None => view! { <ErrorPage error=AppError::Unauthenticated/> }.into_any(),
            }
        }/>
    }
}
