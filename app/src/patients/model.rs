//! Patient records and Patient Profile accounts: the shared types and the
//! rules the browser and the server both need (the seed's states, the
//! Actions each state offers, the checks of a new record).

use crate::error::FieldErrors;
use crate::ids::{OrgId, PatientId};
use serde::{Deserialize, Serialize};

/// Where a patient's Patient Profile account stands (the seed's states, plus
/// "No account" before any credentials).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountState {
    None,
    PendingRegistration,
    PendingEmailConfirmation,
    Active,
    Locked,
    Disabled,
}

impl AccountState {
    pub const ALL: [AccountState; 6] = [
        AccountState::None,
        AccountState::PendingRegistration,
        AccountState::PendingEmailConfirmation,
        AccountState::Active,
        AccountState::Locked,
        AccountState::Disabled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::None => "none",
            AccountState::PendingRegistration => "pending_registration",
            AccountState::PendingEmailConfirmation => "pending_email_confirmation",
            AccountState::Active => "active",
            AccountState::Locked => "locked",
            AccountState::Disabled => "disabled",
        }
    }

    /// The tag on the Patient Information View.
    pub fn label(self) -> &'static str {
        match self {
            AccountState::None => "No account",
            AccountState::PendingRegistration => "Pending registration",
            AccountState::PendingEmailConfirmation => "Pending email confirmation",
            AccountState::Active => "Active",
            AccountState::Locked => "Locked",
            AccountState::Disabled => "Disabled",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == stored)
    }

    /// How the state is kept in `patients.account_state`. "Pending
    /// registration" is kept as 'none': valid credentials waiting to be used
    /// are what make it so (see [`AccountState::shown`]), so issuing
    /// credentials, one or a practice's worth, writes only the credentials.
    /// Rows written before this rule may still hold 'pending_registration'.
    pub fn stored(self) -> &'static str {
        match self {
            AccountState::PendingRegistration => "none",
            other => other.as_str(),
        }
    }

    /// The state shown and acted on, from the stored one and whether the
    /// record has valid (not yet used, superseded or ended) credentials.
    pub fn shown(stored: AccountState, valid_credentials: bool) -> AccountState {
        match stored {
            AccountState::None if valid_credentials => AccountState::PendingRegistration,
            other => other,
        }
    }
}

impl TryFrom<String> for AccountState {
    type Error = crate::org::model::UnknownValue;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        AccountState::parse(&stored).ok_or(crate::org::model::UnknownValue(stored))
    }
}

/// The record's own status at the practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordStatus {
    Active,
    Deceased,
    Left,
}

impl RecordStatus {
    pub const ALL: [RecordStatus; 3] = [
        RecordStatus::Active,
        RecordStatus::Deceased,
        RecordStatus::Left,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordStatus::Active => "active",
            RecordStatus::Deceased => "deceased",
            RecordStatus::Left => "left",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RecordStatus::Active => "Active",
            RecordStatus::Deceased => "Deceased",
            RecordStatus::Left => "Left the practice",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == stored)
    }
}

impl TryFrom<String> for RecordStatus {
    type Error = crate::org::model::UnknownValue;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        RecordStatus::parse(&stored).ok_or(crate::org::model::UnknownValue(stored))
    }
}

/// What "Actions" offers on the Patient Profile module (the seed's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PatientAction {
    Disable,
    Enable,
    CreateCredentials,
}

impl PatientAction {
    pub fn label(self) -> &'static str {
        match self {
            PatientAction::Disable => "Disable Patient Profile Account",
            PatientAction::Enable => "Enable Patient Profile Account",
            PatientAction::CreateCredentials => "Create Patient Portal Credentials",
        }
    }
}

/// Where an account stands, as far as Actions are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub state: AccountState,
    pub record: RecordStatus,
    /// Credentials that are valid and not expired.
    pub active_credentials: bool,
    /// A registration linked an account (its sign-in works again once
    /// enabled).
    pub registered: bool,
}

impl Standing {
    /// THE rule of the seed's Actions table:
    /// - "Disable Patient Profile Account" when the account is Active;
    /// - "Enable Patient Profile Account" when it is Disabled, the patient
    ///   has active credentials (unused ones, or the account a registration
    ///   made) and the record is not disabled (Active, not Deceased or Left);
    /// - "Create Patient Portal Credentials" (to distribute) when the account
    ///   is not active, there are no active credentials and the account and
    ///   record are not disabled.
    ///
    /// Nothing else is offered, and the server refuses anything else.
    pub fn actions(self) -> Vec<PatientAction> {
        let record_ok = self.record == RecordStatus::Active;
        let mut actions = Vec::new();
        match self.state {
            AccountState::Active => actions.push(PatientAction::Disable),
            AccountState::Disabled => {
                if record_ok && (self.active_credentials || self.registered) {
                    actions.push(PatientAction::Enable);
                }
            }
            AccountState::None
            | AccountState::PendingRegistration
            | AccountState::PendingEmailConfirmation
            | AccountState::Locked => {
                if record_ok && !self.active_credentials {
                    actions.push(PatientAction::CreateCredentials);
                }
            }
        }
        actions
    }

    pub fn allows(self, action: PatientAction) -> bool {
        self.actions().contains(&action)
    }
}

/// One row of the "Patients" search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientSummary {
    pub id: PatientId,
    pub name: String,
    /// "485 777 3456".
    pub nhs_number: String,
    /// "15 March 1984".
    pub date_of_birth: String,
    pub state: AccountState,
    pub record: RecordStatus,
}

/// The "Patients" page: the practice and what a search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientSearch {
    pub practice_id: OrgId,
    pub practice_name: String,
    pub query: String,
    pub results: Vec<PatientSummary>,
    /// More matched than are shown.
    pub more: bool,
    /// The person may add patients and send credentials.
    pub may_manage: bool,
}

/// One line of the Patient Profile activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileEvent {
    pub when: String,
    pub what: String,
    pub by: String,
    pub details: String,
}

/// The credentials a patient holds now, as staff see them (never the code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialsView {
    /// The Patient ID, "ABCD-EFGH".
    pub patient_code: String,
    /// "Valid", "Used", "Expired", "Superseded", "Ended".
    pub status: String,
    pub expires: String,
    pub letter_sent: Option<String>,
}

/// The "Patient Information View".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientDetail {
    pub id: PatientId,
    pub practice_id: OrgId,
    pub practice_name: String,
    pub given_name: String,
    pub family_name: String,
    pub nhs_number: String,
    pub date_of_birth: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub address: Vec<String>,
    pub postcode: Option<String>,
    pub record: RecordStatus,
    pub state: AccountState,
    /// Disabled automatically (the record became Deceased or Left).
    pub disabled_automatically: bool,
    pub credentials: Option<CredentialsView>,
    /// What "Actions" offers this person now (empty without ManagePatients).
    pub actions: Vec<PatientAction>,
    pub may_manage: bool,
    /// Credentials whose letter may be (re)printed now.
    pub letter_available: bool,
    pub activity: Vec<ProfileEvent>,
    /// Documents on the record, newest first.
    pub documents: Vec<crate::patients::documents::model::DocumentView>,
}

impl PatientDetail {
    pub fn name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// A new record as typed on "Add a patient".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewPatient {
    pub given_name: String,
    pub family_name: String,
    pub nhs_number: String,
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    pub email: String,
    pub mobile: String,
    pub address: String,
    pub postcode: String,
}

/// A checked record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPatient {
    pub given_name: String,
    pub family_name: String,
    /// 10 digits.
    pub nhs_number: String,
    /// ISO 8601, YYYY-MM-DD.
    pub date_of_birth: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
}

pub const MAX_NAME: usize = 60;
pub const MAX_ADDRESS: usize = 300;

fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An NHS number as typed (spaces allowed): its 10 digits when they carry a
/// valid check digit.
pub fn parse_nhs_number(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    crate::requests::contact::model::valid_nhs_number(&digits).then_some(digits)
}

/// "4857773456" → "485 777 3456".
pub fn spaced_nhs_number(digits: &str) -> String {
    if digits.len() == 10 && digits.is_ascii() {
        format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..])
    } else {
        digits.to_string()
    }
}

/// A date of birth typed as day, month and year: ISO 8601, or the message
/// for `field`. `today` is (year, month, day) in England.
pub fn parse_date_of_birth(
    day: &str,
    month: &str,
    year: &str,
    today: (i32, u32, u32),
) -> Result<String, &'static str> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Err("Enter the date of birth");
    }
    let (Ok(d), Ok(m), Ok(y)) = (
        day.parse::<u32>(),
        month.parse::<u32>(),
        year.parse::<i32>(),
    ) else {
        return Err("Date of birth must be a real date, like 27 3 1986");
    };
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    };
    if year.len() != 4 || d == 0 || d > days_in_month {
        return Err("Date of birth must be a real date, like 27 3 1986");
    }
    if (y, m, d) > today {
        return Err("Date of birth must be in the past");
    }
    if y < 1880 {
        return Err("Date of birth must be after 1880");
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// Checks "Add a patient" in page order.
pub fn check_patient(
    form: &NewPatient,
    today: (i32, u32, u32),
) -> Result<ValidPatient, FieldErrors> {
    let mut errors = FieldErrors::default();
    let given_name = tidy(&form.given_name);
    let family_name = tidy(&form.family_name);
    for (field, value, what) in [
        ("given_name", &given_name, "first name"),
        ("family_name", &family_name, "last name"),
    ] {
        if value.is_empty() {
            errors.push(field, &format!("Enter the patient's {what}"));
        } else if value.chars().count() > MAX_NAME {
            errors.push(
                field,
                &format!("The {what} must be {MAX_NAME} characters or fewer"),
            );
        }
    }
    let nhs_number = parse_nhs_number(&form.nhs_number);
    if nhs_number.is_none() {
        errors.push(
            "nhs_number",
            "Enter a valid 10 digit NHS number, like 485 777 3456",
        );
    }
    let date_of_birth =
        match parse_date_of_birth(&form.dob_day, &form.dob_month, &form.dob_year, today) {
            Ok(date) => Some(date),
            Err(message) => {
                errors.push("dob_day", message);
                None
            }
        };
    let email = form.email.trim().to_string();
    if !email.is_empty() && crate::accounts::model::Email::parse(&email).is_err() {
        errors.push(
            "email",
            "Enter an email address in the correct format, like name@example.com",
        );
    }
    // The practice's own phone rule: 10 to 13 digits, 25 characters at most.
    let mobile = match crate::staff::practices::model::parse_phone(&form.mobile) {
        Ok(mobile) => mobile,
        Err(_) => {
            errors.push("mobile", "Enter a UK mobile number, like 07700 900 982");
            None
        }
    };
    let address = form
        .address
        .lines()
        .map(tidy)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>();
    if address.len() > 8
        || address.iter().map(|l| l.chars().count() + 1).sum::<usize>() > MAX_ADDRESS
    {
        errors.push(
            "address",
            "The address must be 8 lines and 300 characters or fewer",
        );
    }
    let postcode = tidy(&form.postcode).to_uppercase();
    if !postcode.is_empty() && !valid_postcode(&postcode) {
        errors.push("postcode", "Enter a real postcode, like LS1 4AP");
    }
    match (errors.is_empty(), nhs_number, date_of_birth) {
        (true, Some(nhs_number), Some(date_of_birth)) => Ok(ValidPatient {
            given_name,
            family_name,
            nhs_number,
            date_of_birth,
            email: (!email.is_empty()).then_some(email),
            mobile,
            address: (!address.is_empty()).then(|| address.join("\n")),
            postcode: (!postcode.is_empty()).then_some(postcode),
        }),
        _ => Err(errors),
    }
}

/// A UK postcode's shape: an outward code of 2 to 4 letters and digits
/// starting with a letter, a space, then a digit and two letters.
pub fn valid_postcode(postcode: &str) -> bool {
    let Some((outward, inward)) = postcode.split_once(' ') else {
        return false;
    };
    let inward: Vec<char> = inward.chars().collect();
    (2..=4).contains(&outward.len())
        && outward.chars().all(|c| c.is_ascii_alphanumeric())
        && outward.starts_with(|c: char| c.is_ascii_alphabetic())
        && inward.len() == 3
        && inward[0].is_ascii_digit()
        && inward[1..].iter().all(char::is_ascii_alphabetic)
}

/// The Patient Information View's address.
pub fn patient_page(practice: &OrgId, patient: &PatientId) -> String {
    format!("/practices/{practice}/patients/{patient}")
}

/// "Client support": the contact patients are shown for help.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportContact {
    pub email: String,
    pub phone: String,
}

/// Text as a URL query value (percent-encoded but for letters, digits and
/// `-._~`).
pub fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(
        state: AccountState,
        record: RecordStatus,
        creds: bool,
        registered: bool,
    ) -> Standing {
        Standing {
            state,
            record,
            active_credentials: creds,
            registered,
        }
    }

    #[test]
    fn every_state_offers_exactly_the_seeds_actions() {
        use AccountState::*;
        use PatientAction::*;
        let active = RecordStatus::Active;
        assert_eq!(
            standing(Active, active, false, true).actions(),
            vec![Disable]
        );
        assert_eq!(
            standing(Disabled, active, true, false).actions(),
            vec![Enable]
        );
        assert_eq!(
            standing(Disabled, active, false, true).actions(),
            vec![Enable]
        );
        assert!(standing(Disabled, active, false, false)
            .actions()
            .is_empty());
        assert!(standing(Disabled, RecordStatus::Deceased, true, true)
            .actions()
            .is_empty());
        for state in [None, PendingRegistration, PendingEmailConfirmation, Locked] {
            assert_eq!(
                standing(state, active, false, false).actions(),
                vec![CreateCredentials],
                "{state:?}"
            );
            assert!(standing(state, active, true, false).actions().is_empty());
            assert!(standing(state, RecordStatus::Left, false, false)
                .actions()
                .is_empty());
        }
    }

    #[test]
    fn a_date_of_birth_in_the_future_or_unreal_is_refused() {
        let today = (2026, 12, 1);
        assert_eq!(
            parse_date_of_birth("15", "3", "1984", today).as_deref(),
            Ok("1984-03-15")
        );
        assert!(parse_date_of_birth("2", "12", "2026", today).is_err());
        assert!(parse_date_of_birth("30", "2", "1990", today).is_err());
        assert!(parse_date_of_birth("", "", "", today).is_err());
    }

    #[test]
    fn postcodes_and_nhs_numbers_are_checked_by_their_shape() {
        assert!(valid_postcode("LS1 4AP"));
        assert!(valid_postcode("SW1A 1AA"));
        assert!(!valid_postcode("LS14AP"));
        assert!(!valid_postcode("<b> 1AA"));
        assert_eq!(
            parse_nhs_number("943 476 5919").as_deref(),
            Some("9434765919")
        );
        assert_eq!(parse_nhs_number("9434765918"), None);
        assert_eq!(spaced_nhs_number("9434765919"), "943 476 5919");
    }
}
