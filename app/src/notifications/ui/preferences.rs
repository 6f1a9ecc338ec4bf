//! `/account/notifications`: where each kind of notification goes.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{Button, NotificationBanner, PageSkeleton};
use crate::notifications::api::notification_preferences;
use crate::notifications::model::{field_names, Preference};

fn preference_row(p: Preference) -> impl IntoView {
    let (in_app_name, email_name) = field_names(p.kind);
    let legend = p.kind.label();
    let hint_id = format!("{}-hint", p.kind.as_str());
    let described_by = hint_id.clone();
    let (in_app_id, in_app_for) = (in_app_name.clone(), in_app_name.clone());
    let (email_id, email_for) = (email_name.clone(), email_name.clone());
    view! {
        <div class="nhsuk-form-group">
            <fieldset class="nhsuk-fieldset" aria-describedby=described_by>
                <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
                <div class="nhsuk-hint" id=hint_id>{p.kind.hint()}</div>
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id=in_app_id name=in_app_name type="checkbox" value="yes" checked=p.in_app/>
                        <label class="nhsuk-label nhsuk-checkboxes__label" for=in_app_for>"In Gatehouse"</label>
                    </div>
                    <div class="nhsuk-checkboxes__item">
                        <input class="nhsuk-checkboxes__input" id=email_id name=email_name type="checkbox" value="yes" checked=p.email/>
                        <label class="nhsuk-label nhsuk-checkboxes__label" for=email_for>"By email"</label>
                    </div>
                </div>
            </fieldset>
        </div>
    }
}

/// `/account/notifications`: where each kind of notification goes.
#[component]
pub fn NotificationPreferencesPage() -> impl IntoView {
    let preferences = Resource::new(|| (), |_| notification_preferences());
    let saved = move || use_query_map().with(|q| q.get("saved").is_some());
    view! {
        <Title text="Notification settings"/>
        <Show when=saved>
            <NotificationBanner title="Success" success=true>
                <p class="nhsuk-notification-banner__heading">"Your notification settings have been saved"</p>
            </NotificationBanner>
        </Show>
        <h1>"Notification settings"</h1>
        <PageSkeleton data=preferences page=move |list| {
            view! {
                <form method="post" action="/api/save_notification_preferences">
                    {list.into_iter().map(preference_row).collect_view()}
                    <Button>"Save settings"</Button>
                </form>
            }
            .into_any()
        }/>
    }
}
