//! Pages of credentials: "Create Patient Portal Credentials" and the letter
//! creation page with its print view; many patients at once and their
//! letters.

mod bulk_credentials;
mod create_credentials;
mod job_letters;
mod letter;

pub use bulk_credentials::BulkCredentialsPage;
pub use create_credentials::CreateCredentialsPage;
pub use job_letters::{JobLettersPage, JobLettersPrintPage};
pub use letter::{LetterPage, LetterPrintPage};
