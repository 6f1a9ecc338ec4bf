//! The rules of patient records and Patient Profile accounts, on a fresh
//! database (SQLite, or PostgreSQL when TEST_POSTGRES_URL is set).
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, PatientId};
use crate::org::model::{OrgKind, Role};
use crate::server::clock::DAY_MS;
use crate::server::fixtures;
use crate::server::testing::TestCx;

use super::codes;
use super::credentials::model::CredentialsForm;
use super::credentials::service as credentials;
use super::model::*;
use super::records::service as records;
use super::registration::model::{Registration, DETAILS_WRONG};
use super::registration::service as registration;

/// 1 December 2026, noon in England.
const NOW: i64 = 1_796_126_400_000;
const DOB: (&str, &str, &str) = ("15", "3", "1984");
const PASSWORD: &str = "correct horse battery staple 42";

struct World {
    t: TestCx,
    practice: OrgId,
    other_practice: OrgId,
    network: OrgId,
    admin: CurrentUser,
}
crate::server::testing::test_world!(World);

async fn world() -> World {
    let t = TestCx::at(NOW).await;
    let mut conn = t.db.pool.acquire().await.unwrap();
    let network = fixtures::organisation(&mut conn, OrgKind::Network, "Network", None).await;
    let practice = fixtures::practice(&mut conn, "Riverside Surgery", Some(&network)).await;
    let other_practice = fixtures::practice(&mut conn, "Harbour View", Some(&network)).await;
    let admin_id = fixtures::person(
        &mut conn,
        "admin@nhs.net",
        "Priya Shah",
        &[(&practice, Role::PracticeAdmin)],
    )
    .await;
    drop(conn);
    World {
        t,
        practice,
        other_practice,
        network,
        admin: fixtures::signed_in(&admin_id, "Priya Shah", "admin@nhs.net", None),
    }
}

fn new_patient(nhs: &str) -> NewPatient {
    NewPatient {
        given_name: "Olivia".into(),
        family_name: "Bennett".into(),
        nhs_number: nhs.into(),
        dob_day: DOB.0.into(),
        dob_month: DOB.1.into(),
        dob_year: DOB.2.into(),
        email: "olivia@example.com".into(),
        mobile: "07700 900 982".into(),
        address: "1 Quay Street\nSeaton".into(),
        postcode: "se1 1aa".into(),
    }
}

fn in_days(days: i64) -> CredentialsForm {
    in_days_from(NOW, days)
}

fn in_days_from(now: i64, days: i64) -> CredentialsForm {
    let (y, m, d) = crate::server::dates::uk_today(now + days * DAY_MS);
    CredentialsForm {
        expiry_day: d.to_string(),
        expiry_month: m.to_string(),
        expiry_year: y.to_string(),
        distribution: "now".into(),
    }
}

impl World {
    async fn patient(&self) -> PatientId {
        records::add_patient(
            self.cx(),
            &self.admin,
            &self.practice,
            &new_patient("9434765919"),
        )
        .await
        .unwrap()
    }

    async fn detail(&self, patient: &PatientId) -> PatientDetail {
        records::patient_detail(self.cx(), &self.admin, &self.practice, patient)
            .await
            .unwrap()
    }

    /// Credentials distributed now; the Patient ID and activation code
    /// from the letter.
    async fn credentials(&self, patient: &PatientId) -> (String, String) {
        self.advance(60_000);
        let form = in_days_from(self.cx().now_ms(), 30);
        credentials::create_credentials(self.cx(), &self.admin, &self.practice, patient, &form)
            .await
            .unwrap();
        let letter = credentials::letter(self.cx(), &self.admin, &self.practice, patient, "")
            .await
            .unwrap();
        (letter.patient_code, letter.activation_code)
    }

    /// A minute later, registers with these details.
    async fn register(&self, patient_id: &str, code: &str, year: &str) -> Result<(), AppError> {
        self.advance(60_000);
        self.register_at_once(patient_id, code, year).await
    }

    async fn register_at_once(
        &self,
        patient_id: &str,
        code: &str,
        year: &str,
    ) -> Result<(), AppError> {
        let form = Registration {
            patient_id: patient_id.into(),
            activation_code: code.into(),
            dob_day: DOB.0.into(),
            dob_month: DOB.1.into(),
            dob_year: year.into(),
            email: "olivia.bennett@example.com".into(),
            password: PASSWORD.into(),
            confirm: PASSWORD.into(),
        };
        registration::register(self.cx(), "203.0.113.9", &form).await
    }

    async fn confirmation_token(&self) -> String {
        let body: String = sqlx::query_scalar(
            "SELECT text_body FROM outbox WHERE subject = 'Confirm your email address for Patient Profile' ORDER BY created_at DESC LIMIT 1",
        )
        .fetch_one(&self.db.pool)
        .await
        .unwrap();
        let start =
            body.find("/patient-profile/confirm/").unwrap() + "/patient-profile/confirm/".len();
        body[start..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect()
    }

    /// Registers with the letter's details, confirms the email and signs
    /// in: the patient's account, Active.
    async fn signed_in_patient(&self, patient_id: &str, code: &str) -> CurrentUser {
        self.register(patient_id, code, DOB.2).await.unwrap();
        registration::confirm_email(self.cx(), &self.confirmation_token().await)
            .await
            .unwrap();
        let user_id: crate::ids::UserId = sqlx::query_scalar(
            "SELECT id FROM users WHERE email_lower = 'olivia.bennett@example.com'",
        )
        .fetch_one(&self.db.pool)
        .await
        .unwrap();
        fixtures::signed_in(
            &user_id,
            "Olivia Bennett",
            "olivia.bennett@example.com",
            None,
        )
    }

    fn advance(&self, ms: i64) {
        self.clock.advance_ms(ms);
    }
}

fn events(detail: &PatientDetail) -> Vec<String> {
    detail
        .activity
        .iter()
        .rev()
        .map(|e| e.what.clone())
        .collect()
}

#[tokio::test]
async fn a_patient_registers_with_the_letters_details_and_the_date_of_birth_then_confirms_the_email(
) {
    let w = world().await;
    let patient = w.patient().await;
    assert_eq!(w.detail(&patient).await.state, AccountState::None);
    assert_eq!(
        w.detail(&patient).await.actions,
        vec![PatientAction::CreateCredentials]
    );
    let (patient_id, code) = w.credentials(&patient).await;
    let detail = w.detail(&patient).await;
    assert_eq!(detail.state, AccountState::PendingRegistration);
    assert!(detail.actions.is_empty(), "credentials are active");
    assert_eq!(detail.credentials.unwrap().patient_code, patient_id);

    w.register(&patient_id.to_lowercase(), &code.replace('-', " "), DOB.2)
        .await
        .unwrap();
    assert_eq!(
        w.detail(&patient).await.state,
        AccountState::PendingEmailConfirmation
    );
    // The credentials are used: they do not register anyone again.
    assert!(w.register(&patient_id, &code, DOB.2).await.is_err());

    let token = w.confirmation_token().await;
    w.advance(60_000);
    registration::confirm_email(w.cx(), &token).await.unwrap();
    let detail = w.detail(&patient).await;
    assert_eq!(detail.state, AccountState::Active);
    assert_eq!(detail.actions, vec![PatientAction::Disable]);
    assert_eq!(
        registration::confirm_email(w.cx(), &token).await,
        Err(AppError::LinkExpired)
    );
    assert_eq!(
        events(&detail),
        [
            "Patient Credentials Distributed",
            "Patient Access Letter Generated",
            "Patient User Successfully Registered",
            "Patient Account Onboarded",
            "Patient User Failed To Register",
            "Patient Access Granted",
        ]
    );
    // Only a keyed hash of the code is stored.
    let stored: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM patient_credentials")
        .fetch_all(&w.db.pool)
        .await
        .unwrap();
    assert!(!stored[0].contains(&code.replace('-', "")));
    assert_eq!(stored[0].len(), 64);
}

#[tokio::test]
async fn five_wrong_attempts_lock_the_account_and_end_the_credentials() {
    let mut w = world().await;
    w.config.patient_registration_attempts = 5;
    let patient = w.patient().await;
    let (patient_id, code) = w.credentials(&patient).await;
    for attempt in 1..=5 {
        let error = w.register(&patient_id, &code, "1985").await.unwrap_err();
        assert_eq!(
            error.field_errors().for_field("patient_id").as_deref(),
            Some(DETAILS_WRONG),
            "attempt {attempt}"
        );
        // Past the free tries the same address must wait before the next.
        w.advance(20 * 60 * 1000);
    }
    let detail = w.detail(&patient).await;
    assert_eq!(detail.state, AccountState::Locked);
    assert_eq!(detail.actions, vec![PatientAction::CreateCredentials]);
    let events = events(&detail);
    assert_eq!(
        events
            .iter()
            .filter(|e| *e == "Patient User Failed To Register")
            .count(),
        5
    );
    assert_eq!(
        events.last().map(String::as_str),
        Some("Patient Account Locked")
    );
    // The right details no longer work: the credentials ended.
    w.advance(20 * 60 * 1000);
    assert!(w.register(&patient_id, &code, DOB.2).await.is_err());
    // New credentials work.
    let (patient_id, code) = w.credentials(&patient).await;
    w.advance(20 * 60 * 1000);
    w.register(&patient_id, &code, DOB.2).await.unwrap();
}

#[tokio::test]
async fn wrong_tries_from_one_address_must_wait_before_the_next() {
    let w = world().await;
    let patient = w.patient().await;
    let (patient_id, code) = w.credentials(&patient).await;
    for _ in 0..3 {
        let _ = w.register_at_once(&patient_id, &code, "1985").await;
    }
    assert_eq!(
        w.register_at_once(&patient_id, &code, DOB.2).await,
        Err(AppError::RateLimited)
    );
    // Waiting is not a failure: the account is not locked by the waits.
    assert_eq!(
        w.detail(&patient).await.state,
        AccountState::PendingRegistration
    );
}

#[tokio::test]
async fn expired_credentials_say_so_and_newer_ones_supersede_older() {
    let w = world().await;
    let patient = w.patient().await;
    let (patient_id, code) = w.credentials(&patient).await;
    w.advance(31 * DAY_MS);
    let error = w.register(&patient_id, &code, DOB.2).await.unwrap_err();
    assert!(matches!(error, AppError::Conflict(ref m) if m.contains("expired")));
    let detail = w.detail(&patient).await;
    assert_eq!(detail.credentials.unwrap().status, "Expired");
    assert_eq!(detail.actions, vec![PatientAction::CreateCredentials]);

    let (same_id, new_code) = w.credentials(&patient).await;
    assert_eq!(same_id, patient_id, "the Patient ID stays");
    assert_ne!(new_code, code);
    // The older code was superseded: only the newest works.
    assert_eq!(
        w.register(&patient_id, &code, DOB.2)
            .await
            .unwrap_err()
            .field_errors()
            .for_field("patient_id")
            .as_deref(),
        Some(DETAILS_WRONG)
    );
    w.register(&patient_id, &new_code, DOB.2).await.unwrap();
}

#[tokio::test]
async fn a_record_has_its_patient_id_from_the_day_it_is_added_and_its_credentials_print_it() {
    let w = world().await;
    let patient = w.patient().await;
    let mut conn = w.db.pool.acquire().await.unwrap();
    let row = super::repo::patient(&mut conn, &w.practice, &patient)
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let given = row.portal_id.clone().unwrap();
    assert_eq!(codes::parse_patient_id(&given), Some(given.clone()));
    assert_eq!(w.detail(&patient).await.state, AccountState::None);
    let (printed, _) = w.credentials(&patient).await;
    assert_eq!(printed, given);
    assert_eq!(
        w.detail(&patient).await.state,
        AccountState::PendingRegistration
    );
}

#[tokio::test]
async fn the_letter_page_offers_the_practices_letter_templates_and_makes_them_with_the_patients_details(
) {
    use crate::letters::model::TemplateForm;
    use crate::letters::service::{self as letters, NewBaseInput};
    let w = world().await;
    let patient = w.patient().await;
    let (patient_id, code) = w.credentials(&patient).await;
    let base = letters::create_base(
        w.cx(),
        &w.admin,
        &w.practice,
        NewBaseInput {
            name: "Letterhead".into(),
            body: "{{patient_name}}\n{{letter}}".into(),
            file_name: "letterhead.docx".into(),
            file: crate::letters::tests::word_file(&[&["{{body}}"]]),
        },
    )
    .await
    .unwrap();
    let template = letters::create_template(
        w.cx(),
        &w.admin,
        &w.practice,
        &TemplateForm {
            object: "patient_profile".into(),
            base_id: base.to_string(),
            name: "Activation code only".into(),
            body: "Your activation code is {{activation_code}}".into(),
            visible: String::new(),
        },
    )
    .await
    .unwrap();
    let built_in = credentials::letter(w.cx(), &w.admin, &w.practice, &patient, "")
        .await
        .unwrap();
    assert_eq!(built_in.choices.len(), 2);
    assert!(built_in.template_lines.is_empty());
    let letter = credentials::letter(w.cx(), &w.admin, &w.practice, &patient, &template)
        .await
        .unwrap();
    assert_eq!(
        letter.template_lines,
        vec![
            "Olivia Bennett".to_string(),
            format!("Your activation code is {code}")
        ]
    );
    assert!(!letter.template_lines.concat().contains(&patient_id));
    let (name, bytes) =
        credentials::letter_file(w.cx(), &w.admin, &w.practice, &patient, &template)
            .await
            .unwrap();
    assert_eq!(name, "Activation code only.docx");
    let word = crate::letters::package::Package::read(&bytes).unwrap();
    assert!(word.text("word/document.xml").unwrap().contains(&code));
    assert!(matches!(
        credentials::letter(w.cx(), &w.admin, &w.practice, &patient, "no-such-letter").await,
        Err(AppError::NotFound)
    ));
    let detail = w.detail(&patient).await;
    let generated: Vec<&str> = detail
        .activity
        .iter()
        .filter(|e| e.what == "Patient Access Letter Generated")
        .map(|e| e.details.as_str())
        .collect();
    assert!(generated.contains(&"Activation code only"), "{generated:?}");
    let made: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM patient_letters WHERE patient_id = $1")
            .bind(&patient)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(
        made, 1,
        "the preview and the Word file of one template and credentials: one letter"
    );
}

#[tokio::test]
async fn credentials_kept_for_later_are_distributed_when_their_letter_is_made() {
    let w = world().await;
    let patient = w.patient().await;
    let mut later = in_days(10);
    later.distribution = "later".into();
    credentials::create_credentials(w.cx(), &w.admin, &w.practice, &patient, &later)
        .await
        .unwrap();
    let detail = w.detail(&patient).await;
    assert_eq!(detail.state, AccountState::PendingRegistration);
    assert!(detail.activity.is_empty());
    assert!(detail.letter_available);
    credentials::letter(w.cx(), &w.admin, &w.practice, &patient, "")
        .await
        .unwrap();
    credentials::mark_letter_sent(w.cx(), &w.admin, &w.practice, &patient)
        .await
        .unwrap();
    let detail = w.detail(&patient).await;
    assert_eq!(
        events(&detail),
        [
            "Patient Credentials Distributed",
            "Patient Access Letter Generated",
            "Patient Access Letter Sent"
        ]
    );
    assert!(detail.activity.iter().all(|e| e.by == "Priya Shah"));
    assert!(detail.credentials.unwrap().letter_sent.is_some());
}

#[tokio::test]
async fn the_expiry_date_must_be_after_today_and_within_90_days() {
    let w = world().await;
    let patient = w.patient().await;
    for (days, message) in [
        (0, "The expiry date must be after today"),
        (91, "The expiry date must be within 90 days of today"),
    ] {
        let error = credentials::create_credentials(
            w.cx(),
            &w.admin,
            &w.practice,
            &patient,
            &in_days(days),
        )
        .await
        .unwrap_err();
        assert_eq!(
            error.field_errors().for_field("expiry_day").as_deref(),
            Some(message)
        );
    }
    assert_eq!(w.detail(&patient).await.state, AccountState::None);
    credentials::create_credentials(w.cx(), &w.admin, &w.practice, &patient, &in_days(90))
        .await
        .unwrap();
}

#[tokio::test]
async fn every_action_the_state_does_not_offer_is_refused() {
    let w = world().await;
    let patient = w.patient().await;
    let enable = |on| credentials::set_account_enabled(w.cx(), &w.admin, &w.practice, &patient, on);
    // No account: neither disable nor enable.
    assert!(matches!(enable(false).await, Err(AppError::Conflict(_))));
    assert!(matches!(enable(true).await, Err(AppError::Conflict(_))));
    let (patient_id, code) = w.credentials(&patient).await;
    // Pending registration with active credentials: no new credentials.
    assert!(matches!(
        credentials::create_credentials(w.cx(), &w.admin, &w.practice, &patient, &in_days(30))
            .await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(enable(false).await, Err(AppError::Conflict(_))));
    w.register(&patient_id, &code, DOB.2).await.unwrap();
    registration::confirm_email(w.cx(), &w.confirmation_token().await)
        .await
        .unwrap();
    // Active: disable only.
    assert!(matches!(enable(true).await, Err(AppError::Conflict(_))));
    assert_eq!(enable(false).await.unwrap(), AccountState::Disabled);
    let detail = w.detail(&patient).await;
    assert_eq!(detail.actions, vec![PatientAction::Enable]);
    assert!(matches!(
        credentials::create_credentials(w.cx(), &w.admin, &w.practice, &patient, &in_days(30))
            .await,
        Err(AppError::Conflict(_))
    ));
    // Disabled with the account a registration made: enable gives it back.
    assert_eq!(enable(true).await.unwrap(), AccountState::Active);
    let events = events(&w.detail(&patient).await);
    assert!(events.contains(&"Patient Account Disabled".to_string()));
}

#[tokio::test]
async fn a_deceased_record_disables_the_account_automatically_and_offers_nothing() {
    let w = world().await;
    let patient = w.patient().await;
    let (patient_id, code) = w.credentials(&patient).await;
    records::set_record_status(w.cx(), &w.admin, &w.practice, &patient, "deceased")
        .await
        .unwrap();
    let detail = w.detail(&patient).await;
    assert_eq!(detail.state, AccountState::Disabled);
    assert!(detail.disabled_automatically);
    assert!(detail.actions.is_empty());
    assert_eq!(
        events(&detail).last().map(String::as_str),
        Some("Patient Account Disabled Automatically")
    );
    // The credentials ended with it.
    assert!(w.register(&patient_id, &code, DOB.2).await.is_err());
    assert!(
        records::set_record_status(w.cx(), &w.admin, &w.practice, &patient, "asleep")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn another_practices_patient_is_not_found_and_bad_records_store_nothing() {
    let w = world().await;
    let patient = w.patient().await;
    assert_eq!(
        records::patient_detail(w.cx(), &w.admin, &w.other_practice, &patient).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        credentials::letter(w.cx(), &w.admin, &w.other_practice, &patient, "").await,
        Err(AppError::NotFound)
    );
    let mut bad = new_patient("9434765918");
    bad.given_name = "<script>".repeat(20);
    bad.dob_year = "2030".into();
    bad.postcode = "nowhere".into();
    let error = records::add_patient(w.cx(), &w.admin, &w.practice, &bad)
        .await
        .unwrap_err();
    let fields: Vec<String> = error
        .field_errors()
        .0
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["given_name", "nhs_number", "dob_day", "postcode"]);
    // The same NHS number twice at one practice is a field error.
    let again = records::add_patient(w.cx(), &w.admin, &w.practice, &new_patient("943 476 5919"))
        .await
        .unwrap_err();
    assert!(again.field_errors().for_field("nhs_number").is_some());
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM patients")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn patients_are_found_by_name_nhs_number_or_date_of_birth() {
    let w = world().await;
    w.patient().await;
    let mut second = new_patient("9000000009");
    second.given_name = "Harry".into();
    second.family_name = "Patel".into();
    second.dob_year = "1952".into();
    records::add_patient(w.cx(), &w.admin, &w.practice, &second)
        .await
        .unwrap();
    let w = &w;
    let find = |query: &'static str| async move {
        records::search_patients(w.cx(), &w.admin, &w.practice, query)
            .await
            .unwrap()
            .results
            .into_iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(find("ben").await, ["Olivia Bennett"]);
    assert_eq!(find("OLI ben").await, ["Olivia Bennett"]);
    assert_eq!(find("har pat").await, ["Harry Patel"]);
    assert_eq!(find("943 476 5919").await, ["Olivia Bennett"]);
    assert_eq!(find("15/03/1984").await, ["Olivia Bennett"]);
    assert!(find("%").await.is_empty());
    assert!(find("").await.is_empty());
    assert!(
        records::search_patients(w.cx(), &w.admin, &w.practice, "9434765918")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn client_support_shows_the_types_own_contact_else_the_blank_one_at_once() {
    use super::support::service as support;
    let w = world().await;
    let mut conn = w.db.pool.acquire().await.unwrap();
    assert_eq!(
        support::support_for(&mut conn, &w.practice).await.unwrap(),
        None
    );
    support::save_client_support(
        w.cx(),
        &w.admin,
        &w.network,
        "",
        "help@example.nhs.uk",
        "0300 123 4567",
    )
    .await
    .unwrap();
    assert_eq!(
        support::support_for(&mut conn, &w.practice)
            .await
            .unwrap()
            .unwrap()
            .email,
        "help@example.nhs.uk"
    );
    support::save_client_support(
        w.cx(),
        &w.admin,
        &w.network,
        "practice",
        "gp@example.nhs.uk",
        "0300 765 4321",
    )
    .await
    .unwrap();
    assert_eq!(
        support::support_for(&mut conn, &w.practice)
            .await
            .unwrap()
            .unwrap()
            .phone,
        "0300 765 4321"
    );
    assert!(
        support::save_client_support(w.cx(), &w.admin, &w.network, "moon", "x", "1")
            .await
            .is_err()
    );
    assert_eq!(
        support::save_client_support(
            w.cx(),
            &w.admin,
            &w.practice,
            "",
            "a@example.com",
            "0300 123 4567"
        )
        .await,
        Err(AppError::NotFound)
    );
}

#[tokio::test]
async fn a_patient_sees_only_their_own_records() {
    use super::portal::service::your_profile;
    let w = world().await;
    let patient = w.patient().await;
    let mut other = new_patient("9000000009");
    other.given_name = "Harry".into();
    // The admin has no role at the other practice; the record is put
    // there directly.
    let mut conn = w.db.pool.acquire().await.unwrap();
    let valid = check_patient(&other, (2026, 12, 1)).unwrap();
    super::repo::insert_patient(&mut conn, &w.other_practice, &valid, "HRRY-WTHR", NOW)
        .await
        .unwrap();
    drop(conn);
    let (patient_id, code) = w.credentials(&patient).await;
    w.register(&patient_id, &code, DOB.2).await.unwrap();
    let user_id: crate::ids::UserId =
        sqlx::query_scalar("SELECT id FROM users WHERE email_lower = 'olivia.bennett@example.com'")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    let me = fixtures::signed_in(
        &user_id,
        "Olivia Bennett",
        "olivia.bennett@example.com",
        None,
    );
    let mine = your_profile(w.cx(), &me).await.unwrap();
    assert_eq!(mine.records.len(), 1);
    assert_eq!(mine.records[0].practice_name, "Riverside Surgery");
    assert!(your_profile(w.cx(), &w.admin)
        .await
        .unwrap()
        .records
        .is_empty());
    // A patient account is never a membership: it opens no practice.
    let roles: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE user_id = $1")
        .bind(&user_id)
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(roles, 0);
}

#[tokio::test]
async fn credentials_for_many_patients_are_made_once_by_a_job_even_with_two_runners() {
    use super::credentials::service::bulk::{
        start_bulk_credentials, BulkChoice, Selection, BULK_BATCH, BULK_CREDENTIALS_JOB,
    };
    use crate::jobs::service::Runner;
    let everyone = BulkChoice {
        selection: Selection::Everyone,
        letters: Vec::new(),
    };
    let w = world().await;
    let mut conn = w.db.pool.acquire().await.unwrap();
    let count = BULK_BATCH + 20;
    for n in 0..count {
        let nhs = crate::demo::test_nhs_number(u32::try_from(n).unwrap());
        let valid = check_patient(&new_patient(&nhs), (2026, 12, 1)).unwrap();
        super::repo::insert_patient(
            &mut conn,
            &w.practice,
            &valid,
            &codes::new_patient_id(),
            NOW,
        )
        .await
        .unwrap();
    }
    // Some records are from before every record got a Patient ID, and one
    // account is locked: the job writes those records, and only those.
    sqlx::query(
        "UPDATE patients SET portal_id = NULL
          WHERE id IN (SELECT id FROM patients ORDER BY id LIMIT 100 OFFSET 400)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE patients SET account_state = 'locked'
          WHERE id = (SELECT id FROM patients ORDER BY id LIMIT 1 OFFSET 7)",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
    // One already has credentials: it is left alone.
    let first: PatientId = sqlx::query_scalar("SELECT id FROM patients ORDER BY id LIMIT 1")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    w.credentials(&first).await;

    let mut form = in_days(30);
    form.distribution = "later".into();
    let (job, _) = start_bulk_credentials(
        w.cx(),
        &w.admin,
        &w.practice,
        &form,
        &everyone,
        "submission-1",
    )
    .await
    .unwrap();
    let (again, _) = start_bulk_credentials(
        w.cx(),
        &w.admin,
        &w.practice,
        &form,
        &everyone,
        "submission-1",
    )
    .await
    .unwrap();
    assert_eq!(job, again, "the same submission finds the same job");

    let kinds = [BULK_CREDENTIALS_JOB];
    let nothing = |_: &crate::jobs::service::JobChange| {};
    let runner = |id: &str| Runner {
        cx: w.cx(),
        kinds: &kinds,
        id: id.to_string(),
        changed: &nothing,
    };
    let (one, two) = (runner("one"), runner("two"));
    for _ in 0..10 {
        let (a, b) = tokio::join!(one.run_due(4), two.run_due(4));
        if a.unwrap().claimed + b.unwrap().claimed == 0 {
            break;
        }
    }
    let pool = &w.db.pool;
    let scalar = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    assert_eq!(
        scalar("SELECT COUNT(*) FROM patient_credentials").await,
        count
    );
    assert_eq!(
        scalar("SELECT COUNT(DISTINCT patient_id) FROM patient_credentials").await,
        count
    );
    assert_eq!(
        scalar("SELECT COUNT(*) FROM patients WHERE portal_id IS NULL").await,
        0
    );
    let ids: Vec<PatientId> = sqlx::query_scalar("SELECT id FROM patients")
        .fetch_all(pool)
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    for id in &ids {
        let row = super::repo::patient(&mut conn, &w.practice, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            row.account_state(),
            AccountState::PendingRegistration,
            "{id}"
        );
    }
    drop(conn);
    let state: String = sqlx::query_scalar("SELECT state FROM jobs WHERE id = $1")
        .bind(&job)
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(state, "done");
    // A letter for one of them works: its code is derived again.
    let some: PatientId = sqlx::query_scalar("SELECT id FROM patients ORDER BY id DESC LIMIT 1")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    let letter = credentials::letter(w.cx(), &w.admin, &w.practice, &some, "")
        .await
        .unwrap();
    w.register(&letter.patient_code, &letter.activation_code, DOB.2)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_active_patient_sees_their_requests_and_the_replies_but_no_internal_notes() {
    use super::portal::service::your_profile;
    use crate::requests::contact::model::NewRequest;
    let w = world().await;
    let patient = w.patient().await;
    let (patient_id, code) = w.credentials(&patient).await;
    w.register(&patient_id, &code, DOB.2).await.unwrap();
    let form = NewRequest {
        patient_name: "Olivia Bennett".into(),
        dob_day: DOB.0.into(),
        dob_month: DOB.1.into(),
        dob_year: DOB.2.into(),
        nhs_number: "943 476 5919".into(),
        email: "olivia@example.com".into(),
        kind: "admin".into(),
        description: "Please send my repeat list.".into(),
        ..NewRequest::default()
    };
    crate::requests::contact::service::submit_contact_form(
        w.cx(),
        &w.practice,
        "203.0.113.7",
        &form,
        "",
    )
    .await
    .unwrap();
    let request_id: String = sqlx::query_scalar("SELECT id FROM requests")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    for (kind, body) in [
        ("note", "Internal: check the list"),
        ("reply", "Your list is ready"),
    ] {
        sqlx::query("INSERT INTO request_notes (id, request_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(&request_id)
            .bind(kind)
            .bind(body)
            .bind(NOW)
            .execute(&w.db.pool)
            .await
            .unwrap();
    }
    let user_id: crate::ids::UserId =
        sqlx::query_scalar("SELECT id FROM users WHERE email_lower = 'olivia.bennett@example.com'")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    let me = fixtures::signed_in(
        &user_id,
        "Olivia Bennett",
        "olivia.bennett@example.com",
        None,
    );
    // Before the email is confirmed, nothing is shown.
    assert!(your_profile(w.cx(), &me).await.unwrap().records[0]
        .requests
        .is_empty());
    registration::confirm_email(w.cx(), &w.confirmation_token().await)
        .await
        .unwrap();
    let mine = your_profile(w.cx(), &me).await.unwrap();
    let requests = &mine.records[0].requests;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].description, "Please send my repeat list.");
    let replies: Vec<&str> = requests[0]
        .replies
        .iter()
        .map(|(_, r)| r.as_str())
        .collect();
    assert_eq!(replies, ["Your list is ready"]);
}

#[tokio::test]
async fn every_state_and_every_action_is_allowed_exactly_when_the_actions_table_offers_it() {
    let w = world().await;
    for state in AccountState::ALL {
        for (credentials, registered) in [(false, false), (true, false), (false, true)] {
            for action in [
                PatientAction::Disable,
                PatientAction::Enable,
                PatientAction::CreateCredentials,
            ] {
                let nhs = crate::demo::test_nhs_number(
                    u32::try_from(
                        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM patients")
                            .fetch_one(&w.db.pool)
                            .await
                            .unwrap(),
                    )
                    .unwrap()
                        + 100,
                );
                let patient =
                    records::add_patient(w.cx(), &w.admin, &w.practice, &new_patient(&nhs))
                        .await
                        .unwrap();
                if credentials {
                    w.credentials(&patient).await;
                }
                if registered {
                    sqlx::query("UPDATE patients SET user_id = (SELECT id FROM users LIMIT 1) WHERE id = $1")
                        .bind(&patient)
                        .execute(&w.db.pool)
                        .await
                        .unwrap();
                }
                sqlx::query("UPDATE patients SET account_state = $1 WHERE id = $2")
                    .bind(state.as_str())
                    .bind(&patient)
                    .execute(&w.db.pool)
                    .await
                    .unwrap();
                let offered = w.detail(&patient).await.actions.contains(&action);
                let standing = Standing {
                    state,
                    record: RecordStatus::Active,
                    active_credentials: credentials,
                    registered,
                };
                assert_eq!(
                    offered,
                    standing.allows(action),
                    "{state:?} {credentials} {registered} {action:?}"
                );
                let result = match action {
                    PatientAction::Disable | PatientAction::Enable => {
                        credentials::set_account_enabled(
                            w.cx(),
                            &w.admin,
                            &w.practice,
                            &patient,
                            action == PatientAction::Enable,
                        )
                        .await
                        .map(|_| ())
                    }
                    PatientAction::CreateCredentials => credentials::create_credentials(
                        w.cx(),
                        &w.admin,
                        &w.practice,
                        &patient,
                        &in_days_from(w.cx().now_ms(), 30),
                    )
                    .await
                    .map(|_| ()),
                };
                match (offered, result) {
                    (true, Ok(())) => {}
                    (false, Err(AppError::Conflict(_))) => {}
                    (offered, other) => panic!(
                        "{state:?} credentials={credentials} registered={registered} {action:?}: offered {offered}, got {other:?}"
                    ),
                }
            }
        }
    }
}

#[tokio::test]
async fn a_patient_sees_and_downloads_only_letters_made_for_them_whose_template_is_visible() {
    use super::portal::service::{your_letter, your_profile};
    use crate::letters::model::TemplateForm;
    use crate::letters::service::{self as letters, NewBaseInput};
    let w = world().await;
    let patient = w.patient().await;
    let base = letters::create_base(
        w.cx(),
        &w.admin,
        &w.practice,
        NewBaseInput {
            name: "Letterhead".into(),
            body: "{{letter}}".into(),
            file_name: "letterhead.docx".into(),
            file: crate::letters::tests::word_file(&[&["{{body}}"]]),
        },
    )
    .await
    .unwrap();
    let template = |name: &str, body: &str, visible: &str| TemplateForm {
        object: "patient_profile".into(),
        base_id: base.to_string(),
        name: name.into(),
        body: body.into(),
        visible: visible.into(),
    };
    let shown = letters::create_template(
        w.cx(),
        &w.admin,
        &w.practice,
        &template("Your Patient ID", "Your Patient ID is {{patient_id}}", "on"),
    )
    .await
    .unwrap();
    let hidden = letters::create_template(
        w.cx(),
        &w.admin,
        &w.practice,
        &template("Your code", "Your code is {{activation_code}}", ""),
    )
    .await
    .unwrap();
    let (patient_id, code) = w.credentials(&patient).await;
    for choice in [shown.as_str(), hidden.as_str(), shown.as_str()] {
        credentials::letter(w.cx(), &w.admin, &w.practice, &patient, choice)
            .await
            .unwrap();
    }
    let me = w.signed_in_patient(&patient_id, &code).await;
    let mine = your_profile(w.cx(), &me).await.unwrap();
    let letters_shown = &mine.records[0].letters;
    assert_eq!(letters_shown.len(), 1, "the visible letter, once");
    assert_eq!(letters_shown[0].name, "Your Patient ID");
    let id = letters_shown[0]
        .href
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let (name, bytes) = your_letter(w.cx(), &me, &id).await.unwrap();
    assert_eq!(name, "Your Patient ID.docx");
    let word = crate::letters::package::Package::read(&bytes).unwrap();
    assert!(word
        .text("word/document.xml")
        .unwrap()
        .contains(&patient_id));

    // The hidden letter, even by its address, and anyone else: not found.
    let hidden_id: String =
        sqlx::query_scalar("SELECT id FROM patient_letters WHERE template_id = $1")
            .bind(&hidden)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert!(matches!(
        your_letter(w.cx(), &me, &hidden_id).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        your_letter(w.cx(), &w.admin, &id).await,
        Err(AppError::NotFound)
    ));
    // Turned off, the shown one goes too.
    letters::set_visible(w.cx(), &w.admin, &w.practice, &shown, false)
        .await
        .unwrap();
    assert!(your_profile(w.cx(), &me).await.unwrap().records[0]
        .letters
        .is_empty());
    assert!(matches!(
        your_letter(w.cx(), &me, &id).await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn documents_on_a_record_reach_the_patient_only_while_visible_and_bad_files_keep_nothing() {
    use super::documents::service::{self as documents, NewDocumentInput};
    use super::portal::service::your_profile;
    let w = world().await;
    let patient = w.patient().await;
    let pdf = b"%PDF-1.7\n1 0 obj\n".to_vec();
    let add = |name: &str, visible: bool, file_name: &str, file: Vec<u8>| NewDocumentInput {
        name: name.into(),
        visible,
        file_name: file_name.into(),
        file,
    };
    let count = || async {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM patient_documents) + (SELECT COUNT(*) FROM files)",
        )
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
        n
    };

    // Refused, with nothing kept: no file, a file that is not one we take,
    // a name too long, another practice's patient.
    for (input, field) in [
        (add("Results", false, "", Vec::new()), "file"),
        (
            add("Results", false, "notes.txt", b"just text".to_vec()),
            "file",
        ),
        (
            add(&"x".repeat(121), false, "results.pdf", pdf.clone()),
            "name",
        ),
    ] {
        let refused = documents::add_document(w.cx(), &w.admin, &w.practice, &patient, input)
            .await
            .unwrap_err();
        assert!(
            refused.field_errors().for_field(field).is_some(),
            "{field}: {refused:?}"
        );
    }
    assert!(matches!(
        documents::add_document(
            w.cx(),
            &w.admin,
            &w.other_practice,
            &patient,
            add("Results", false, "results.pdf", pdf.clone())
        )
        .await,
        Err(AppError::NotFound)
    ));
    assert_eq!(count().await, 0, "nothing kept");

    // Two documents: one visible, one not; the name defaults to the file's.
    let shown = documents::add_document(
        w.cx(),
        &w.admin,
        &w.practice,
        &patient,
        add("", true, "C:\\scans\\Discharge summary.pdf", pdf.clone()),
    )
    .await
    .unwrap();
    w.advance(60_000);
    let hidden = documents::add_document(
        w.cx(),
        &w.admin,
        &w.practice,
        &patient,
        add("Safeguarding note", false, "note.pdf", pdf.clone()),
    )
    .await
    .unwrap();
    let staff = w.detail(&patient).await.documents;
    let names: Vec<(&str, bool)> = staff.iter().map(|d| (d.name.as_str(), d.visible)).collect();
    assert_eq!(
        names,
        [("Safeguarding note", false), ("Discharge summary", true)]
    );
    assert_eq!(staff[1].by, "Priya Shah");
    let file = documents::document_file(w.cx(), &w.practice, &patient, &hidden)
        .await
        .unwrap();
    assert_eq!(
        (file.name.as_str(), file.bytes),
        ("Safeguarding note.pdf", pdf.clone())
    );

    // The patient sees the visible one only, and only once Active.
    let (patient_id, code) = w.credentials(&patient).await;
    let me = w.signed_in_patient(&patient_id, &code).await;
    let mine = your_profile(w.cx(), &me).await.unwrap();
    let listed: Vec<&str> = mine.records[0]
        .documents
        .iter()
        .map(|d| d.href.as_str())
        .collect();
    assert_eq!(listed, [format!("/patient-profile/documents/{shown}")]);
    assert!(mine.records[0].documents[0]
        .name
        .starts_with("Discharge summary (PDF"));
    let own = documents::own_document_file(w.cx(), &me, &shown)
        .await
        .unwrap();
    assert_eq!(own.name, "Discharge summary.pdf");
    // The hidden one by its address, and the visible one for anyone else:
    // not found.
    assert!(matches!(
        documents::own_document_file(w.cx(), &me, &hidden).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        documents::own_document_file(w.cx(), &w.admin, &shown).await,
        Err(AppError::NotFound)
    ));
    // Turned off, it goes; turned on, the other comes; each change logged.
    documents::set_visible(w.cx(), &w.admin, &w.practice, &patient, &shown, false)
        .await
        .unwrap();
    documents::set_visible(w.cx(), &w.admin, &w.practice, &patient, &hidden, true)
        .await
        .unwrap();
    let mine = your_profile(w.cx(), &me).await.unwrap();
    assert_eq!(mine.records[0].documents.len(), 1);
    assert!(mine.records[0].documents[0]
        .name
        .starts_with("Safeguarding note"));
    assert!(matches!(
        documents::own_document_file(w.cx(), &me, &shown).await,
        Err(AppError::NotFound)
    ));
    let logged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM activity_log WHERE subject_id = $1
            AND event IN ('patient_document_added', 'patient_document_visibility')",
    )
    .bind(&patient)
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(logged, 4);
    // Another practice's staff never reach it.
    assert!(matches!(
        documents::document_file(w.cx(), &w.other_practice, &patient, &shown).await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn credentials_with_letters_for_selected_patients_print_one_page_each_and_only_visible_letters_reach_them(
) {
    use super::credentials::service::bulk::{
        bulk_selection, job_letters, job_letters_docx, job_letters_to_print,
        start_bulk_credentials, BulkChoice, Selection, BULK_CREDENTIALS_JOB,
    };
    use crate::jobs::service::Runner;
    use crate::letters::model::TemplateForm;
    use crate::letters::service::{self as letters, NewBaseInput};
    let w = world().await;
    let mut selected = Vec::new();
    for (n, name) in ["Olivia", "Noah", "Amelia", "Jack"].iter().enumerate() {
        let mut form = new_patient(&crate::demo::test_nhs_number(u32::try_from(n).unwrap()));
        form.given_name = (*name).to_string();
        let id = records::add_patient(w.cx(), &w.admin, &w.practice, &form)
            .await
            .unwrap();
        selected.push(id);
    }
    // Jack already has credentials: he is left out.
    w.credentials(&selected[3]).await;
    let elsewhere = records::add_patient(
        w.cx(),
        &w.admin,
        &w.other_practice,
        &new_patient(&crate::demo::test_nhs_number(9)),
    )
    .await
    .unwrap();
    let base = letters::create_base(
        w.cx(),
        &w.admin,
        &w.practice,
        NewBaseInput {
            name: "Letterhead".into(),
            body: "Dear {{patient_name}}\n{{letter}}".into(),
            file_name: "letterhead.docx".into(),
            file: crate::letters::tests::word_file(&[&["{{body}}"]]),
        },
    )
    .await
    .unwrap();
    let template = |name: &str, body: &str, visible: &str| TemplateForm {
        object: "patient_profile".into(),
        base_id: base.to_string(),
        name: name.into(),
        body: body.into(),
        visible: visible.into(),
    };
    let id_letter = letters::create_template(
        w.cx(),
        &w.admin,
        &w.practice,
        &template(
            "Your Patient ID",
            "Your Patient ID is {{patient_id}}",
            "yes",
        ),
    )
    .await
    .unwrap();
    let code_letter = letters::create_template(
        w.cx(),
        &w.admin,
        &w.practice,
        &template(
            "Your activation code",
            "Your activation code is {{activation_code}}\n{{registration_qr_code}}",
            "",
        ),
    )
    .await
    .unwrap();

    let mut ticked = selected.clone();
    ticked.push(elsewhere.clone());
    let choice = BulkChoice {
        selection: Selection::Patients(ticked),
        letters: vec![id_letter.clone(), code_letter.clone()],
    };
    let (needing, count, offered) = bulk_selection(w.cx(), &w.practice, &choice.selection)
        .await
        .unwrap();
    assert_eq!((needing, count, offered.len()), (3, 5, 2));
    // A letter that is not one of the practice's is refused; nothing starts.
    let mut wrong = choice.clone();
    wrong.letters = vec![crate::ids::LetterTemplateId::new("no-such-letter")];
    let form = in_days(30);
    assert!(matches!(
        start_bulk_credentials(w.cx(), &w.admin, &w.practice, &form, &wrong, "s-0").await,
        Err(AppError::Invalid(_))
    ));
    let (job, _) = start_bulk_credentials(w.cx(), &w.admin, &w.practice, &form, &choice, "s-1")
        .await
        .unwrap();
    let (again, _) = start_bulk_credentials(w.cx(), &w.admin, &w.practice, &form, &choice, "s-1")
        .await
        .unwrap();
    assert_eq!(job, again, "the same submission finds the same job");
    let kinds = [BULK_CREDENTIALS_JOB];
    let nothing = |_: &crate::jobs::service::JobChange| {};
    let runner = Runner {
        cx: w.cx(),
        kinds: &kinds,
        id: "one".into(),
        changed: &nothing,
    };
    for _ in 0..5 {
        if runner.run_due(4).await.unwrap().claimed == 0 {
            break;
        }
    }

    let made = job_letters(w.cx(), &w.practice, &job).await.unwrap();
    assert_eq!(made.patients, 3);
    assert_eq!(made.parts, vec![(1, 3)]);
    assert_eq!(made.letters.len(), 2);
    assert!(!made.running);
    assert!(matches!(
        job_letters(w.cx(), &w.other_practice, &job).await,
        Err(AppError::NotFound)
    ));

    // The Patient ID letter: one page each, by name (Amelia, Noah, Olivia).
    let printed = job_letters_to_print(w.cx(), &w.practice, &job, &id_letter, 1)
        .await
        .unwrap();
    assert_eq!(printed.pages.len(), 3);
    let firsts: Vec<&str> = printed.pages.iter().map(|p| p[0].as_str()).collect();
    assert_eq!(
        firsts,
        [
            "Dear Amelia Bennett",
            "Dear Noah Bennett",
            "Dear Olivia Bennett"
        ]
    );
    let (name, bytes) = job_letters_docx(w.cx(), &w.practice, &job, &id_letter, 1)
        .await
        .unwrap();
    assert_eq!(name, "Your Patient ID part 1.docx");
    let word = crate::letters::package::Package::read(&bytes).unwrap();
    let document = word.text("word/document.xml").unwrap();
    assert_eq!(document.matches(r#"<w:br w:type="page"/>"#).count(), 2);
    let mut conn = w.db.pool.acquire().await.unwrap();
    for patient in &selected[..3] {
        let row = super::repo::patient(&mut conn, &w.practice, patient)
            .await
            .unwrap()
            .unwrap();
        let portal_id = row.portal_id.clone().unwrap();
        assert_eq!(
            document.matches(portal_id.as_str()).count(),
            1,
            "{portal_id}"
        );
        assert_eq!(row.account_state(), AccountState::PendingRegistration);
    }
    // The activation code letter: three codes, three QR codes of their own.
    let (_, bytes) = job_letters_docx(w.cx(), &w.practice, &job, &code_letter, 1)
        .await
        .unwrap();
    let word = crate::letters::package::Package::read(&bytes).unwrap();
    let qr_codes = word
        .names()
        .filter(|n| n.starts_with("word/media/gatehouse-qr"))
        .count();
    assert_eq!(qr_codes, 3);
    let printed = job_letters_to_print(w.cx(), &w.practice, &job, &code_letter, 1)
        .await
        .unwrap();
    let codes: std::collections::HashSet<&str> = printed
        .pages
        .iter()
        .map(|p| p[1].trim_start_matches("Your activation code is "))
        .collect();
    assert_eq!(codes.len(), 3);
    for code in &codes {
        assert_eq!(code.len(), 17, "{code}");
    }
    // Neither another part nor a letter the job did not make.
    assert!(matches!(
        job_letters_docx(w.cx(), &w.practice, &job, &id_letter, 2).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        job_letters_docx(w.cx(), &w.practice, &job, &base_as_letter(&base), 1).await,
        Err(AppError::NotFound)
    ));

    // Each patient's log has its events; only the visible letter reaches them.
    for patient in &selected[..3] {
        let detail = w.detail(patient).await;
        let logged = events(&detail);
        assert!(
            logged.contains(&"Patient Credentials Distributed".to_string()),
            "{logged:?}"
        );
        assert_eq!(
            logged
                .iter()
                .filter(|e| *e == "Patient Access Letter Generated")
                .count(),
            2
        );
        let visible = letters::visible_letters(&mut conn, patient).await.unwrap();
        let names: Vec<&str> = visible.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Your Patient ID"]);
    }
    let jack = w.detail(&selected[3]).await;
    assert!(
        !jack.activity.iter().any(|e| e.details == "Your Patient ID"),
        "Jack had credentials already: the job made him no letter"
    );
    assert_eq!(
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM patient_credentials WHERE patient_id = $1"
        )
        .bind(&elsewhere)
        .fetch_one(&mut *conn)
        .await
        .unwrap(),
        0,
        "a patient of another practice is never part of the job"
    );
}

/// An id that is no letter template of the job.
fn base_as_letter(base: &crate::ids::LetterBaseId) -> crate::ids::LetterTemplateId {
    crate::ids::LetterTemplateId::new(base.to_string())
}

#[tokio::test]
async fn all_patients_a_search_finds_can_be_selected_up_to_a_limit() {
    use super::credentials::service::bulk::{bulk_selection, Selection};
    let w = world().await;
    for (n, name) in ["Olivia", "Noah"].iter().enumerate() {
        let mut form = new_patient(&crate::demo::test_nhs_number(u32::try_from(n).unwrap()));
        form.given_name = (*name).to_string();
        records::add_patient(w.cx(), &w.admin, &w.practice, &form)
            .await
            .unwrap();
    }
    let (needing, count, _) =
        bulk_selection(w.cx(), &w.practice, &Selection::Search("noah".into()))
            .await
            .unwrap();
    assert_eq!((needing, count), (1, 1));
    let (needing, count, _) =
        bulk_selection(w.cx(), &w.practice, &Selection::Search("bennett".into()))
            .await
            .unwrap();
    assert_eq!((needing, count), (2, 2));
    let many = Selection::Patients(vec![PatientId::new("x"); 10_001]);
    assert!(matches!(
        bulk_selection(w.cx(), &w.practice, &many).await,
        Err(AppError::Invalid(_))
    ));
}
