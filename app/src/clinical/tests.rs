//! The clinical-system link on a fresh database (SQLite, or PostgreSQL when
//! TEST_POSTGRES_URL is set), against the GP Connect simulator on loopback.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::OrgId;
use crate::org::model::{ClinicalSystem, Role};
use crate::server::clock::HOUR_MS;
use crate::server::config::Endpoint;
use crate::server::fixtures;
use crate::server::testing::TestCx;

use super::adapter::{self, gp_connect::GpConnect, Appointments, Link, Window};
use super::model::*;
use super::service;
use super::service::health;
use super::simulator::{SimFault, Simulator};

/// Thursday 3 December 2026, 09:00 GMT.
const NOW: i64 = 1_796_288_400_000;
const PASSWORD: &str = "Vx7-unfindable-Q2p";

struct World {
    t: TestCx,
    practice: OrgId,
    admin: CurrentUser,
    sim: Simulator,
}
crate::server::testing::test_world!(World);

/// The EMIS Web practice Harbour View Surgery (ODS code H81001) and its
/// Practice administrator, Priya Shah (the appointment tests share it).
pub(super) async fn emis_practice(conn: &mut sqlx::AnyConnection) -> (OrgId, CurrentUser) {
    let practice = fixtures::practice(conn, "Harbour View Surgery", None).await;
    crate::org::repo::set_clinical_system(conn, &practice, ClinicalSystem::EmisWeb)
        .await
        .unwrap();
    sqlx::query("UPDATE organisations SET ods_code = 'H81001' WHERE id = $1")
        .bind(&practice)
        .execute(&mut *conn)
        .await
        .unwrap();
    let admin = fixtures::person(
        conn,
        "priya.shah@nhs.net",
        "Priya Shah",
        &[(&practice, Role::PracticeAdmin)],
    )
    .await;
    let admin = fixtures::signed_in(&admin, "Priya Shah", "priya.shah@nhs.net", None);
    (practice, admin)
}

async fn world() -> World {
    let mut t = TestCx::at(NOW).await;
    let sim = Simulator::start("127.0.0.1:0").await.unwrap();
    t.config.clinical.endpoint = Endpoint::Url(sim.url.clone());
    let mut conn = t.db.pool.acquire().await.unwrap();
    let (practice, admin) = emis_practice(&mut conn).await;
    drop(conn);
    World {
        t,
        practice,
        admin,
        sim,
    }
}

impl World {
    async fn set_up(&self) {
        let cx = self.cx();
        service::update_emis_org_id(cx, &self.admin, &self.practice, "12345")
            .await
            .unwrap();
        service::update_api_user(cx, &self.admin, &self.practice, "gatehouse", PASSWORD)
            .await
            .unwrap();
    }

    async fn settings(&self) -> FeatureSettings {
        service::feature_settings(self.cx(), &self.practice)
            .await
            .unwrap()
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .bind(&self.practice)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    async fn integration_notices(&self) -> Vec<String> {
        sqlx::query_scalar(
            "SELECT title FROM notifications WHERE kind = 'integrations' ORDER BY created_at, title",
        )
        .fetch_all(&self.db.pool)
        .await
        .unwrap()
    }

    async fn emails_about_emis(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE subject LIKE '%link to EMIS%'")
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }
}

fn field_error(result: Result<(), AppError>, field: &str) -> String {
    match result {
        Err(AppError::Invalid(errors)) => errors.for_field(field).expect("an error on the field"),
        other => panic!("expected a field error on {field}, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_settings_get_field_errors_and_change_nothing() {
    let w = world().await;
    let cx = w.cx();
    let message = field_error(
        service::update_emis_org_id(cx, &w.admin, &w.practice, "12a45").await,
        "emis_org_id",
    );
    assert_eq!(
        message,
        "EMIS Organisation ID must only include numbers 0 to 9"
    );
    field_error(
        service::update_emis_org_id(cx, &w.admin, &w.practice, &"1".repeat(5000)).await,
        "emis_org_id",
    );
    field_error(
        service::update_api_user(cx, &w.admin, &w.practice, "gate house", "pw").await,
        "api_username",
    );
    field_error(
        service::update_api_user(cx, &w.admin, &w.practice, "gatehouse", "").await,
        "api_password",
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM clinical_links WHERE organisation_id = $1")
            .await,
        0
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM activity_log WHERE organisation_id = $1")
            .await,
        0
    );
}

#[tokio::test]
async fn a_practice_not_on_emis_web_cannot_have_emis_settings() {
    let w = world().await;
    let mut conn = w.db.pool.acquire().await.unwrap();
    crate::org::repo::set_clinical_system(&mut conn, &w.practice, ClinicalSystem::SystmOne)
        .await
        .unwrap();
    drop(conn);
    let refused = service::update_emis_org_id(w.cx(), &w.admin, &w.practice, "12345").await;
    assert!(matches!(refused, Err(AppError::Conflict(m)) if m.contains("EMIS Web practices")));
    assert!(!w.settings().await.emis_web);
}

#[tokio::test]
async fn the_password_is_stored_sealed_and_never_findable_in_the_database() {
    let w = world().await;
    w.set_up().await;
    let settings = w.settings().await;
    assert_eq!(settings.emis_org_id.as_deref(), Some("12345"));
    assert_eq!(settings.api_username.as_deref(), Some("gatehouse"));
    let set = settings.api_password_set.clone().unwrap();
    assert!(
        set.starts_with("Set on 3 December 2026") && set.ends_with("by Priya Shah"),
        "{set}"
    );
    assert!(!format!("{settings:?}").contains(PASSWORD));
    // Every text the database holds about the practice, in any table the
    // change touched: none contains the password.
    let mut texts: Vec<String> = sqlx::query_scalar(
        "SELECT COALESCE(api_password_sealed, '') FROM clinical_links WHERE organisation_id = $1",
    )
    .bind(&w.practice)
    .fetch_all(&w.db.pool)
    .await
    .unwrap();
    assert!(texts[0].starts_with("v1:"));
    texts.extend(
        sqlx::query_scalar::<_, String>("SELECT details FROM activity_log")
            .fetch_all(&w.db.pool)
            .await
            .unwrap(),
    );
    assert!(texts.iter().all(|t| !t.contains(PASSWORD)));
    // On SQLite, the database file itself (and its write-ahead log).
    if let Some(path) = w
        .config
        .database_url
        .strip_prefix("sqlite://")
        .and_then(|p| p.split('?').next())
    {
        w.db.pool.close().await;
        let mut username_found = false;
        for file in [path.to_string(), format!("{path}-wal")] {
            if let Ok(bytes) = std::fs::read(&file) {
                assert!(
                    !bytes
                        .windows(PASSWORD.len())
                        .any(|w| w == PASSWORD.as_bytes()),
                    "the password is in {file}"
                );
                username_found |= bytes.windows(9).any(|w| w == b"gatehouse");
            }
        }
        // The files read are the ones the row is in (whichever of the
        // database and its write-ahead log holds it now).
        assert!(username_found, "the username is stored");
    }
}

#[tokio::test]
async fn test_connection_reports_each_fault_plainly_and_records_it() {
    let mut w = world().await;
    let fault = service::test_connection(w.cx(), &w.admin, &w.practice)
        .await
        .unwrap();
    assert_eq!(fault, Some(Fault::NotSetUp));
    w.set_up().await;
    assert_eq!(w.settings().await.health, Health::Untested);

    let fault = service::test_connection(w.cx(), &w.admin, &w.practice)
        .await
        .unwrap();
    assert_eq!(fault, None);
    let settings = w.settings().await;
    assert_eq!((settings.health, settings.fault), (Health::Working, None));
    assert!(settings.checked.unwrap().starts_with("3 December 2026"));
    assert_eq!(w.sim.calls("read:metadata-1"), 1);

    for (played, expected) in [
        (SimFault::Deactivated, Fault::Deactivated),
        (SimFault::WrongCredentials, Fault::WrongCredentials),
    ] {
        w.sim.set_fault(played);
        let fault = service::test_connection(w.cx(), &w.admin, &w.practice)
            .await
            .unwrap();
        assert_eq!(fault, Some(expected));
        let settings = w.settings().await;
        assert_eq!(
            (settings.health, settings.fault),
            (Health::Failing, Some(expected))
        );
    }

    w.sim.set_fault(SimFault::Timeout);
    w.t.config.clinical.timeout_ms = 300;
    let fault = service::test_connection(w.cx(), &w.admin, &w.practice)
        .await
        .unwrap();
    assert_eq!(fault, Some(Fault::TimedOut));

    // A port nothing listens on: unreachable.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    w.t.config.clinical.endpoint = Endpoint::Url(url);
    let fault = service::test_connection(w.cx(), &w.admin, &w.practice)
        .await
        .unwrap();
    assert_eq!(fault, Some(Fault::Unreachable));

    // No link configured on this server.
    w.t.config.clinical.endpoint = Endpoint::Off;
    let fault = service::test_connection(w.cx(), &w.admin, &w.practice)
        .await
        .unwrap();
    assert_eq!(fault, Some(Fault::LinkOff));

    let tested = w
        .count("SELECT COUNT(*) FROM activity_log WHERE organisation_id = $1 AND event = 'connection_tested'")
        .await;
    // Every test but the first (nothing to test yet) is in the log.
    assert_eq!(tested, 6);
}

#[tokio::test]
async fn a_changed_secret_key_makes_the_password_unreadable_and_says_so() {
    let mut w = world().await;
    w.set_up().await;
    let dir = std::env::temp_dir().join(format!("gh-test-key-{}", uuid::Uuid::new_v4()));
    let other = crate::server::config::Config::from_lookup(|name| match name {
        "GATEHOUSE_ENV" => Some("development".to_string()),
        "GATEHOUSE_DATA_DIR" => Some(dir.display().to_string()),
        "SECRET_KEY" => Some("another-secret-key-of-at-least-32-characters".to_string()),
        _ => None,
    })
    .unwrap();
    w.t.config.secret_key = other.secret_key;
    assert!(w.settings().await.api_password_unreadable);
    let fault = service::test_connection(w.cx(), &w.admin, &w.practice)
        .await
        .unwrap();
    assert_eq!(fault, Some(Fault::PasswordUnreadable));
    // Entering the details again under the new key mends it.
    service::update_api_user(w.cx(), &w.admin, &w.practice, "gatehouse", PASSWORD)
        .await
        .unwrap();
    assert!(!w.settings().await.api_password_unreadable);
    let fault = service::test_connection(w.cx(), &w.admin, &w.practice)
        .await
        .unwrap();
    assert_eq!(fault, None);
}

#[tokio::test]
async fn the_hourly_check_tells_the_admins_once_when_the_link_stops_and_once_when_it_works_again() {
    let w = world().await;
    w.set_up().await;
    service::test_connection(w.cx(), &w.admin, &w.practice)
        .await
        .unwrap();

    // Still working: nothing to tell.
    let round = health::run_hour(w.cx(), "runner-a").await.unwrap().unwrap();
    assert_eq!((round.tested, round.failing, round.changed), (1, 0, 0));
    // A second process (or a restart) in the same hour does nothing.
    assert_eq!(health::run_hour(w.cx(), "runner-b").await.unwrap(), None);

    w.sim.set_fault(SimFault::Deactivated);
    w.clock.advance_ms(HOUR_MS);
    let (a, b) = tokio::join!(
        health::run_hour(w.cx(), "runner-a"),
        health::run_hour(w.cx(), "runner-b")
    );
    let rounds: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert_eq!(rounds.len(), 1, "one process runs the hour");
    assert_eq!(rounds[0].changed, 1);
    assert_eq!(
        w.integration_notices().await,
        vec!["The link to EMIS has stopped working".to_string()]
    );
    assert_eq!(w.emails_about_emis().await, 1);
    let settings = w.settings().await;
    assert_eq!(
        (settings.health, settings.fault),
        (Health::Failing, Some(Fault::Deactivated))
    );

    // Still failing an hour later: not told again.
    w.clock.advance_ms(HOUR_MS);
    let round = health::run_hour(w.cx(), "runner-a").await.unwrap().unwrap();
    assert_eq!((round.failing, round.changed), (1, 0));
    assert_eq!(w.integration_notices().await.len(), 1);

    w.sim.set_fault(SimFault::None);
    w.clock.advance_ms(HOUR_MS);
    let round = health::run_hour(w.cx(), "runner-b").await.unwrap().unwrap();
    assert_eq!(round.changed, 1);
    assert_eq!(
        w.integration_notices().await,
        vec![
            "The link to EMIS has stopped working".to_string(),
            "The link to EMIS is working again".to_string()
        ]
    );
    assert_eq!(w.emails_about_emis().await, 2);
    let logged = w
        .count("SELECT COUNT(*) FROM activity_log WHERE organisation_id = $1 AND event IN ('clinical_link_stopped', 'clinical_link_recovered')")
        .await;
    assert_eq!(logged, 2);
}

fn link(now_ms: i64) -> Link {
    Link {
        ods_code: "H81001".to_string(),
        emis_org_id: "12345".to_string(),
        username: "gatehouse".to_string(),
        password: PASSWORD.to_string(),
        now_ms,
    }
}

#[tokio::test]
async fn the_gp_connect_adapter_finds_books_and_cancels_and_one_of_two_bookings_of_a_slot_wins() {
    let sim = Simulator::start("127.0.0.1:0").await.unwrap();
    let gpc = GpConnect::new(&sim.url, 2_000);
    let link = link(NOW);
    assert!(Window::new(NOW, NOW + adapter::MAX_WINDOW_MS + 1).is_none());
    assert!(Window::new(NOW, NOW).is_none());
    // Friday 4 December 2026: twelve 15-minute slots from 09:00.
    let window = Window::new(NOW + 24 * HOUR_MS - HOUR_MS, NOW + 48 * HOUR_MS).unwrap();
    let slots = gpc.free_slots(&link, window).await.unwrap();
    assert_eq!(slots.len(), 12);
    assert_eq!(slots[0].slot_type, "General GP Appointment");
    assert_eq!(slots[0].practitioner.as_deref(), Some("Dr Tom Hughes"));

    let slot = slots[0].clone();
    let (first, second) = tokio::join!(
        gpc.book(&link, &slot, "9434765919"),
        gpc.book(&link, &slot, "9434765870")
    );
    let results = [first, second];
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results.iter().any(|r| r == &Err(Fault::SlotTaken)));
    let booked = results.into_iter().find_map(Result::ok).unwrap();
    let fresh = gpc.free_slots(&link, window).await.unwrap();
    assert_eq!(fresh.len(), 11);
    assert!(!fresh.iter().any(|s| s.id == slot.id));

    let mine = gpc
        .appointments(&link, &booked.nhs_number, window)
        .await
        .unwrap();
    assert_eq!(mine, vec![booked.clone()]);
    gpc.cancel(&link, &booked).await.unwrap();
    let mine = gpc
        .appointments(&link, &booked.nhs_number, window)
        .await
        .unwrap();
    assert!(mine[0].cancelled);
    assert_eq!(gpc.free_slots(&link, window).await.unwrap().len(), 12);
}

#[tokio::test]
async fn the_emis_im1_adapter_is_a_named_stub_that_is_off() {
    let im1 = adapter::emis_im1::EmisIm1;
    assert_eq!(im1.test(&link(NOW)).await, Err(Fault::LinkOff));
    assert!(im1.name().contains("IM1"));
}
