//! Pages of locum registration and the network's activation queue.

mod activation;
mod register;
mod verify;

pub use activation::LocumRegistrationsPage;
pub use register::{LocumRegisteredPage, RegisterLocumPage};
pub use verify::{LocumVerifiedPage, VerifyLocumPage};
