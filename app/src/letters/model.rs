//! Letters: the merge fields practices may use, and what the letter pages
//! send and show.

use crate::ids::{LetterBaseId, LetterTemplateId};
use serde::{Deserialize, Serialize};

/// A merge field: what is typed (`{{key}}`) and what "Fields" calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
}

/// The fields a letter may use (the "Fields" list).
pub const FIELDS: [Field; 13] = [
    Field {
        key: "patient_name",
        label: "Patient name",
    },
    Field {
        key: "patient_address",
        label: "Patient address (several lines)",
    },
    Field {
        key: "patient_id",
        label: "Patient ID",
    },
    Field {
        key: "activation_code",
        label: "Activation code",
    },
    Field {
        key: "registration_link",
        label: "Registration link",
    },
    Field {
        key: "registration_qr_code",
        label: "QR code of the registration link (an image)",
    },
    Field {
        key: "credentials_expiry_date",
        label: "Credentials expiry date",
    },
    Field {
        key: "practice_name",
        label: "Practice name",
    },
    Field {
        key: "practice_address",
        label: "Practice address (several lines)",
    },
    Field {
        key: "support_email",
        label: "Support email",
    },
    Field {
        key: "support_phone",
        label: "Support phone",
    },
    Field {
        key: "today",
        label: "Today's date",
    },
    Field {
        key: "nhs_number",
        label: "NHS number",
    },
];

/// Where a base's Word file takes the letter body.
pub const BODY_FIELD: &str = "body";
/// Where a base's body takes each letter template's own body.
pub const LETTER_FIELD: &str = "letter";

/// Whether `key` is a merge field.
pub fn is_field(key: &str) -> bool {
    FIELDS.iter().any(|f| f.key == key)
}

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_BODY_CHARS: usize = 10_000;

/// The objects a letter template is for (the seed's "Object").
pub const OBJECTS: [(&str, &str); 1] = [("patient_profile", "Patient Profile")];

/// A base as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseSummary {
    pub id: LetterBaseId,
    pub name: String,
    pub file_name: String,
    pub file_size: String,
    pub created: String,
    pub templates: i64,
}

/// "Letter Template Bases".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasesPage {
    pub practice_name: String,
    pub bases: Vec<BaseSummary>,
}

/// A template as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateSummary {
    pub id: LetterTemplateId,
    pub name: String,
    pub object: String,
    pub base_name: String,
    pub visible: bool,
}

/// "Letter Templates" (and "Patient Letter Templates"), with the bases a
/// new template may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplatesPage {
    pub practice_name: String,
    pub templates: Vec<TemplateSummary>,
    pub bases: Vec<(LetterBaseId, String)>,
}

/// "New" letter template, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateForm {
    pub object: String,
    pub base_id: String,
    pub name: String,
    pub body: String,
    /// "Patient Profile Is Visible": "on" when ticked.
    pub visible: String,
}
