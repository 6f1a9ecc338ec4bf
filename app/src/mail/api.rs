use leptos::prelude::*;

use super::model::MailboxEmail;
use crate::error::AppError;

/// Development only: the emails kept in the development mailbox, newest
/// first. Anyone may read it in development (people need their invitation
/// links before they have an account); in production it does not exist
/// (`NotFound`).
#[server(endpoint = "dev_mailbox")]
pub async fn list_dev_mailbox() -> Result<Vec<MailboxEmail>, AppError> {
    let state = crate::server::app_state()?;
    super::service::dev_mailbox(state.cx(), state.config.mode).await
}

/// Public: whether this server keeps the development mailbox (development
/// mode), for the header's link to it.
#[server(endpoint = "dev_mailbox_open")]
pub async fn dev_mailbox_open() -> Result<bool, AppError> {
    let state = crate::server::app_state()?;
    Ok(super::service::dev_mailbox_open(state.config.mode))
}
