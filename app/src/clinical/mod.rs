//! The clinical-system link of EMIS Web practices (issue 21).
//!
//! A practice administrator (a direct ManageIntegrations role) enters the
//! practice's "Feature settings": the "EMIS Organisation ID" and the "EMIS
//! API user", whose password is sealed at rest (`sealed`). "Test
//! connection" and the hourly health check (`service::health`) call the
//! practice's clinical system through the appointments adapter
//! (`adapter`: GP Connect Appointment Management; the EMIS IM1 interface
//! is a named stub) and say plainly what is wrong and what to do. The
//! simulator (`simulator`) speaks GP Connect on loopback for tests and the
//! demo.

#[cfg(feature = "ssr")]
pub mod adapter;
pub mod api;
pub mod appointments;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod sealed;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod simulator;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
