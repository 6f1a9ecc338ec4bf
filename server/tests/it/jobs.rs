//! The job pages over HTTP as a browser without WebAssembly uses them:
//! "Cancel" asks first on the server-rendered page, and the plain form post
//! cancels a queued job and lands back on its page.

use app::jobs::kinds::KINDS;
use app::jobs::service::{enqueue, NewJob};
use app::org::model::Role;
use app::server::clock::HOUR_MS;
use app::server::fixtures;
use app::server::Clock;

use crate::common::{location, person_with_password, plain_post, signed_in_client, spawn_app};

const PASSWORD: &str = "a long enough password";

#[tokio::test]
async fn cancelling_a_queued_job_asks_first_and_works_as_a_plain_form_post() {
    let app = spawn_app().await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let practice = fixtures::practice(&mut conn, "Practice A", None).await;
    drop(conn);
    let admin = person_with_password(
        &app,
        "admin@nhs.net",
        "Alex Admin",
        PASSWORD,
        &[(&practice, Role::PracticeAdmin)],
    )
    .await;
    // A job that will not run for an hour.
    let now = app.clock.now_ms();
    let job = app
        .state
        .db
        .transaction(async |tx| {
            enqueue(
                tx,
                now,
                NewJob {
                    kind: &KINDS[0],
                    payload: "{}".into(),
                    organisation_id: Some(&practice),
                    requested_by: Some(&admin),
                    key: None,
                    run_at: now + HOUR_MS,
                    total: 3,
                },
            )
            .await
        })
        .await
        .unwrap()
        .id;
    let client = signed_in_client(&app, "admin@nhs.net", PASSWORD).await;
    let page_path = format!("/organisations/{practice}/jobs/{job}");
    let page = client.get(app.url(&page_path)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Bulk staff invite"), "{html}");
    assert!(html.contains("Queued"));
    assert!(html.contains("?confirm=cancel#cancel-question"));
    assert!(!html.contains("Cancel this job?"));

    let asked = client
        .get(app.url(&format!("{page_path}?confirm=cancel")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(asked.contains("Cancel this job?"), "{asked}");
    assert!(asked.contains("Yes, cancel the job"));
    assert!(asked.contains("No, let it run"));

    let posted = plain_post(
        &client,
        &app,
        "cancel_job",
        &page_path,
        &[
            ("organisation_id", practice.as_str()),
            ("job_id", job.as_str()),
        ],
    )
    .await;
    assert_eq!(posted.status(), 303);
    assert_eq!(location(&posted), format!("{page_path}?cancelled=1"));
    let state: String = sqlx::query_scalar("SELECT state FROM jobs WHERE id = $1")
        .bind(&job)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(state, "cancelled");
    let after = client
        .get(app.url(&format!("{page_path}?cancelled=1")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(after.contains("Cancel requested"));
    assert!(after.contains("Cancelled"));
    assert!(
        !after.contains("?confirm=cancel"),
        "no Cancel on a cancelled job"
    );
}
