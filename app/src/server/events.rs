//! Live updates inside one server process: whoever changes a practice's
//! requests says so here, and every open inbox page of someone who works
//! requests in that practice hears it (server-sent events, see
//! `requests::live`). A page that misses one (it lagged, or was closed)
//! loses nothing: it reloads its data whenever it hears anything.

use tokio::sync::broadcast;

/// How many changes wait for a slow listener before it skips ahead.
const BACKLOG: usize = 256;

/// The practice ids whose requests changed, as they change.
#[derive(Debug, Clone)]
pub struct RequestEvents(broadcast::Sender<String>);

impl Default for RequestEvents {
    fn default() -> Self {
        Self(broadcast::channel(BACKLOG).0)
    }
}

impl RequestEvents {
    /// Says that the requests of `practice_id` changed. Nobody listening
    /// is not an error.
    pub fn publish(&self, practice_id: &str) {
        let _ = self.0.send(practice_id.to_string());
    }

    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.0.subscribe()
    }
}
