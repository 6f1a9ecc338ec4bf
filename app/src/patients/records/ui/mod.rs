//! Pages of patient records.

mod add_patient;
mod patient;
mod patients;

pub use add_patient::AddPatientPage;
pub use patient::PatientPage;
pub use patients::PatientsPage;
