//! The rules of the locum network, on a fresh database (SQLite, or
//! PostgreSQL when TEST_POSTGRES_URL is set): every registration
//! transition, hub membership, and that an unverified, rejected,
//! requested or disabled member cannot act for the hub.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::accounts::model::Email;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, UserId};
use crate::org::model::{OrgKind, Role};
use crate::server::clock::DAY_MS;
use crate::server::fixtures;
use crate::server::testing::TestCx;

use super::hubs::service as hubs;
use super::model::*;
use super::registration::service as registration;
use super::workforce::service as workforce;

/// 2 December 2026, noon.
const NOW: i64 = 1_796_212_800_000;
const PASSWORD: &str = "correct horse battery staple 42";
const CLIENT: &str = "203.0.113.7";

struct World {
    t: TestCx,
    network: OrgId,
    hub: OrgId,
    other_hub: OrgId,
    network_admin: CurrentUser,
    hub_manager: CurrentUser,
}
crate::server::testing::test_world!(World);

async fn world() -> World {
    let t = TestCx::at(NOW).await;
    let mut conn = t.db.pool.acquire().await.unwrap();
    let network =
        fixtures::organisation(&mut conn, OrgKind::Network, "Coastline Network", None).await;
    let hub = fixtures::organisation(
        &mut conn,
        OrgKind::Hub,
        "Coastline Federation GP Practice Bank Staff",
        Some(&network),
    )
    .await;
    let other_hub =
        fixtures::organisation(&mut conn, OrgKind::Hub, "Harbour PCN Hub", Some(&network)).await;
    let admin = fixtures::person(
        &mut conn,
        "network.admin@nhs.net",
        "Nadia Admin",
        &[(&network, Role::NetworkAdmin)],
    )
    .await;
    let manager = fixtures::person(
        &mut conn,
        "hub.manager@nhs.net",
        "Harry Manager",
        &[(&hub, Role::HubManager)],
    )
    .await;
    drop(conn);
    World {
        t,
        network,
        hub,
        other_hub,
        network_admin: fixtures::signed_in(&admin, "Nadia Admin", "network.admin@nhs.net", None),
        hub_manager: fixtures::signed_in(&manager, "Harry Manager", "hub.manager@nhs.net", None),
    }
}

fn form(email: &str, hub: Option<&OrgId>) -> NewLocum {
    NewLocum {
        name: "Lena Locum".into(),
        email: email.into(),
        mobile: "07700 900 123".into(),
        profession: "gp".into(),
        registration_number: "1234567".into(),
        password: PASSWORD.into(),
        confirm: PASSWORD.into(),
        hub_id: hub.map(|h| h.to_string()).unwrap_or_default(),
        website: String::new(),
    }
}

impl World {
    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    async fn emails_with_subject(&self, subject: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE subject = $1")
            .bind(subject)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    async fn last_body(&self, subject: &str) -> String {
        sqlx::query_scalar(
            "SELECT text_body FROM outbox WHERE subject = $1 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(subject)
        .fetch_one(&self.db.pool)
        .await
        .unwrap()
    }

    async fn verification_token(&self) -> String {
        let body = self
            .last_body("Verify your email address for your locum account")
            .await;
        let start = body.find("/locums/verify/").unwrap() + "/locums/verify/".len();
        body[start..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect()
    }

    async fn registration_id(&self, email: &str) -> String {
        sqlx::query_scalar("SELECT id FROM locum_registrations WHERE email_lower = $1")
            .bind(email)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    async fn user(&self, email: &str) -> Option<UserId> {
        let mut conn = self.db.pool.acquire().await.unwrap();
        crate::accounts::service::find_user_id_by_email(&mut conn, &Email::parse(email).unwrap())
            .await
            .unwrap()
    }

    /// Registers, verifies and activates a locum; their signed-in self.
    async fn active_locum(&self, email: &str, hub: Option<&OrgId>) -> CurrentUser {
        registration::register(self.cx(), CLIENT, &form(email, hub))
            .await
            .unwrap();
        registration::verify(self.cx(), &self.verification_token().await)
            .await
            .unwrap();
        let id = self.registration_id(email).await;
        registration::activate(self.cx(), &self.network_admin, &self.network, &id)
            .await
            .unwrap();
        let user = self.user(email).await.unwrap();
        fixtures::signed_in(&user, "Lena Locum", email, None)
    }
}

#[tokio::test]
async fn registering_emails_a_verification_link_and_makes_no_account() {
    let w = world().await;
    registration::register(w.cx(), CLIENT, &form("lena@example.com", Some(&w.hub)))
        .await
        .unwrap();
    assert_eq!(
        w.emails_with_subject("Verify your email address for your locum account")
            .await,
        1
    );
    assert!(
        w.user("lena@example.com").await.is_none(),
        "no account before activation"
    );
    let state: String = sqlx::query_scalar(
        "SELECT state FROM locum_registrations WHERE email_lower = 'lena@example.com'",
    )
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(state, "unverified");
    let stored: String = sqlx::query_scalar("SELECT verify_token_hash FROM locum_registrations")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_ne!(
        stored,
        w.verification_token().await,
        "only the token's hash is kept"
    );
}

#[tokio::test]
async fn bad_input_gets_field_errors_and_keeps_nothing() {
    let w = world().await;
    let mut bad = form("not-an-email", None);
    bad.name = " ".into();
    bad.mobile = String::new();
    bad.profession = "dentist".into();
    bad.confirm = "something else entirely".into();
    let Err(AppError::Invalid(errors)) = registration::register(w.cx(), CLIENT, &bad).await else {
        panic!("expected field errors");
    };
    for field in ["name", "email", "mobile", "profession", "confirm"] {
        assert!(
            errors.for_field(field).is_some(),
            "{field} has no error: {errors:?}"
        );
    }
    let mut nurse = form("nurse@example.com", None);
    nurse.profession = "nurse".into();
    nurse.registration_number = "1234567".into();
    let Err(AppError::Invalid(errors)) = registration::register(w.cx(), CLIENT, &nurse).await
    else {
        panic!("expected an NMC PIN error");
    };
    assert!(errors
        .for_field("registration_number")
        .unwrap()
        .contains("NMC PIN"));
    let mut foreign_hub = form("lena@example.com", None);
    foreign_hub.hub_id = "no-such-hub".into();
    let Err(AppError::Invalid(errors)) = registration::register(w.cx(), CLIENT, &foreign_hub).await
    else {
        panic!("expected a hub error");
    };
    assert!(errors.for_field("hub_id").is_some());
    assert_eq!(w.count("SELECT COUNT(*) FROM locum_registrations").await, 0);
    assert_eq!(w.count("SELECT COUNT(*) FROM outbox").await, 0);
}

#[tokio::test]
async fn verifying_puts_the_registration_in_the_queue_and_tells_the_network_administrators() {
    let w = world().await;
    registration::register(w.cx(), CLIENT, &form("lena@example.com", None))
        .await
        .unwrap();
    let token = w.verification_token().await;
    registration::verify(w.cx(), &token).await.unwrap();
    let queue = registration::activation_queue(w.cx(), &w.network)
        .await
        .unwrap();
    assert_eq!(queue.awaiting.len(), 1);
    assert_eq!(
        queue.awaiting[0].state,
        RegistrationState::AwaitingActivation
    );
    assert_eq!(queue.awaiting[0].registration_number, "1234567");
    let notices: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'locum_network'",
    )
    .bind(&w.network_admin.id)
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(notices, 1);
    assert!(
        matches!(
            registration::verify(w.cx(), &token).await,
            Err(AppError::LinkExpired)
        ),
        "a link works once"
    );
    assert!(w.user("lena@example.com").await.is_none());
}

#[tokio::test]
async fn a_verification_link_stops_working_after_seven_days() {
    let w = world().await;
    registration::register(w.cx(), CLIENT, &form("lena@example.com", None))
        .await
        .unwrap();
    let token = w.verification_token().await;
    w.clock.advance_ms(7 * DAY_MS + 1);
    assert!(matches!(
        registration::verify(w.cx(), &token).await,
        Err(AppError::LinkExpired)
    ));
}

#[tokio::test]
async fn activating_makes_the_account_joins_the_chosen_hub_as_requested_and_emails_your_account_is_ready(
) {
    let w = world().await;
    let locum = w.active_locum("lena@example.com", Some(&w.hub)).await;
    let hash: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(&locum.id)
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert!(
        w.hasher.verify(PASSWORD.to_string(), hash).await.unwrap(),
        "the password chosen at registration signs in"
    );
    let waiting: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM locum_registrations")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert!(waiting.is_none(), "the waiting hash is cleared");
    assert_eq!(w.emails_with_subject("Your account is ready").await, 1);
    let page = hubs::hub_management(w.cx(), &locum).await.unwrap();
    assert_eq!(page.hubs.len(), 1);
    assert_eq!(page.hubs[0].status, HubStatus::Requested);
    assert_eq!(page.can_add.len(), 1, "the other hub can still be added");
    let told: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'locum_network'",
    )
    .bind(&w.hub_manager.id)
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(told, 1, "the hub's Hub manager is told");
    let mut conn = w.db.pool.acquire().await.unwrap();
    let memberships = crate::org::service::memberships_of(&mut conn, &locum.id)
        .await
        .unwrap();
    assert_eq!(crate::auth::model::home(&memberships), "/hub-management");
}

#[tokio::test]
async fn rejecting_needs_a_reason_emails_it_and_makes_no_account() {
    let w = world().await;
    registration::register(w.cx(), CLIENT, &form("lena@example.com", None))
        .await
        .unwrap();
    registration::verify(w.cx(), &w.verification_token().await)
        .await
        .unwrap();
    let id = w.registration_id("lena@example.com").await;
    let Err(AppError::Invalid(errors)) =
        registration::reject(w.cx(), &w.network_admin, &w.network, &id, "  ").await
    else {
        panic!("a reason is needed");
    };
    assert!(errors.for_field(&reason_field(&id)).is_some());
    registration::reject(
        w.cx(),
        &w.network_admin,
        &w.network,
        &id,
        "We could not find you on the GMC register",
    )
    .await
    .unwrap();
    assert!(w
        .last_body("Your locum registration was not accepted")
        .await
        .contains("We could not find you on the GMC register"));
    assert!(w.user("lena@example.com").await.is_none());
    assert!(
        matches!(
            registration::activate(w.cx(), &w.network_admin, &w.network, &id).await,
            Err(AppError::Conflict(_))
        ),
        "a decided registration stays decided"
    );
    let queue = registration::activation_queue(w.cx(), &w.network)
        .await
        .unwrap();
    assert!(queue.awaiting.is_empty());
    assert_eq!(queue.decided[0].state, RegistrationState::Rejected);
}

#[tokio::test]
async fn an_unverified_registration_cannot_be_activated() {
    let w = world().await;
    registration::register(w.cx(), CLIENT, &form("lena@example.com", None))
        .await
        .unwrap();
    let id = w.registration_id("lena@example.com").await;
    assert!(matches!(
        registration::activate(w.cx(), &w.network_admin, &w.network, &id).await,
        Err(AppError::Conflict(_))
    ));
    assert!(w.user("lena@example.com").await.is_none());
}

#[tokio::test]
async fn registering_again_with_a_known_address_answers_the_same_and_emails_that_address() {
    let w = world().await;
    // An address with an account already.
    registration::register(w.cx(), CLIENT, &form("hub.manager@nhs.net", None))
        .await
        .unwrap();
    assert_eq!(
        w.emails_with_subject("You already have a Gatehouse account")
            .await,
        1
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM locum_registrations").await, 0);
    // A registration awaiting activation.
    registration::register(w.cx(), CLIENT, &form("lena@example.com", None))
        .await
        .unwrap();
    registration::verify(w.cx(), &w.verification_token().await)
        .await
        .unwrap();
    registration::register(w.cx(), CLIENT, &form("LENA@example.com", None))
        .await
        .unwrap();
    assert_eq!(
        w.emails_with_subject("Your locum account is waiting to be activated")
            .await,
        1
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM locum_registrations").await, 1);
}

#[tokio::test]
async fn one_client_address_is_limited_and_one_email_address_gets_few_emails() {
    let mut w = world().await;
    w.config.contact.per_client_per_hour = 2;
    registration::register(w.cx(), CLIENT, &form("a@example.com", None))
        .await
        .unwrap();
    registration::register(w.cx(), CLIENT, &form("b@example.com", None))
        .await
        .unwrap();
    assert!(matches!(
        registration::register(w.cx(), CLIENT, &form("c@example.com", None)).await,
        Err(AppError::TooManyRequests(_))
    ));
    // Another client, the same address again and again: answered the same,
    // but only the first few send anything.
    for i in 0..5 {
        registration::register(
            w.cx(),
            &format!("198.51.100.{i}"),
            &form("b@example.com", None),
        )
        .await
        .unwrap();
    }
    let to_b: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE to_address = 'b@example.com'")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(to_b, registration::EMAILS_PER_ADDRESS_PER_HOUR);
    w.clock.advance_ms(2 * 60 * 60 * 1000);
    registration::register(w.cx(), CLIENT, &form("c@example.com", None))
        .await
        .unwrap();
}

#[tokio::test]
async fn add_hub_is_requested_and_a_hub_cannot_be_added_twice() {
    let w = world().await;
    let locum = w.active_locum("lena@example.com", None).await;
    let page = hubs::hub_management(w.cx(), &locum).await.unwrap();
    assert!(page.hubs.is_empty());
    assert_eq!(page.can_add.len(), 2);
    hubs::add_hub(w.cx(), &locum, &w.other_hub).await.unwrap();
    let page = hubs::hub_management(w.cx(), &locum).await.unwrap();
    assert_eq!(page.hubs[0].status, HubStatus::Requested);
    assert!(matches!(
        hubs::add_hub(w.cx(), &locum, &w.other_hub).await,
        Err(AppError::Conflict(_))
    ));
    let mut conn = w.db.pool.acquire().await.unwrap();
    let elsewhere = fixtures::organisation(&mut conn, OrgKind::Network, "Elsewhere", None).await;
    let foreign =
        fixtures::organisation(&mut conn, OrgKind::Hub, "Foreign hub", Some(&elsewhere)).await;
    drop(conn);
    assert!(
        matches!(
            hubs::add_hub(w.cx(), &locum, &foreign).await,
            Err(AppError::Invalid(_))
        ),
        "only the locum's network's hubs"
    );
}

#[tokio::test]
async fn someone_who_is_not_an_active_locum_cannot_open_hub_management() {
    let w = world().await;
    assert!(matches!(
        hubs::hub_management(w.cx(), &w.hub_manager).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        hubs::add_hub(w.cx(), &w.hub_manager, &w.hub).await,
        Err(AppError::Forbidden)
    ));
}

async fn hub_with_location_and_documents(w: &World) -> (String, String, String) {
    workforce::add_location(
        w.cx(),
        &w.hub_manager,
        &w.hub,
        "Seaton Surgery",
        "1 Quay Street\nSeaton",
    )
    .await
    .unwrap();
    let location: String = sqlx::query_scalar("SELECT id FROM hub_locations")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    for (title, action) in [("Induction pack", "read"), ("Locum agreement", "sign")] {
        workforce::add_document(
            w.cx(),
            &w.hub_manager,
            &w.hub,
            workforce::NewDocumentInput {
                title: title.into(),
                action: action.into(),
                file_name: "doc.pdf".into(),
                file: b"%PDF-1.4 test".to_vec(),
            },
        )
        .await
        .unwrap();
    }
    let read: String = sqlx::query_scalar("SELECT id FROM hub_documents WHERE action = 'read'")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    let sign: String = sqlx::query_scalar("SELECT id FROM hub_documents WHERE action = 'sign'")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    (location, read, sign)
}

#[tokio::test]
async fn a_requested_or_disabled_member_cannot_act_for_the_hub_and_an_enabled_one_can() {
    let w = world().await;
    let (location, read, sign) = hub_with_location_and_documents(&w).await;
    let locum = w.active_locum("lena@example.com", Some(&w.hub)).await;
    // Requested (and their Locum role in the network above): refused.
    assert!(matches!(
        hubs::choose_locations(w.cx(), &locum, &w.hub, std::slice::from_ref(&location)).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        hubs::acknowledge(w.cx(), &locum, &w.hub, &read, "").await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        hubs::document_file(w.cx(), &locum, &w.hub, &read).await,
        Err(AppError::NotFound)
    ));
    let page = hubs::hub_management(w.cx(), &locum).await.unwrap();
    assert!(
        page.hubs[0].documents.is_empty(),
        "a requested hub shows no tasks"
    );

    workforce::set_enabled(w.cx(), &w.hub_manager, &w.hub, &locum.id, true)
        .await
        .unwrap();
    let told: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND title LIKE 'You have been enabled%'",
    )
    .bind(&locum.id)
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(told, 1);
    hubs::choose_locations(w.cx(), &locum, &w.hub, std::slice::from_ref(&location))
        .await
        .unwrap();
    assert_eq!(
        hubs::acknowledge(w.cx(), &locum, &w.hub, &read, "")
            .await
            .unwrap(),
        DocumentAction::Read
    );
    assert!(hubs::document_file(w.cx(), &locum, &w.hub, &read)
        .await
        .is_ok());
    let page = hubs::hub_management(w.cx(), &locum).await.unwrap();
    assert_eq!(page.hubs[0].status, HubStatus::Enabled);
    assert!(page.hubs[0].locations[0].chosen);

    workforce::set_enabled(w.cx(), &w.hub_manager, &w.hub, &locum.id, false)
        .await
        .unwrap();
    assert!(matches!(
        hubs::acknowledge(w.cx(), &locum, &w.hub, &sign, "Lena Locum").await,
        Err(AppError::Forbidden)
    ));
    let page = hubs::hub_management(w.cx(), &locum).await.unwrap();
    assert_eq!(page.hubs[0].status, HubStatus::Disabled);
    assert!(matches!(
        workforce::set_enabled(w.cx(), &w.hub_manager, &w.hub, &locum.id, false).await,
        Err(AppError::Conflict(_))
    ));
}

#[tokio::test]
async fn signing_records_the_typed_name_and_time_once() {
    let w = world().await;
    let (_, read, sign) = hub_with_location_and_documents(&w).await;
    let locum = w.active_locum("lena@example.com", Some(&w.hub)).await;
    workforce::set_enabled(w.cx(), &w.hub_manager, &w.hub, &locum.id, true)
        .await
        .unwrap();
    let Err(AppError::Invalid(errors)) =
        hubs::acknowledge(w.cx(), &locum, &w.hub, &sign, "   ").await
    else {
        panic!("a typed name is needed");
    };
    assert!(errors.for_field(&typed_name_field(&sign)).is_some());
    assert_eq!(
        hubs::acknowledge(w.cx(), &locum, &w.hub, &sign, " Lena  Locum ")
            .await
            .unwrap(),
        DocumentAction::Sign
    );
    assert!(matches!(
        hubs::acknowledge(w.cx(), &locum, &w.hub, &sign, "Lena Locum").await,
        Err(AppError::Conflict(_))
    ));
    let page = workforce::workforce(w.cx(), &w.hub).await.unwrap();
    let signed = page.documents.iter().find(|d| d.id == sign).unwrap();
    assert_eq!(signed.done_by[0].typed_name.as_deref(), Some("Lena Locum"));
    assert!(!signed.done_by[0].when.is_empty());
    let unread = page.documents.iter().find(|d| d.id == read).unwrap();
    assert!(unread.done_by.is_empty());
}

#[tokio::test]
async fn the_hub_workforce_shows_each_locums_profile_status_and_locations() {
    let w = world().await;
    let (location, _, _) = hub_with_location_and_documents(&w).await;
    let locum = w.active_locum("lena@example.com", Some(&w.hub)).await;
    let page = workforce::workforce(w.cx(), &w.hub).await.unwrap();
    assert_eq!(page.members.len(), 1);
    let member = &page.members[0];
    assert_eq!(member.status, HubStatus::Requested);
    assert_eq!(member.profession, "GP");
    assert_eq!(member.registration_number, "1234567");
    assert_eq!(member.mobile, "07700 900 123");
    workforce::set_enabled(w.cx(), &w.hub_manager, &w.hub, &locum.id, true)
        .await
        .unwrap();
    hubs::choose_locations(w.cx(), &locum, &w.hub, &[location])
        .await
        .unwrap();
    let page = workforce::workforce(w.cx(), &w.hub).await.unwrap();
    assert_eq!(
        page.members[0].locations,
        vec!["Seaton Surgery".to_string()]
    );
    assert!(
        matches!(
            workforce::workforce(w.cx(), &w.network).await,
            Err(AppError::NotFound)
        ),
        "a network is not a hub"
    );
    let profile = hubs::profile(w.cx(), &locum).await.unwrap();
    assert_eq!(profile.registration_label, "GMC number");
    assert_eq!(profile.hubs.len(), 1);
}

#[tokio::test]
async fn hubs_locations_and_documents_refuse_bad_input_and_keep_nothing() {
    let w = world().await;
    let Err(AppError::Invalid(errors)) =
        workforce::add_location(w.cx(), &w.hub_manager, &w.hub, "", "").await
    else {
        panic!("expected errors");
    };
    assert!(errors.for_field("location_name").is_some() && errors.for_field("address").is_some());
    workforce::add_location(w.cx(), &w.hub_manager, &w.hub, "Seaton", "1 Quay Street")
        .await
        .unwrap();
    assert!(matches!(
        workforce::add_location(w.cx(), &w.hub_manager, &w.hub, "seaton", "2 Quay Street").await,
        Err(AppError::Invalid(_))
    ));
    let Err(AppError::Invalid(errors)) = workforce::add_document(
        w.cx(),
        &w.hub_manager,
        &w.hub,
        workforce::NewDocumentInput {
            title: "Agreement".into(),
            action: "shred".into(),
            file_name: "a.png".into(),
            file: b"\x89PNG\r\n\x1a\nrest".to_vec(),
        },
    )
    .await
    else {
        panic!("expected errors");
    };
    assert!(errors.for_field("action").is_some() && errors.for_field("file").is_some());
    assert_eq!(w.count("SELECT COUNT(*) FROM hub_documents").await, 0);
    assert_eq!(w.count("SELECT COUNT(*) FROM files").await, 0);
    let hub = workforce::add_hub(w.cx(), &w.network_admin, &w.network, " Downs  PCN ")
        .await
        .unwrap();
    assert!(matches!(
        workforce::add_hub(w.cx(), &w.network_admin, &w.network, "downs pcn").await,
        Err(AppError::Invalid(_))
    ));
    assert!(matches!(
        workforce::add_hub(w.cx(), &w.network_admin, &w.hub, "Sub hub").await,
        Err(AppError::NotFound)
    ));
    let page = registration::registration_page(w.cx()).await.unwrap();
    assert!(page
        .hubs
        .iter()
        .any(|h| h.id == hub && h.name == "Downs PCN"));
}
