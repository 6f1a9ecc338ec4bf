//! `/notifications`: the person's notifications.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{Button, ButtonKind, PageSkeleton, Tag, TagColour};
use crate::notifications::api::list_notifications;
use crate::notifications::model::NotificationView;

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
        <PageSkeleton data=notifications page=move |value| {
            match value {
                list if list.is_empty() => view! {
                    <p class="nhsuk-body">"You have no notifications."</p>
                }
                .into_any(),
                list => {
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
            }
        }/>
    }
}
