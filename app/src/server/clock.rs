//! Time comes from an injected clock so tests can move it forward.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Milliseconds since the Unix epoch.
pub trait Clock: Send + Sync + 'static {
    fn now_ms(&self) -> i64;
}

pub type SharedClock = Arc<dyn Clock>;

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    // The one place that reads the system time (clippy.toml bans it elsewhere).
    #[allow(clippy::disallowed_methods)]
    fn now_ms(&self) -> i64 {
        let now = time::OffsetDateTime::now_utc();
        (now.unix_timestamp_nanos() / 1_000_000) as i64
    }
}

/// The system clock moved forward by the number of milliseconds written in
/// a file, read at every call. Only for end-to-end tests, which move time
/// by rewriting the file instead of sleeping; the server refuses it in
/// production (see `GATEHOUSE_TEST_CLOCK_FILE` in README).
#[derive(Debug, Clone)]
pub struct OffsetFileClock {
    pub path: std::path::PathBuf,
}

impl Clock for OffsetFileClock {
    fn now_ms(&self) -> i64 {
        let offset = std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|text| text.trim().parse::<i64>().ok())
            .unwrap_or(0);
        SystemClock.now_ms() + offset
    }
}

/// A clock that stands still until a test moves it.
#[derive(Debug, Default)]
pub struct FixedClock(AtomicI64);

impl FixedClock {
    pub fn at(ms: i64) -> Arc<Self> {
        Arc::new(Self(AtomicI64::new(ms)))
    }

    pub fn advance_ms(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }

    /// Moves the clock to `ms` (forward, in tests that jump to a time).
    pub fn set_ms(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// A wait that doubles with each failure: `first_ms` after the first,
/// then twice that, and so on, never more than `max_ms`.
pub fn doubling_delay_ms(first_ms: i64, max_ms: i64, failed_attempts: i64) -> i64 {
    let doublings = u32::try_from((failed_attempts - 1).clamp(0, 20)).unwrap_or(20);
    first_ms.saturating_mul(1_i64 << doublings).min(max_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offset_file_moves_the_clock_forward_and_a_missing_file_does_not() {
        let path = std::env::temp_dir().join(format!("gh-clock-{}", uuid::Uuid::new_v4().simple()));
        let clock = OffsetFileClock { path: path.clone() };
        let before = SystemClock.now_ms();
        assert!((clock.now_ms() - before).abs() < 60_000);
        std::fs::write(&path, "3600000\n").unwrap();
        assert!(clock.now_ms() >= before + 3_600_000);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_fixed_clock_moves_only_when_advanced() {
        let clock = FixedClock::at(1_000);
        assert_eq!(clock.now_ms(), 1_000);
        clock.advance_ms(HOUR_MS);
        assert_eq!(clock.now_ms(), 1_000 + HOUR_MS);
    }
}
