//! The only SQL on `organisations` and `memberships`.

mod memberships;
mod organisations;

pub use memberships::*;
pub use organisations::*;
