//! Types of the bulk invite: a checked row, the preview of a file and what
//! happened to each row of a batch.

use serde::{Deserialize, Serialize};

/// One row of a bulk-invite file, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRow {
    pub line: usize,
    pub email: String,
    pub role: String,
    pub emis_username: String,
    /// Why this row will not be sent, if it will not.
    pub error: Option<String>,
}

/// The preview of a bulk-invite file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkPreview {
    pub rows: Vec<BulkRow>,
    /// How many rows can be sent.
    pub ready: usize,
    /// Invites the practice can still send this hour.
    pub allowance: i64,
    /// Keys the sending of this checked file: "Send" pressed twice starts
    /// one job.
    pub submission: String,
}

/// What happened to one row of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkResult {
    pub line: usize,
    pub email: String,
    /// `None` when the invite was sent.
    pub error: Option<String>,
}
