//! The routes of "Manage staff and inboxes", invitations and practices.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use super::StaffPage;
use crate::components::lazy_page;
use crate::staff::bulk::ui::BulkInvitePage;
use crate::staff::invitations::ui::{InvitationPage, JoinedPage};
use crate::staff::members::ui::StaffMemberPage;
use crate::staff::practices::ui::{PracticeDetailsPage, RegisterPracticePage};

lazy_page!(RegisterPracticeRoute, RegisterPracticePage);
lazy_page!(StaffRoute, StaffPage);
lazy_page!(BulkInviteRoute, BulkInvitePage);
lazy_page!(StaffMemberRoute, StaffMemberPage);
lazy_page!(PracticeDetailsRoute, PracticeDetailsPage);
lazy_page!(InvitationRoute, InvitationPage);
lazy_page!(JoinedRoute, JoinedPage);

/// The routes of "Manage staff and inboxes", invitations and practices,
/// each page in its own lazily loaded chunk. The shell lists this component
/// in its `<Routes>`; an address matches the first route that fits, in this
/// order.
#[component(transparent)]
pub fn StaffRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/practices/new") view={Lazy::<RegisterPracticeRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/staff") view={Lazy::<StaffRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/staff/bulk") view={Lazy::<BulkInviteRoute>::new()}/>
        <Route path=path!("/practices/:id/staff/:membership_id") view={Lazy::<StaffMemberRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/details") view={Lazy::<PracticeDetailsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/invite/:token") view={Lazy::<InvitationRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/joined") view={Lazy::<JoinedRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    // A list of routes is not one route: erase it into one. Under
    // `erase_components` (.cargo/config.toml) `#[component]` makes the
    // return type `AnyNestedRoute`.
    .into_any_nested_route()
}
