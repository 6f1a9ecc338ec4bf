//! Pages of "Manage staff and inboxes" shared by its parts: the page
//! itself (tabs from invitations, registered staff and request inboxes)
//! and the routes of every staff page. The other pages are in the parts'
//! `ui` folders. The role choices the forms share are here.

mod routes;
mod staff_page;

pub use routes::StaffRoutes;
pub use staff_page::StaffPage;

use crate::org::model::Role;

pub(crate) fn role_options(prompt: bool) -> Vec<(String, String)> {
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
