//! The routes of the locum network, each page in its own lazily loaded
//! chunk.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use crate::components::lazy_page;
use crate::locums::hubs::ui::{HubManagementPage, LocumProfilePage};
use crate::locums::registration::ui::{
    LocumRegisteredPage, LocumRegistrationsPage, LocumVerifiedPage, RegisterLocumPage,
    VerifyLocumPage,
};
use crate::locums::workforce::ui::HubWorkforcePage;

lazy_page!(RegisterLocumRoute, RegisterLocumPage);
lazy_page!(LocumRegisteredRoute, LocumRegisteredPage);
lazy_page!(VerifyLocumRoute, VerifyLocumPage);
lazy_page!(LocumVerifiedRoute, LocumVerifiedPage);
lazy_page!(LocumRegistrationsRoute, LocumRegistrationsPage);
lazy_page!(HubManagementRoute, HubManagementPage);
lazy_page!(LocumProfileRoute, LocumProfilePage);
lazy_page!(HubWorkforceRoute, HubWorkforcePage);

#[component(transparent)]
pub fn LocumsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/locums/register") view={Lazy::<RegisterLocumRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/locums/registered") view={Lazy::<LocumRegisteredRoute>::new()}/>
        <Route path=path!("/locums/verify/:token") view={Lazy::<VerifyLocumRoute>::new()}/>
        <Route path=path!("/locums/verified") view={Lazy::<LocumVerifiedRoute>::new()}/>
        <Route path=path!("/networks/:id/locums") view={Lazy::<LocumRegistrationsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/hub-management") view={Lazy::<HubManagementRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/hub-management/profile") view={Lazy::<LocumProfileRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/hubs/:id/workforce") view={Lazy::<HubWorkforceRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    .into_any_nested_route()
}
