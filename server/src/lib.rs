//! The Gatehouse HTTP server: the axum router production and tests share,
//! start-up, and the command line.

pub mod cli;
pub mod dotenv;
pub mod metrics;
pub mod static_files;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use app::server::password::Hasher;
use app::server::{AppState, Config, Db, SharedClock};
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use leptos::config::{Env, LeptosOptions};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower::ServiceBuilder;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use metrics::Metrics;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Config(#[from] app::server::ConfigError),
    #[error("{0}")]
    Db(#[from] app::server::DbError),
    #[error("{0}")]
    Leptos(String),
    #[error("cannot listen on {addr}: {reason}")]
    Listen { addr: String, reason: String },
    #[error("{0}")]
    Other(String),
}

/// Leptos settings from the `LEPTOS_*` variables cargo-leptos sets, with the
/// defaults of this workspace so the binary also runs on its own.
pub fn leptos_options(get: impl Fn(&str) -> Option<String>) -> Result<LeptosOptions, StartError> {
    let var = |name: &str, default: &str| get(name).unwrap_or_else(|| default.to_string());
    let site_addr: SocketAddr =
        var("LEPTOS_SITE_ADDR", "127.0.0.1:3000")
            .parse()
            .map_err(|_| {
                StartError::Leptos("LEPTOS_SITE_ADDR must be an address like 127.0.0.1:3000".into())
            })?;
    let env = match var("LEPTOS_ENV", "DEV").to_ascii_uppercase().as_str() {
        "PROD" | "PRODUCTION" => Env::PROD,
        _ => Env::DEV,
    };
    let reload_port: u32 = var("LEPTOS_RELOAD_PORT", "3001")
        .parse()
        .map_err(|_| StartError::Leptos("LEPTOS_RELOAD_PORT must be a port number".into()))?;
    // cargo-leptos's `hash-files` (off, see Cargo.toml) would put a content
    // hash in each bundle file's name, list them in a file beside the server
    // binary and set LEPTOS_HASH_FILES for its `serve`.
    let hash_file = var("LEPTOS_HASH_FILE_NAME", "hash.txt");
    let hash_files =
        get("LEPTOS_HASH_FILES").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    Ok(LeptosOptions::builder()
        .hash_files(hash_files)
        .hash_file(Arc::<str>::from(hash_file))
        .output_name(var("LEPTOS_OUTPUT_NAME", "gatehouse"))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .env(env)
        .site_addr(site_addr)
        .reload_port(reload_port)
        .build())
}

/// Connects to the database, applies migrations and assembles the state.
pub async fn build_state(
    config: Config,
    leptos_options: LeptosOptions,
    clock: SharedClock,
) -> Result<AppState, StartError> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    // On PostgreSQL, live updates reach the pages of every server process.
    let events = app::server::events::RequestEvents::default();
    events.relay_through(&db, &config.database_url).await?;
    Ok(AppState {
        leptos_options,
        db,
        clock,
        config: Arc::new(config),
        hasher: Hasher::per_core(),
        events,
    })
}

/// The largest request body accepted (a bulk-invite file of 1,000 rows is
/// about 60 KB).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The largest body of a file upload: the 5 MB file with the form's other
/// fields. Only the paths in [`UPLOAD_PATHS`] accept it.
pub const UPLOAD_BODY_LIMIT: usize = app::files::model::MAX_FILE_BYTES + 256 * 1024;

/// The server functions that take a file.
pub const UPLOAD_PATHS: [&str; 3] = [
    "/api/new_letter_template_base",
    "/api/add_patient_document",
    "/api/add_hub_document",
];

/// Refuses a body over the path's limit with `413` before any handler
/// reads it (by its Content-Length), and cuts off one that grows past it
/// while it is read.
async fn body_limit(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let limit = if UPLOAD_PATHS.contains(&request.uri().path()) {
        UPLOAD_BODY_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return (
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large. A file must be smaller than 5 MB.",
        )
            .into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
}

/// The application's routes, generated once per process.
///
/// Generating them renders the app with resource loading switched off, and
/// leptos_server keeps that switch in one process-wide flag. A second
/// generation while another router is serving pages (tests and benchmarks
/// build one router per database) would leave those pages' resources
/// unloaded and their responses hanging. Every later router reuses the list.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// What a router serves besides the application.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// The benchmark's ceiling: a constant 12 kB answer at
    /// `/__bench/constant` through every layer the pages go through, and at
    /// `/__bench/bare` through none (`GATEHOUSE_BENCH_ROUTES=1`, refused in
    /// production).
    pub bench_routes: bool,
}

/// The constant answer of the benchmark's ceiling routes.
pub const BENCH_BODY_BYTES: usize = 12 * 1024;

fn bench_body() -> axum::response::Response {
    static BODY: OnceLock<axum::body::Bytes> = OnceLock::new();
    let body = BODY.get_or_init(|| axum::body::Bytes::from(vec![b'x'; BENCH_BODY_BYTES]));
    (
        [(axum::http::header::CONTENT_TYPE, "text/plain")],
        body.clone(),
    )
        .into_response()
}

/// The whole application: pages, server functions, static files, health and
/// metrics, with request ids, tracing, compression and security headers.
pub fn router(state: AppState) -> Router {
    router_with(state, &Extras::default())
}

/// [`router`], with the [`Extras`] asked for.
pub fn router_with(state: AppState, extras: &Extras) -> Router {
    let metrics = Metrics::default();
    let site_root = std::path::PathBuf::from(state.leptos_options.site_root.as_ref());
    let files = match static_files::StaticFiles::load(&site_root) {
        Ok(files) => files,
        Err(error) => {
            // The app still answers; its files come from the disk instead.
            tracing::error!(%error, root = %site_root.display(), "could not read the site's static files");
            static_files::StaticFiles::default()
        }
    };
    tracing::debug!(files = files.len(), "static files held in memory");
    let files = Arc::new(files);
    let leptos_fallback = leptos_axum::file_and_error_handler::<AppState, _>(app::shell);
    let fallback =
        move |uri: axum::http::Uri, state: State<AppState>, request: axum::extract::Request| {
            let files = files.clone();
            let leptos_fallback = leptos_fallback.clone();
            async move {
                match files.respond(request.method(), uri.path(), request.headers()) {
                    Some(response) => response,
                    None => leptos_fallback(uri, state, request).await,
                }
            }
        };
    let routes = route_list();
    let shell_options = state.leptos_options.clone();
    let state_origin = state.config.base_url.clone();
    let metrics_token: Option<Arc<str>> = state
        .config
        .metrics_token
        .as_ref()
        .and_then(|t| std::str::from_utf8(t.as_bytes()).ok())
        .map(Arc::from);

    let mut app_routes = Router::new();
    if extras.bench_routes {
        app_routes = app_routes.route("/__bench/constant", get(|| async { bench_body() }));
    }
    let app_routes = app_routes
        .route("/healthz", get(healthz))
        .route("/inbox/events", get(app::requests::live::inbox_events))
        .route(
            "/organisations/{id}/jobs/events",
            get(app::jobs::live::job_events),
        )
        .route(
            "/practices/{id}/patients/{patient}/letter.docx",
            get(app::patients::credentials::download::letter_docx),
        )
        .route(
            "/practices/{id}/patients/bulk-credentials/{job}/letters.docx",
            get(app::patients::credentials::download::job_letters_docx),
        )
        .route(
            "/patient-profile/letters/{letter}",
            get(app::patients::portal::download::your_letter),
        )
        .route(
            "/practices/{id}/patients/{patient}/documents/{document}",
            get(app::patients::documents::download::staff_document),
        )
        .route(
            "/patient-profile/documents/{document}",
            get(app::patients::documents::download::own_document),
        )
        .route(
            "/hubs/{hub}/documents/{document}",
            get(app::locums::hubs::download::hub_document),
        )
        .route(
            "/calendar.ics",
            get(app::shifts::schedule::calendar::calendar_feed),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            || leptos::prelude::provide_context(app::auth::session::RequestSession::default()),
            move || app::shell(shell_options.clone()),
        )
        .route_layer(axum::middleware::from_fn(metrics::label_route))
        .layer(axum::middleware::from_fn(server_fn_status))
        .fallback(fallback)
        .with_state(state);

    let https = state_origin.starts_with("https://");
    let origin: Arc<str> = Arc::from(state_origin.as_str());
    let request_id = HeaderName::from_static("x-request-id");
    let layered = Router::new()
        .route(
            "/metrics",
            get(metrics::metrics_handler).with_state(metrics::MetricsAccess {
                metrics: metrics.clone(),
                token: metrics_token,
            }),
        )
        .merge(app_routes)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                        let id = request
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
                    }),
                )
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(axum::middleware::from_fn_with_state(metrics, metrics::track))
                .layer(axum::middleware::from_fn_with_state(origin, refuse_cross_site))
                .layer(axum::middleware::from_fn_with_state(https, caching_and_transport))
                // A body over the limit is refused with 413 before any
                // handler reads it (it used to fail inside one, as a 500).
                .layer(axum::middleware::from_fn(body_limit))
                .layer(SetResponseHeaderLayer::if_not_present(
                    HeaderName::from_static("x-content-type-options"),
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    HeaderName::from_static("x-frame-options"),
                    HeaderValue::from_static("DENY"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    HeaderName::from_static("referrer-policy"),
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    HeaderName::from_static("permissions-policy"),
                    HeaderValue::from_static(PERMISSIONS_POLICY),
                ))
                // Pages and server-function answers, brotli or gzip as the
                // browser accepts. Static files come compressed already (an
                // answer with an ETag is a file whose ETag names the bytes
                // sent); event streams and images are never compressed.
                .layer(
                    CompressionLayer::new().br(true).gzip(true).compress_when(
                        DefaultPredicate::new().and(
                            |_: StatusCode,
                             _: axum::http::Version,
                             headers: &axum::http::HeaderMap,
                             _: &axum::http::Extensions| {
                                !headers.contains_key(axum::http::header::ETAG)
                            },
                        ),
                    ),
                ),
        );
    if extras.bench_routes {
        layered.route("/__bench/bare", get(|| async { bench_body() }))
    } else {
        layered
    }
}

/// Accepted connections send each piece of a response at once
/// (`TCP_NODELAY`). Without it, a response written in two pieces waits for
/// the client's delayed acknowledgement: 40 ms a page on Linux, up to 200 ms
/// on Windows.
pub fn without_delay(listener: tokio::net::TcpListener) -> NoDelayListener {
    use axum::serve::ListenerExt;
    listener.tap_io(set_no_delay as fn(&mut tokio::net::TcpStream))
}

/// The listener [`without_delay`] makes.
pub type NoDelayListener =
    axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)>;

fn set_no_delay(stream: &mut tokio::net::TcpStream) {
    if let Err(error) = stream.set_nodelay(true) {
        tracing::warn!(%error, "could not set TCP_NODELAY on a connection");
    }
}

/// Browser features no page of Gatehouse uses, switched off for all.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";

/// HSTS for a year, sent only when BASE_URL is https.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Nothing a person sees is kept by the browser or a proxy: every page,
/// server-function answer and event stream is `Cache-Control: no-store`
/// (signed-in pages and patients' details must not outlive the session).
/// Only static files (a last path segment with an extension: the bundle,
/// icons, the manifest) keep their own caching. With an https BASE_URL
/// every response also carries HSTS.
async fn caching_and_transport(
    State(https): State<bool>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::header::{CACHE_CONTROL, STRICT_TRANSPORT_SECURITY};
    let is_file = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !is_file {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if https {
        headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    response
}

/// Cross-site request forgery: a request that changes something (anything
/// but GET, HEAD and OPTIONS) must come from a page of BASE_URL, as its
/// Origin header (or, lacking one, its Referer) shows. Others get 403.
async fn refuse_cross_site(
    State(base): State<Arc<str>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::Method;
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if is_same_site(request.headers(), &base) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
    (StatusCode::FORBIDDEN, Json(app::AppError::Forbidden)).into_response()
}

fn is_same_site(headers: &axum::http::HeaderMap, base: &str) -> bool {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    match (
        header(axum::http::header::ORIGIN),
        header(axum::http::header::REFERER),
    ) {
        (Some(origin), _) => origin == base,
        (None, Some(referer)) => {
            referer == base
                || referer
                    .strip_prefix(base)
                    .is_some_and(|rest| rest.starts_with('/'))
        }
        (None, None) => false,
    }
}

/// Server functions answer every error with 500; this gives each `AppError`
/// its own status (422 for invalid input, 410 for a used link, 400 for a
/// malformed call…) without touching the body. Internal errors stay 500.
async fn server_fn_status(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::AppError>(&bytes) {
        parts.status = error.status();
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ok", "database": state.db.backend.name() })),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(
                    serde_json::json!({ "status": "unavailable", "database": state.db.backend.name() }),
                ),
            )
        }
    }
}

/// Binds the address, reporting a clear error when it is taken.
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, StartError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| StartError::Listen {
            addr: addr.to_string(),
            reason: e.to_string(),
        })
}

/// Serves until Ctrl-C or SIGTERM, with the email delivery worker and the
/// job runner alongside.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    extras: Extras,
) -> Result<(), StartError> {
    let (stop_mail, mail_stopped) = tokio::sync::oneshot::channel::<()>();
    let mail_worker = app::mail::spawn_worker(&state, async {
        let _ = mail_stopped.await;
    })
    .map_err(|e| StartError::Other(e.to_string()))?;
    let (stop_jobs, jobs_stopped) = tokio::sync::oneshot::channel::<()>();
    let job_runner = app::jobs::runner::spawn(&state, async {
        let _ = jobs_stopped.await;
    });
    let (stop_health, health_stopped) = tokio::sync::oneshot::channel::<()>();
    let health_check = app::clinical::service::health::spawn(&state, async {
        let _ = health_stopped.await;
    });
    let (stop_reminders, reminders_stopped) = tokio::sync::oneshot::channel::<()>();
    let appointment_reminders =
        app::clinical::appointments::service::reminders::spawn(&state, async {
            let _ = reminders_stopped.await;
        });
    let events = state.events.clone();
    let app = router_with(state, &extras);
    let served = axum::serve(
        without_delay(listener),
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Open inbox pages' event streams never finish on their own.
        events.close();
    })
    .await
    .map_err(|e| StartError::Other(format!("server stopped: {e}")));
    let _ = stop_mail.send(());
    let _ = stop_jobs.send(());
    let _ = stop_health.send(());
    let _ = stop_reminders.send(());
    if let Some(worker) = mail_worker {
        let _ = worker.await;
    }
    // The jobs under way run to their end; a process that dies instead
    // leaves them to another runner once their leases end.
    let _ = job_runner.await;
    let _ = health_check.await;
    let _ = appointment_reminders.await;
    served
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use axum::serve::Listener;

    #[tokio::test]
    async fn every_accepted_connection_sends_without_waiting_for_acknowledgements() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let mut listener = super::without_delay(listener);
        let client = tokio::spawn(tokio::net::TcpStream::connect(address));
        let (accepted, _) = listener.accept().await;
        assert!(accepted.nodelay().unwrap(), "TCP_NODELAY is set");
        client.await.unwrap().unwrap();
    }
}
