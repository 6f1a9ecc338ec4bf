//! Pages of "Manage staff and inboxes", the invitation link, "Register a
//! practice", the practice's details, the bulk invite and the inbox door.
//! One page per file; the role and clinical system choices the forms share
//! are here.

mod bulk_invite;
mod invitation;
mod practice_details;
mod register_practice;
mod routes;
mod staff_member;
mod staff_page;

pub use bulk_invite::BulkInvitePage;
pub use invitation::InvitationPage;
pub use practice_details::PracticeDetailsPage;
pub use register_practice::RegisterPracticePage;
pub use routes::StaffRoutes;
pub use staff_member::StaffMemberPage;
pub use staff_page::StaffPage;

use super::model::ClinicalSystem;
use crate::org::model::Role;

fn role_options(prompt: bool) -> Vec<(String, String)> {
    let mut options = Vec::new();
    if prompt {
        options.push((String::new(), "Select a role".to_string()));
    }
    options.extend(
        Role::PRACTICE
            .into_iter()
            .map(|r| (r.as_str().to_string(), r.label().to_string())),
    );
    options
}

fn system_options() -> Vec<(String, String)> {
    ClinicalSystem::ALL
        .into_iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect()
}
