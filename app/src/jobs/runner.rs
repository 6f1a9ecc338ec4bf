//! The long-running job runner started with the server: every second (and
//! at once when a job is queued, in any server process) it queues the
//! schedules' due ticks and runs due jobs. All the work is in
//! `service::Runner`, which tests drive directly with their own clock.

use std::future::Future;
use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::kinds::{KINDS, SCHEDULES};
use super::service::{queue_due_ticks, JobChange, Runner};
use crate::server::clock::MINUTE_MS;
use crate::server::events::JOBS_QUEUED;
use crate::server::AppState;

/// Time between looks for due jobs when nothing wakes the runner.
pub const INTERVAL: Duration = Duration::from_secs(1);
/// Jobs claimed per pass (run in rounds, each job's next batch in turn).
pub const CLAIM: usize = 32;

/// Runs jobs until `shutdown` completes; the batch under way then is
/// finished (or, if the process dies, rolled back and taken over by
/// another runner once its lease ends).
pub async fn run(state: AppState, shutdown: impl Future<Output = ()>) {
    let mut wake = state.events.subscribe();
    let events = state.events.clone();
    let changed = move |change: &JobChange| events.job_changed(change.organisation_id.as_ref());
    let runner = Runner {
        cx: state.cx(),
        kinds: &KINDS,
        id: uuid::Uuid::new_v4().to_string(),
        changed: &changed,
    };
    tracing::info!(runner = %runner.id, "job runner started");
    let mut interval = tokio::time::interval(INTERVAL);
    interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut ticked_minute = i64::MIN;
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = interval.tick() => {}
            _ = queued(&mut wake) => {}
        }
        let minute = runner.cx.now_ms().div_euclid(MINUTE_MS);
        if minute != ticked_minute && queue_due_ticks(runner.cx, &SCHEDULES).await.is_ok() {
            ticked_minute = minute;
        }
        loop {
            match runner.run_due(CLAIM).await {
                Ok(report) if report.claimed > 0 => {
                    tracing::info!(?report, "job runner pass");
                    if report.claimed < CLAIM {
                        break;
                    }
                }
                // Nothing due, or the database failed (already logged).
                _ => break,
            }
        }
    }
    tracing::info!("job runner stopped");
}

/// Resolves when some process says a job was queued.
async fn queued(wake: &mut tokio::sync::broadcast::Receiver<String>) {
    loop {
        match wake.recv().await {
            Ok(topic) if topic == JOBS_QUEUED => return,
            Ok(_) => continue,
            Err(RecvError::Lagged(_)) => return,
            Err(RecvError::Closed) => std::future::pending::<()>().await,
        }
    }
}

/// Starts the runner on its own task.
pub fn spawn(
    state: &AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> JoinHandle<()> {
    tokio::spawn(run(state.clone(), shutdown))
}
