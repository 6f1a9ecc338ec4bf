//! The job runner's throughput: no-op jobs per second through one runner
//! as the server starts it (claims of `CLAIM` jobs, run in rounds: one
//! transaction gives each job its next batch in a savepoint that holds its
//! row, runs the step and records the progress), against the raw insert
//! rate of the same database from `RAW_CALLERS` concurrent callers, each
//! insert its own transaction.
//! Not a test: it prints figures for README's Performance section.
//!
//!   cargo bench -p server --bench jobs            (SQLite)
//!   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p server --bench jobs
//!
//! BENCH_SECONDS (default 10) sets the size: 2,000 jobs per second of it
//! are queued first (not measured), then drained by the runner. With
//! BENCH_JSON_OUT set, the figures are also written there as JSON.
// Benchmark code: a failed setup step should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Instant;

use app::jobs::runner::CLAIM;
use app::jobs::service::{enqueue, Batch, JobChange, JobKind, NewJob, Runner, Step, StepFuture};
use app::server::clock::SystemClock;
use app::server::password::Hasher;
use app::server::Ctx;
use sqlx::AnyConnection;

use common::{measuring_time, raw_insert_rate};

fn no_op<'a>(_cx: Ctx<'a>, _tx: &'a mut AnyConnection, _batch: &'a Batch) -> StepFuture<'a> {
    Box::pin(async {
        Ok(Step {
            done: 1,
            total: 1,
            message: String::new(),
            detail: String::new(),
            finished: true,
        })
    })
}

/// Concurrent callers of the raw insert rate.
const RAW_CALLERS: usize = 4;

static KINDS: [JobKind; 1] = [JobKind {
    name: "bench.no_op",
    label: "No-op",
    detail_heading: "",
    max_attempts: 1,
    step: no_op,
    result: None,
}];

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let time = measuring_time();
    let jobs = usize::try_from(time.as_secs()).unwrap_or(10) * 2_000;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let db = Arc::new(rt.block_on(app::server::testing::fresh_db()));
    let backend = db.backend.name();
    let config = app::server::testing::test_config("sqlite::memory:");
    let hasher = Hasher::new(1);
    let clock = SystemClock;
    let cx = Ctx {
        db: &db,
        clock: &clock,
        config: &config,
        hasher: &hasher,
    };
    // Queue the jobs (not measured), in transactions of 1,000.
    rt.block_on(async {
        for chunk in 0..jobs.div_ceil(1_000) {
            let now = cx.now_ms();
            cx.db
                .transaction(async |tx| {
                    for _ in 0..1_000.min(jobs - chunk * 1_000) {
                        enqueue(
                            &mut *tx,
                            now,
                            NewJob {
                                kind: &KINDS[0],
                                payload: String::new(),
                                organisation_id: None,
                                requested_by: None,
                                key: None,
                                run_at: now,
                                total: 1,
                            },
                        )
                        .await?;
                    }
                    Ok(())
                })
                .await
                .expect("queue jobs");
        }
    });
    let nothing = |_: &JobChange| {};
    let runner = Runner {
        cx,
        kinds: &KINDS,
        id: "bench".into(),
        changed: &nothing,
    };
    let (elapsed, done) = rt.block_on(async {
        let start = Instant::now();
        let mut done = 0;
        loop {
            let report = runner.run_due(CLAIM).await.expect("runner pass");
            if report.claimed == 0 {
                break;
            }
            done += report.done;
        }
        (start.elapsed(), done)
    });
    let jobs_per_second = done as f64 / elapsed.as_secs_f64();
    let raw = rt.block_on(raw_insert_rate(&db, RAW_CALLERS, time));
    println!(
        "jobs benchmark ({backend}, {cores} cores, {jobs} no-op jobs, one runner, claims of {CLAIM})"
    );
    println!("  no-op jobs/s through the runner        : {jobs_per_second:.1}");
    println!("  raw one-row inserts/s ({RAW_CALLERS} callers)    : {raw:.1}");
    println!(
        "  jobs / raw inserts                     : {:.3}",
        jobs_per_second / raw
    );
    println!("  jobs done / queued                     : {done} / {jobs}");
    assert_eq!(done, jobs, "every job ran once");
    if let Ok(path) = std::env::var("BENCH_JSON_OUT") {
        let json = serde_json::json!({
            "backend": backend,
            "jobs": jobs,
            "raw_callers": RAW_CALLERS,
            "claim": CLAIM,
            "jobs_per_second": jobs_per_second,
            "raw_inserts_per_second": raw,
            "seconds": time.as_secs(),
        });
        std::fs::write(&path, json.to_string()).expect("write BENCH_JSON_OUT");
    }
}
