//! The rules of registering a practice and its details, on a fresh
//! database (SQLite, or PostgreSQL when TEST_POSTGRES_URL is set).
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::service::*;
use crate::error::AppError;
use crate::staff::invitations::service::*;
use crate::staff::model::ClinicalSystem;
use crate::staff::testing::*;

#[tokio::test]
async fn emis_usernames_are_kept_only_for_emis_web_practices() {
    let w = world().await;
    invite_staff(
        w.cx(),
        &w.admin,
        &w.practice,
        "a@nhs.net",
        "gp",
        "AUSER",
        Delivery::Link,
    )
    .await
    .unwrap();
    w.use_emis_web().await;
    invite_staff(
        w.cx(),
        &w.admin,
        &w.practice,
        "b@nhs.net",
        "gp",
        " BUSER ",
        Delivery::Link,
    )
    .await
    .unwrap();
    let stored: Vec<Option<String>> =
        sqlx::query_scalar("SELECT emis_username FROM invites ORDER BY email")
            .fetch_all(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, [None, Some("BUSER".to_string())]);
    let error = update_practice(w.cx(), &w.admin, &w.practice, " ", "nonsense", "", "12")
        .await
        .unwrap_err();
    assert_eq!(error.field_errors().0.len(), 3);
}

#[tokio::test]
async fn a_practice_saves_the_address_and_phone_patients_see_and_a_bad_number_changes_nothing() {
    let w = world().await;
    update_practice(
        w.cx(),
        &w.admin,
        &w.practice,
        "Riverside Surgery",
        "other",
        " 1 Quay Street\n\nSeaton SE1 1AA ",
        "01632 960 001",
    )
    .await
    .unwrap();
    let details = practice_details(w.cx(), &w.practice).await.unwrap();
    assert_eq!(
        (details.address.as_str(), details.phone.as_str()),
        ("1 Quay Street\nSeaton SE1 1AA", "01632 960 001")
    );
    let refused = update_practice(
        w.cx(),
        &w.admin,
        &w.practice,
        "Renamed",
        "other",
        "",
        "call us",
    )
    .await
    .unwrap_err();
    assert_eq!(
        refused.field_errors().for_field("phone").as_deref(),
        Some("Enter a phone number, like 01632 960 001")
    );
    let unchanged = practice_details(w.cx(), &w.practice).await.unwrap();
    assert_eq!(
        (unchanged.name.as_str(), unchanged.phone.as_str()),
        ("Riverside Surgery", "01632 960 001")
    );
}

#[tokio::test]
async fn a_network_administrator_registers_a_practice_and_invites_its_admin_together() {
    let w = world().await;
    let (practice_id, outcome) = register_practice(
        w.cx(),
        &w.admin,
        &w.network,
        "Meadow View",
        "m12 345",
        "emis_web",
        "lead@nhs.net",
    )
    .await
    .unwrap();
    assert_eq!(outcome.role_label, "Practice admin");
    let details = practice_details(w.cx(), &practice_id).await.unwrap();
    assert_eq!(details.ods_code.as_deref(), Some("M12345"));
    assert_eq!(details.clinical_system, ClinicalSystem::EmisWeb);
    assert_eq!(w.emailed_links("lead@nhs.net").await.len(), 1);

    let duplicate = register_practice(
        w.cx(),
        &w.admin,
        &w.network,
        "Again",
        "M12345",
        "other",
        "x@nhs.net",
    )
    .await
    .unwrap_err();
    assert!(duplicate.field_errors().for_field("ods_code").is_some());
    let bad = register_practice(w.cx(), &w.admin, &w.network, "", "12", "", "x@gmail.com")
        .await
        .unwrap_err();
    let fields: Vec<String> = bad.field_errors().0.into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["name", "ods_code", "clinical_system", "email"]);
    let under_a_practice = register_practice(
        w.cx(),
        &w.admin,
        &w.practice,
        "Child",
        "C12345",
        "other",
        "x@nhs.net",
    )
    .await;
    assert!(matches!(under_a_practice, Err(AppError::Conflict(_))));
    assert_eq!(w.count("SELECT COUNT(*) FROM organisations").await, 4);
}
