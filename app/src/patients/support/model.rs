//! "Client support": per organisation type, the email address and phone
//! number patients are shown for help.

use serde::{Deserialize, Serialize};

/// One row of the "Client support" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportEntry {
    /// "" for every type without its own, else `practice`, `hub`…
    pub organisation_kind: String,
    /// "All organisation types" or the type's words.
    pub applies_to: String,
    pub email: String,
    pub phone: String,
}

/// The "Client support" page of a network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSupportPage {
    pub network_name: String,
    pub entries: Vec<SupportEntry>,
}

/// The types a row may apply to: (value, words), blank first.
pub fn kind_options() -> Vec<(String, String)> {
    use crate::org::model::OrgKind;
    let mut options = vec![(String::new(), "All organisation types".to_string())];
    for kind in [OrgKind::Practice, OrgKind::Hub, OrgKind::ClinicalTeam] {
        options.push((kind.as_str().to_string(), kind.label().to_string()));
    }
    options
}
