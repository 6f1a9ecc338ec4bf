//! Patient records: "Patients", "Add a patient", the "Patient Information
//! View" and the record status.

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
