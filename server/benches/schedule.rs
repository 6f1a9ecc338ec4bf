//! A locum's Schedule at scale, and "Assign to me" under contention.
//!
//! 1. The Schedule page's data (`schedule`) for a locum enabled in 5 hubs
//!    (two locations each, all chosen) with BENCH_SHIFTS shifts (default
//!    10,000) spread over the coming 10 weeks, one in fifty booked to them
//!    without overlaps, and practice requirements in the network,
//!    BENCH_ITERATIONS times (default 200). Budget: p95 ≤ 20 ms.
//! 2. BENCH_CALLERS locums (default 64) press "Assign to me" at once on
//!    each of BENCH_CONTESTED shifts (default 32), every locum on every
//!    shift: exactly one wins each shift, the others are told it has gone,
//!    and nothing else (a database error, a busy database) may happen.
//!    Budget: 0 errors.
//!
//! Not a test: it prints figures for README's Performance section.
//!
//!   cargo bench -p server --bench schedule            (SQLite)
//!   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p server --bench schedule
//!
//! With BENCH_JSON_OUT set, the figures are also written there as JSON.
// Benchmark code: a failed setup step should stop the run where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use app::error::AppError;
use app::ids::{OrgId, ShiftId};
use app::org::model::{OrgKind, Role};
use app::server::clock::{DAY_MS, HOUR_MS};
use app::server::fixtures;
use app::shifts::schedule::service::{assign_to_me, schedule, GONE};
use common::env_number;

const HUBS: usize = 5;

fn pick(all: &[Duration], q: f64) -> f64 {
    all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn main() {
    let shifts = env_number("BENCH_SHIFTS", 10_000);
    let iterations = env_number("BENCH_ITERATIONS", 200);
    let callers = env_number("BENCH_CALLERS", 64);
    let contested = env_number("BENCH_CONTESTED", 32);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let db = rt.block_on(app::server::testing::fresh_db());
    let backend = db.backend.name();
    let clock = app::server::clock::SystemClock;
    let now = {
        use app::server::clock::Clock;
        clock.now_ms()
    };
    // Shifts start on the hour from tomorrow, 08:00 UTC.
    let first_day = now - now.rem_euclid(DAY_MS) + DAY_MS + 8 * HOUR_MS;
    let seeding = Instant::now();
    let (locum, hubs) = rt.block_on(async {
        let mut conn = db.pool.acquire().await.expect("conn");
        let network = fixtures::organisation(&mut conn, OrgKind::Network, "Network", None).await;
        let mut hubs: Vec<OrgId> = Vec::new();
        for n in 0..HUBS {
            hubs.push(
                fixtures::organisation(&mut conn, OrgKind::Hub, &format!("Hub {n}"), Some(&network))
                    .await,
            );
        }
        let practice = fixtures::practice(&mut conn, "Practice", Some(&hubs[0])).await;
        let mut roles: Vec<(&OrgId, Role)> = hubs.iter().map(|h| (h, Role::Locum)).collect();
        roles.push((&network, Role::Locum));
        let locum_id = fixtures::person(&mut conn, "locum@example.com", "Lena Locum", &roles).await;
        for (n, hub) in hubs.iter().enumerate() {
            for l in 0..2 {
                let location = format!("loc-{n}-{l}");
                sqlx::query(
                    "INSERT INTO hub_locations (id, hub_id, name, address, created_at)
                     VALUES ($1, $2, $3, '1 High Street', 0)",
                )
                .bind(&location)
                .bind(hub)
                .bind(format!("Surgery {n}-{l}"))
                .execute(&mut *conn)
                .await
                .expect("location");
                sqlx::query(
                    "INSERT INTO hub_member_locations (user_id, location_id) VALUES ($1, $2)",
                )
                .bind(&locum_id)
                .bind(&location)
                .execute(&mut *conn)
                .await
                .expect("chosen");
            }
        }
        let mut tx = db.pool.begin().await.expect("tx");
        for n in 0..shifts {
            let hub = n % HUBS;
            // Seventy days, one shift an hour from 08:00 to 17:00 per hub.
            let slot = (n / HUBS) as i64;
            let starts = first_day + (slot / 10) % 70 * DAY_MS + (slot % 10) * HOUR_MS;
            // One in fifty of hub 0's morning shifts is booked to the locum.
            let booked = hub == 0 && slot % 10 == 0 && (slot / 10) % 10 == 0;
            sqlx::query(
                "INSERT INTO shifts (id, hub_id, hub_location_id, role, starts_at, ends_at, rate_pence,
                     status, locum_id, booked_at, created_at)
                 VALUES ($1, $2, $3, 'gp', $4, $5, 8500, $6, $7, $8, 0)",
            )
            .bind(ShiftId::generate())
            .bind(&hubs[hub])
            .bind(format!("loc-{hub}-{}", n % 2))
            .bind(starts)
            .bind(starts + HOUR_MS)
            .bind(if booked { "booked" } else { "open" })
            .bind(booked.then(|| locum_id.clone()))
            .bind(booked.then_some(now))
            .execute(&mut *tx)
            .await
            .expect("shift");
        }
        for day in 0..20 {
            sqlx::query(
                "INSERT INTO shifts (id, practice_id, role, starts_at, ends_at, rate_pence, status, created_at)
                 VALUES ($1, $2, 'gp', $3, $4, 9000, 'open', 0)",
            )
            .bind(ShiftId::generate())
            .bind(&practice)
            .bind(first_day + day * DAY_MS + 9 * HOUR_MS)
            .bind(first_day + day * DAY_MS + 13 * HOUR_MS)
            .execute(&mut *tx)
            .await
            .expect("requirement");
        }
        tx.commit().await.expect("commit");
        let maintenance = match db.backend {
            app::server::db::Backend::Postgres => "VACUUM ANALYZE",
            app::server::db::Backend::Sqlite => "ANALYZE",
        };
        sqlx::query(maintenance)
            .execute(&db.pool)
            .await
            .expect("analyze");
        (
            fixtures::signed_in(&locum_id, "Lena Locum", "locum@example.com", None),
            hubs,
        )
    });
    let seeded = seeding.elapsed();
    let cx = app::server::testing::cx_of(&db, &clock);

    // 1. The Schedule page.
    let (mut pages, shown) = rt.block_on(async {
        let mut pages = Vec::with_capacity(iterations);
        let mut shown = (0, 0, 0);
        for _ in 0..iterations {
            let began = Instant::now();
            let page = schedule(cx, &locum, None).await.expect("schedule");
            pages.push(began.elapsed());
            shown = (
                page.days.iter().map(|d| d.work.len()).sum::<usize>(),
                page.available.len(),
                page.requirements.len(),
            );
        }
        (pages, shown)
    });
    pages.sort();

    // 2. "Assign to me" under contention: new shifts at a new location of
    // hub 0, a day each, so no locum's bookings overlap.
    let (won, gone, errors, mut attempts) = rt.block_on(async {
        let mut conn = db.pool.acquire().await.expect("conn");
        sqlx::query(
            "INSERT INTO hub_locations (id, hub_id, name, address, created_at)
             VALUES ('contested', $1, 'Contested Surgery', '2 High Street', 0)",
        )
        .bind(&hubs[0])
        .execute(&mut *conn)
        .await
        .expect("location");
        let mut ids = Vec::new();
        for n in 0..contested as i64 {
            let id = ShiftId::generate();
            let starts = first_day + 200 * DAY_MS + n * DAY_MS;
            sqlx::query(
                "INSERT INTO shifts (id, hub_id, hub_location_id, role, starts_at, ends_at, rate_pence, status, created_at)
                 VALUES ($1, $2, 'contested', 'gp', $3, $4, 8500, 'open', 0)",
            )
            .bind(&id)
            .bind(&hubs[0])
            .bind(starts)
            .bind(starts + 8 * HOUR_MS)
            .execute(&mut *conn)
            .await
            .expect("contested shift");
            ids.push(id);
        }
        let mut people = Vec::new();
        for n in 0..callers {
            let email = format!("caller{n}@example.com");
            let id = fixtures::person(&mut conn, &email, "Caller", &[(&hubs[0], Role::Locum)]).await;
            sqlx::query(
                "INSERT INTO hub_member_locations (user_id, location_id) VALUES ($1, 'contested')",
            )
            .bind(&id)
            .execute(&mut *conn)
            .await
            .expect("chosen");
            people.push(fixtures::signed_in(&id, "Caller", &email, None));
        }
        drop(conn);
        let (mut won, mut gone, mut errors) = (0usize, 0usize, Vec::new());
        let mut attempts = Vec::new();
        for id in &ids {
            let results = futures::future::join_all(people.iter().map(|person| async move {
                let began = Instant::now();
                let result = assign_to_me(cx, person, id).await;
                (result, began.elapsed())
            }))
            .await;
            for (result, took) in results {
                attempts.push(took);
                match result {
                    Ok(_) => won += 1,
                    Err(AppError::Conflict(message)) if message == GONE => gone += 1,
                    Err(other) => errors.push(other.to_string()),
                }
            }
        }
        (won, gone, errors, attempts)
    });
    attempts.sort();

    println!(
        "Schedule at scale ({backend}: {HUBS} hubs, {shifts} shifts, seeded in {:.1}s; {iterations} runs)",
        seeded.as_secs_f64()
    );
    println!(
        "  Schedule page ({} booked this week, {} hub shifts to take, {} requirements) p50 / p95 (ms) : {:.2} / {:.2}   (budget p95 <= 20 ms)",
        shown.0,
        shown.1,
        shown.2,
        pick(&pages, 0.5),
        pick(&pages, 0.95)
    );
    println!(
        "  Assign to me: {callers} at once on each of {contested} shifts: {won} won, {gone} told it had gone, {} errors   (budget 0 errors, 1 winner a shift)",
        errors.len()
    );
    println!(
        "  Assign to me latency p50 / p95 (ms) : {:.2} / {:.2}",
        pick(&attempts, 0.5),
        pick(&attempts, 0.95)
    );
    for error in errors.iter().take(5) {
        println!("  error: {error}");
    }
    if let Ok(path) = std::env::var("BENCH_JSON_OUT") {
        let json = serde_json::json!({
            "backend": backend,
            "hubs": HUBS,
            "shifts": shifts,
            "iterations": iterations,
            "seed_seconds": seeded.as_secs_f64(),
            "schedule_p50_ms": pick(&pages, 0.5),
            "schedule_p95_ms": pick(&pages, 0.95),
            "assign_callers": callers,
            "assign_shifts": contested,
            "assign_won": won,
            "assign_gone": gone,
            "assign_errors": errors.len(),
            "assign_p95_ms": pick(&attempts, 0.95),
        });
        std::fs::write(&path, json.to_string()).expect("write BENCH_JSON_OUT");
    }
    assert_eq!(won, contested, "exactly one winner a shift");
}
