//! Documents on a patient's record: staff with ManagePatients add one (a
//! PDF, Word document or image of 5 MB or less, with a name) and choose
//! whether "Patient Profile Is Visible"; staff with ViewPatients see and
//! download them; the patient sees and downloads only the visible ones,
//! while their account is Active.

pub mod api;
#[cfg(feature = "ssr")]
pub mod download;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
