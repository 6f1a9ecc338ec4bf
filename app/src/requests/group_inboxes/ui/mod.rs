//! The "Group inboxes" tab (the staff page shows it).

mod group_inboxes;

pub use group_inboxes::{group_inboxes_resource, GroupInboxesPanel};
