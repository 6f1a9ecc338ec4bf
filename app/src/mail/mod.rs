//! The email outbox. Code that causes an email writes it with [`queue`] in
//! the same transaction as its change; the delivery worker sends it later
//! over SMTP (or, in development without `SMTP_URL`, keeps it in the
//! development mailbox at `/dev/mailbox`), retrying with growing delays
//! until it is accepted. Build the email with
//! [`model::OutgoingEmail::from_template`].

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(all(feature = "ssr", any(test, feature = "testing")))]
pub mod sink;
#[cfg(feature = "ssr")]
pub mod transport;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod worker;

pub use model::{OutgoingEmail, Template};
#[cfg(feature = "ssr")]
pub use repo::queue;
#[cfg(feature = "ssr")]
pub use service::{deliver_due, DeliveryReport};
#[cfg(feature = "ssr")]
pub use transport::{MailSetupError, Transport};
#[cfg(feature = "ssr")]
pub use worker::{run_worker, spawn_worker};
#[cfg(all(test, feature = "ssr"))]
mod tests;
