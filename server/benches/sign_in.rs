//! Sign-in throughput against the raw argon2 rate on the same cores, in one
//! run. Not a test: it prints figures for README's Performance section.
//!
//!   cargo bench -p server --bench sign_in            (SQLite)
//!   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p server --bench sign_in
//!
//! 1. Raw bound: one thread per core verifies an argon2id hash (the OWASP
//!    parameters Gatehouse uses) in a loop for the measuring time, before
//!    and after the sign-ins; the bound is the mean of the two.
//! 2. Sign-in: the real router on loopback; 4 clients per core post to
//!    `/api/sign_in` for the same time. Each sign-in is a full request: the
//!    throttle check, one argon2 verify on the blocking pool under the
//!    per-core semaphore, a new session and an activity-log row in one
//!    transaction.
// Benchmark code: a failed setup step should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::org::model::Role;
use app::server::clock::SystemClock;
use app::server::fixtures;
use app::server::password::{hash_password, Hasher};
use app::server::{AppState, Config};

use common::measuring_time;

const PASSWORD: &str = "a long enough password";
const USERS: usize = 64;

fn raw_argon2_rate(cores: usize, hash: &str, time: Duration) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let threads: Vec<_> = (0..cores)
        .map(|_| {
            let (done, hash) = (done.clone(), hash.to_string());
            std::thread::spawn(move || {
                use argon2::password_hash::{PasswordHash, PasswordVerifier};
                // The same parameters as app::server::password (OWASP).
                let params = argon2::Params::new(19 * 1024, 2, 1, None).expect("params");
                let argon2 = argon2::Argon2::new(
                    argon2::Algorithm::Argon2id,
                    argon2::Version::V0x13,
                    params,
                );
                let parsed = PasswordHash::new(&hash).expect("hash");
                while start.elapsed() < time {
                    assert!(argon2.verify_password(PASSWORD.as_bytes(), &parsed).is_ok());
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("thread");
    }
    done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

async fn app_with_users() -> (String, AppState) {
    let data_dir = std::env::temp_dir().join(format!("gh-bench-{}", uuid::Uuid::new_v4().simple()));
    let data = data_dir.display().to_string();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let base = format!("http://{address}");
    let base_for_config = base.clone();
    let config = Config::from_lookup(|name| match name {
        "GATEHOUSE_DATA_DIR" => Some(data.clone()),
        "BASE_URL" => Some(base_for_config.clone()),
        "GATEHOUSE_ENV" => Some("development".to_string()),
        _ => None,
    })
    .expect("config");
    let db = app::server::testing::fresh_db().await;
    let state = AppState {
        leptos_options: server::leptos_options(|_| None).expect("options"),
        db,
        clock: Arc::new(SystemClock),
        config: Arc::new(config),
        hasher: Hasher::per_core(),
        events: Default::default(),
    };
    let hash = hash_password(PASSWORD.to_string()).await.expect("hash");
    let mut conn = state.db.pool.acquire().await.expect("conn");
    let practice = fixtures::practice(&mut conn, "P", None).await;
    for n in 0..USERS {
        let email = format!("user{n}@nhs.net");
        let id = fixtures::person(&mut conn, &email, "User", &[(&practice, Role::Gp)]).await;
        fixtures::password_hash(&mut conn, &id, &hash).await;
    }
    drop(conn);
    let router = server::router(state.clone());
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        let _ = axum::serve(server::without_delay(listener), service).await;
    });
    (base, state)
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let time = measuring_time();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (base, state) = rt.block_on(app_with_users());
    let hash = rt
        .block_on(hash_password(PASSWORD.to_string()))
        .expect("hash");
    let backend = state.db.backend.name();

    // The bound is measured before and after the sign-ins and averaged, so
    // a change in what else the machine is doing affects both sides alike.
    let raw_before = raw_argon2_rate(cores, &hash, time);

    let clients = cores * 4;
    let signed_in = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let elapsed = rt.block_on(async {
        let start = Instant::now();
        let tasks: Vec<_> = (0..clients)
            .map(|n| {
                let (base, signed_in, failed) = (base.clone(), signed_in.clone(), failed.clone());
                tokio::spawn(async move {
                    let client = reqwest::Client::new();
                    let email = format!("user{}@nhs.net", n % USERS);
                    while start.elapsed() < time {
                        let response = client
                            .post(format!("{base}/api/sign_in"))
                            .header("origin", base.as_str())
                            .form(&[("email", email.as_str()), ("password", PASSWORD)])
                            .send()
                            .await;
                        match response {
                            Ok(r) if r.status().is_success() => {
                                signed_in.fetch_add(1, Ordering::Relaxed)
                            }
                            _ => failed.fetch_add(1, Ordering::Relaxed),
                        };
                    }
                })
            })
            .collect();
        for task in tasks {
            let _ = task.await;
        }
        start.elapsed()
    });
    let rate = signed_in.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64();
    let raw_after = raw_argon2_rate(cores, &hash, time);
    let raw = (raw_before + raw_after) / 2.0;
    println!(
        "sign-in benchmark ({backend}, {cores} cores, {}s each, {clients} clients)",
        time.as_secs()
    );
    println!(
        "  raw argon2id verifications/s : {raw:.1} (before {raw_before:.1}, after {raw_after:.1})"
    );
    println!("  sign-ins/s over HTTP         : {rate:.1}");
    println!(
        "  failed sign-ins              : {}",
        failed.load(Ordering::Relaxed)
    );
    println!("  ratio (goal >= 0.90)         : {:.2}", rate / raw);
    if let Ok(path) = std::env::var("BENCH_JSON_OUT") {
        let json = serde_json::json!({
            "backend": backend,
            "seconds": time.as_secs(),
            "clients": clients,
            "raw_argon2_per_second": raw,
            "raw_argon2_before": raw_before,
            "raw_argon2_after": raw_after,
            "sign_ins_per_second": rate,
            "failed": failed.load(Ordering::Relaxed),
        });
        std::fs::write(&path, json.to_string()).expect("write BENCH_JSON_OUT");
    }
}
