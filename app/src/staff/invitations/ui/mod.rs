//! Pages of invitations: what an invitation link opens.

mod invitation;

pub use invitation::{InvitationPage, JoinedPage};
