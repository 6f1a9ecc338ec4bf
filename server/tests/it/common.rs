//! Test support: start the real router on 127.0.0.1:0 with a fresh database
//! (SQLite, or PostgreSQL when TEST_POSTGRES_URL is set) and a fixed clock.

use app::server::fixtures;
use std::net::SocketAddr;
use std::sync::Arc;

use app::server::clock::FixedClock;
use app::server::{AppState, Config};

pub struct TestApp {
    pub address: SocketAddr,
    pub client: reqwest::Client,
    pub state: AppState,
    pub clock: Arc<FixedClock>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET reaches the server")
    }

    /// Calls a server function the way the browser does (URL-encoded form,
    /// from a page of BASE_URL).
    pub async fn call(&self, function: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{function}")))
            .header("accept", "application/json")
            .header("origin", self.state.config.base_url.as_str())
            .form(form)
            .send()
            .await
            .expect("server function call reaches the server")
    }
}

pub fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gh-it-{}", uuid_like()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}-{t}-{n}", std::process::id())
}

/// An HTTP client that keeps its cookies and does not follow redirects, as
/// the tests read them.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A server that stops answering fails the test instead of hanging it.
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("http client")
}

/// The app as `server serve` assembles it (`server::build_state`: connect,
/// migrate, state), on a fresh database, with a fixed clock instead of the
/// system's.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[("METRICS_TOKEN", METRICS_TOKEN)]).await
}

/// The token the test apps' `/metrics` wants (`spawn_app` sets it).
pub const METRICS_TOKEN: &str = "test-metrics-token-of-at-least-32-characters";

/// [`spawn_app`] with these configuration variables (and no others
/// besides the data folder and database).
pub async fn spawn_app_with(variables: &[(&str, &str)]) -> TestApp {
    // A new SQLite file or PostgreSQL database; build_state connects to it
    // again through DATABASE_URL, as at start-up.
    let (db, database_url) = app::server::testing::fresh_db_url().await;
    db.pool.close().await;
    spawn_app_on(&database_url, variables).await
}

/// A second server process on the database of `app` (its own state, pool
/// and live-update channel, as another `server serve` would have).
pub async fn spawn_another_server(app: &TestApp) -> TestApp {
    spawn_app_on(&app.state.config.database_url, &[]).await
}

async fn spawn_app_on(database_url: &str, variables: &[(&str, &str)]) -> TestApp {
    let database_url = database_url.to_string();
    let data_dir = temp_dir();
    let data = data_dir.display().to_string();
    // Development unless the test names a mode; an empty value leaves the
    // variable unset (so the default, production, applies).
    let config = Config::from_lookup(|name| match name {
        "GATEHOUSE_DATA_DIR" => Some(data.clone()),
        "DATABASE_URL" => Some(database_url.clone()),
        _ => match variables.iter().find(|(variable, _)| *variable == name) {
            Some((_, "")) => None,
            Some((_, value)) => Some(value.to_string()),
            None => (name == "GATEHOUSE_ENV").then(|| "development".to_string()),
        },
    })
    .expect("test config");
    let clock = FixedClock::at(1_795_000_000_000);
    let leptos_options = server::leptos_options(|_| None).expect("leptos options");
    let state = server::build_state(config, leptos_options, clock.clone())
        .await
        .expect("the production state builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    let router = server::router(state.clone());
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(server::without_delay(listener), service).await;
    });
    TestApp {
        address,
        client: browser(),
        state,
        clock,
    }
}

/// Riverside and a second practice ("Elsewhere"), under `network` if
/// given, each with a Practice admin who signs in with `password`:
/// admin@nhs.net (Alex Admin) at Riverside, other@nhs.net (Olly Other) at
/// Elsewhere. Returns (Riverside, Elsewhere, Alex's id).
pub async fn two_practices_with_admins(
    app: &TestApp,
    network: Option<&app::ids::OrgId>,
    password: &str,
) -> (app::ids::OrgId, app::ids::OrgId, app::ids::UserId) {
    use app::org::model::Role;
    let mut conn = app.state.db.pool.acquire().await.expect("connection");
    let practice = fixtures::practice(&mut conn, "Riverside", network).await;
    let other = fixtures::practice(&mut conn, "Elsewhere", network).await;
    drop(conn);
    let admin = person_with_password(
        app,
        "admin@nhs.net",
        "Alex Admin",
        password,
        &[(&practice, Role::PracticeAdmin)],
    )
    .await;
    person_with_password(
        app,
        "other@nhs.net",
        "Olly Other",
        password,
        &[(&other, Role::PracticeAdmin)],
    )
    .await;
    (practice, other, admin)
}

/// A person who can sign in with `password`, holding `roles` as
/// (organisation id, role); returns their user id.
pub async fn person_with_password(
    app: &TestApp,
    email: &str,
    name: &str,
    password: &str,
    roles: &[(&app::ids::OrgId, app::org::model::Role)],
) -> app::ids::UserId {
    let mut conn = app.state.db.pool.acquire().await.expect("connection");
    let id = fixtures::person(&mut conn, email, name, roles).await;
    let hash = app::server::password::hash_password(password.to_string())
        .await
        .expect("hash");
    fixtures::password_hash(&mut conn, &id, &hash).await;
    id
}

/// A browser of its own (its own cookies), signed in as `email`.
pub async fn signed_in_client(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = browser();
    let response = client
        .post(app.url("/api/sign_in"))
        .header("accept", "application/json")
        .header("origin", app.state.config.base_url.as_str())
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("sign in reaches the server");
    assert!(response.status().is_success(), "{email} signs in");
    client
}

/// A form posted by the browser itself (no WebAssembly yet, or none at all).
pub async fn plain_post(
    client: &reqwest::Client,
    app: &TestApp,
    function: &str,
    from: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/{function}")))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("origin", app.state.config.base_url.as_str())
        .header("referer", format!("{}{from}", app.state.config.base_url))
        .form(form)
        .send()
        .await
        .unwrap()
}

pub fn location(response: &reqwest::Response) -> &str {
    response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("")
}

/// A multipart/form-data body of these text fields and one file
/// (field name, file name, bytes): its Content-Type and bytes.
pub fn multipart(fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "gatehouse-test-boundary-7d3f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    let (name, file_name, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
