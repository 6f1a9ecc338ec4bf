//! The locum's page: "Schedule".

mod schedule;

pub use schedule::SchedulePage;
