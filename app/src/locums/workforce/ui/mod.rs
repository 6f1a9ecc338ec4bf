//! The hub's page: "Hub workforce".

mod workforce;

pub use workforce::HubWorkforcePage;
