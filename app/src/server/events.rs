//! Live updates: whoever changes a practice's requests says so here, and
//! every open inbox page of someone who works requests in that practice
//! hears it (server-sent events, see `requests::live`). A page that misses
//! one (it lagged, or was closed) loses nothing: it reloads its data
//! whenever it hears anything.
//!
//! Inside a process the news goes through a broadcast channel. On
//! PostgreSQL several server processes may serve one database:
//! [`RequestEvents::relay_through`] also sends each piece of news as a
//! `NOTIFY` on [`CHANNEL`] and hands on what other processes send, so a
//! change made through one process reaches inbox pages served by another.
//! Each process marks its own notifications and ignores them when they come
//! back (it has delivered them already, without waiting for the database).

use crate::ids::OrgId;
use std::future::Future;
use std::sync::{Arc, OnceLock};

use tokio::sync::{broadcast, mpsc, watch};

use super::db::{Db, DbError};

/// The PostgreSQL notification channel of live updates.
pub const CHANNEL: &str = "gatehouse_events";

/// How much news waits to be sent to the database before more is dropped
/// (pages reload on the next piece, so dropping loses no data).
const RELAY_BACKLOG: usize = 1024;

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
    /// This process's mark on the notifications it sends.
    origin: Arc<str>,
    /// Where news goes to reach other processes (PostgreSQL only).
    relay: Arc<OnceLock<mpsc::Sender<String>>>,
}

impl Default for RequestEvents {
    fn default() -> Self {
        Self {
            changes: broadcast::channel(BACKLOG).0,
            closing: watch::channel(false).0,
            sessions_ended: broadcast::channel(BACKLOG).0,
            origin: Arc::from(uuid::Uuid::new_v4().simple().to_string()),
            relay: Arc::default(),
        }
    }
}

/// Runs `work` until it ends or the server closes.
async fn until(closed: impl Future<Output = ()>, work: impl Future<Output = ()>) {
    tokio::select! {
        _ = closed => {}
        _ = work => {}
    }
}

/// The news a job page of `organisation_id` listens for.
pub fn job_topic(organisation_id: Option<&OrgId>) -> String {
    match organisation_id {
        Some(org) => format!("jobs:{org}"),
        None => "jobs:schedules".to_string(),
    }
}

/// The news that wakes job runners.
pub const JOBS_QUEUED: &str = "jobs:queued";

/// What one notification says: `<origin> r <practice id>` (a practice's
/// requests changed) or `<origin> s` (sessions ended).
#[derive(Debug, PartialEq, Eq)]
enum News<'a> {
    Changed(&'a str),
    SessionsEnded,
}

fn parse_news(payload: &str) -> Option<(&str, News<'_>)> {
    let mut parts = payload.splitn(3, ' ');
    let origin = parts.next()?;
    match (parts.next()?, parts.next()) {
        ("r", Some(practice)) if !practice.is_empty() => Some((origin, News::Changed(practice))),
        ("s", None) => Some((origin, News::SessionsEnded)),
        _ => None,
    }
}

impl RequestEvents {
    /// Says that the requests of `practice_id` changed. Nobody listening
    /// is not an error.
    pub fn publish(&self, practice_id: &OrgId) {
        let _ = self.changes.send(practice_id.to_string());
        self.relay_out(format!("{} r {practice_id}", self.origin));
    }

    /// Says that a background job of `organisation_id` (`None`: a
    /// schedule's) changed: open job pages of that organisation reload.
    pub fn job_changed(&self, organisation_id: Option<&OrgId>) {
        self.publish_topic(&job_topic(organisation_id));
    }

    /// Says that a job was queued: runners wake at once rather than at
    /// their next poll (in every process, on PostgreSQL).
    pub fn job_queued(&self) {
        self.publish_topic(JOBS_QUEUED);
    }

    fn publish_topic(&self, topic: &str) {
        let _ = self.changes.send(topic.to_string());
        self.relay_out(format!("{} r {topic}", self.origin));
    }

    fn relay_out(&self, payload: String) {
        if let Some(relay) = self.relay.get() {
            if relay.try_send(payload).is_err() {
                tracing::warn!("live updates for other server processes are behind; one dropped");
            }
        }
    }

    /// Hands news from other processes to this one's listeners.
    fn deliver(&self, payload: &str) {
        match parse_news(payload) {
            Some((origin, _)) if origin == &*self.origin => {}
            Some((_, News::Changed(practice))) => {
                let _ = self.changes.send(practice.to_string());
            }
            Some((_, News::SessionsEnded)) => {
                let _ = self.sessions_ended.send(());
            }
            None => tracing::warn!("ignored a live-update notification it cannot read"),
        }
    }

    /// On PostgreSQL, shares news with every other server process on the
    /// database (`LISTEN`/`NOTIFY` on [`CHANNEL`]) until the server closes
    /// (nothing to share on SQLite).
    pub async fn relay_through(&self, db: &Db, database_url: &str) -> Result<(), DbError> {
        let Some(mut listener) = db.listener(database_url, CHANNEL).await? else {
            return Ok(());
        };
        let (sender, mut outbox) = mpsc::channel::<String>(RELAY_BACKLOG);
        if self.relay.set(sender).is_err() {
            return Ok(());
        }
        let sending = db.clone();
        tokio::spawn(until(self.closed(), async move {
            while let Some(payload) = outbox.recv().await {
                if let Err(error) = sending.notify(CHANNEL, &payload).await {
                    tracing::warn!(%error, "could not tell other server processes of a change");
                }
            }
        }));
        let events = self.clone();
        tokio::spawn(until(self.closed(), async move {
            loop {
                match listener.recv().await {
                    Ok(notification) => events.deliver(notification.payload()),
                    // sqlx reconnects on the next `recv`; pages hear the next
                    // change (and their periodic check) meanwhile.
                    Err(error) => {
                        tracing::warn!(%error, "lost the connection that hears other server processes; reconnecting");
                        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                    }
                }
            }
        }));
        Ok(())
    }

    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.changes.subscribe()
    }

    /// Says that one or more sessions just ended, so that streams opened
    /// with them stop at once rather than at their next periodic check.
    pub fn sessions_ended(&self) {
        let _ = self.sessions_ended.send(());
        self.relay_out(format!("{} s", self.origin));
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

    #[tokio::test]
    async fn news_from_another_process_is_delivered_and_its_own_is_not_delivered_twice() {
        let events = RequestEvents::default();
        let mut changes = events.subscribe();
        let mut ends = events.subscribe_session_ends();
        events.deliver(&format!("{} r practice-1", events.origin));
        events.deliver("another r practice-2");
        events.deliver("another s");
        events.deliver("garbled");
        assert_eq!(changes.recv().await.unwrap(), "practice-2");
        assert!(changes.try_recv().is_err());
        ends.recv().await.unwrap();
    }

    #[test]
    fn notifications_are_read_strictly() {
        assert_eq!(parse_news("p r org-1"), Some(("p", News::Changed("org-1"))));
        assert_eq!(parse_news("p s"), Some(("p", News::SessionsEnded)));
        assert_eq!(parse_news("p r"), None);
        assert_eq!(parse_news("p s extra"), None);
        assert_eq!(parse_news("p x y"), None);
    }
}
