use leptos::prelude::*;

/// Marks the page as running in the browser: `data-hydrated` on the body
/// becomes the page's path once its code has run (effects run only in the
/// browser, after hydration or, after a client-side navigation, once the new
/// page is mounted). The path comes from the router, which may update the
/// address bar after the page mounts. End-to-end tests wait for it; lazy
/// pages run later than the rest of the document.
#[component]
pub fn PageReady() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let path = location.pathname.get();
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", &path);
        }
    });
}
