use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

use super::clock::SharedClock;
use super::config::Config;
use super::db::Db;
use super::password::Hasher;
use crate::error::AppError;

/// Everything a request needs, built once at start-up and shared.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub clock: SharedClock,
    pub config: Arc<Config>,
    pub hasher: Hasher,
    /// Tells open inbox pages that a practice's requests changed.
    pub events: super::events::RequestEvents,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or during server rendering.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}
