//! Signing in and out over HTTP, and cross-site request forgery.

use app::accounts::service::{create_admin, set_password};

use crate::common::{spawn_app, TestApp};

const PASSWORD: &str = "correct horse battery";

async fn admin_with_password(app: &TestApp) {
    let admin = create_admin(app.state.cx(), "lead@nhs.net").await.unwrap();
    let token = admin.link.rsplit('/').next().unwrap();
    set_password(app.state.cx(), token, PASSWORD, PASSWORD)
        .await
        .unwrap();
}

async fn who_am_i(app: &TestApp) -> serde_json::Value {
    app.call("current_user", &[]).await.json().await.unwrap()
}

#[tokio::test]
async fn signing_in_sets_an_http_only_lax_session_cookie_that_identifies_the_person() {
    let app = spawn_app().await;
    admin_with_password(&app).await;
    assert_eq!(who_am_i(&app).await, serde_json::Value::Null);

    let response = app
        .call(
            "sign_in",
            &[("email", "lead@nhs.net"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("gatehouse_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/")
    );
    assert!(!cookie.contains("Secure"), "http BASE_URL: no Secure flag");

    let me = who_am_i(&app).await;
    assert_eq!(me["email"], "lead@nhs.net");
    assert_eq!(me["memberships"][0]["role"], "network_admin");
    let account = app.get("/account").await.text().await.unwrap();
    assert!(account.contains("lead@nhs.net") && account.contains("Network administrator"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_the_generic_message_and_no_cookie() {
    let app = spawn_app().await;
    admin_with_password(&app).await;
    let response = app
        .call(
            "sign_in",
            &[("email", "lead@nhs.net"), ("password", "wrong password")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(response.headers().get("set-cookie").is_none());
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("Email address or password is wrong"));
    assert_eq!(who_am_i(&app).await, serde_json::Value::Null);
}

#[tokio::test]
async fn signing_out_ends_the_session_and_clears_the_cookie() {
    let app = spawn_app().await;
    admin_with_password(&app).await;
    app.call(
        "sign_in",
        &[("email", "lead@nhs.net"), ("password", PASSWORD)],
    )
    .await;
    let response = app.call("sign_out", &[]).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(who_am_i(&app).await, serde_json::Value::Null);
    let sessions: Option<i64> = sqlx::query_scalar("SELECT ended_at FROM sessions")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(sessions.is_some());
}

#[tokio::test]
async fn an_idle_session_expires_when_the_clock_passes_thirty_minutes() {
    let app = spawn_app().await;
    admin_with_password(&app).await;
    app.call(
        "sign_in",
        &[("email", "lead@nhs.net"), ("password", PASSWORD)],
    )
    .await;
    app.clock.advance_ms(30 * 60_000);
    assert_eq!(who_am_i(&app).await, serde_json::Value::Null);
}

#[tokio::test]
async fn signing_out_everywhere_needs_a_session() {
    let app = spawn_app().await;
    let response = app.call("sign_out_everywhere", &[]).await;
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    admin_with_password(&app).await;
    for (origin, referer) in [
        (Some("http://evil.example"), None),
        (None, Some("http://evil.example/page")),
        (None, None),
    ] {
        let mut request = app
            .client
            .post(app.url("/api/sign_in"))
            .header("accept", "application/json")
            .form(&[("email", "lead@nhs.net"), ("password", PASSWORD)]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(referer) = referer {
            request = request.header("referer", referer);
        }
        let response = request.send().await.unwrap();
        assert_eq!(
            response.status(),
            403,
            "origin {origin:?} referer {referer:?}"
        );
        assert!(response.headers().get("set-cookie").is_none());
    }
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(sessions, 0);

    // The same request from a page of BASE_URL (Referer only) is accepted.
    let response = app
        .client
        .post(app.url("/api/sign_in"))
        .header("accept", "application/json")
        .header("referer", format!("{}/sign-in", app.state.config.base_url))
        .form(&[("email", "lead@nhs.net"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_plain_sign_out_form_redirects_home_with_the_cookie_cleared() {
    let app = spawn_app().await;
    admin_with_password(&app).await;
    app.call(
        "sign_in",
        &[("email", "lead@nhs.net"), ("password", PASSWORD)],
    )
    .await;
    let response = app
        .client
        .post(app.url("/api/sign_out"))
        .header("accept", "text/html")
        .header("origin", app.state.config.base_url.as_str())
        .header("referer", format!("{}/account", app.state.config.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/");
    assert!(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(who_am_i(&app).await, serde_json::Value::Null);
}

/// Runs `session_user` as a page's resource would: inside an owner that holds
/// the request's contexts (the state, the request with its cookie and, when
/// `cached`, the request's session cache).
async fn session_user_in(owner: &leptos::prelude::Owner) -> Option<app::auth::model::CurrentUser> {
    use leptos::reactive::computed::ScopedFuture;
    let future = owner.with(|| ScopedFuture::new(app::auth::session::session_user()));
    future.await.expect("session lookup")
}

fn request_owner(app: &TestApp, token: &str, cached: bool) -> leptos::prelude::Owner {
    use leptos::prelude::{provide_context, Owner};
    let cookie = app::server::cookies::session_cookie(&app.state.config, token);
    let cookie = cookie.split(';').next().unwrap().to_string();
    let (parts, _) = axum::http::Request::builder()
        .uri("/inbox")
        .header("cookie", cookie)
        .body(())
        .unwrap()
        .into_parts();
    let owner = Owner::new();
    owner.with(|| {
        provide_context(app.state.clone());
        provide_context(parts);
        if cached {
            provide_context(app::auth::session::RequestSession::default());
        }
    });
    owner
}

#[tokio::test]
async fn one_request_looks_up_the_signed_in_person_once_so_its_header_and_content_agree() {
    let app = spawn_app().await;
    admin_with_password(&app).await;
    let session =
        app::auth::service::sign_in(app.state.cx(), "127.0.0.1", "lead@nhs.net", PASSWORD)
            .await
            .unwrap();

    let page = request_owner(&app, &session.token, true);
    let first = session_user_in(&page).await.expect("signed in");
    assert_eq!(first.email, "lead@nhs.net");

    // The session ends while the page is still rendering: the rest of the
    // page keeps the answer it started with...
    app::auth::service::sign_out(app.state.cx(), &session.token)
        .await
        .unwrap();
    let again = session_user_in(&page).await;
    assert_eq!(again.map(|u| u.id), Some(first.id));

    // ...and the next request (a fresh cache, or none) sees it ended.
    assert!(session_user_in(&request_owner(&app, &session.token, true))
        .await
        .is_none());
    assert!(session_user_in(&request_owner(&app, &session.token, false))
        .await
        .is_none());
}

#[tokio::test]
async fn an_overlong_email_is_refused_before_anything_is_stored_and_an_oversize_body_gets_413() {
    let app = spawn_app().await;
    let long = format!("{}@nhs.net", "a".repeat(300));
    let response = app
        .call(
            "sign_in",
            &[("email", &long), ("password", "whatever it is")],
        )
        .await;
    assert_eq!(response.status(), 422);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "nothing stored for an address that cannot exist");

    let huge = "a".repeat(server::BODY_LIMIT + 1);
    let response = app
        .call("sign_in", &[("email", &huge), ("password", "x")])
        .await;
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn signing_in_again_in_the_same_browser_ends_its_previous_session() {
    let app = spawn_app().await;
    admin_with_password(&app).await;
    let sign_in = || {
        app.call(
            "sign_in",
            &[("email", "lead@nhs.net"), ("password", PASSWORD)],
        )
    };
    let first = sign_in().await;
    assert_eq!(first.status(), 200);
    let first_cookie = first.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(sign_in().await.status(), 200);

    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(open, 1, "the browser's first session ended");
    // The first cookie, sent by another client, no longer signs anyone in.
    let stale = reqwest::Client::new()
        .post(app.url("/api/current_user"))
        .header("accept", "application/json")
        .header("origin", app.state.config.base_url.as_str())
        .header("cookie", first_cookie)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(stale, serde_json::Value::Null);
}

/// When lead@nhs.net was locked, if it is.
async fn lead_locked_at(app: &TestApp) -> Option<i64> {
    sqlx::query_scalar("SELECT locked_at FROM users WHERE email_lower = 'lead@nhs.net'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// Where a burst comes from, if a trusted proxy forwards it.
const BURST_ADDRESS: &str = "203.0.113.9";

/// Sends `attempts` sign-ins for lead@nhs.net at once (each from a browser
/// of its own, forwarded for [`BURST_ADDRESS`]); returns the statuses,
/// sorted.
async fn burst(app: &TestApp, passwords: &[&str]) -> Vec<u16> {
    let mut set = tokio::task::JoinSet::new();
    for password in passwords {
        let (url, origin, password) = (
            app.url("/api/sign_in"),
            app.state.config.base_url.clone(),
            password.to_string(),
        );
        set.spawn(async move {
            reqwest::Client::new()
                .post(url)
                .header("accept", "application/json")
                .header("origin", origin)
                .header("x-forwarded-for", BURST_ADDRESS)
                .form(&[("email", "lead@nhs.net"), ("password", password.as_str())])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut statuses = set.join_all().await;
    statuses.sort_unstable();
    statuses
}

#[tokio::test]
async fn forty_parallel_wrong_passwords_get_no_more_password_checks_than_forty_in_a_row() {
    let app = spawn_app().await;
    admin_with_password(&app).await;
    let statuses = burst(&app, &["wrong password"; 40]).await;
    let checked = statuses.iter().filter(|s| **s == 422).count();
    let waited = statuses.iter().filter(|s| **s == 429).count();
    // One after another (the clock does not move): 3 free failures, then
    // "too many attempts" for the rest. In parallel: the same, and no 500s.
    assert_eq!(
        (checked, waited),
        (app::auth::throttle::FREE_FAILURES as usize, 37),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn a_burst_gets_one_guess_at_the_lock_and_the_lock_ends_the_sessions_the_account_had() {
    let app = crate::common::spawn_app_with(&[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    admin_with_password(&app).await;
    let held = crate::common::signed_in_client(&app, "lead@nhs.net", PASSWORD).await;
    let me = |client: reqwest::Client| {
        let (url, origin) = (
            app.url("/api/current_user"),
            app.state.config.base_url.clone(),
        );
        async move {
            let answer: serde_json::Value = client
                .post(url)
                .header("accept", "application/json")
                .header("origin", origin)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            answer
        }
    };
    assert_ne!(me(held.clone()).await, serde_json::Value::Null);
    // All but one of the failures that lock: the last two from the address
    // the burst will come from, the rest each from an address of its own.
    let lock_after = app::auth::throttle::HARD_LOCK_AFTER;
    for n in 1..lock_after {
        let client = match n >= lock_after - 2 {
            true => BURST_ADDRESS.to_string(),
            false => format!("198.51.100.{n}"),
        };
        assert_eq!(sign_in_via(&app, &client, "nope").await, 422);
        assert_ne!(me(held.clone()).await, serde_json::Value::Null);
    }
    // A burst of four: one is the last guess, which locks the account;
    // the others must wait, as they would one after another.
    let statuses = burst(&app, &["nope"; 4]).await;
    assert_eq!(statuses, vec![422, 429, 429, 429]);
    let locked = lead_locked_at(&app).await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    assert!(locked.is_some(), "{statuses:?}");
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(open, 0, "{statuses:?}");
    assert_eq!(me(held).await, serde_json::Value::Null);
}

/// A failed sign-in for `email` as a proxy would forward it for `client`.
async fn failed_sign_in_via(app: &TestApp, email: &str, client: &str) -> u16 {
    sign_in_as_via(app, email, client, "wrong password").await
}

/// A sign-in as a proxy would forward it for `client`; its status.
async fn sign_in_as_via(app: &TestApp, email: &str, client: &str, password: &str) -> u16 {
    reqwest::Client::new()
        .post(app.url("/api/sign_in"))
        .header("accept", "application/json")
        .header("origin", app.state.config.base_url.as_str())
        .header("x-forwarded-for", client)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_clients_failures_do_not_block_the_others() {
    let app = crate::common::spawn_app_with(&[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    for n in 0..app::auth::throttle::ADDRESS_FREE_FAILURES {
        let email = format!("guess{n}@nhs.net");
        assert_eq!(failed_sign_in_via(&app, &email, "203.0.113.1").await, 422);
    }
    // The guesser waits; a patient behind the same proxy does not.
    assert_eq!(
        failed_sign_in_via(&app, "guess9@nhs.net", "203.0.113.1").await,
        429
    );
    assert_eq!(
        failed_sign_in_via(&app, "someone@nhs.net", "203.0.113.2").await,
        422
    );
}

#[tokio::test]
async fn without_trusted_proxies_a_forwarded_address_is_ignored_so_it_cannot_be_chosen() {
    let app = spawn_app().await;
    for n in 0..app::auth::throttle::ADDRESS_FREE_FAILURES {
        let email = format!("guess{n}@nhs.net");
        let claimed = format!("198.51.100.{n}");
        assert_eq!(failed_sign_in_via(&app, &email, &claimed).await, 422);
    }
    assert_eq!(
        failed_sign_in_via(&app, "guess9@nhs.net", "198.51.100.99").await,
        429
    );
}

/// A sign-in for lead@nhs.net as a proxy would forward it for `client`.
async fn sign_in_via(app: &TestApp, client: &str, password: &str) -> u16 {
    sign_in_as_via(app, "lead@nhs.net", client, password).await
}

#[tokio::test]
async fn a_stranger_guessing_for_ten_minutes_neither_locks_the_account_nor_keeps_its_owner_out() {
    let app = crate::common::spawn_app_with(&[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    admin_with_password(&app).await;
    // The stranger guesses whenever the throttle lets them: each refusal
    // moves the clock on a second (nothing sleeps).
    let mut guesses = 0;
    for _ in 0..600 {
        match sign_in_via(&app, "203.0.113.66", "a guess").await {
            422 => guesses += 1,
            429 => app.clock.advance_ms(1000),
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(guesses > app::auth::throttle::FREE_FAILURES, "{guesses}");
    let locked = lead_locked_at(&app).await;
    assert_eq!(locked, None, "after {guesses} guesses");
    assert_eq!(sign_in_via(&app, "198.51.100.7", PASSWORD).await, 200);
}

#[tokio::test]
async fn colleagues_behind_one_address_signing_in_at_the_same_moment_all_get_in() {
    let app = spawn_app().await;
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let practice = app::server::fixtures::practice(&mut conn, "Riverside", None).await;
    drop(conn);
    let emails: Vec<String> = (0..8).map(|n| format!("colleague{n}@nhs.net")).collect();
    for email in &emails {
        let roles = [(&practice, app::org::model::Role::Receptionist)];
        crate::common::person_with_password(&app, email, "Colleague", PASSWORD, &roles).await;
    }
    let mut set = tokio::task::JoinSet::new();
    for email in emails {
        let (url, origin) = (app.url("/api/sign_in"), app.state.config.base_url.clone());
        set.spawn(async move {
            reqwest::Client::new()
                .post(url)
                .header("accept", "application/json")
                .header("origin", origin)
                .form(&[("email", email.as_str()), ("password", PASSWORD)])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    assert_eq!(set.join_all().await, vec![200; 8]);
}
