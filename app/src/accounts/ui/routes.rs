//! The routes of the accounts pages.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use super::{ForgotPasswordPage, LockedAccountsPage, PasswordSetPage, SetPasswordPage, SetupPage};
use crate::components::lazy_page;

lazy_page!(SetPasswordRoute, SetPasswordPage);
lazy_page!(PasswordSetRoute, PasswordSetPage);
lazy_page!(LockedRoute, LockedAccountsPage);
lazy_page!(ForgotRoute, ForgotPasswordPage);
lazy_page!(SetupRoute, SetupPage);

/// The routes of the accounts pages, each page in its own lazily loaded
/// chunk. The shell lists this component in its `<Routes>`; an address
/// matches the first route that fits, in this order.
#[component(transparent)]
pub fn AccountsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/set-password/:token") view={Lazy::<SetPasswordRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/password-set") view={Lazy::<PasswordSetRoute>::new()}/>
        <Route path=path!("/locked-accounts") view={Lazy::<LockedRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/forgot-password") view={Lazy::<ForgotRoute>::new()}/>
        <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    // A list of routes is not one route: erase it into one. Under
    // `erase_components` (.cargo/config.toml) `#[component]` makes the
    // return type `AnyNestedRoute`.
    .into_any_nested_route()
}
