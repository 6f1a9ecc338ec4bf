//! The request page's types: one request as staff of its practice see it,
//! with its notes, replies and history, and who it can be assigned to.

use crate::ids::{OrgId, RequestId};
use serde::{Deserialize, Serialize};

use crate::requests::model::*;

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
    pub id: RequestId,
    pub reference: String,
    pub practice_id: OrgId,
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
    /// The viewer as an assignee (`person:<id>`), for "Assign to me".
    pub me: String,
    pub notes: Vec<RequestNote>,
    pub history: Vec<crate::activity::model::ActivityEntry>,
}

/// One of a patient's own requests, as "Your Patient Profile" shows it: no
/// internal notes, only the replies sent to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientRequest {
    pub reference: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub received: String,
    pub description: String,
    /// (when, the reply), oldest first.
    pub replies: Vec<(String, String)>,
}
