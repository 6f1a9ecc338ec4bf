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

    let (job, _) = start_bulk_invite(w.cx(), &w.admin, &w.practice, file, &preview.submission)
        .await
        .unwrap();
    // Pressing "Send" again (or posting the page twice) finds the same job.
    let (again, _) = start_bulk_invite(w.cx(), &w.admin, &w.practice, file, &preview.submission)
        .await
        .unwrap();
    assert_eq!(job, again);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM invites").await,
        0,
        "nothing is sent until the job runs"
    );
    let report = run_jobs(&w).await;
    assert_eq!(report.done, 1);
    let sent: Vec<String> = sqlx::query_scalar("SELECT email FROM invites ORDER BY email")
        .fetch_all(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(sent, ["one@nhs.net", "three@leeds.nhs.uk"]);
    assert_eq!(w.count("SELECT COUNT(*) FROM outbox").await, 2);
    let shown = crate::jobs::service::job(
        w.cx(),
        &crate::jobs::kinds::KINDS,
        &w.admin,
        &w.practice,
        &job,
    )
    .await
    .unwrap();
    assert_eq!(shown.state, crate::jobs::model::JobState::Done);
    assert_eq!((shown.done, shown.total), (2, 2));
    assert_eq!(shown.message, "Sent 2 of 2 invites");
    assert_eq!(shown.detail_heading, "Rows not sent");
    assert_eq!(shown.detail.len(), 5, "{:?}", shown.detail);
    assert!(shown.detail[0].starts_with("Row 3 (bad-address): "));
    assert_eq!(
        w.count("SELECT COUNT(*) FROM activity_log WHERE event = 'job_started'")
            .await,
        1
    );

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
async fn a_bulk_file_over_the_hourly_limit_starts_no_job() {
    let mut w = world().await;
    w.config.staff.invites_per_hour = 1;
    let file = "email,role,EMIS username\na@nhs.net,GP,\nb@nhs.net,GP,\n";
    let result = start_bulk_invite(w.cx(), &w.admin, &w.practice, file, "key-1").await;
    assert!(matches!(result, Err(AppError::Conflict(_))));
    assert_eq!(w.count("SELECT COUNT(*) FROM jobs").await, 0);
    assert_eq!(w.count("SELECT COUNT(*) FROM invites").await, 0);
}

#[tokio::test]
async fn a_bulk_invite_goes_on_in_batches_and_stops_when_its_sender_may_no_longer_invite() {
    let w = world().await;
    let mut file = String::from("email,role,EMIS username\n");
    for i in 0..120 {
        file.push_str(&format!("p{i}@nhs.net,GP,\n"));
    }
    let (job, _) = start_bulk_invite(w.cx(), &w.admin, &w.practice, &file, "key-2")
        .await
        .unwrap();
    let nothing = |_: &crate::jobs::service::JobChange| {};
    let runner = crate::jobs::service::Runner {
        cx: w.cx(),
        kinds: &crate::jobs::kinds::KINDS,
        id: "runner".into(),
        changed: &nothing,
    };
    let claimed = runner.claim(1).await.unwrap();
    assert_eq!(runner.run_batch(&claimed[0]).await, None);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM invites").await,
        50,
        "one batch of 50"
    );
    // The sender loses the right to invite staff: the next batch refuses.
    sqlx::query("UPDATE memberships SET status = 'disabled' WHERE user_id = $1")
        .bind(&w.admin.id)
        .execute(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(
        runner.run_claimed(claimed[0].clone()).await,
        crate::jobs::service::Ended::Failed
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM invites").await, 50);
    let error: Option<String> = sqlx::query_scalar("SELECT last_error FROM jobs WHERE id = $1")
        .bind(&job)
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(
        error.as_deref(),
        Some("The person who started this job may no longer invite staff here")
    );
}

async fn run_jobs(w: &World) -> crate::jobs::service::RunReport {
    let nothing = |_: &crate::jobs::service::JobChange| {};
    crate::jobs::service::Runner {
        cx: w.cx(),
        kinds: &crate::jobs::kinds::KINDS,
        id: "runner".into(),
        changed: &nothing,
    }
    .run_due(16)
    .await
    .unwrap()
}
