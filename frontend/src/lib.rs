#![recursion_limit = "256"]
//! The browser entry point: hydrates the server-rendered page.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    enable_nhs_frontend_styles();
    register_service_worker();
    // Lazy routes (their own wasm chunks) hydrate once their chunk arrives.
    leptos::mount::hydrate_lazy(app::App);
}

/// NHS frontend styles its interactive components (tabs) only when the body
/// says the script is running, as its own template does.
fn enable_nhs_frontend_styles() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body
            .class_list()
            .add_2("js-enabled", "nhsuk-frontend-supported");
    }
}

/// The service worker precaches the shell and serves the offline page.
fn register_service_worker() {
    if let Some(window) = web_sys::window() {
        let container = window.navigator().service_worker();
        let _ = container.register("/sw.js");
    }
}
