//! Live updates inside one server process: whoever changes a practice's
//! requests says so here, and every open inbox page of someone who works
//! requests in that practice hears it (server-sent events, see
//! `requests::live`). A page that misses one (it lagged, or was closed)
//! loses nothing: it reloads its data whenever it hears anything.

use crate::ids::OrgId;
use std::future::Future;

use tokio::sync::{broadcast, watch};

/// How many changes wait for a slow listener before it skips ahead.
const BACKLOG: usize = 256;

/// The practice ids whose requests changed, as they change; and whether
/// the server is shutting down, when every listener's stream ends (a
/// graceful shutdown waits for open responses, and these never finish).
#[derive(Debug, Clone)]
pub struct RequestEvents {
    changes: broadcast::Sender<String>,
    closing: watch::Sender<bool>,
    /// Some session ended in this process (sign-out, "Sign out of all
    /// devices", a new password): open streams check whether it was theirs.
    sessions_ended: broadcast::Sender<()>,
}

impl Default for RequestEvents {
    fn default() -> Self {
        Self {
            changes: broadcast::channel(BACKLOG).0,
            closing: watch::channel(false).0,
            sessions_ended: broadcast::channel(BACKLOG).0,
        }
    }
}

impl RequestEvents {
    /// Says that the requests of `practice_id` changed. Nobody listening
    /// is not an error.
    pub fn publish(&self, practice_id: &OrgId) {
        let _ = self.changes.send(practice_id.to_string());
    }

    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.changes.subscribe()
    }

    /// Says that one or more sessions just ended, so that streams opened
    /// with them stop at once rather than at their next periodic check.
    pub fn sessions_ended(&self) {
        let _ = self.sessions_ended.send(());
    }

    pub fn subscribe_session_ends(&self) -> broadcast::Receiver<()> {
        self.sessions_ended.subscribe()
    }

    /// Ends every listener's stream: the server is shutting down.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once `close` has been called (at once if it has).
    pub fn closed(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|closed| *closed).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn listeners_hear_changes_and_learn_when_the_server_closes() {
        let events = RequestEvents::default();
        let mut listener = events.subscribe();
        let closed = events.closed();
        events.publish(&crate::ids::OrgId::from("practice-1"));
        assert_eq!(listener.recv().await.unwrap(), "practice-1");
        events.close();
        closed.await;
        // A listener that arrives after closing hears it at once.
        events.closed().await;
    }
}
