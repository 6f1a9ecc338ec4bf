//! The application shell: the HTML document, the NHS header and footer, the
//! routes, and the pages that belong to no feature (home, offline, errors).

mod home;
mod layout;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute, SsrMode};

use crate::accounts::ui::{
    ForgotPasswordPage, LockedAccountsPage, PasswordSetPage, SetPasswordPage, SetupPage,
};
use crate::activity::ui::PersonActivityPage;
use crate::auth::ui::{AccountPage, SignInPage, SwitchOrganisationPage};
pub use crate::components::{ErrorPage, NotFound, PageReady};
use crate::directory::ui::DirectoryPage;
use crate::mail::ui::DevMailboxPage;
use crate::notifications::ui::{NotificationPreferencesPage, NotificationsPage};
use crate::requests::ui::{
    ContactPage, ContactSentPage, InboxPage, LiveRequestUpdates, LogPhoneRequestPage,
    RequestChanges, RequestPage,
};
use crate::staff::ui::{
    BulkInvitePage, InvitationPage, PracticeDetailsPage, RegisterPracticePage, StaffMemberPage,
    StaffPage,
};
use home::{HomePage, OfflinePage};
use layout::{Footer, Header};

pub const SERVICE_NAME: &str = "Gatehouse";

/// A route whose page is in its own WebAssembly chunk, fetched when the page
/// is first shown (`cargo leptos build --split`), so the first page's
/// bundle does not carry every page. The page loads its own data.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let $route = this;
                view! { <$page/> <PageReady/> }.into_any()
            }
        }
    };
}

lazy_page!(OrganisationsRoute, DirectoryPage);
lazy_page!(SetPasswordRoute, SetPasswordPage);
lazy_page!(PasswordSetRoute, PasswordSetPage);
lazy_page!(SignInRoute, SignInPage);
lazy_page!(AccountRoute, AccountPage);
lazy_page!(PreferencesRoute, NotificationPreferencesPage);
lazy_page!(NotificationsRoute, NotificationsPage);
lazy_page!(SwitchRoute, SwitchOrganisationPage);
lazy_page!(LockedRoute, LockedAccountsPage);
lazy_page!(ForgotRoute, ForgotPasswordPage);
lazy_page!(SetupRoute, SetupPage);
lazy_page!(MailboxRoute, DevMailboxPage);
lazy_page!(PersonActivityRoute, PersonActivityPage);
lazy_page!(StaffRoute, StaffPage);
lazy_page!(StaffMemberRoute, StaffMemberPage);
lazy_page!(BulkInviteRoute, BulkInvitePage);
lazy_page!(InvitationRoute, InvitationPage);
lazy_page!(RegisterPracticeRoute, RegisterPracticePage);
lazy_page!(PracticeDetailsRoute, PracticeDetailsPage);
lazy_page!(InboxRoute, InboxPage);
lazy_page!(RequestRoute, RequestPage);
lazy_page!(ContactRoute, ContactPage);
lazy_page!(ContactSentRoute, ContactSentPage);
lazy_page!(LogPhoneRequestRoute, LogPhoneRequestPage);

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
    provide_context(RequestChanges::new());
    view! {
        <Stylesheet id="leptos" href="/pkg/gatehouse.css"/>
        <Title formatter=|text: String| format!("{text} – {SERVICE_NAME} – NHS")/>
        <Router>
            <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">
                "Skip to main content"
            </a>
            <Header/>
            <LiveRequestUpdates/>
            <div class="nhsuk-width-container">
                <main class="nhsuk-main-wrapper" id="maincontent">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/organisations") view={Lazy::<OrganisationsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/set-password/:token") view={Lazy::<SetPasswordRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/password-set") view={Lazy::<PasswordSetRoute>::new()}/>
                        <Route path=path!("/offline") view=OfflinePage/>
                        <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()}/>
                        <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/account/notifications") view={Lazy::<PreferencesRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/switch-organisation") view={Lazy::<SwitchRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/locked-accounts") view={Lazy::<LockedRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/forgot-password") view={Lazy::<ForgotRoute>::new()}/>
                        <Route path=path!("/people/:user_id/activity") view={Lazy::<PersonActivityRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/practices/new") view={Lazy::<RegisterPracticeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/practices/:id/staff") view={Lazy::<StaffRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/practices/:id/staff/bulk") view={Lazy::<BulkInviteRoute>::new()}/>
                        <Route path=path!("/practices/:id/staff/:membership_id") view={Lazy::<StaffMemberRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/practices/:id/details") view={Lazy::<PracticeDetailsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/invite/:token") view={Lazy::<InvitationRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/inbox") view={Lazy::<InboxRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/requests/:id") view={Lazy::<RequestRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/practices/:id/contact") view={Lazy::<ContactRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/practices/:id/contact/sent") view={Lazy::<ContactSentRoute>::new()}/>
                        <Route path=path!("/practices/:id/requests/new") view={Lazy::<LogPhoneRequestRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/dev/mailbox") view={Lazy::<MailboxRoute>::new()} ssr=SsrMode::Async/>
                    </Routes>
                </main>
            </div>
            <Footer/>
        </Router>
    }
}
