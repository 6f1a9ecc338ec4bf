//! The practice's page: "Requirements".

mod requirements;

pub use requirements::RequirementsPage;
