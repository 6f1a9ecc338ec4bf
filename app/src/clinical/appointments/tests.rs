//! Appointment reminders and self-booking on a fresh database (SQLite, or
//! PostgreSQL when TEST_POSTGRES_URL is set), against the GP Connect
//! simulator on loopback.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::auth::model::CurrentUser;
use crate::clinical::adapter::gp_connect::GpConnect;
use crate::clinical::adapter::{Appointment, Appointments, FreeSlot, Link};
use crate::clinical::service as link_service;
use crate::clinical::simulator::{SimFault, Simulator};
use crate::error::AppError;
use crate::ids::{OrgId, UserId};
use crate::org::model::ClinicalSystem;
use crate::server::clock::{Clock, DAY_MS, HOUR_MS, MINUTE_MS};
use crate::server::config::Endpoint;
use crate::server::fixtures;
use crate::server::testing::TestCx;

use super::service::{self, reminders};

/// Thursday 3 December 2026, 09:00 GMT.
const NOW: i64 = 1_796_288_400_000;
/// Monday 7 December 2026, 09:00 GMT.
const MONDAY_9AM: i64 = NOW + 4 * DAY_MS;
const PASSWORD: &str = "Vx7-unfindable-Q2p";
const ADA_NHS: &str = "9434765919";
const BEN_NHS: &str = "9434765870";

struct World {
    t: TestCx,
    practice: OrgId,
    admin: CurrentUser,
    ada: CurrentUser,
    ben: CurrentUser,
    sim: Simulator,
}
crate::server::testing::test_world!(World);

async fn patient(
    conn: &mut sqlx::AnyConnection,
    practice: &OrgId,
    nhs: &str,
    given: &str,
    family: &str,
    user: &UserId,
) {
    sqlx::query(
        "INSERT INTO patients (id, practice_id, nhs_number, given_name, family_name, family_lower,
             given_lower, date_of_birth, email, created_at, portal_id, account_state, user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '1990-01-01', $8, $9, $10, 'active', $11)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(practice)
    .bind(nhs)
    .bind(given)
    .bind(family)
    .bind(family.to_lowercase())
    .bind(given.to_lowercase())
    .bind(format!("{}@example.com", given.to_lowercase()))
    .bind(NOW)
    .bind(format!("PID-{nhs}"))
    .bind(user)
    .execute(&mut *conn)
    .await
    .unwrap();
}

async fn world() -> World {
    let mut t = TestCx::at(NOW).await;
    let sim = Simulator::start("127.0.0.1:0").await.unwrap();
    t.config.clinical.endpoint = Endpoint::Url(sim.url.clone());
    let mut conn = t.db.pool.acquire().await.unwrap();
    let (practice, admin) = crate::clinical::tests::emis_practice(&mut conn).await;
    let ada = fixtures::person(&mut conn, "ada@example.com", "Ada Lovelace", &[]).await;
    let ben = fixtures::person(&mut conn, "ben@example.com", "Ben Okri", &[]).await;
    patient(&mut conn, &practice, ADA_NHS, "Ada", "Lovelace", &ada).await;
    patient(&mut conn, &practice, BEN_NHS, "Ben", "Okri", &ben).await;
    drop(conn);
    let w = World {
        t,
        practice,
        admin,
        ada: fixtures::signed_in(&ada, "Ada Lovelace", "ada@example.com", None),
        ben: fixtures::signed_in(&ben, "Ben Okri", "ben@example.com", None),
        sim,
    };
    let cx = w.cx();
    link_service::update_emis_org_id(cx, &w.admin, &w.practice, "12345")
        .await
        .unwrap();
    link_service::update_api_user(cx, &w.admin, &w.practice, "gatehouse", PASSWORD)
        .await
        .unwrap();
    w
}

impl World {
    async fn reminders_on(&self) {
        service::update_reminders(
            self.cx(),
            &self.admin,
            &self.practice,
            "on",
            &[48, 2],
            "Dear {{patient_name}},\n\nSee you at {{practice_name}} on {{appointment_date}} at {{ appointment_time }}.",
        )
        .await
        .unwrap();
    }

    async fn booking_on(&self) {
        service::update_booking(
            self.cx(),
            &self.admin,
            &self.practice,
            "on",
            "General GP Appointment\r\n",
            "7",
        )
        .await
        .unwrap();
    }

    /// The practice's clinical system, as reception reaches it.
    fn emis(&self) -> (GpConnect, Link) {
        let link = Link {
            ods_code: "H81001".to_string(),
            emis_org_id: "12345".to_string(),
            username: "gatehouse".to_string(),
            password: PASSWORD.to_string(),
            now_ms: self.clock.now_ms(),
        };
        (GpConnect::new(&self.sim.url, 2_000), link)
    }

    /// Books a slot straight in the clinical system (as reception would).
    async fn book_in_emis(&self, start: i64, nhs: &str) -> Appointment {
        let (gpc, link) = self.emis();
        let slot = FreeSlot {
            id: format!("H81001-{start}"),
            start_ms: start,
            end_ms: start + 15 * MINUTE_MS,
            slot_type: "General GP Appointment".to_string(),
            practitioner: None,
        };
        gpc.book(&link, &slot, nhs).await.unwrap()
    }

    async fn cancel_in_emis(&self, appointment: &Appointment) {
        let (gpc, link) = self.emis();
        gpc.cancel(&link, appointment).await.unwrap();
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    async fn emails(&self, subject_like: &str) -> Vec<(String, String)> {
        sqlx::query_as(
            "SELECT to_address, text_body FROM outbox WHERE subject LIKE $1 ORDER BY created_at, to_address",
        )
        .bind(subject_like)
        .fetch_all(&self.db.pool)
        .await
        .unwrap()
    }
}

fn field_error<T: std::fmt::Debug>(result: Result<T, AppError>, field: &str) -> String {
    match result {
        Err(AppError::Invalid(errors)) => errors.for_field(field).expect("an error on the field"),
        other => panic!("expected a field error on {field}, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_reminder_and_booking_settings_get_field_errors_and_change_nothing() {
    let w = world().await;
    let (cx, a, p) = (w.cx(), &w.admin, &w.practice);
    let good = "Dear {{patient_name}}";
    field_error(
        service::update_reminders(cx, a, p, "", &[48], good).await,
        "reminders",
    );
    assert_eq!(
        field_error(
            service::update_reminders(cx, a, p, "on", &[], good).await,
            "reminder_times"
        ),
        "Select when to send reminders"
    );
    assert_eq!(
        field_error(
            service::update_reminders(cx, a, p, "on", &[48], "Hello {{nhs_number}}").await,
            "reminder_message"
        ),
        "The reminder message has a field Gatehouse does not know: {{nhs_number}}. Choose fields from \"Fields\""
    );
    field_error(
        service::update_reminders(cx, a, p, "on", &[48], &"x".repeat(2_001)).await,
        "reminder_message",
    );
    field_error(
        service::update_reminders(cx, a, p, "on", &[48], "  ").await,
        "reminder_message",
    );
    assert!(matches!(
        service::update_reminders(cx, a, p, "on", &[5], good).await,
        Err(AppError::BadRequest)
    ));
    assert_eq!(
        field_error(
            service::update_booking(cx, a, p, "on", "\n \n", "7").await,
            "slot_types"
        ),
        "Enter at least one slot type patients may book"
    );
    field_error(
        service::update_booking(cx, a, p, "on", &"x".repeat(101), "7").await,
        "slot_types",
    );
    let many: String = (0..21).map(|i| format!("Type {i}\n")).collect();
    field_error(
        service::update_booking(cx, a, p, "on", &many, "7").await,
        "slot_types",
    );
    for days in ["0", "29", "seven", ""] {
        field_error(
            service::update_booking(cx, a, p, "off", "", days).await,
            "days_ahead",
        );
    }
    assert_eq!(
        w.count("SELECT COUNT(*) FROM appointment_settings").await,
        0
    );
}

#[tokio::test]
async fn saved_settings_are_shown_with_who_set_them_and_logged() {
    let w = world().await;
    let before = service::settings(w.cx(), &w.practice).await.unwrap();
    assert!(!before.reminders_on && !before.booking_on);
    assert_eq!(before.reminder_hours, vec![48, 2]);
    assert!(before.reminder_message.contains("{{appointment_date}}"));
    w.reminders_on().await;
    w.booking_on().await;
    let after = service::settings(w.cx(), &w.practice).await.unwrap();
    assert!(after.reminders_on && after.booking_on);
    assert_eq!(after.slot_types, vec!["General GP Appointment".to_string()]);
    assert_eq!(after.days_ahead, 7);
    assert!(after.reminders_set.unwrap().ends_with("by Priya Shah"));
    let logged: Vec<String> = sqlx::query_scalar(
        "SELECT details FROM activity_log WHERE event IN ('appointment_reminders_updated', 'self_booking_updated') ORDER BY details",
    )
    .fetch_all(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(
        logged,
        vec![
            "On: 2 days before and 2 hours before".to_string(),
            "On: General GP Appointment up to 7 days ahead".to_string()
        ]
    );
}

#[tokio::test]
async fn a_practice_not_on_emis_web_cannot_turn_appointments_on() {
    let w = world().await;
    crate::org::repo::set_clinical_system(
        &mut w.db.pool.acquire().await.unwrap(),
        &w.practice,
        ClinicalSystem::SystmOne,
    )
    .await
    .unwrap();
    assert!(matches!(
        service::update_booking(
            w.cx(),
            &w.admin,
            &w.practice,
            "on",
            "General GP Appointment",
            "7"
        )
        .await,
        Err(AppError::Conflict(_))
    ));
}

#[tokio::test]
async fn each_reminder_is_sent_once_across_two_runners_and_a_restart_and_none_for_a_cancelled_appointment(
) {
    let w = world().await;
    w.reminders_on().await;
    w.book_in_emis(MONDAY_9AM, ADA_NHS).await;
    let cancelled = w.book_in_emis(MONDAY_9AM + HOUR_MS, BEN_NHS).await;
    w.cancel_in_emis(&cancelled).await;

    // Thursday: more than two days before, nothing is due.
    assert_eq!(
        reminders::run_round(w.cx(), "runner-a").await.unwrap(),
        Some(reminders::Round {
            practices: 1,
            sent: 0,
            skipped: 0
        })
    );

    // Saturday 09:00, two days before: two runners at once send one.
    w.clock.set_ms(MONDAY_9AM - 48 * HOUR_MS);
    let cx = w.cx();
    let (a, b) = tokio::join!(
        reminders::remind_practice(cx, "runner-a", &w.practice),
        reminders::remind_practice(cx, "runner-b", &w.practice)
    );
    assert_eq!(a.unwrap().unwrap() + b.unwrap().unwrap(), 1);
    // The round of this quarter: one process reads the book, the other
    // finds it claimed; a restart later the same day sends nothing again.
    assert!(reminders::run_round(w.cx(), "runner-a")
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        reminders::run_round(w.cx(), "runner-b").await.unwrap(),
        None
    );
    w.clock.set_ms(MONDAY_9AM - 30 * HOUR_MS);
    assert_eq!(
        reminders::run_round(w.cx(), "runner-c")
            .await
            .unwrap()
            .unwrap()
            .sent,
        0
    );
    let sent = w.emails("Reminder:%").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "ada@example.com");
    assert!(sent[0].1.contains("Dear Ada Lovelace,"), "{}", sent[0].1);
    assert!(sent[0]
        .1
        .contains("See you at Harbour View Surgery on Monday 7 December 2026 at 9:00am."));

    // Monday 07:00, two hours before: the second reminder, once.
    w.clock.set_ms(MONDAY_9AM - 2 * HOUR_MS);
    assert_eq!(
        reminders::run_round(w.cx(), "runner-c")
            .await
            .unwrap()
            .unwrap()
            .sent,
        1
    );
    w.clock.set_ms(MONDAY_9AM - HOUR_MS);
    assert_eq!(
        reminders::run_round(w.cx(), "runner-a")
            .await
            .unwrap()
            .unwrap()
            .sent,
        0
    );
    assert_eq!(w.emails("Reminder:%").await.len(), 2);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM appointment_reminders").await,
        2
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM activity_log WHERE event = 'appointment_reminder_sent'")
            .await,
        2
    );
    assert_eq!(
        service::settings(w.cx(), &w.practice)
            .await
            .unwrap()
            .reminders_sent,
        2
    );
}

#[tokio::test]
async fn reminders_wait_while_the_link_fails_and_are_sent_when_it_works_again() {
    let w = world().await;
    w.reminders_on().await;
    w.book_in_emis(MONDAY_9AM, ADA_NHS).await;
    w.clock.set_ms(MONDAY_9AM - 47 * HOUR_MS);
    w.sim.set_fault(SimFault::Deactivated);
    assert_eq!(
        reminders::run_round(w.cx(), "runner-a").await.unwrap(),
        Some(reminders::Round {
            practices: 1,
            sent: 0,
            skipped: 1
        })
    );
    w.sim.set_fault(SimFault::None);
    w.clock.advance_ms(reminders::ROUND_MS);
    assert_eq!(
        reminders::run_round(w.cx(), "runner-a")
            .await
            .unwrap()
            .unwrap()
            .sent,
        1
    );
}

#[test]
fn the_nearest_reminder_time_that_has_come_is_the_one_due() {
    let start = MONDAY_9AM;
    let hours = [48, 2];
    assert_eq!(
        reminders::due_hours(&hours, start, start - 49 * HOUR_MS),
        None
    );
    assert_eq!(
        reminders::due_hours(&hours, start, start - 48 * HOUR_MS),
        Some(48)
    );
    assert_eq!(
        reminders::due_hours(&hours, start, start - 3 * HOUR_MS),
        Some(48)
    );
    assert_eq!(
        reminders::due_hours(&hours, start, start - HOUR_MS),
        Some(2)
    );
    assert_eq!(reminders::due_hours(&hours, start, start), None);
}

#[tokio::test]
async fn a_patient_sees_the_allowed_free_slots_books_one_and_cancels_it_with_emails() {
    let w = world().await;
    w.booking_on().await;
    let cx = w.cx();
    let free = service::free_slots(cx, &w.ada, &w.practice).await.unwrap();
    // Today from 09:15 (09:00 has started) to next Thursday 09:00: five
    // weekdays of the eight GP slots (the nurse slots are not offered).
    assert_eq!(free.days.len(), 5);
    assert_eq!(free.days[0].date, "Thursday 3 December 2026");
    assert_eq!(free.days[0].slots.len(), 7);
    assert_eq!(free.days[1].slots.len(), 8);
    assert!(free
        .days
        .iter()
        .flat_map(|d| &d.slots)
        .all(|s| s.slot_type == "General GP Appointment"));
    let first = free.days[0].slots[0].clone();
    assert_eq!(first.time, "9:15am");

    let when = service::book(cx, &w.ada, &w.practice, &first.id)
        .await
        .unwrap();
    assert_eq!(when, "Thursday 3 December 2026 at 9:15am");
    let mine = service::your_appointments(cx, &w.ada).await.unwrap();
    assert_eq!(mine.practices.len(), 1);
    assert_eq!(mine.practices[0].appointments.len(), 1);
    assert_eq!(mine.practices[0].appointments[0].when, when);
    let again = service::free_slots(cx, &w.ben, &w.practice).await.unwrap();
    assert_eq!(again.days[0].slots.len(), 6);
    let booked = w
        .emails("Your appointment at Harbour View Surgery is booked")
        .await;
    assert_eq!(booked.len(), 1);
    assert_eq!(booked[0].0, "ada@example.com");
    assert!(booked[0]
        .1
        .contains("is booked for Thursday 3 December 2026 at 9:15am"));

    // Ben cannot cancel Ada's appointment.
    let id = mine.practices[0].appointments[0].id.clone();
    assert!(matches!(
        service::cancel(cx, &w.ben, &w.practice, &id).await,
        Err(AppError::Conflict(_))
    ));
    service::cancel(cx, &w.ada, &w.practice, &id).await.unwrap();
    let mine = service::your_appointments(cx, &w.ada).await.unwrap();
    assert!(mine.practices[0].appointments.is_empty());
    assert_eq!(
        w.emails("Your appointment at Harbour View Surgery is cancelled")
            .await
            .len(),
        1
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM activity_log WHERE event IN ('appointment_booked', 'appointment_cancelled') AND subject_type = 'patient'")
            .await,
        2
    );
}

#[tokio::test]
async fn two_patients_booking_the_same_slot_at_once_one_wins_and_the_other_sees_fresh_slots() {
    let w = world().await;
    w.booking_on().await;
    let cx = w.cx();
    let free = service::free_slots(cx, &w.ada, &w.practice).await.unwrap();
    let slot = free.days[0].slots[0].id.clone();
    let (a, b) = tokio::join!(
        service::book(cx, &w.ada, &w.practice, &slot),
        service::book(cx, &w.ben, &w.practice, &slot)
    );
    let results = [a, b];
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    let loser = results.into_iter().find(Result::is_err).unwrap();
    assert_eq!(field_error(loser, "slot"), service::SLOT_GONE);
    let fresh = service::free_slots(cx, &w.ben, &w.practice).await.unwrap();
    assert!(!fresh
        .days
        .iter()
        .flat_map(|d| &d.slots)
        .any(|s| s.id == slot));
    assert_eq!(w.emails("Your appointment at%booked").await.len(), 1);
}

#[tokio::test]
async fn only_the_practices_own_patients_may_book_and_only_when_it_is_on() {
    let w = world().await;
    let cx = w.cx();
    assert!(matches!(
        service::free_slots(cx, &w.ada, &w.practice).await,
        Err(AppError::Conflict(_))
    ));
    w.booking_on().await;
    assert!(matches!(
        service::free_slots(cx, &w.admin, &w.practice).await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        service::book(cx, &w.admin, &w.practice, "H81001-1796374800000").await,
        Err(AppError::NotFound)
    ));
    field_error(service::book(cx, &w.ada, &w.practice, "").await, "slot");
    // A slot of a type the practice does not offer is not bookable.
    let nurse = format!("H81001-{}", NOW + DAY_MS + 2 * HOUR_MS);
    assert_eq!(
        field_error(service::book(cx, &w.ada, &w.practice, &nurse).await, "slot"),
        service::SLOT_GONE
    );
    w.sim.set_fault(SimFault::Deactivated);
    let mine = service::your_appointments(cx, &w.ada).await.unwrap();
    assert!(mine.practices[0]
        .unavailable
        .as_deref()
        .unwrap()
        .starts_with("Online appointments at Harbour View Surgery are not available"));
}
