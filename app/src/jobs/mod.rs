//! Background jobs: durable, scheduled and recurring work that runs outside
//! a request, with progress, retries and exactly-once effects, on SQLite
//! and on several PostgreSQL server processes (see README, "Background
//! jobs").
//!
//! `service` queues jobs, runs them batch by batch and keeps the
//! schedules; `kinds` lists every kind and schedule; `runner` is the loop
//! started with the server; `housekeeping` holds the first recurring jobs;
//! `live` is the event stream of the job pages; `ui` the pages and the
//! progress component.

pub mod api;
#[cfg(feature = "ssr")]
pub mod housekeeping;
#[cfg(feature = "ssr")]
pub mod kinds;
#[cfg(feature = "ssr")]
pub mod live;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod runner;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
