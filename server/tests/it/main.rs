//! The server's integration tests, in one binary so the whole app is linked
//! once rather than once per file. Each module starts the real router (or
//! runs the real `server` binary) against a fresh database.

mod common;

mod authorisation;
mod cli;
mod http;
mod requests;
mod sessions;
mod set_password;
