//! Pages of the bulk invite.

mod bulk_invite;

pub use bulk_invite::BulkInvitePage;
