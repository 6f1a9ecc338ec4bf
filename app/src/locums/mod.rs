//! The locum network (issue 19): free registration with email
//! verification and activation by the network, "Hub management" with "Add
//! Hub", the hub workforce with "Enable" / "Disable", hub locations and
//! documents to read or sign, and the locum's profile.
//!
//! One folder per part, each with its own layers: `registration` (public
//! form, verification link, the network's activation queue), `hubs` (the
//! locum's side) and `workforce` (the hub's side, and "Add a hub"). What
//! they share stays here: the words and views (`model`) and the SQL
//! (`repo`).
//!
//! A registration is not an account: `locum_registrations` keeps it
//! (unverified, awaiting activation, active or rejected) and the account
//! is made when the network activates it, with a Locum role in the
//! network. A locum's role in a hub is a membership that is "requested"
//! until a Hub manager enables it; only an enabled, direct role there lets
//! them act for the hub (BookShifts has `Reach::Direct`).

pub mod hubs;
pub mod model;
pub mod registration;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(all(test, feature = "ssr"))]
mod tests;
pub mod ui;
pub mod workforce;
