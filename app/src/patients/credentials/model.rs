//! Credentials and their letter: what the forms send and the letter shows.

use serde::{Deserialize, Serialize};

/// The longest a set of credentials may last, and its default.
pub const MAX_EXPIRY_DAYS: i64 = 90;
pub const DEFAULT_EXPIRY_DAYS: i64 = 30;

/// "Create Patient Portal Credentials" as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CredentialsForm {
    pub expiry_day: String,
    pub expiry_month: String,
    pub expiry_year: String,
    /// "now" or "later".
    pub distribution: String,
}

/// The form's defaults: the expiry date 30 days from today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialsDefaults {
    pub patient_name: String,
    pub day: String,
    pub month: String,
    pub year: String,
    /// "1 March 2027": the latest date allowed.
    pub latest: String,
}

/// The built-in invitation letter, ready to print. It carries the
/// activation code: staff print it and post it; it is never logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub practice_name: String,
    pub practice_address: Vec<String>,
    pub patient_name: String,
    pub patient_address: Vec<String>,
    /// Today, in words.
    pub date: String,
    /// "ABCD-EFGH".
    pub patient_code: String,
    /// "ABCDE-FGHJK-MNPQR".
    pub activation_code: String,
    pub register_link: String,
    /// The QR code of the link, as SVG markup made by the server.
    pub qr_svg: String,
    /// The last day the credentials work, in words.
    pub expires: String,
    /// Support contact for patients whose details have expired.
    pub support: Option<crate::patients::model::SupportContact>,
    /// When "Mark as sent" was pressed, if it was.
    pub sent: Option<String>,
    /// The letters to choose from: (value, name), the built-in one first,
    /// then the practice's Patient Profile letter templates.
    pub choices: Vec<(String, String)>,
    /// The value of the letter shown.
    pub chosen: String,
    /// A letter template's text with the patient's data, line by line
    /// (empty for the built-in letter, which has its own layout).
    pub template_lines: Vec<String>,
}

/// The built-in letter, always offered with the practice's letter
/// templates ("Letter Templates").
pub const BUILT_IN_LETTER: (&str, &str) = ("invitation", "Patient Profile invitation letter");

/// "Create credentials for many patients": how many need them, the expiry
/// date's defaults, and the key that makes pressing twice start one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkCredentialsDefaults {
    pub practice_name: String,
    /// How many of the selection need credentials.
    pub patients: i64,
    /// The patients ticked on "Patients" (sent again with the form).
    pub selected: Vec<String>,
    /// The search whose patients were all selected, if that was the way.
    pub query: String,
    /// How many patients were selected (ticked or found), before those
    /// who do not need credentials are left out; 0 for "everyone who
    /// needs them".
    pub selected_count: usize,
    /// The practice's letter templates: (id, name).
    pub letters: Vec<(String, String)>,
    pub day: String,
    pub month: String,
    pub year: String,
    pub latest: String,
    pub submission: String,
}

/// Patients a part of a bulk job's letters holds (a print view or a Word
/// file).
pub const LETTERS_PER_PART: i64 = 500;

/// A bulk credentials job's merged letters, for printing and download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobLetters {
    pub practice_name: String,
    /// How many patients the job made credentials for.
    pub patients: i64,
    /// Each letter: (template id, name).
    pub letters: Vec<(String, String)>,
    /// Parts of at most `per_part` patients: (first, last), 1-based.
    pub parts: Vec<(i64, i64)>,
    /// Whether the job is still running (more letters will come).
    pub running: bool,
}

/// One part of one letter for printing: each patient's letter as lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LettersToPrint {
    pub practice_name: String,
    pub letter_name: String,
    pub pages: Vec<Vec<String>>,
}
