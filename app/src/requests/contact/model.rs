//! The contact form's types and rules: the practice a form belongs to, a
//! request as typed (by the patient or by staff taking a call), and the
//! checks that make it a valid request (names, date of birth, NHS number,
//! a way to reply, what it is about).

use crate::ids::OrgId;
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::requests::model::RequestKind;

/// A practice as its public page and contact form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeContact {
    pub id: OrgId,
    pub name: String,
    /// Its address, one entry per line (empty until the practice gives it).
    pub address: Vec<String>,
    /// Its phone number, when the practice has given one.
    pub phone: Option<String>,
    /// A signed-in patient of the practice: their details, to fill in.
    #[serde(default)]
    pub you: Option<KnownPatient>,
}

/// A signed-in patient's details as the contact form fills them in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownPatient {
    pub name: String,
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    pub nhs_number: String,
    pub email: String,
}

impl PracticeContact {
    /// The `tel:` link of the phone number (digits and a leading +).
    pub fn phone_href(&self) -> Option<String> {
        self.phone.as_ref().map(|phone| {
            let dial: String = phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{dial}")
        })
    }
}

/// A request as the patient or a member of staff gives it. Every field may
/// be missing (an unticked radio sends nothing): the checks then say what
/// is needed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewRequest {
    pub patient_name: String,
    /// Day, month and year as typed.
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    pub nhs_number: String,
    pub email: String,
    pub phone: String,
    pub kind: String,
    pub description: String,
}

/// A checked request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequest {
    pub patient_name: String,
    /// ISO 8601, YYYY-MM-DD.
    pub date_of_birth: String,
    pub nhs_number: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub kind: RequestKind,
    pub description: String,
}

pub const MAX_DESCRIPTION: usize = 2000;

/// NHS numbers are exactly 10 digits (nothing else) whose last is a
/// modulus 11 check digit.
/// The "Request sent" page for a request made with the contact form.
pub fn sent_page(practice: &OrgId, reference: &str) -> String {
    format!(
        "/practices/{practice}/contact/sent?reference={}",
        crate::requests::model::url_word(reference)
    )
}

pub fn valid_nhs_number(digits: &str) -> bool {
    if digits.len() != 10 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = digits[..9]
        .iter()
        .enumerate()
        .map(|(i, d)| d * (10 - i as u32))
        .sum();
    let check = 11 - (sum % 11);
    match check {
        11 => digits[9] == 0,
        10 => false,
        n => digits[9] == n,
    }
}

/// Who fills the form in, so its messages speak to them: the patient on
/// "Contact your practice" ("Enter your full name"), staff logging a phone
/// call ("Enter the patient's full name").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    Patient,
    Staff,
}

impl Voice {
    fn whose(self) -> &'static str {
        match self {
            Voice::Patient => "your",
            Voice::Staff => "the patient's",
        }
    }
}

/// Checks a request's fields in page order. `today` is (year, month, day)
/// for the date of birth, which cannot be in the future.
pub fn check_request(
    form: &NewRequest,
    today: (i32, u32, u32),
    voice: Voice,
) -> Result<ValidRequest, FieldErrors> {
    let mut errors = FieldErrors::default();
    let patient_name = form
        .patient_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if patient_name.is_empty() {
        errors.push(
            "patient_name",
            &format!("Enter {} full name", voice.whose()),
        );
    } else if patient_name.chars().count() > 100 {
        errors.push("patient_name", "Full name must be 100 characters or fewer");
    }
    let date_of_birth = check_date_of_birth(form, today, voice, &mut errors);
    let nhs: String = form
        .nhs_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let nhs_number = if nhs.is_empty() {
        None
    } else if !valid_nhs_number(&nhs) {
        errors.push(
            "nhs_number",
            "Enter a valid 10 digit NHS number, or leave it blank",
        );
        None
    } else {
        Some(nhs)
    };
    let email = form.email.trim().to_string();
    let phone: String = form.phone.trim().to_string();
    if !email.is_empty() && crate::accounts::model::Email::parse(&email).is_err() {
        errors.push(
            "email",
            "Enter an email address in the correct format, like name@example.com",
        );
    }
    let phone_digits = phone.chars().filter(char::is_ascii_digit).count();
    if !phone.is_empty()
        && (!(10..=13).contains(&phone_digits)
            || !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +()-".contains(c)))
    {
        errors.push(
            "phone",
            "Enter a UK phone number, like 01632 960 001 or 07700 900 982",
        );
    }
    if email.is_empty() && phone.is_empty() {
        errors.push(
            "email",
            "Enter an email address or a phone number so the practice can reply",
        );
    }
    let kind = RequestKind::parse(&form.kind);
    if kind.is_none() {
        errors.push(
            "kind",
            "Select whether this is a medical or an admin request",
        );
    }
    let description = form.description.trim().to_string();
    if description.is_empty() {
        errors.push("description", "Enter what you need help with");
    } else if description.chars().count() > MAX_DESCRIPTION {
        errors.push(
            "description",
            "Your request must be 2000 characters or fewer",
        );
    }
    match (errors.is_empty(), date_of_birth, kind) {
        (true, Some(date_of_birth), Some(kind)) => Ok(ValidRequest {
            patient_name,
            date_of_birth,
            nhs_number,
            email: (!email.is_empty()).then_some(email),
            phone: (!phone.is_empty()).then_some(phone),
            kind,
            description,
        }),
        _ => Err(errors),
    }
}

fn check_date_of_birth(
    form: &NewRequest,
    today: (i32, u32, u32),
    voice: Voice,
    errors: &mut FieldErrors,
) -> Option<String> {
    let parts = [
        form.dob_day.trim(),
        form.dob_month.trim(),
        form.dob_year.trim(),
    ];
    if parts.iter().all(|p| p.is_empty()) {
        errors.push("dob_day", &format!("Enter {} date of birth", voice.whose()));
        return None;
    }
    let day: Option<u32> = parts[0].parse().ok();
    let month: Option<u32> = parts[1].parse().ok();
    let year: Option<i32> = parts[2].parse().ok().filter(|_| parts[2].len() == 4);
    let (Some(day), Some(month), Some(year)) = (day, month, year) else {
        errors.push(
            "dob_day",
            "Date of birth must be a real date, like 27 3 1986",
        );
        return None;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if day == 0 || day > days_in_month || year < 1880 {
        errors.push(
            "dob_day",
            "Date of birth must be a real date, like 27 3 1986",
        );
        return None;
    }
    if (year, month, day) > today {
        errors.push("dob_day", "Date of birth must be in the past");
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_numbers_are_checked_with_their_check_digit() {
        assert!(valid_nhs_number("9434765919"));
        assert!(!valid_nhs_number("9434765918"));
        assert!(!valid_nhs_number("943476591"));
        // Only digits: a letter is not dropped to make ten.
        assert!(!valid_nhs_number("48577734a56"));
        assert!(!valid_nhs_number("943476591９"));
    }

    fn form() -> NewRequest {
        NewRequest {
            patient_name: "Ada Lovelace".into(),
            dob_day: "10".into(),
            dob_month: "12".into(),
            dob_year: "1985".into(),
            nhs_number: "943 476 5919".into(),
            email: "ada@example.com".into(),
            phone: String::new(),
            kind: "medical".into(),
            description: "A rash on my arm for a week".into(),
        }
    }

    #[test]
    fn a_complete_request_is_accepted_with_its_date_of_birth_in_iso_form() {
        let valid = check_request(&form(), (2026, 11, 23), Voice::Staff).unwrap();
        assert_eq!(valid.date_of_birth, "1985-12-10");
        assert_eq!(valid.nhs_number.as_deref(), Some("9434765919"));
        assert_eq!(valid.kind, RequestKind::Medical);
    }

    #[test]
    fn every_missing_or_wrong_field_is_reported_in_page_order() {
        let bad = NewRequest {
            dob_day: "31".into(),
            dob_month: "2".into(),
            dob_year: "1990".into(),
            nhs_number: "123".into(),
            ..Default::default()
        };
        let errors = check_request(&bad, (2026, 11, 23), Voice::Staff).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "patient_name",
                "dob_day",
                "nhs_number",
                "email",
                "kind",
                "description"
            ]
        );
    }

    #[test]
    fn the_messages_speak_to_the_patient_on_their_form_and_of_the_patient_to_staff() {
        let empty = NewRequest::default();
        let messages = |voice| {
            let errors = check_request(&empty, (2026, 11, 23), voice).unwrap_err();
            [
                errors.for_field("patient_name"),
                errors.for_field("dob_day"),
            ]
        };
        assert_eq!(
            messages(Voice::Patient),
            [
                Some("Enter your full name".to_string()),
                Some("Enter your date of birth".to_string())
            ]
        );
        assert_eq!(
            messages(Voice::Staff),
            [
                Some("Enter the patient's full name".to_string()),
                Some("Enter the patient's date of birth".to_string())
            ]
        );
    }

    #[test]
    fn an_email_address_must_have_a_name_and_a_domain() {
        for bad in [
            "@",
            "a@",
            "@example.com",
            "ada@localhost",
            "ada @example.com",
        ] {
            let mut request = form();
            request.email = bad.into();
            let errors = check_request(&request, (2026, 11, 23), Voice::Staff).unwrap_err();
            assert!(errors.for_field("email").is_some(), "{bad:?}");
        }
    }

    #[test]
    fn a_date_of_birth_in_the_future_is_refused() {
        let mut later = form();
        later.dob_year = "2027".into();
        let errors = check_request(&later, (2026, 11, 23), Voice::Staff).unwrap_err();
        assert_eq!(
            errors.for_field("dob_day").as_deref(),
            Some("Date of birth must be in the past")
        );
    }
}
