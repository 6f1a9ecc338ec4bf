//! The locum network's routes.

mod routes;

pub use routes::LocumsRoutes;
