//! The long-running delivery worker: a delivery pass every few seconds until
//! shutdown. All the work is in `service::deliver_due`, which tests call
//! directly.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::service::deliver_due;
use super::transport::{MailSetupError, Transport};
use crate::server::password::Hasher;
use crate::server::{AppState, Config, Ctx, Db, SharedClock};

/// Time between delivery passes.
pub const INTERVAL: Duration = Duration::from_secs(5);
/// Messages claimed per pass.
pub const BATCH: usize = 50;

/// Delivers due mail every `INTERVAL` until `shutdown` completes. A pass
/// that filled its batch is followed at once by another. The pass under
/// way when shutdown comes is finished, so nothing is left half recorded.
pub async fn run_worker(
    db: Db,
    clock: SharedClock,
    config: Arc<Config>,
    transport: Transport,
    shutdown: impl Future<Output = ()>,
) {
    // The worker hashes no passwords; its context still lends one.
    let hasher = Hasher::new(1);
    let cx = Ctx {
        db: &db,
        clock: clock.as_ref(),
        config: &config,
        hasher: &hasher,
    };
    tracing::info!(
        transport = transport.describe(),
        "email delivery worker started"
    );
    let mut interval = tokio::time::interval(INTERVAL);
    interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
    tokio::pin!(shutdown);
    'worker: loop {
        tokio::select! {
            _ = &mut shutdown => break 'worker,
            _ = interval.tick() => {}
        }
        loop {
            match deliver_due(cx, &transport, BATCH).await {
                Ok(report) => {
                    if report.claimed > 0 {
                        tracing::info!(?report, "email delivery pass");
                    }
                    if report.claimed < BATCH || report.retrying > 0 {
                        break;
                    }
                }
                // Already logged with a reference; try again next tick.
                Err(_) => break,
            }
            tokio::select! {
                biased;
                _ = &mut shutdown => break 'worker,
                _ = std::future::ready(()) => {}
            }
        }
    }
    tracing::info!("email delivery worker stopped");
}

/// Starts the worker for this configuration: SMTP when `SMTP_URL` is set,
/// the development mailbox in development without it. In production
/// without `SMTP_URL` no worker runs and mail stays queued (a warning says
/// so). Errors: a malformed `SMTP_URL` or `MAIL_FROM`.
pub fn spawn_worker(
    state: &AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<Option<JoinHandle<()>>, MailSetupError> {
    match Transport::from_config(&state.config)? {
        Some(transport) => Ok(Some(tokio::spawn(run_worker(
            state.db.clone(),
            state.clock.clone(),
            state.config.clone(),
            transport,
            shutdown,
        )))),
        None => {
            tracing::warn!(
                "SMTP_URL is not set in production: emails stay queued in the outbox and nothing is sent until SMTP_URL is set and the server restarted"
            );
            Ok(None)
        }
    }
}
