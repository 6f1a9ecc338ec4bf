//! The routes of signing in, the account page and the organisation switcher.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use super::{AccountPage, SignInPage, SwitchOrganisationPage};
use crate::components::lazy_page;

lazy_page!(SignInRoute, SignInPage);
lazy_page!(AccountRoute, AccountPage);
lazy_page!(SwitchRoute, SwitchOrganisationPage);

/// The routes of signing in, the account page and the organisation
/// switcher, each page in its own lazily loaded chunk. The shell lists this
/// component in its `<Routes>`; an address matches the first route that
/// fits, in this order.
#[component(transparent)]
pub fn AuthRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()}/>
        <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/switch-organisation") view={Lazy::<SwitchRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    // A list of routes is not one route: erase it into one. Under
    // `erase_components` (.cargo/config.toml) `#[component]` makes the
    // return type `AnyNestedRoute`.
    .into_any_nested_route()
}
