use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{list_notifications, notification_preferences};
use super::model::{field_names, NotificationView, Preference};
use crate::components::{Button, ButtonKind, ErrorPage, NotificationBanner, Tag, TagColour};

fn notification_item(n: NotificationView) -> impl IntoView {
    let unread = !n.read;
    let id = n.id.clone();
    view! {
        <li class="gh-notification">
            <h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                {n.title}
                {unread.then(|| view! { " " <Tag text="Unread" colour=TagColour::Blue/> })}
            </h2>
            <p class="nhsuk-body nhsuk-u-margin-bottom-1">{n.body}</p>
            <p class="nhsuk-body-s nhsuk-u-secondary-text-color">{n.when}</p>
            {n.link.map(|link| view! { <p class="nhsuk-body-s"><a href=link>"View"</a></p> })}
            {unread.then(|| view! {
                <form method="post" action="/api/mark_notification_read">
                    <input type="hidden" name="id" value=id/>
                    <Button kind=ButtonKind::Secondary>"Mark as read"</Button>
                </form>
            })}
        </li>
    }
}

/// `/notifications`: newest first, unread marked, mark one or all as read.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let notifications = Resource::new(|| (), |_| list_notifications());
    view! {
        <Title text="Notifications"/>
        <h1>"Notifications"</h1>
        <p class="nhsuk-body"><a href="/account/notifications">"Choose which notifications you get"</a></p>
        <Suspense fallback=|| view! { <p class="nhsuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match notifications.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="nhsuk-body">"You have no notifications."</p>
                    }
                    .into_any(),
                    Ok(list) => {
                        let any_unread = list.iter().any(|n| !n.read);
                        view! {
                            {any_unread.then(|| view! {
                                <form method="post" action="/api/mark_all_notifications_read">
                                    <Button kind=ButtonKind::Secondary>"Mark all as read"</Button>
                                </form>
                            })}
                            <ul class="nhsuk-list nhsuk-list--border">
                                {list.into_iter().map(notification_item).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

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
        <Suspense fallback=|| view! { <p class="nhsuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match preferences.await {
                    Ok(list) => view! {
                        <form method="post" action="/api/save_notification_preferences">
                            {list.into_iter().map(preference_row).collect_view()}
                            <Button>"Save settings"</Button>
                        </form>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
