//! The loop the clinical-system checks share (the hourly health check, the
//! quarter-hourly reminder check): each server process looks once a
//! minute whether this period's round is still to run and runs it; the
//! round itself claims the period in the database, so one process runs it.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::error::AppError;
use crate::server::{AppState, Ctx};

/// One round: `Some(summary)` when this process ran it, `None` when
/// another process (or this one before a restart) had claimed it.
pub type RoundFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<String>, AppError>> + Send + 'a>>;
pub type RoundFn = for<'a> fn(Ctx<'a>, &'a str) -> RoundFuture<'a>;

/// Starts the check on its own task until `shutdown`. A failed round is
/// logged with its reference and tried again the next minute.
pub fn spawn_rounds(
    state: &AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    period_ms: i64,
    name: &'static str,
    round: RoundFn,
) -> JoinHandle<()> {
    let state = state.clone();
    tokio::spawn(async move {
        let runner = uuid::Uuid::new_v4().to_string();
        let mut interval = tokio::time::interval(Duration::from_secs(60));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut done_period = i64::MIN;
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                _ = interval.tick() => {}
            }
            let cx = state.cx();
            let period = cx.now_ms().div_euclid(period_ms);
            if period == done_period {
                continue;
            }
            match round(cx, &runner).await {
                Ok(Some(summary)) => {
                    tracing::info!(check = name, %summary, "round run");
                    done_period = period;
                }
                Ok(None) => done_period = period,
                Err(_) => {}
            }
        }
    })
}
