//! Patient requests and inboxes: the types the pages and the server share,
//! and the pure rules (names, near-misses, the contact form's checks).

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

/// The "Group inboxes" tab's data, named here by the staff page that shows
/// the tab.
pub use super::group_inboxes::model::GroupInboxesTab;

/// "Medical" or "Admin".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestKind {
    Medical,
    Admin,
}

impl RequestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Medical => "medical",
            RequestKind::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestKind::Medical => "Medical",
            RequestKind::Admin => "Admin",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "medical" => Some(RequestKind::Medical),
            "admin" => Some(RequestKind::Admin),
            _ => None,
        }
    }
}

/// "New", "In progress" or "Completed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    New,
    InProgress,
    Completed,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::New => "new",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Completed => "completed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::New => "New",
            RequestStatus::InProgress => "In progress",
            RequestStatus::Completed => "Completed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "new" => Some(RequestStatus::New),
            "in_progress" => Some(RequestStatus::InProgress),
            "completed" => Some(RequestStatus::Completed),
            _ => None,
        }
    }
}

/// Which requests an inbox page lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InboxView {
    /// Requests assigned to me in one practice.
    Mine { practice_id: String },
    /// The practice's requests assigned to nobody.
    Unassigned { practice_id: String },
    /// One group inbox of one practice.
    Group { inbox_id: String },
    /// "My Inbox - All Practices": assigned to me in every practice of my
    /// All Practices view.
    MineAllPractices,
    /// A group inbox merged by name across my All Practices view.
    GroupAllPractices { name_key: String },
}

/// Filters on an inbox page; `None` is "all".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxFilter {
    pub kind: Option<RequestKind>,
    pub status: Option<RequestStatus>,
}

/// One line of an inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: String,
    pub reference: String,
    pub practice_id: String,
    pub practice_name: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub urgent: bool,
    pub patient_name: String,
    pub description: String,
    pub created_at: i64,
    /// When it arrived, in UK time ("23 November 2026 at 10:15am").
    pub received: String,
    /// The person or group inbox it is assigned to, if any.
    pub assigned_to: Option<String>,
}

/// A navigation entry: an inbox and how many open requests it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxCount {
    /// The inbox's name ("My inbox", "Secretaries - All Practices").
    pub name: String,
    /// The name with its count ("My inbox (2 requests)").
    pub label: String,
    pub view: InboxView,
    pub open: i64,
}

/// The inbox navigation of one person: per practice, then (when they have
/// an All Practices view) the merged inboxes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxNavigation {
    pub practices: Vec<PracticeInboxes>,
    pub all_practices: Vec<InboxCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeInboxes {
    pub practice_id: String,
    pub practice_name: String,
    /// Open requests visible to me in this practice ("Practice 1 (1 request)").
    pub open: i64,
    pub inboxes: Vec<InboxCount>,
}

impl InboxView {
    /// The view's words in an inbox page's address: (`view`, `target`).
    pub fn to_query(&self) -> (&'static str, String) {
        match self {
            InboxView::Mine { practice_id } => ("mine", practice_id.clone()),
            InboxView::Unassigned { practice_id } => ("unassigned", practice_id.clone()),
            InboxView::Group { inbox_id } => ("group", inbox_id.clone()),
            InboxView::MineAllPractices => ("mine_all", String::new()),
            InboxView::GroupAllPractices { name_key } => ("group_all", name_key.clone()),
        }
    }

    /// The view from its address words; `None` for words it does not know.
    pub fn from_query(view: &str, target: &str) -> Option<Self> {
        let target = target.to_string();
        Some(match view {
            "mine" => InboxView::Mine {
                practice_id: target,
            },
            "unassigned" => InboxView::Unassigned {
                practice_id: target,
            },
            "group" => InboxView::Group { inbox_id: target },
            "mine_all" => InboxView::MineAllPractices,
            "group_all" => InboxView::GroupAllPractices { name_key: target },
            _ => return None,
        })
    }

    /// The inbox page's address for this view.
    pub fn href(&self) -> String {
        let (view, target) = self.to_query();
        if target.is_empty() {
            format!("/inbox?view={view}")
        } else {
            format!("/inbox?view={view}&target={}", url_word(&target))
        }
    }
}

/// Escapes a value for a query string (ids are plain; inbox name keys may
/// hold spaces and other characters).
pub fn url_word(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// What the inbox page shows: the chosen inbox's requests and the
/// navigation; or, for someone with no inbox, why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InboxScreen {
    Open {
        view: InboxView,
        /// The heading: the inbox's name.
        title: String,
        /// The practice of a one-practice view; empty for All Practices.
        practice_name: String,
        rows: Vec<RequestSummary>,
        navigation: InboxNavigation,
    },
    /// A Practice admin without a staff role: how to give themselves one.
    AdminOnly {
        organisation_id: String,
        organisation_name: String,
        email: String,
    },
    /// Signed in, but no role that works requests anywhere.
    NoInbox,
}

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
    pub id: String,
    pub reference: String,
    pub practice_id: String,
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
    pub notes: Vec<RequestNote>,
    pub history: Vec<crate::activity::model::ActivityEntry>,
}

/// A practice as its public contact form names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeContact {
    pub id: String,
    pub name: String,
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

/// NHS numbers are 10 digits whose last is a modulus 11 check digit.
pub fn valid_nhs_number(digits: &str) -> bool {
    let digits: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 {
        return false;
    }
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

/// Checks a request's fields in page order. `today` is (year, month, day)
/// for the date of birth, which cannot be in the future.
pub fn check_request(
    form: &NewRequest,
    today: (i32, u32, u32),
) -> Result<ValidRequest, FieldErrors> {
    let mut errors = FieldErrors::default();
    let patient_name = form
        .patient_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if patient_name.is_empty() {
        errors.push("patient_name", "Enter the patient's full name");
    } else if patient_name.chars().count() > 100 {
        errors.push("patient_name", "Full name must be 100 characters or fewer");
    }
    let date_of_birth = check_date_of_birth(form, today, &mut errors);
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
    if !email.is_empty() && (!email.contains('@') || email.contains(' ') || email.len() > 254) {
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
    errors: &mut FieldErrors,
) -> Option<String> {
    let parts = [
        form.dob_day.trim(),
        form.dob_month.trim(),
        form.dob_year.trim(),
    ];
    if parts.iter().all(|p| p.is_empty()) {
        errors.push("dob_day", "Enter the patient's date of birth");
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
        let valid = check_request(&form(), (2026, 11, 23)).unwrap();
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
        let errors = check_request(&bad, (2026, 11, 23)).unwrap_err();
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
    fn a_date_of_birth_in_the_future_is_refused() {
        let mut later = form();
        later.dob_year = "2027".into();
        let errors = check_request(&later, (2026, 11, 23)).unwrap_err();
        assert_eq!(
            errors.for_field("dob_day").as_deref(),
            Some("Date of birth must be in the past")
        );
    }
}
