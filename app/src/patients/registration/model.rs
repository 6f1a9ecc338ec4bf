//! "Register for Patient Profile": what the form sends.

use serde::{Deserialize, Serialize};

/// The registration form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Registration {
    pub patient_id: String,
    pub activation_code: String,
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    pub email: String,
    pub password: String,
    pub confirm: String,
}

/// The one message for any wrong detail, so nobody learns which was wrong.
pub const DETAILS_WRONG: &str = "The details you entered do not match our records. Check your letter and your date of birth, and try again";
