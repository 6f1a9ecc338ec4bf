//! Pages of notifications: the list and the settings. One page per file.

mod list;
mod preferences;

pub use list::NotificationsPage;
pub use preferences::NotificationPreferencesPage;
