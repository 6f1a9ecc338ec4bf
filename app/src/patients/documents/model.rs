//! Documents on a patient's record: what pages show.

use crate::ids::{DocumentId, OrgId, PatientId};
use serde::{Deserialize, Serialize};

/// The longest document name.
pub const MAX_DOCUMENT_NAME: usize = 120;

/// A document as staff see it on the "Patient Information View".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: DocumentId,
    pub name: String,
    /// When it was added, in words.
    pub added: String,
    /// Who added it.
    pub by: String,
    /// Its kind and size, e.g. "PDF, 120 KB".
    pub file: String,
    /// "Patient Profile Is Visible".
    pub visible: bool,
    /// Where it downloads from.
    pub href: String,
}

/// Where staff download a document.
pub fn document_href(practice_id: &OrgId, patient_id: &PatientId, id: &DocumentId) -> String {
    format!("/practices/{practice_id}/patients/{patient_id}/documents/{id}")
}

/// Where the patient downloads their document.
pub fn own_document_href(id: &DocumentId) -> String {
    format!("/patient-profile/documents/{id}")
}

/// The "Add a document" page.
pub fn new_document_page(practice_id: &OrgId, patient_id: &PatientId) -> String {
    format!("/practices/{practice_id}/patients/{patient_id}/add-document")
}
