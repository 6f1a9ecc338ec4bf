//! One request: its page (details, notes, replies, history, who it can go
//! to) and its actions: assign or reassign, mark urgent or routine, add a
//! note, reply to the patient, complete.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
