//! The application shell: the HTML document, the NHS header and footer, the
//! routes, and the pages that belong to no feature (home, offline, errors).

mod home;
mod layout;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::accounts::ui::AccountsRoutes;
use crate::activity::ui::ActivityRoutes;
use crate::auth::ui::AuthRoutes;
use crate::clinical::ui::ClinicalRoutes;
pub use crate::components::{ErrorPage, NotFound, PageReady};
use crate::jobs::ui::{JobChanges, JobsRoutes, LiveJobUpdates};
use crate::letters::ui::LettersRoutes;
use crate::locums::ui::LocumsRoutes;
use crate::mail::ui::MailRoutes;
use crate::notifications::ui::NotificationsRoutes;
use crate::org::ui::DirectoryRoutes;
use crate::patients::ui::PatientsRoutes;
use crate::requests::inbox::ui::{LiveRequestUpdates, RequestChanges};
use crate::requests::ui::RequestsRoutes;
use crate::shifts::ui::ShiftsRoutes;
use crate::staff::ui::StaffRoutes;
use home::{HomePage, OfflineNotice};
use layout::{Footer, Header};

pub const SERVICE_NAME: &str = "Gatehouse";

/// The page's Content-Security-Policy: scripts only with this response's
/// nonce (the hydration scripts carry it) or loaded by them
/// (`'strict-dynamic'`: the bundle and its lazy chunks), WebAssembly
/// compiled from the site's own files, everything else from this site
/// only, no plugins, no framing, forms posted only here.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sends [`content_security_policy`] with the nonce leptos_axum made for
/// this response.
fn send_content_security_policy() {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) = axum::http::HeaderValue::from_str(&content_security_policy(&nonce)) {
            response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The style sheet's address: `/pkg/gatehouse.css`, or with the content
/// hash cargo-leptos put in its name (`hash-files`), read once from the hash
/// file beside the server binary, as Leptos reads the script's and the
/// WebAssembly's.
#[cfg(feature = "ssr")]
fn stylesheet_href(options: &LeptosOptions) -> String {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let pkg = options.site_pkg_dir.as_ref();
        let name = options.output_name.as_ref();
        let hash = options
            .hash_files
            .then(|| {
                let path = std::env::current_exe()
                    .ok()?
                    .parent()?
                    .join(options.hash_file.as_ref());
                let hashes = std::fs::read_to_string(path).ok()?;
                hashes.lines().find_map(|line| {
                    let (file, hash) = line.split_once(':')?;
                    (file.trim() == "css").then(|| hash.trim().to_string())
                })
            })
            .flatten();
        match hash {
            Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
            None => format!("/{pkg}/{name}.css"),
        }
    })
    .clone()
}

#[cfg(not(feature = "ssr"))]
fn stylesheet_href(options: &LeptosOptions) -> String {
    format!("/{}/{}.css", options.site_pkg_dir, options.output_name)
}

/// The whole HTML document, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    send_content_security_policy();
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
                <link rel="stylesheet" id="leptos" href=stylesheet_href(&options)/>
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
    provide_context(JobChanges::new());
    let errors = crate::components::PageHasErrors::provide();
    view! {
        <Title formatter=move |text: String| format!("{} – {SERVICE_NAME} – NHS", errors.title(&text))/>
        <Router>
            <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">
                "Skip to main content"
            </a>
            <Header/>
            <LiveRequestUpdates/>
            <LiveJobUpdates/>
            <div class="nhsuk-width-container">
                <OfflineNotice/>
                <main class="nhsuk-main-wrapper" id="maincontent">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=HomePage/>
                        // Each feature declares its own pages' routes.
                        <DirectoryRoutes/>
                        <AccountsRoutes/>
                        <AuthRoutes/>
                        <NotificationsRoutes/>
                        <ActivityRoutes/>
                        <StaffRoutes/>
                        <RequestsRoutes/>
                        <MailRoutes/>
                        <JobsRoutes/>
                        <PatientsRoutes/>
                        <LocumsRoutes/>
                        <ShiftsRoutes/>
                        <ClinicalRoutes/>
                        <LettersRoutes/>
                    </Routes>
                </main>
            </div>
            <Footer/>
        </Router>
    }
}
