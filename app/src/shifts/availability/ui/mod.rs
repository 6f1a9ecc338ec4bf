//! The practice's page: "Locum availability".

mod practice_availability;

pub use practice_availability::PracticeAvailabilityPage;
