//! Live updates of open inbox pages: the server-sent events of
//! `/inbox/events`, listened to from the shell.

use leptos::prelude::*;

/// Live updates of open inbox pages. The shell provides one and renders
/// [`LiveRequestUpdates`]; an inbox page sets `wanted` while it is shown
/// and reloads when `version` moves.
#[derive(Debug, Clone, Copy)]
pub struct RequestChanges {
    /// Bumped whenever the server says requests of the person's practices
    /// changed.
    pub version: RwSignal<u32>,
    /// True while the browser is listening (after the server's "ready").
    pub listening: RwSignal<bool>,
    /// Whether a page wants to listen.
    pub wanted: RwSignal<bool>,
}

impl RequestChanges {
    pub fn new() -> Self {
        Self {
            version: RwSignal::new(0),
            listening: RwSignal::new(false),
            wanted: RwSignal::new(false),
        }
    }
}

impl Default for RequestChanges {
    fn default() -> Self {
        Self::new()
    }
}

/// Listens to `/inbox/events` while a page wants it (only in the browser).
/// It lives in the shell, not in a lazily loaded page: wasm-bindgen cannot
/// process a JavaScript closure created in a split-off chunk (hydration
/// then fails with "__wbindgen_placeholder__: module is not an object").
#[component]
pub fn LiveRequestUpdates() -> impl IntoView {
    let changes = expect_context::<RequestChanges>();
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::closure::Closure;
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::{EventSource, MessageEvent};
        let source = StoredValue::new_local(None::<EventSource>);
        Effect::new(move |_| {
            let wanted = changes.wanted.get();
            let open = source.with_value(Option::is_some);
            if wanted && !open {
                let Ok(events) = EventSource::new("/inbox/events") else {
                    return;
                };
                let listening = changes.listening;
                let version = changes.version;
                let on_ready =
                    Closure::<dyn FnMut(MessageEvent)>::new(move |_| listening.set(true));
                let on_change = Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
                    version.update(|v| *v += 1);
                });
                let _ = events
                    .add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref());
                let _ = events.add_event_listener_with_callback(
                    "changed",
                    on_change.as_ref().unchecked_ref(),
                );
                // They live as long as the connection; a closed source never
                // calls them again.
                on_ready.forget();
                on_change.forget();
                source.set_value(Some(events));
            } else if !wanted && open {
                source.update_value(|events| {
                    if let Some(events) = events.take() {
                        events.close();
                    }
                });
                changes.listening.set(false);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = changes;
}
