//! What the benchmarks share: how long each measurement runs.

use std::time::Duration;

/// BENCH_SECONDS, 10 by default.
pub fn measuring_time() -> Duration {
    let secs = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    Duration::from_secs(secs)
}
