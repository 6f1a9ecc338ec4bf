//! Recurring schedules declared in code: when each falls due (on clocks in
//! England) and the keyed queueing of each tick, so that several runners
//! queue it once.

use super::{enqueue, JobKind, NewJob};
use crate::error::AppError;
use crate::server::clock::{DAY_MS, HOUR_MS};
use crate::server::dates::{uk_instant_ms, uk_local};
use crate::server::Ctx;

/// When a recurring job falls due, on clocks in England.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Every hour at this minute.
    Hour { minute: u8 },
    /// Every day at this time.
    Day { hour: u8, minute: u8 },
    /// Every month on this day (1–28) at this hour.
    Month { day: u8, hour: u8 },
}

impl Every {
    /// The last time it fell due at or before `now_ms`.
    pub fn latest_due(self, now_ms: i64) -> i64 {
        let local = uk_local(now_ms);
        let at = |date: time::Date, hour: u8, minute: u8| {
            time::Time::from_hms(hour.min(23), minute.min(59), 0)
                .map(|t| uk_instant_ms(time::PrimitiveDateTime::new(date, t)))
                .unwrap_or(now_ms)
        };
        match self {
            Every::Hour { minute } => {
                let this_hour = at(local.date(), local.hour(), minute);
                if this_hour <= now_ms {
                    this_hour
                } else {
                    this_hour - HOUR_MS
                }
            }
            Every::Day { hour, minute } => {
                let today = at(local.date(), hour, minute);
                if today <= now_ms {
                    today
                } else {
                    local
                        .date()
                        .previous_day()
                        .map_or(today - DAY_MS, |d| at(d, hour, minute))
                }
            }
            Every::Month { day, hour } => {
                let day = day.clamp(1, 28);
                let date = local.date();
                let this_month = date
                    .replace_day(day)
                    .map(|d| at(d, hour, 0))
                    .unwrap_or(now_ms);
                if this_month <= now_ms {
                    return this_month;
                }
                let (year, month) = match date.month() {
                    time::Month::January => (date.year() - 1, time::Month::December),
                    m => (date.year(), m.previous()),
                };
                time::Date::from_calendar_date(year, month, day)
                    .map(|d| at(d, hour, 0))
                    .unwrap_or(now_ms)
            }
        }
    }
}

/// A recurring job declared in code: a kind and when it falls due.
#[derive(Clone, Copy)]
pub struct Schedule {
    pub kind: &'static JobKind,
    pub every: Every,
}

/// The idempotency key of a schedule's tick: kind and due time, so that
/// two runners (or one restarted) never queue the same tick twice.
pub fn tick_key(kind: &JobKind, due_ms: i64) -> String {
    format!("schedule:{}@{due_ms}", kind.name)
}

/// Queues the latest tick of each schedule unless it is queued already;
/// returns how many were new.
pub async fn queue_due_ticks(cx: Ctx<'_>, schedules: &[Schedule]) -> Result<usize, AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let mut created = 0;
            for schedule in schedules {
                let due = schedule.every.latest_due(now);
                let queued = enqueue(
                    &mut *tx,
                    now,
                    NewJob {
                        kind: schedule.kind,
                        payload: String::new(),
                        organisation_id: None,
                        requested_by: None,
                        key: Some(tick_key(schedule.kind, due)),
                        run_at: due,
                        total: 0,
                    },
                )
                .await?;
                created += usize::from(queued.created);
            }
            Ok(created)
        })
        .await
}
