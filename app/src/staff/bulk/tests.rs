//! The rules of the bulk invite, on a fresh database (SQLite, or
//! PostgreSQL when TEST_POSTGRES_URL is set).
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::service::*;
use crate::error::AppError;
use crate::org::model::Role;
use crate::staff::testing::*;

#[tokio::test]
async fn a_bulk_file_is_previewed_row_by_row_and_only_valid_rows_are_sent() {
    let w = world().await;
    w.person("held@nhs.net", &w.practice, Role::Nurse).await;
    let file = "email,role,EMIS username\n\
                one@nhs.net,Receptionist,\n\
                bad-address,GP,\n\
                \n\
                two@nhs.net,Wizard,\n\
                held@nhs.net,nurse,\n\
                one@nhs.net,receptionist,\n\
                three@leeds.nhs.uk,Care navigator,C3\n";
    let preview = preview_bulk_invites(w.cx(), &w.practice, file)
        .await
        .unwrap();
    let errors: Vec<Option<&str>> = preview.rows.iter().map(|r| r.error.as_deref()).collect();
    assert_eq!(errors.len(), 7);
    assert_eq!(errors[0], None);
    assert!(errors[1].unwrap().contains("correct format"));
    assert_eq!(errors[2], Some("Row is empty"));
    assert_eq!(errors[3], Some(role_message().as_str()));
    assert!(role_message().starts_with("Role must be one of: "));
    assert!(role_message().contains("Receptionist"));
    assert_eq!(errors[4], Some("Already registered as Nurse"));
    assert_eq!(
        errors[5],
        Some("The same email and role appear earlier in the file")
    );
    assert_eq!(errors[6], None);
    assert_eq!(preview.ready, 2);
    assert_eq!(preview.allowance, 500);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM invites").await,
        0,
        "a preview changes nothing"
    );

    let results = send_bulk_invites(w.cx(), &w.admin, &w.practice, file, 1, 100)
        .await
        .unwrap();
    let sent: Vec<&str> = results
        .iter()
        .filter(|r| r.error.is_none())
        .map(|r| r.email.as_str())
        .collect();
    assert_eq!(sent, ["one@nhs.net", "three@leeds.nhs.uk"]);
    assert_eq!(w.count("SELECT COUNT(*) FROM outbox").await, 2);

    let wrong = preview_bulk_invites(w.cx(), &w.practice, "name,job\nx,y\n")
        .await
        .unwrap_err();
    assert!(wrong
        .field_errors()
        .for_field("file")
        .unwrap()
        .starts_with("The first row must be the column names"));
    let mut huge = String::from("email,role,EMIS username\n");
    for i in 0..10_000 {
        huge.push_str(&format!("p{i}@nhs.net,GP,\n"));
    }
    let too_many = preview_bulk_invites(w.cx(), &w.practice, &huge)
        .await
        .unwrap_err();
    assert_eq!(
        too_many.field_errors().for_field("file").as_deref(),
        Some("The file has 10,000 rows. Upload a file with 1,000 rows or fewer")
    );
}

#[tokio::test]
async fn a_bulk_batch_that_would_pass_the_hourly_limit_sends_nothing() {
    let mut w = world().await;
    w.config.staff.invites_per_hour = 1;
    let file = "email,role,EMIS username\na@nhs.net,GP,\nb@nhs.net,GP,\n";
    let result = send_bulk_invites(w.cx(), &w.admin, &w.practice, file, 1, 10).await;
    assert!(matches!(result, Err(AppError::Conflict(_))));
    assert_eq!(w.count("SELECT COUNT(*) FROM invites").await, 0);
}
