//! Each function acts only on the caller's own notifications.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::model::{NotificationView, Preference};
use crate::error::AppError;

#[server(endpoint = "notifications")]
pub async fn list_notifications() -> Result<Vec<NotificationView>, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::list(state.cx(), &user.id).await
}

/// A plain form post from the list: marks one notification read and goes
/// back to the list.
#[server(endpoint = "mark_notification_read")]
pub async fn mark_notification_read(id: String) -> Result<(), AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::mark_read(state.cx(), &user.id, &id).await?;
    leptos_axum::redirect("/notifications");
    Ok(())
}

#[server(endpoint = "mark_all_notifications_read")]
pub async fn mark_all_notifications_read() -> Result<(), AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::mark_all_read(state.cx(), &user.id).await?;
    leptos_axum::redirect("/notifications");
    Ok(())
}

#[server(endpoint = "notification_preferences")]
pub async fn notification_preferences() -> Result<Vec<Preference>, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::preferences(state.cx(), &user.id).await
}

/// A plain form post: a ticked box sends its name, an unticked one nothing.
/// One argument a box: the form's own names, for a post without
/// WebAssembly (hence the module's allowance for twelve arguments, which
/// also covers the code the `server` macro generates in the browser build).
#[server(endpoint = "save_notification_preferences")]
pub async fn save_notification_preferences(
    account_in_app: Option<String>,
    account_email: Option<String>,
    staff_in_app: Option<String>,
    staff_email: Option<String>,
    requests_in_app: Option<String>,
    requests_email: Option<String>,
    locum_network_in_app: Option<String>,
    locum_network_email: Option<String>,
    shifts_in_app: Option<String>,
    shifts_email: Option<String>,
    integrations_in_app: Option<String>,
    integrations_email: Option<String>,
) -> Result<(), AppError> {
    use super::model::NoticeKind;
    let (user, state) = crate::org::access::require_signed_in().await?;
    let ticked = |field: &Option<String>| field.is_some();
    let preferences = [
        (NoticeKind::Account, &account_in_app, &account_email),
        (NoticeKind::Staff, &staff_in_app, &staff_email),
        (NoticeKind::Requests, &requests_in_app, &requests_email),
        (
            NoticeKind::LocumNetwork,
            &locum_network_in_app,
            &locum_network_email,
        ),
        (NoticeKind::Shifts, &shifts_in_app, &shifts_email),
        (
            NoticeKind::Integrations,
            &integrations_in_app,
            &integrations_email,
        ),
    ]
    .map(|(kind, in_app, email)| Preference {
        kind,
        in_app: ticked(in_app),
        email: ticked(email),
    });
    super::service::save_preferences(state.cx(), &user.id, &preferences).await?;
    leptos_axum::redirect("/account/notifications?saved=1");
    Ok(())
}
