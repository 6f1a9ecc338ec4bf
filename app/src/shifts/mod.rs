//! Locum work (issue 20): hub shifts, practice requirements with offers of
//! cover, and the locum's Schedule.
//!
//! A hub's managers add shifts at its locations ("Hub shifts", with
//! "Repeat weekly until" for rotas) and cancel them with a reason. Locums
//! enabled in the hub see its open shifts at the locations they chose, up
//! to SHIFT_LOOK_AHEAD_DAYS ahead, in their Schedule, and take one with
//! "Assign to me": when many press it at once exactly one gets it, and
//! nobody can hold two booked shifts that overlap. A locum can give a
//! shift back with a reason. A job reminds each locum of their booked
//! shifts the day before (`service::reminders`), once each.
//!
//! Practices post requirements ("Requirements"); active locums of the
//! network "Offer cover" from their Schedule; the practice "Accept"s one
//! (the others are declined) or "Decline"s them.
//!
//! `hub` is the hub's side, `practice` the practice's, `schedule` the
//! locum's; what they share is the
//! model, the SQL (`repo`) and the views (`service`).

pub mod availability;
pub mod hub;
pub mod model;
pub mod practice;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod schedule;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
