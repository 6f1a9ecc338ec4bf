//! The routes of the inboxes, requests and the contact form.

use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

use crate::components::lazy_page;
use crate::requests::contact::ui::{
    ContactPage, ContactSentPage, LogPhoneRequestPage, PracticePage,
};
use crate::requests::inbox::ui::InboxPage;
use crate::requests::request::ui::RequestPage;

lazy_page!(InboxRoute, InboxPage);
lazy_page!(RequestRoute, RequestPage);
lazy_page!(ContactRoute, ContactPage);
lazy_page!(ContactSentRoute, ContactSentPage);
lazy_page!(LogPhoneRequestRoute, LogPhoneRequestPage);
lazy_page!(PracticeRoute, PracticePage);

/// The routes of the inboxes, requests and the contact form, each page in
/// its own lazily loaded chunk. The shell lists this component in its
/// `<Routes>`; an address matches the first route that fits, in this order.
#[component(transparent)]
pub fn RequestsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/inbox") view={Lazy::<InboxRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/requests/:id") view={Lazy::<RequestRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id") view={Lazy::<PracticeRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/contact") view={Lazy::<ContactRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/practices/:id/contact/sent") view={Lazy::<ContactSentRoute>::new()}/>
        <Route path=path!("/practices/:id/requests/new") view={Lazy::<LogPhoneRequestRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
    // A list of routes is not one route: erase it into one. Under
    // `erase_components` (.cargo/config.toml) `#[component]` makes the
    // return type `AnyNestedRoute`.
    .into_any_nested_route()
}
