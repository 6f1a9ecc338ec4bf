//! Server-only infrastructure shared by every feature: configuration, the
//! database, the clock, application state, tokens and password hashing.
//! No business rules live here.

pub mod activity;
pub mod client;
pub mod clock;
pub mod config;
pub mod context;
pub mod cookies;
pub mod dates;
pub mod db;
pub mod events;
pub mod forms;
pub mod password;
pub mod state;
pub mod tokens;
pub mod upload;

#[cfg(any(test, feature = "testing"))]
pub mod fixtures;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use clock::{Clock, SharedClock, SystemClock};
pub use config::{Config, ConfigError, Mode};
pub use context::Ctx;
pub use db::{Backend, Db, DbError};
pub use state::{app_state, AppState};
