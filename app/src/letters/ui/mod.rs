//! "CMS configuration" pages: "Letter Template Bases" and "Letter
//! Templates" (with each letter's "Patient Profile Is Visible").

mod bases;
mod fields;
mod new_base;
mod new_template;
mod templates;

pub use bases::BasesPage;
pub use new_base::NewBasePage;
pub use new_template::NewTemplatePage;
pub use templates::TemplatesPage;

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use crate::components::lazy_page;

lazy_page!(BasesRoute, BasesPage);
lazy_page!(NewBaseRoute, NewBasePage);
lazy_page!(TemplatesRoute, TemplatesPage);
lazy_page!(NewTemplateRoute, NewTemplatePage);

/// The letters' routes, each page in its own lazily loaded chunk.
#[component(transparent)]
pub fn LettersRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/practices/:id/letter-template-bases") view={Lazy::<BasesRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/letter-template-bases/new") view={Lazy::<NewBaseRoute>::new()}/>
        <Route path=path!("/practices/:id/letter-templates") view={Lazy::<TemplatesRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/letter-templates/new") view={Lazy::<NewTemplateRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    .into_any_nested_route()
}
