//! The routes of the notifications pages.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use super::{NotificationPreferencesPage, NotificationsPage};
use crate::components::lazy_page;

lazy_page!(PreferencesRoute, NotificationPreferencesPage);
lazy_page!(NotificationsRoute, NotificationsPage);

/// The routes of the notifications pages, each page in its own lazily
/// loaded chunk. The shell lists this component in its `<Routes>`; an
/// address matches the first route that fits, in this order.
#[component(transparent)]
pub fn NotificationsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/account/notifications") view={Lazy::<PreferencesRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    // A list of routes is not one route: erase it into one. Under
    // `erase_components` (.cargo/config.toml) `#[component]` makes the
    // return type `AnyNestedRoute`.
    .into_any_nested_route()
}
