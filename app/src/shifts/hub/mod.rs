//! The hub's side of shifts: "Hub shifts" (add, with weekly rotas, and
//! cancel).

pub mod api;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
