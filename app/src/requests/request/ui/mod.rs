//! The request page, with its actions.

mod request;

pub use request::RequestPage;
