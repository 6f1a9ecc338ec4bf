//! `invite_staff` throughput: each call checks the form, locks the practice,
//! checks the hourly limit and duplicates, writes the invitation, its link,
//! the email into the outbox and an activity-log row, in one transaction.
//! Not a test: it prints figures for README's Performance section.
//!
//!   cargo bench -p server --bench invite_staff            (SQLite)
//!   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p server --bench invite_staff
//!
//! Clients invite distinct addresses concurrently, spread over 8 practices
//! (invites to one practice are serialised by its row lock), for
//! BENCH_SECONDS (default 10). Then the same clients insert plain one-row
//! transactions into a scratch table for the same time: the raw insert rate
//! of the same database in the same run, the bound the invites are set
//! against. With BENCH_JSON_OUT set, the figures are also written there as
//! JSON (`.ci/bench` collects them).
// Benchmark code: a failed setup step should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use app::org::model::OrgKind;
use app::org::model::Role;
use app::server::clock::SystemClock;
use app::server::fixtures;
use app::server::password::Hasher;
use app::server::Ctx;
use app::staff::invitations::service::{invite_staff, Delivery};

use common::{measuring_time, raw_insert_rate};

const PRACTICES: usize = 8;

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let time = measuring_time();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let db = Arc::new(rt.block_on(app::server::testing::fresh_db()));
    let backend = db.backend.name();
    let (practices, admin) = rt.block_on(async {
        let mut conn = db.pool.acquire().await.expect("conn");
        let network = fixtures::organisation(&mut conn, OrgKind::Network, "N", None).await;
        let admin_id = fixtures::person(
            &mut conn,
            "bench.admin@nhs.net",
            "Bench Admin",
            &[(&network, Role::NetworkAdmin)],
        )
        .await;
        let mut practices = Vec::new();
        for n in 0..PRACTICES {
            practices.push(
                fixtures::practice(&mut conn, &format!("Practice {n}"), Some(&network)).await,
            );
        }
        let admin = fixtures::signed_in(
            &admin_id,
            "Bench Admin",
            "bench.admin@nhs.net",
            Some(&network),
        );
        (practices, admin)
    });
    // No hourly allowance gets in the way of the measurement.
    let config = Arc::new({
        let mut config = app::server::testing::test_config("sqlite::memory:");
        config.staff.invites_per_hour = i64::MAX / 2;
        config
    });
    let hasher = Hasher::new(1);
    let clients = cores * 4;
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let (elapsed, mut latencies) = rt.block_on(async {
        let start = Instant::now();
        let tasks: Vec<_> = (0..clients)
            .map(|client| {
                let (db, config, hasher, done, failed) = (
                    db.clone(),
                    config.clone(),
                    hasher.clone(),
                    done.clone(),
                    failed.clone(),
                );
                let (practices, admin) = (practices.clone(), admin.clone());
                tokio::spawn(async move {
                    let clock = SystemClock;
                    let mut latencies = Vec::new();
                    let mut n = 0usize;
                    while start.elapsed() < time {
                        let cx = Ctx {
                            db: &db,
                            clock: &clock,
                            config: &config,
                            hasher: &hasher,
                        };
                        let practice = &practices[(client + n) % PRACTICES];
                        let email = format!("staff.{client}.{n}@nhs.net");
                        let began = Instant::now();
                        match invite_staff(
                            cx,
                            &admin,
                            practice,
                            &email,
                            "receptionist",
                            "",
                            Delivery::Email,
                        )
                        .await
                        {
                            Ok(_) => {
                                done.fetch_add(1, Ordering::Relaxed);
                                latencies.push(began.elapsed());
                            }
                            Err(_) => {
                                failed.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        n += 1;
                    }
                    latencies
                })
            })
            .collect();
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.unwrap_or_default());
        }
        (start.elapsed(), all)
    });
    latencies.sort();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let outbox: i64 = rt
        .block_on(sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&db.pool))
        .expect("count");
    let ok = done.load(Ordering::Relaxed);
    let invites_per_second = ok as f64 / elapsed.as_secs_f64();
    let raw = rt.block_on(raw_insert_rate(&db, clients, time));
    println!(
        "invite_staff benchmark ({backend}, {cores} cores, {}s, {clients} concurrent callers, {PRACTICES} practices)",
        time.as_secs()
    );
    println!("  invites/s (each with its outbox email) : {invites_per_second:.1}");
    println!("  raw one-row inserts/s (same clients)   : {raw:.1}");
    println!(
        "  invites / raw inserts                  : {:.3}",
        invites_per_second / raw
    );
    println!(
        "  latency p50 / p95 (ms)                 : {:.1} / {:.1}",
        pick(0.50),
        pick(0.95)
    );
    println!(
        "  emails queued / invites made / failed  : {outbox} / {ok} / {}",
        failed.load(Ordering::Relaxed)
    );
    if let Ok(path) = std::env::var("BENCH_JSON_OUT") {
        let json = serde_json::json!({
            "backend": backend,
            "seconds": time.as_secs(),
            "clients": clients,
            "invites_per_second": invites_per_second,
            "raw_inserts_per_second": raw,
            "p50_ms": pick(0.50),
            "p95_ms": pick(0.95),
            "failed": failed.load(Ordering::Relaxed),
        });
        std::fs::write(&path, json.to_string()).expect("write BENCH_JSON_OUT");
    }
}
