//! The signed-in patient's pages.

mod your_profile;

pub use your_profile::YourProfilePage;
