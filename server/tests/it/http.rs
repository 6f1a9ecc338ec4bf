//! The real router over real HTTP on loopback.

use crate::common::{self, spawn_app, TestApp};

#[tokio::test]
async fn the_home_page_is_server_rendered_with_the_nhs_header_manifest_and_hydration_script() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en-GB""#));
    assert!(html.contains(r#"class="nhsuk-header""#));
    assert!(html.contains(r#"<span class="nhsuk-header__service-name">Gatehouse"#));
    assert!(html.contains(r#"<link rel="manifest" href="/manifest.webmanifest""#));
    assert!(html.contains("/pkg/gatehouse.js"));
    assert!(html.contains(r#"href="/pkg/gatehouse.css""#));
    assert!(html.contains("Skip to main content"));
    assert!(html.contains("<title>Home – Gatehouse – NHS</title>"));
}

#[tokio::test]
async fn an_unknown_page_is_a_real_404_inside_the_nhs_layout() {
    let app = spawn_app().await;
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1>Page not found"));
    assert!(html.contains("nhsuk-footer"));
}

#[tokio::test]
async fn the_health_check_reports_the_database() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert!(body["database"] == "SQLite" || body["database"] == "PostgreSQL");
}

#[tokio::test]
async fn the_health_check_fails_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.state.db.pool.close().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = spawn_app().await;
    app.get("/healthz").await;
    app.get("/healthz").await;
    app.get("/no-such-page").await;
    let text = scrape(&app).await;
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="/healthz",status="200"} 2"#),
        "{text}"
    );
    assert!(
        text.contains(r#"http_requests_total{method="GET",route="fallback",status="404"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"http_request_duration_seconds_count{method="GET",route="/healthz"} 2"#)
    );
}

/// `/metrics` with the scraper's token.
async fn scrape(app: &TestApp) -> String {
    app.client
        .get(app.url("/metrics"))
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn metrics_need_the_configured_token_and_are_off_without_one() {
    let app = spawn_app().await;
    assert_eq!(app.get("/metrics").await.status(), 401);
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("not-the-token-but-just-as-long-as-it-is")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(scrape(&app).await.contains("http_requests_total"));

    let without = common::spawn_app_with(&[]).await;
    let answer = without
        .client
        .get(without.url("/metrics"))
        .bearer_auth(common::METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 404);
}

#[tokio::test]
async fn made_up_http_methods_add_one_metrics_series_not_one_each() {
    let app = spawn_app().await;
    for n in 0..20 {
        let method = reqwest::Method::from_bytes(format!("MADEUP{n}").as_bytes()).unwrap();
        app.client
            .request(method, app.url("/healthz"))
            .send()
            .await
            .unwrap();
    }
    let text = scrape(&app).await;
    assert!(!text.contains("MADEUP"), "{text}");
    assert!(text.contains(r#"method="other""#), "{text}");
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_keeps_the_callers() {
    let app = spawn_app().await;
    let generated = app.get("/healthz").await;
    let id = generated
        .headers()
        .get("x-request-id")
        .expect("a request id")
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(id.len(), 36);
    let given = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers()["x-request-id"], "trace-me-123");
}

#[tokio::test]
async fn pages_are_sent_with_protective_headers() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    assert_eq!(response.headers()["referrer-policy"], "same-origin");
    assert_eq!(
        response.headers()["permissions-policy"],
        server::PERMISSIONS_POLICY
    );
    assert!(response
        .headers()
        .get("strict-transport-security")
        .is_none());
}

#[tokio::test]
async fn pages_and_server_function_answers_are_never_cached_but_static_files_may_be() {
    let app = spawn_app().await;
    for path in ["/", "/sign-in", "/account", "/inbox", "/no-such-page"] {
        let response = app.get(path).await;
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    let answer = app.call("current_user", &[]).await;
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let manifest = app.get("/manifest.webmanifest").await;
    assert_ne!(
        manifest
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_string()),
        Some("no-store".to_string())
    );
}

#[tokio::test]
async fn pages_and_server_function_answers_are_compressed_as_the_browser_accepts_and_stay_uncached()
{
    use std::io::Read;
    let app = spawn_app().await;
    let plain = app.get("/sign-in").await;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.text().await.unwrap();
    for (accept, encoding) in [("br, gzip", "br"), ("gzip, deflate", "gzip")] {
        let response = app
            .client
            .get(app.url("/sign-in"))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let body = response.bytes().await.unwrap();
        assert!(
            body.len() * 2 < plain.len(),
            "{encoding}: {} of {}",
            body.len(),
            plain.len()
        );
        let mut html = String::new();
        if encoding == "br" {
            brotli::Decompressor::new(&body[..], 4096)
                .read_to_string(&mut html)
                .unwrap();
        } else {
            flate2::read::GzDecoder::new(&body[..])
                .read_to_string(&mut html)
                .unwrap();
        }
        assert!(html.contains("<h1"), "{encoding}");
    }
    let answer = app
        .client
        .post(app.url("/api/sign_in"))
        .header("accept", "application/json")
        .header("accept-encoding", "gzip")
        .header("origin", app.state.config.base_url.as_str())
        .form(&[("email", "nobody@nhs.net"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["cache-control"], "no-store");
    assert_eq!(answer.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn the_benchmark_routes_are_not_served_unless_asked_for() {
    let app = spawn_app().await;
    assert_eq!(app.get("/__bench/constant").await.status(), 404);
    assert_eq!(app.get("/__bench/bare").await.status(), 404);
}

#[tokio::test]
async fn pages_carry_a_strict_content_security_policy_whose_nonce_every_script_has() {
    let app = spawn_app().await;
    let mut nonces = Vec::new();
    for path in ["/", "/sign-in", "/no-such-page"] {
        let response = app.get(path).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in script-src")
            .to_string();
        assert_eq!(
            policy,
            app::shell::content_security_policy(&nonce),
            "{path}"
        );
        let html = response.text().await.unwrap();
        let tags: Vec<&str> = html
            .split("<script")
            .skip(1)
            .map(|rest| rest.split('>').next().unwrap_or_default())
            .collect();
        assert!(!tags.is_empty(), "{path} has scripts");
        let attribute = format!("nonce=\"{nonce}\"");
        for tag in tags {
            assert!(
                tag.contains(&attribute),
                "a script of {path} without the nonce: {tag}"
            );
        }
        nonces.push(nonce);
    }
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "a new nonce for every response");
}

#[tokio::test]
async fn with_an_https_base_url_every_response_carries_hsts() {
    let app =
        crate::common::spawn_app_with(&[("BASE_URL", "https://gatehouse.example.nhs.uk")]).await;
    for path in ["/", "/healthz"] {
        let response = app.get(path).await;
        assert_eq!(
            response.headers()["strict-transport-security"],
            server::HSTS,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_organisations_page_shows_an_empty_state_then_the_demo_network() {
    let app = spawn_app().await;
    let empty = app.get("/organisations").await.text().await.unwrap();
    assert!(empty.contains("No organisations have been added yet"));

    app::demo::seed_demo(app.state.cx()).await.unwrap();
    let response = app.get("/organisations").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    for name in [
        "Coastline Locum Network",
        "Harbour View Surgery",
        "Elm Tree Medical Centre",
        "Y90003",
    ] {
        assert!(html.contains(name), "missing {name}");
    }
}

/// Generating the route list switches resource loading off for the whole
/// process while it renders the app (a leptos_server flag), so a router built
/// while another server was rendering used to leave that page waiting forever.
/// Routers now share one list generated once.
#[tokio::test]
async fn building_more_routers_never_stalls_a_page_another_server_is_rendering() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let app = spawn_app().await;
    // Stops the builder however the test ends, so a failure is reported
    // instead of the runtime waiting for the blocking thread.
    struct StopOnDrop(Arc<AtomicBool>);
    impl Drop for StopOnDrop {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let guard = StopOnDrop(stop.clone());
    let builder = tokio::task::spawn_blocking({
        let state = app.state.clone();
        let stop = stop.clone();
        move || {
            let mut built = 0u32;
            while !stop.load(Ordering::Relaxed) {
                drop(server::router(state.clone()));
                built += 1;
            }
            built
        }
    });
    for _ in 0..30 {
        let page = tokio::time::timeout(std::time::Duration::from_secs(10), async {
            app.get("/").await.text().await
        })
        .await
        .expect("the home page finishes while routers are being built")
        .expect("the page body arrives");
        assert!(page.contains("nhsuk-footer"));
    }
    drop(guard);
    let built = builder.await.expect("the router builder ends");
    assert!(built > 0, "routers were built during the requests");
}
