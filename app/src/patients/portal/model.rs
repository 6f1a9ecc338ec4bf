//! "Your Patient Profile": what a signed-in patient sees.

use serde::{Deserialize, Serialize};

use crate::ids::OrgId;
use crate::patients::model::{AccountState, SupportContact};

/// One of the patient's records (a person may be registered at more than
/// one practice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YourRecord {
    pub practice_id: OrgId,
    pub practice_name: String,
    pub name: String,
    pub state: AccountState,
    pub support: Option<SupportContact>,
    /// Their requests to the practice and its replies (while Active).
    pub requests: Vec<crate::requests::request::model::PatientRequest>,
    /// Letters the practice made for them and lets them see (while Active).
    pub letters: Vec<YourLetter>,
    /// Documents on their record the practice lets them see (while Active).
    pub documents: Vec<YourLetter>,
}

/// A letter or document on "Your Patient Profile".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YourLetter {
    pub name: String,
    pub date: String,
    /// Where its Word file is.
    pub href: String,
}

/// The page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YourProfile {
    pub records: Vec<YourRecord>,
}
