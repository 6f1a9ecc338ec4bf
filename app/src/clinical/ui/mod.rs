//! The pages of the clinical-system link, and their routes.

mod feature_settings;

pub use feature_settings::FeatureSettingsPage;

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use crate::components::lazy_page;

lazy_page!(FeatureSettingsRoute, FeatureSettingsPage);

#[component(transparent)]
pub fn ClinicalRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/practices/:id/feature-settings") view={Lazy::<FeatureSettingsRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    .into_any_nested_route()
}
