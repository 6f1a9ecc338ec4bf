//! Workflow 2: availability and requests for cover. A locum marks the day
//! segments they can work (Morning, Afternoon, Evening) on their
//! Schedule's week grid; a practice browses the network's availability
//! ("Locum availability") and asks with "Request cover"; the locum
//! "Accept"s or "Decline"s; the practice "Confirm"s, which books the
//! session to the locum in both Schedules. A waiting request holds its
//! segment: it counts as a clash for every booking route until it is
//! declined or its time comes.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
