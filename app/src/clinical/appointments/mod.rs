//! Appointment reminders and appointment self-booking of an EMIS Web
//! practice, through the appointments adapter (`crate::clinical::adapter`).
//!
//! - The practice's settings ("Appointment reminders", "Appointment
//!   self-booking"), by a direct ManageIntegrations role.
//! - The reminder check (`service::reminders`): every quarter of an hour
//!   one server process reads the appointment books of the practices with
//!   reminders on and sends each reminder once per appointment and
//!   reminder time.
//! - A signed-in patient's "Your appointments": free slots of the types
//!   the practice allows, book, cancel, confirmation emails.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
