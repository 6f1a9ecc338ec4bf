//! The hub's page: "Hub shifts".

mod hub_shifts;

pub use hub_shifts::HubShiftsPage;
