//! The server's integration tests, in one binary so the whole app is linked
//! once rather than once per file. Most modules start the real router (or
//! run the real `server` binary) against a fresh database; `migrations`
//! compares the SQLite and PostgreSQL migration files.
// Test code: a failed step should stop the test where it failed; unique
// temporary names may read the system time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

mod common;

mod authorisation;
mod cli;
mod http;
mod jobs;
mod letters;
mod migrations;
mod patients;
mod production;
mod requests;
mod sessions;
mod set_password;
