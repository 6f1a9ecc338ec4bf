//! The bulk invite: a CSV file of people to invite (`csv` reads its
//! shape), "Check file" and sending it in batches.

pub mod api;
pub mod csv;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
