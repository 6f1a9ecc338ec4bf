//! Types of registered staff: one row of "Registered staff".

use crate::ids::{MembershipId, UserId};
use serde::{Deserialize, Serialize};

/// One row of "Registered staff": one person in one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub membership_id: MembershipId,
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: String,
    pub role_label: String,
    pub emis_username: Option<String>,
    pub active: bool,
}
