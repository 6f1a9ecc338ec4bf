//! Pages of credentials: "Create Patient Portal Credentials" and the letter
//! creation page with its print view.

mod bulk_credentials;
mod create_credentials;
mod letter;

pub use bulk_credentials::BulkCredentialsPage;
pub use create_credentials::CreateCredentialsPage;
pub use letter::{LetterPage, LetterPrintPage};
