//! Pages of practices: "Register a practice" and the practice's details.
//! One page per file; the clinical system choices both forms show are here.

mod practice_details;
mod register_practice;

pub use practice_details::PracticeDetailsPage;
pub use register_practice::RegisterPracticePage;

use crate::staff::model::ClinicalSystem;

fn system_options() -> Vec<(String, String)> {
    ClinicalSystem::ALL
        .into_iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect()
}
