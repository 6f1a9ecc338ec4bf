//! The application shell: the HTML document, the NHS header and footer, the
//! routes, and the pages that belong to no feature (home, offline, errors).

mod error_page;
mod home;
mod layout;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::accounts::ui::{
    ForgotPasswordPage, LockedAccountsPage, PasswordSetPage, SetPasswordPage, SetupPage,
};
use crate::auth::ui::{AccountPage, SignInPage, SwitchOrganisationPage};
use crate::directory::ui::DirectoryPage;
use crate::mail::ui::DevMailboxPage;
use crate::notifications::ui::{NotificationPreferencesPage, NotificationsPage};
pub use error_page::{ErrorPage, NotFound};
use home::{HomePage, OfflinePage};
use layout::{Footer, Header};

pub const SERVICE_NAME: &str = "Gatehouse";

/// The whole HTML document, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Gatehouse: staff, patients and locums for NHS GP practices"/>
                <meta name="theme-color" content="#005eb8"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/gatehouse.css"/>
        <Title formatter=|text: String| format!("{text} – {SERVICE_NAME} – NHS")/>
        <Router>
            <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">
                "Skip to main content"
            </a>
            <Header/>
            <div class="nhsuk-width-container">
                <main class="nhsuk-main-wrapper" id="maincontent">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/organisations") view=DirectoryPage ssr=SsrMode::Async/>
                        <Route path=path!("/set-password/:token") view=SetPasswordPage ssr=SsrMode::Async/>
                        <Route path=path!("/password-set") view=PasswordSetPage/>
                        <Route path=path!("/offline") view=OfflinePage/>
                        <Route path=path!("/sign-in") view=SignInPage/>
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/account/notifications") view=NotificationPreferencesPage ssr=SsrMode::Async/>
                        <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async/>
                        <Route path=path!("/switch-organisation") view=SwitchOrganisationPage ssr=SsrMode::Async/>
                        <Route path=path!("/locked-accounts") view=LockedAccountsPage ssr=SsrMode::Async/>
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage/>
                        <Route path=path!("/setup") view=SetupPage ssr=SsrMode::Async/>
                        <Route path=path!("/dev/mailbox") view=DevMailboxPage ssr=SsrMode::Async/>
                    </Routes>
                </main>
            </div>
            <Footer/>
        </Router>
    }
}
