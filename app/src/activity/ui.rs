use crate::ids::UserId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Route;
use leptos_router::hooks::use_params_map;
use leptos_router::{path, Lazy, SsrMode};

use super::api::person_activity;
use super::model::ActivityEntry;
use crate::auth::api::get_current_user;
use crate::components::{lazy_page, PageSkeleton, Table};
use crate::error::AppError;

/// A subject's history as an NHS table, newest first, or "No activity yet".
#[component]
pub fn ActivityHistory(
    #[prop(into)] caption: String,
    entries: Vec<ActivityEntry>,
) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="nhsuk-body">"No activity yet."</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|e| {
            let what = if e.details.is_empty() {
                e.what
            } else {
                format!("{} ({})", e.what, e.details)
            };
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">{e.when}</td>
                    <td class="nhsuk-table__cell">{what}</td>
                    <td class="nhsuk-table__cell">{e.by}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Table caption headings=vec!["When", "What happened", "By"]>{rows}</Table>
    }
    .into_any()
}

/// `/people/:user_id/activity`: a person's history, for administrators of
/// the organisation they are working in (ViewActivity).
#[component]
pub fn PersonActivityPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || UserId::new(params.read().get("user_id").unwrap_or_default()),
        |user_id| async move {
            let user = get_current_user().await?.ok_or(AppError::Unauthenticated)?;
            let organisation = user.organisation_id.clone().ok_or(AppError::Forbidden)?;
            person_activity(organisation, user_id).await
        },
    );
    view! {
        <Title text="Activity"/>
        <PageSkeleton data=data page=move |person| {
            view! {
                <h1>{format!("Activity for {}", person.name)}</h1>
                <ActivityHistory caption="Newest first" entries=person.entries/>
            }
            .into_any()
        }/>
    }
}

lazy_page!(PersonActivityRoute, PersonActivityPage);

/// The routes of a person's activity, each page in its own lazily loaded
/// chunk. The shell lists this component in its `<Routes>`; an address
/// matches the first route that fits, in this order.
#[component(transparent)]
pub fn ActivityRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/people/:user_id/activity") view={Lazy::<PersonActivityRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
}
