//! Patients and Patient Profile (issue 17): the practice's patient records
//! ("Patients", "Add a patient", the "Patient Information View"), Patient
//! Profile credentials and their letter, registration with the date of
//! birth and email confirmation, the account's five states and their
//! Actions, the activity log, "Client support", and the patient's own
//! pages.
//!
//! One folder per part, each with its own layers: `records`, `credentials`,
//! `registration`, `support`, `documents` and `portal`. What they share stays here: the
//! states and the Actions rule (`model`), codes (`codes`), the SQL (`repo`)
//! and loading a record of a practice (`service`).
//!
//! Patient data needs a direct, active role in the practice
//! (ViewPatients, ManagePatients: `org::model::Permission::reach`). A
//! patient's account is a user linked to the record (`patients.user_id`),
//! never a membership: it opens only the patient's own pages.

#[cfg(feature = "ssr")]
pub mod codes;
pub mod credentials;
pub mod documents;
pub mod model;
pub mod portal;
pub mod records;
pub mod registration;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod support;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
