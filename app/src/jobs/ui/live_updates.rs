//! Live updates of open job pages: the server-sent events of
//! `/organisations/{id}/jobs/events`, listened to from the shell.

use leptos::prelude::*;

use crate::ids::OrgId;

/// The shell provides one and renders [`LiveJobUpdates`]; a job page sets
/// `organisation` while it is shown and reloads when `version` moves.
#[derive(Debug, Clone, Copy)]
pub struct JobChanges {
    /// Bumped whenever the server says a job of the organisation changed.
    pub version: RwSignal<u32>,
    /// The organisation whose jobs a page shows, if any.
    pub organisation: RwSignal<Option<OrgId>>,
}

impl JobChanges {
    pub fn new() -> Self {
        Self {
            version: RwSignal::new(0),
            organisation: RwSignal::new(None),
        }
    }

    /// For a page: listen while it is shown.
    pub fn listen_while_shown(self, organisation: OrgId) {
        Effect::new(move |_| self.organisation.set(Some(organisation.clone())));
        on_cleanup(move || self.organisation.set(None));
    }
}

impl Default for JobChanges {
    fn default() -> Self {
        Self::new()
    }
}

/// Listens to the job events of the organisation a page shows (only in
/// the browser). It lives in the shell, not in a lazily loaded page, for
/// the reason `LiveRequestUpdates` does.
#[component]
pub fn LiveJobUpdates() -> impl IntoView {
    let changes = expect_context::<JobChanges>();
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::closure::Closure;
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::{EventSource, MessageEvent};
        let source = StoredValue::new_local(None::<(OrgId, EventSource)>);
        Effect::new(move |_| {
            let wanted = changes.organisation.get();
            let open = source.with_value(|s| s.as_ref().map(|(org, _)| org.clone()));
            if wanted == open {
                return;
            }
            source.update_value(|s| {
                if let Some((_, events)) = s.take() {
                    events.close();
                }
            });
            let Some(organisation) = wanted else {
                return;
            };
            let url = format!("/organisations/{organisation}/jobs/events");
            let Ok(events) = EventSource::new(&url) else {
                return;
            };
            let version = changes.version;
            let on_change = Closure::<dyn FnMut(MessageEvent)>::new(move |_| {
                version.update(|v| *v += 1);
            });
            let _ = events
                .add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
            // It lives as long as the connection.
            on_change.forget();
            source.set_value(Some((organisation, events)));
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = changes;
}
