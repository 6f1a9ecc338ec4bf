//! The routes of the job pages.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use super::{JobPage, JobsPage};
use crate::components::lazy_page;

lazy_page!(JobsRoute, JobsPage);
lazy_page!(JobRoute, JobPage);

/// The routes of the job pages, each in its own lazily loaded chunk.
#[component(transparent)]
pub fn JobsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/organisations/:id/jobs") view={Lazy::<JobsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/organisations/:id/jobs/:job") view={Lazy::<JobRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    .into_any_nested_route()
}
