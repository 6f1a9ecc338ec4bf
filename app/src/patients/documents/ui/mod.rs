//! Pages and parts of documents on a patient's record.

mod add_document;
mod documents;

pub use add_document::AddDocumentPage;
pub use documents::Documents;
