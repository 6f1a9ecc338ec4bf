//! Patient requests and inboxes: the types the pages and the server share,
//! and the pure rules (names, near-misses, the contact form's checks).

use serde::{Deserialize, Serialize};

/// The "Group inboxes" tab's data, named here by the staff page that shows
/// the tab.
pub use super::group_inboxes::model::GroupInboxesTab;

/// "Medical" or "Admin".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestKind {
    Medical,
    Admin,
}

impl RequestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Medical => "medical",
            RequestKind::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestKind::Medical => "Medical",
            RequestKind::Admin => "Admin",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "medical" => Some(RequestKind::Medical),
            "admin" => Some(RequestKind::Admin),
            _ => None,
        }
    }
}

/// "New", "In progress" or "Completed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    New,
    InProgress,
    Completed,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::New => "new",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Completed => "completed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::New => "New",
            RequestStatus::InProgress => "In progress",
            RequestStatus::Completed => "Completed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "new" => Some(RequestStatus::New),
            "in_progress" => Some(RequestStatus::InProgress),
            "completed" => Some(RequestStatus::Completed),
            _ => None,
        }
    }
}

/// Escapes a value for a query string (ids are plain; inbox name keys may
/// hold spaces and other characters).
pub fn url_word(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A note or reply on a request, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestNote {
    /// True for a reply sent to the patient, false for an internal note.
    pub reply: bool,
    pub author: String,
    pub when: String,
    pub body: String,
}

/// Everything the request page shows to staff of its practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub id: String,
    pub reference: String,
    pub practice_id: String,
    pub practice_name: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub urgent: bool,
    /// "Online form" or "Phone call".
    pub source: String,
    pub patient_name: String,
    /// "10 December 1985".
    pub date_of_birth: String,
    pub nhs_number: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub description: String,
    pub received: String,
    pub assigned_to: Option<String>,
    /// The assignment as the assign form's value: `person:<id>`,
    /// `group:<id>` or `nobody`.
    pub assignee: String,
    /// (value, label) of everyone and every group inbox it can go to.
    pub assign_options: Vec<(String, String)>,
    pub notes: Vec<RequestNote>,
    pub history: Vec<crate::activity::model::ActivityEntry>,
}
