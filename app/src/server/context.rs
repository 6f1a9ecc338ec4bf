//! The one value every service takes besides its arguments.
//!
//! A server function builds it from the server's state
//! (`state.cx()`); a test builds it from its own parts
//! (`testing::TestCx`). Services never read Leptos context, so a plain
//! `#[tokio::test]` can call them.
//!
//! Live events are not in it on purpose: a service returns what changed
//! (for example `Changed { practice_id }`) and its server function
//! publishes after the transaction has committed, so an open inbox never
//! hears of a change that was rolled back.

use super::clock::Clock;
use super::config::Config;
use super::db::Db;
use super::password::Hasher;
use super::state::AppState;

/// Database, clock, configuration and password hasher, borrowed.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub db: &'a Db,
    pub clock: &'a dyn Clock,
    pub config: &'a Config,
    pub hasher: &'a Hasher,
}

impl Ctx<'_> {
    /// The injected clock's time, in milliseconds since 1970.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }
}

impl AppState {
    /// The context of the services, borrowed from the server's state.
    pub fn cx(&self) -> Ctx<'_> {
        Ctx {
            db: &self.db,
            clock: self.clock.as_ref(),
            config: &self.config,
            hasher: &self.hasher,
        }
    }
}
