//! The locum's pages: "Hub management" and "Your profile".

mod hub_management;

pub use hub_management::status_tag;
mod profile;

pub use hub_management::HubManagementPage;
pub use profile::LocumProfilePage;
