//! The routes of locum work, each page in its own lazily loaded chunk.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use crate::components::lazy_page;
use crate::shifts::availability::ui::PracticeAvailabilityPage;
use crate::shifts::hub::ui::HubShiftsPage;
use crate::shifts::practice::ui::RequirementsPage;
use crate::shifts::schedule::ui::{ScheduleMonthPage, SchedulePage};

lazy_page!(HubShiftsRoute, HubShiftsPage);
lazy_page!(ScheduleRoute, SchedulePage);
lazy_page!(ScheduleMonthRoute, ScheduleMonthPage);
lazy_page!(RequirementsRoute, RequirementsPage);
lazy_page!(PracticeAvailabilityRoute, PracticeAvailabilityPage);

#[component(transparent)]
pub fn ShiftsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/hubs/:id/shifts") view={Lazy::<HubShiftsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/schedule") view={Lazy::<ScheduleRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/schedule/month") view={Lazy::<ScheduleMonthRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/requirements") view={Lazy::<RequirementsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/availability") view={Lazy::<PracticeAvailabilityRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    .into_any_nested_route()
}
