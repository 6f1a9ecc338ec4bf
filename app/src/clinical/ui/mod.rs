//! The pages of the clinical-system link, and their routes (with those of
//! appointment reminders and self-booking).

mod feature_settings;

pub use feature_settings::FeatureSettingsPage;

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use crate::clinical::appointments::ui::{
    AppointmentSettingsPage, BookAppointmentPage, YourAppointmentsPage,
};
use crate::components::lazy_page;

lazy_page!(FeatureSettingsRoute, FeatureSettingsPage);
lazy_page!(AppointmentSettingsRoute, AppointmentSettingsPage);
lazy_page!(YourAppointmentsRoute, YourAppointmentsPage);
lazy_page!(BookAppointmentRoute, BookAppointmentPage);

#[component(transparent)]
pub fn ClinicalRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/practices/:id/feature-settings") view={Lazy::<FeatureSettingsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/appointment-settings") view={Lazy::<AppointmentSettingsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/appointments") view={Lazy::<YourAppointmentsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/appointments/book/:practice") view={Lazy::<BookAppointmentRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    .into_any_nested_route()
}
