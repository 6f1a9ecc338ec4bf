//! What the benchmarks share: how long each measurement runs, sizes from
//! the environment, the raw insert rate.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A size from the environment (`1_000_000` or `1000000`), else `default`.
#[allow(dead_code)] // not every bench is sized this way
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// BENCH_SECONDS, 10 by default.
#[allow(dead_code)] // the scale benches are sized by counts instead
pub fn measuring_time() -> Duration {
    let secs = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    Duration::from_secs(secs)
}

/// One-row INSERTs, each its own transaction, from `clients` concurrent
/// callers for `time`: what the database does with the least work per write.
#[allow(dead_code)] // not every bench compares with it
pub async fn raw_insert_rate(db: &Arc<app::server::Db>, clients: usize, time: Duration) -> f64 {
    sqlx::query(
        "CREATE TABLE bench_raw (client BIGINT NOT NULL, n BIGINT NOT NULL, note TEXT NOT NULL)",
    )
    .execute(&db.pool)
    .await
    .expect("scratch table");
    let done = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let (db, done) = (db.clone(), done.clone());
            tokio::spawn(async move {
                let mut n = 0i64;
                while start.elapsed() < time {
                    let inserted =
                        sqlx::query("INSERT INTO bench_raw (client, n, note) VALUES ($1, $2, $3)")
                            .bind(client as i64)
                            .bind(n)
                            .bind("staff.invite@nhs.net")
                            .execute(&db.pool)
                            .await;
                    if inserted.is_ok() {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    n += 1;
                }
            })
        })
        .collect();
    for task in tasks {
        let _ = task.await;
    }
    done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}
