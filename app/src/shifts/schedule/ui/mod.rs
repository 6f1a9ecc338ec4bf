//! The locum's pages: "Schedule" (the week) and its month view.

mod schedule;
mod schedule_month;

pub use schedule::SchedulePage;
pub use schedule_month::ScheduleMonthPage;
