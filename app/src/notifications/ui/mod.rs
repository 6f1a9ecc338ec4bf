//! Pages of notifications: the list and the settings. One page per file.

mod list;
mod preferences;
mod routes;

pub use list::NotificationsPage;
pub use preferences::NotificationPreferencesPage;
pub use routes::NotificationsRoutes;
