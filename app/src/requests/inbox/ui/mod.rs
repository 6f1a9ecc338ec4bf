//! The inbox page and its live updates (the shell listens for them).

mod inbox;
mod live_updates;

pub use inbox::InboxPage;
pub use live_updates::{LiveRequestUpdates, RequestChanges};
