//! The types every sub-feature of requests shares: a request's kind and
//! status, and `url_word` for addresses. Each sub-feature's own types are
//! in its `model.rs`.

use serde::{Deserialize, Serialize};

use crate::org::model::UnknownValue;

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

impl TryFrom<String> for RequestKind {
    type Error = UnknownValue;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        RequestKind::parse(&stored).ok_or(UnknownValue(stored))
    }
}

impl TryFrom<String> for RequestStatus {
    type Error = UnknownValue;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        RequestStatus::parse(&stored).ok_or(UnknownValue(stored))
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
