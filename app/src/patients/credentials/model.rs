//! Credentials and their letter: what the forms send and the letter shows.

use serde::{Deserialize, Serialize};

/// The longest a set of credentials may last, and its default.
pub const MAX_EXPIRY_DAYS: i64 = 90;
pub const DEFAULT_EXPIRY_DAYS: i64 = 30;

/// "Create Patient Portal Credentials" as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CredentialsForm {
    pub expiry_day: String,
    pub expiry_month: String,
    pub expiry_year: String,
    /// "now" or "later".
    pub distribution: String,
}

/// The form's defaults: the expiry date 30 days from today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialsDefaults {
    pub patient_name: String,
    pub day: String,
    pub month: String,
    pub year: String,
    /// "1 March 2027": the latest date allowed.
    pub latest: String,
}

/// The built-in invitation letter, ready to print. It carries the
/// activation code: staff print it and post it; it is never logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub practice_name: String,
    pub practice_address: Vec<String>,
    pub patient_name: String,
    pub patient_address: Vec<String>,
    /// Today, in words.
    pub date: String,
    /// "ABCD-EFGH".
    pub patient_code: String,
    /// "ABCDE-FGHJK-MNPQR".
    pub activation_code: String,
    pub register_link: String,
    /// The QR code of the link, as SVG markup made by the server.
    pub qr_svg: String,
    /// The last day the credentials work, in words.
    pub expires: String,
    /// Support contact for patients whose details have expired.
    pub support: Option<crate::patients::model::SupportContact>,
    /// When "Mark as sent" was pressed, if it was.
    pub sent: Option<String>,
}

/// The letters a practice may choose from (one built-in letter until the
/// letter templates come).
pub const BUILT_IN_LETTER: (&str, &str) = ("invitation", "Patient Profile invitation letter");

/// "Create credentials for many patients": how many need them, the expiry
/// date's defaults, and the key that makes pressing twice start one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkCredentialsDefaults {
    pub practice_name: String,
    pub patients: i64,
    pub day: String,
    pub month: String,
    pub year: String,
    pub latest: String,
    pub submission: String,
}
