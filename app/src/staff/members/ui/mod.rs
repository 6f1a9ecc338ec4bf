//! Pages of registered staff: one person's role.

mod staff_member;

pub use staff_member::StaffMemberPage;
