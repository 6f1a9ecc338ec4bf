//! The request inbox pages over HTTP, as a browser gets them before its
//! code runs: the seed's example of a GP in three practices, a person of one
//! practice who never sees the others', the public contact form, and the
//! live updates of open inbox pages.

use app::auth::model::CurrentUser;
use app::org::model::OrgKind;
use app::org::model::Role;
use app::requests::contact::model::NewRequest;
use app::requests::contact::service::log_phone_request;
use app::requests::request::service::{assign, mark_urgent, Assignee};
use app::server::fixtures;

use crate::common::{
    location, person_with_password, plain_post, signed_in_client, spawn_app, TestApp,
};

const PASSWORD: &str = "a long enough password";

async fn practice(app: &TestApp, name: &str) -> app::ids::OrgId {
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let id = fixtures::practice(&mut conn, name, None).await;
    sqlx::query("UPDATE organisations SET all_practices_inbox = 1 WHERE id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await
        .unwrap();
    id
}

async fn person(
    app: &TestApp,
    email: &str,
    name: &str,
    roles: &[(&app::ids::OrgId, Role)],
) -> CurrentUser {
    let id = person_with_password(app, email, name, PASSWORD, roles).await;
    CurrentUser {
        id,
        name: name.into(),
        email: email.into(),
        memberships: vec![],
        organisation_id: None,
        unread_notifications: 0,
    }
}

async fn browser(app: &TestApp, email: &str) -> reqwest::Client {
    signed_in_client(app, email, PASSWORD).await
}

/// A medical request from Pat Patient (pat@example.com), born 1 February
/// 1970.
pub(crate) fn request(description: &str) -> NewRequest {
    NewRequest {
        patient_name: "Pat Patient".into(),
        dob_day: "1".into(),
        dob_month: "2".into(),
        dob_year: "1970".into(),
        email: "pat@example.com".into(),
        kind: "medical".into(),
        description: description.into(),
        ..Default::default()
    }
}

/// The requests a page lists, by reference, in page order.
fn listed(html: &str) -> Vec<String> {
    html.split("data-request=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

struct Seed {
    app: TestApp,
    practices: Vec<app::ids::OrgId>,
    /// References of the five requests, in the order they arrived.
    references: Vec<String>,
}

/// The seed's example: a GP with staff roles in three practices that
/// enabled the All Practices view, five requests assigned to them across
/// the three, one urgent; a receptionist of practice 2 only.
async fn seed() -> Seed {
    let app = spawn_app().await;
    let mut practices = Vec::new();
    for name in ["Practice 1", "Practice 2", "Practice 3"] {
        practices.push(practice(&app, name).await);
    }
    let roles: Vec<(&app::ids::OrgId, Role)> = practices.iter().map(|p| (p, Role::Gp)).collect();
    let gp = person(&app, "gp@nhs.net", "Dr Grace Patel", &roles).await;
    person(
        &app,
        "reception@nhs.net",
        "Rita Reception",
        &[(&practices[1], Role::Receptionist)],
    )
    .await;
    let clock = app.clock.clone();
    let mut ids = Vec::new();
    for (n, practice) in [0, 1, 1, 2, 2].into_iter().enumerate() {
        clock.advance_ms(60_000);
        let id = log_phone_request(
            app.state.cx(),
            &gp,
            &practices[practice],
            &request(&format!("Request {}", n + 1)),
        )
        .await
        .unwrap();
        assign(app.state.cx(), &gp, &id, &Assignee::Person(gp.id.clone()))
            .await
            .unwrap();
        ids.push(id);
    }
    mark_urgent(app.state.cx(), &gp, &ids[3], true)
        .await
        .unwrap();
    let mut references = Vec::new();
    for id in &ids {
        let reference: String = sqlx::query_scalar("SELECT reference FROM requests WHERE id = $1")
            .bind(id)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        references.push(reference);
    }
    Seed {
        app,
        practices,
        references,
    }
}

#[tokio::test]
async fn the_all_practices_inbox_lists_a_gps_five_requests_from_three_practices_with_the_urgent_one_on_top(
) {
    let seed = seed().await;
    let gp = browser(&seed.app, "gp@nhs.net").await;
    let page = gp.get(seed.app.url("/inbox")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let r = &seed.references;
    assert_eq!(
        listed(&html),
        [
            r[3].clone(),
            r[0].clone(),
            r[1].clone(),
            r[2].clone(),
            r[4].clone()
        ],
        "urgent first, then oldest first"
    );
    assert!(html.contains("My Inbox - All Practices (5 requests)"));
    // The list shows who and what kind, not what the patient wrote: the
    // page (and the data it hydrates from) carries no description.
    assert!(html.contains("Pat Patient"));
    for n in 1..=5 {
        let description = format!("Request {n}");
        assert!(!html.contains(&description), "{description} is not sent");
    }
    for line in [
        "Practice 1 (1 request)",
        "Practice 2 (2 requests)",
        "Practice 3 (2 requests)",
    ] {
        assert!(html.contains(line), "the navigation shows {line}");
    }

    // Filtered to one practice's "My inbox": only its two.
    let mine = format!("/inbox?view=mine&target={}", seed.practices[2]);
    let html = page_html(&gp, &seed.app, &mine).await;
    assert_eq!(listed(&html), [r[3].clone(), r[4].clone()]);
}

#[tokio::test]
async fn complete_request_asks_first_and_the_question_is_a_plain_page_without_webassembly() {
    let seed = seed().await;
    let gp = browser(&seed.app, "gp@nhs.net").await;
    let id: String = sqlx::query_scalar("SELECT id FROM requests WHERE reference = $1")
        .bind(&seed.references[0])
        .fetch_one(&seed.app.state.db.pool)
        .await
        .unwrap();
    let page = |query: &'static str| {
        let (gp, url) = (gp.clone(), seed.app.url(&format!("/requests/{id}{query}")));
        async move { gp.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let plain = page("").await;
    assert!(plain.contains(&format!(
        "href=\"/requests/{id}?confirm=complete#complete-question\""
    )));
    assert!(!plain.contains("Yes, complete the request"));
    let asking = page("?confirm=complete").await;
    assert!(asking.contains("Complete this request?"));
    assert!(asking.contains("Yes, complete the request"));
    assert!(asking.contains("action=\"/api/complete_request\""));
    assert!(asking.contains("No, keep it open"));
    // Asking changed nothing.
    let status: String = sqlx::query_scalar("SELECT status FROM requests WHERE id = $1")
        .bind(&id)
        .fetch_one(&seed.app.state.db.pool)
        .await
        .unwrap();
    assert_ne!(status, "completed");
}

#[tokio::test]
async fn a_person_of_one_practice_never_sees_another_practices_requests() {
    let seed = seed().await;
    let receptionist = browser(&seed.app, "reception@nhs.net").await;
    let html = page_html(&receptionist, &seed.app, "/inbox").await;
    // One practice: its own inboxes, and no All Practices view to repeat them.
    assert!(html.contains("My inbox (0 requests)"));
    assert!(!html.contains("All Practices"));
    assert!(!html.contains("Practice 1") && !html.contains("Practice 3"));
    for reference in &seed.references {
        assert!(!html.contains(reference.as_str()));
    }
    // Another practice's queue, asked for by address, is refused.
    let other = format!("/inbox?view=unassigned&target={}", seed.practices[0]);
    let page = receptionist.get(seed.app.url(&other)).send().await.unwrap();
    assert_eq!(page.status(), 403);
    // A request of another practice is not there for them.
    let id: String = sqlx::query_scalar("SELECT id FROM requests WHERE reference = $1")
        .bind(&seed.references[0])
        .fetch_one(&seed.app.state.db.pool)
        .await
        .unwrap();
    let page = receptionist
        .get(seed.app.url(&format!("/requests/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
}

#[tokio::test]
async fn the_contact_form_is_public_for_a_practice_and_not_found_for_anything_else() {
    let seed = seed().await;
    let page = seed
        .app
        .get(&format!("/practices/{}/contact", seed.practices[0]))
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Contact your practice") && html.contains("Practice 1"));
    assert!(html.contains("name=\"request[patient_name]\""));
    let page = seed.app.get("/practices/no-such-practice/contact").await;
    assert_eq!(page.status(), 404);
}

/// Reads the event stream until an event named `name` arrives.
async fn wait_for_event(stream: &mut reqwest::Response, seen: &mut String, name: &str) {
    let marker = format!("event: {name}");
    while !seen.contains(&marker) {
        let chunk = stream
            .chunk()
            .await
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    seen.clear();
}

/// A browser of `email`'s own with an inbox page's live stream open, once
/// the stream says "ready"; and what it has said since.
async fn open_inbox_stream(
    app: &TestApp,
    email: &str,
) -> (reqwest::Client, reqwest::Response, String) {
    let page = browser(app, email).await;
    let mut stream = page.get(app.url("/inbox/events")).send().await.unwrap();
    assert_eq!(stream.status(), 200);
    let mut seen = String::new();
    wait_for_event(&mut stream, &mut seen, "ready").await;
    (page, stream, seen)
}

#[tokio::test]
async fn a_browser_that_accepts_compression_gets_its_live_stream_uncompressed_so_nothing_waits_in_a_buffer(
) {
    let seed = seed().await;
    let page = browser(&seed.app, "reception@nhs.net").await;
    let mut stream = page
        .get(seed.app.url("/inbox/events"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    assert!(stream.headers().get("content-encoding").is_none());
    let mut seen = String::new();
    wait_for_event(&mut stream, &mut seen, "ready").await;
}

/// Sam Sender asks `practice` for a fit note through its public contact form.
async fn ask_for_a_fit_note(app: &TestApp, practice: &app::ids::OrgId) -> reqwest::Response {
    app.call(
        "submit_contact_form",
        &[
            ("organisation_id", practice.as_str()),
            ("request[patient_name]", "Sam Sender"),
            ("request[dob_day]", "3"),
            ("request[dob_month]", "4"),
            ("request[dob_year]", "1990"),
            ("request[nhs_number]", ""),
            ("request[email]", "sam@example.com"),
            ("request[phone]", ""),
            ("request[kind]", "admin"),
            ("request[description]", "A fit note please"),
        ],
    )
    .await
}

#[tokio::test]
async fn an_open_inbox_page_hears_at_once_that_a_new_request_arrived_in_its_practice() {
    let seed = seed().await;
    let (receptionist, mut stream, mut seen) =
        open_inbox_stream(&seed.app, "reception@nhs.net").await;

    let submitted = ask_for_a_fit_note(&seed.app, &seed.practices[1]).await;
    assert_eq!(submitted.status(), 200);
    wait_for_event(&mut stream, &mut seen, "changed").await;

    // The page then reloads and finds it in the unassigned queue.
    let queue = format!("/inbox?view=unassigned&target={}", seed.practices[1]);
    let html = page_html(&receptionist, &seed.app, &queue).await;
    assert_eq!(listed(&html).len(), 1);
    assert!(html.contains("Sam Sender"));
}

#[tokio::test]
async fn on_postgresql_a_request_sent_through_one_server_process_reaches_inbox_pages_served_by_another(
) {
    let seed = seed().await;
    if seed.app.state.db.backend != app::server::db::Backend::Postgres {
        // One process serves a SQLite database; there is nothing to relay.
        return;
    }
    let other = crate::common::spawn_another_server(&seed.app).await;
    let (_receptionist, mut stream, mut seen) =
        open_inbox_stream(&other, "reception@nhs.net").await;
    let submitted = ask_for_a_fit_note(&seed.app, &seed.practices[1]).await;
    assert_eq!(submitted.status(), 200);
    wait_for_event(&mut stream, &mut seen, "changed").await;
}

#[tokio::test]
async fn live_updates_need_a_signed_in_member_of_staff() {
    let seed = seed().await;
    let anonymous = seed.app.get("/inbox/events").await;
    assert_eq!(anonymous.status(), 401);
    person(
        &seed.app,
        "admin@nhs.net",
        "Ada Admin",
        &[(&seed.practices[0], Role::PracticeAdmin)],
    )
    .await;
    let admin = browser(&seed.app, "admin@nhs.net").await;
    let refused = admin
        .get(seed.app.url("/inbox/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn open_event_streams_end_when_the_server_shuts_down_so_shutdown_never_waits_on_them() {
    let seed = seed().await;
    let gp = browser(&seed.app, "gp@nhs.net").await;
    let mut stream = gp.get(seed.app.url("/inbox/events")).send().await.unwrap();
    let mut seen = String::new();
    wait_for_event(&mut stream, &mut seen, "ready").await;
    seed.app.state.events.close();
    while let Some(chunk) = stream.chunk().await.unwrap() {
        assert!(
            !String::from_utf8_lossy(&chunk).contains("event: changed"),
            "nothing changed"
        );
    }
}

#[tokio::test]
async fn an_empty_contact_form_says_what_each_field_needs_and_stores_nothing() {
    let seed = seed().await;
    // An unticked radio sends nothing at all.
    let response = seed
        .app
        .call(
            "submit_contact_form",
            &[
                ("organisation_id", seed.practices[0].as_str()),
                ("request[patient_name]", ""),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    for message in [
        "Enter your full name",
        "Enter your date of birth",
        "Select whether this is a medical or an admin request",
        "Enter what you need help with",
    ] {
        assert!(body.contains(message), "{message} in {body}");
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests WHERE source = 'online'")
        .fetch_one(&seed.app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

/// The access rule: a Hub manager's HandleRequests is for the hub itself.
/// Through the hub they manage a practice's staff, but they log a request
/// for it only with a staff role of their own there (the server function's
/// check and the service now give the same answer).
#[tokio::test]
async fn a_hub_manager_logs_a_phone_request_for_a_practice_only_with_a_staff_role_there() {
    let app = spawn_app().await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let network = fixtures::organisation(&mut conn, OrgKind::Network, "Network", None).await;
    let hub = fixtures::organisation(&mut conn, OrgKind::Hub, "Hub", Some(&network)).await;
    let practice = fixtures::practice(&mut conn, "Practice", Some(&hub)).await;
    drop(conn);
    let manager = person(
        &app,
        "manager@nhs.net",
        "Hana Hub",
        &[(&hub, Role::HubManager)],
    )
    .await;
    let client = browser(&app, "manager@nhs.net").await;
    let log = |client: reqwest::Client| {
        let url = app.url("/api/log_phone_request");
        let origin = app.state.config.base_url.clone();
        let practice = practice.clone();
        async move {
            client
                .post(url)
                .header("accept", "application/json")
                .header("origin", origin)
                .form(&[
                    ("organisation_id", practice.as_str()),
                    ("request[patient_name]", "Pat Patient"),
                    ("request[dob_day]", "1"),
                    ("request[dob_month]", "2"),
                    ("request[dob_year]", "1970"),
                    ("request[email]", "pat@example.com"),
                    ("request[kind]", "admin"),
                    ("request[description]", "A fit note"),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let stored = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM requests")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap()
    };

    assert_eq!(log(client.clone()).await.status(), 403);
    assert_eq!(stored().await, 0);

    let mut conn = app.state.db.pool.acquire().await.unwrap();
    fixtures::member(&mut conn, &manager.id, &practice, Role::Gp).await;
    drop(conn);
    let response = log(client).await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(stored().await, 1);
}

#[tokio::test]
async fn a_burst_of_parallel_contact_form_posts_stores_every_one_and_never_says_database_is_locked()
{
    let app = crate::common::spawn_app_with(&[
        ("CONTACT_PER_CLIENT_PER_HOUR", "100000"),
        ("CONTACT_PER_PRACTICE_PER_HOUR", "100000"),
    ])
    .await;
    let practice = practice(&app, "Riverside Practice").await;
    // 8 posting at a time, 200 in all, as the attacker's burst was.
    let (posts, parallel) = (200usize, 8usize);
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..parallel {
        let (next, url, origin, practice) = (
            next.clone(),
            app.url("/api/submit_contact_form"),
            app.state.config.base_url.clone(),
            practice.to_string(),
        );
        set.spawn(async move {
            let client = reqwest::Client::new();
            let mut statuses = Vec::new();
            while next.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < posts {
                let status = client
                    .post(&url)
                    .header("accept", "application/json")
                    .header("origin", &origin)
                    .form(&[
                        ("organisation_id", practice.as_str()),
                        ("request[patient_name]", "Sam Sender"),
                        ("request[dob_day]", "3"),
                        ("request[dob_month]", "4"),
                        ("request[dob_year]", "1980"),
                        ("request[email]", "sam@example.com"),
                        ("request[kind]", "admin"),
                        ("request[description]", "Please send a copy of my letter"),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16();
                statuses.push(status);
            }
            statuses
        });
    }
    let statuses: Vec<u16> = set.join_all().await.into_iter().flatten().collect();
    let failed: Vec<&u16> = statuses.iter().filter(|s| **s != 200).collect();
    assert!(
        failed.is_empty(),
        "{} of {posts} failed: {failed:?}",
        failed.len()
    );
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM requests WHERE organisation_id = $1")
            .bind(&practice)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(stored, posts as i64);
}

#[tokio::test]
async fn an_open_live_update_stream_ends_when_its_person_signs_out_of_all_devices() {
    let seed = seed().await;
    let (_page, mut stream, mut seen) = open_inbox_stream(&seed.app, "reception@nhs.net").await;

    // The same person, on another device: "Sign out of all devices".
    let other_device = browser(&seed.app, "reception@nhs.net").await;
    let signed_out = other_device
        .post(seed.app.url("/api/sign_out_everywhere"))
        .header("accept", "application/json")
        .header("origin", seed.app.state.config.base_url.as_str())
        .send()
        .await
        .unwrap();
    assert!(signed_out.status().is_success() || signed_out.status().is_redirection());

    // The stream ends (no more chunks), rather than carrying on to hear
    // the practice's changes.
    let ended = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await;
    assert!(ended.is_ok(), "the stream is still open: {seen}");
}

/// The HTML of a page as `client` gets it.
async fn page_html(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn without_webassembly_sign_in_takes_staff_to_their_inbox_or_to_the_page_they_asked_for() {
    let seed = seed().await;
    let app = &seed.app;
    let form = [
        ("email", "reception@nhs.net"),
        ("password", PASSWORD),
        ("next", ""),
    ];
    let response = plain_post(&app.client, app, "sign_in", "/sign-in", &form).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/inbox");

    let mut asked = form;
    asked[2] = ("next", "/requests/some-request");
    let response = plain_post(&app.client, app, "sign_in", "/sign-in", &asked).await;
    assert_eq!(location(&response), "/requests/some-request");

    // A page of another site is never followed.
    asked[2] = ("next", "//evil.example/inbox");
    let response = plain_post(&app.client, app, "sign_in", "/sign-in", &asked).await;
    assert_eq!(location(&response), "/inbox");

    // The hydrated page is answered with the page to go to, not sent there.
    let response = app.call("sign_in", &form[..2]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<String>().await.unwrap(), "/inbox");
}

#[tokio::test]
async fn without_webassembly_the_contact_form_lands_on_request_sent_with_its_reference() {
    let seed = seed().await;
    let app = &seed.app;
    let practice = seed.practices[0].as_str();
    let from = format!("/practices/{practice}/contact");
    let response = plain_post(
        &app.client,
        app,
        "submit_contact_form",
        &from,
        &[
            ("organisation_id", practice),
            ("request[patient_name]", "Pat Patient"),
            ("request[dob_day]", "1"),
            ("request[dob_month]", "2"),
            ("request[dob_year]", "1970"),
            ("request[nhs_number]", ""),
            ("request[email]", "pat@example.com"),
            ("request[phone]", ""),
            ("request[kind]", "admin"),
            ("request[description]", "A fit note, please"),
            ("website", ""),
        ],
    )
    .await;
    assert_eq!(response.status(), 303, "{}", location(&response));
    let reference: String = sqlx::query_scalar(
        "SELECT reference FROM requests WHERE source = 'online' AND organisation_id = $1",
    )
    .bind(practice)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(
        location(&response),
        format!("{from}/sent?reference={reference}")
    );
    let page = app.get(location(&response)).await.text().await.unwrap();
    assert!(page.contains(&reference), "the sent page names {reference}");
}

#[tokio::test]
async fn an_inbox_of_more_than_fifty_requests_says_how_many_and_pages_through_them() {
    let seed = seed().await;
    let app = &seed.app;
    let gp = person(
        app,
        "solo@nhs.net",
        "Dr Solo",
        &[(&seed.practices[0], Role::Gp)],
    )
    .await;
    for n in 0..55 {
        app.clock.advance_ms(1_000);
        log_phone_request(
            app.state.cx(),
            &gp,
            &seed.practices[0],
            &request(&format!("Waiting {n}")),
        )
        .await
        .unwrap();
    }
    let client = browser(app, "solo@nhs.net").await;
    let queue = format!("/inbox?view=unassigned&target={}", seed.practices[0]);
    let first = page_html(&client, app, &queue).await;
    assert!(first.contains("55 open requests"), "the true count");
    assert!(first.contains("Showing 1 to 50."));
    assert_eq!(listed(&first).len(), 50);
    assert!(first.contains(&format!("{}&amp;page=2", queue.replace('&', "&amp;"))));
    assert!(first.contains("Page 2 of 2"));
    assert!(!first.contains("Previous<"));

    let second = page_html(&client, app, &format!("{queue}&page=2")).await;
    assert!(second.contains("Showing 51 to 55."));
    assert_eq!(listed(&second).len(), 5);
    assert!(second.contains("Page 1 of 2"));
}
