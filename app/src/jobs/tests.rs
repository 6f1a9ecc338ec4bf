//! The job system on a fresh database (SQLite, or PostgreSQL when
//! TEST_POSTGRES_URL is set): once-only effects, keys, two runners, a
//! runner that dies, retries, cancel and schedules. Time is the test's
//! fixed clock; nothing sleeps.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sqlx::AnyConnection;

use super::model::JobState;
use super::service::*;
use crate::ids::{JobId, OrgId};
use crate::org::model::{OrgKind, Role};
use crate::server::clock::{FixedClock, MINUTE_MS};
use crate::server::testing::{cx_of, fresh_db_url, TestCx};
use crate::server::{fixtures, Ctx, Db};

/// Each batch records `per_batch` numbered effects in `job_effects`.
fn effects_step<'a>(_cx: Ctx<'a>, tx: &'a mut AnyConnection, batch: &'a Batch) -> StepFuture<'a> {
    Box::pin(async move {
        let (items, per_batch): (i64, i64) = serde_json::from_str(&batch.payload).unwrap();
        let end = (batch.done + per_batch).min(items);
        for item in batch.done..end {
            sqlx::query("INSERT INTO job_effects (job_id, item) VALUES ($1, $2)")
                .bind(&batch.id)
                .bind(item)
                .execute(&mut *tx)
                .await?;
        }
        Ok(Step {
            done: end,
            total: items,
            message: format!("{end} of {items}"),
            detail: String::new(),
            finished: end >= items,
        })
    })
}

/// Always fails in a way worth trying again.
fn flaky_step<'a>(_cx: Ctx<'a>, tx: &'a mut AnyConnection, batch: &'a Batch) -> StepFuture<'a> {
    Box::pin(async move {
        // An effect that the failure must roll back.
        sqlx::query("INSERT INTO job_effects (job_id, item) VALUES ($1, 0)")
            .bind(&batch.id)
            .execute(&mut *tx)
            .await?;
        Err(JobError::Retry("The other end did not answer".to_string()))
    })
}

static KINDS: [JobKind; 2] = [
    JobKind {
        name: "test.effects",
        label: "Test effects",
        detail_heading: "",
        max_attempts: 3,
        step: effects_step,
        result: None,
    },
    JobKind {
        name: "test.flaky",
        label: "Test flaky",
        detail_heading: "",
        max_attempts: 3,
        step: flaky_step,
        result: None,
    },
];

fn nothing(_: &JobChange) {}

fn runner<'a>(cx: Ctx<'a>, id: &str) -> Runner<'a> {
    Runner {
        cx,
        kinds: &KINDS,
        id: id.to_string(),
        changed: &nothing,
    }
}

async fn effects_table(db: &Db) {
    sqlx::query("CREATE TABLE job_effects (job_id TEXT NOT NULL, item BIGINT NOT NULL)")
        .execute(&db.pool)
        .await
        .unwrap();
}

async fn queue(cx: Ctx<'_>, kind: usize, payload: &str, key: Option<&str>) -> Queued {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            enqueue(
                tx,
                now,
                NewJob {
                    kind: &KINDS[kind],
                    payload: payload.to_string(),
                    organisation_id: None,
                    requested_by: None,
                    key: key.map(str::to_string),
                    run_at: now,
                    total: 0,
                },
            )
            .await
        })
        .await
        .unwrap()
}

async fn scalar(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&db.pool).await.unwrap()
}

async fn state_of(db: &Db, id: &JobId) -> (JobState, i64, Option<String>) {
    let (state, attempts, error): (String, i64, Option<String>) =
        sqlx::query_as("SELECT state, attempts, last_error FROM jobs WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    (JobState::parse(&state).unwrap(), attempts, error)
}

#[tokio::test]
async fn a_job_runs_batch_by_batch_once_and_each_effect_is_recorded_once() {
    let t = TestCx::at(1_800_000_000_000).await;
    effects_table(&t.db).await;
    let job = queue(t.cx(), 0, "[10, 3]", None).await;
    assert!(job.created);
    let report = runner(t.cx(), "one").run_due(16).await.unwrap();
    assert_eq!(report.claimed, 1);
    assert_eq!(report.done, 1);
    assert_eq!(state_of(&t.db, &job.id).await.0, JobState::Done);
    assert_eq!(scalar(&t.db, "SELECT COUNT(*) FROM job_effects").await, 10);
    assert_eq!(
        scalar(&t.db, "SELECT COUNT(DISTINCT item) FROM job_effects").await,
        10
    );
    let again = runner(t.cx(), "two").run_due(16).await.unwrap();
    assert_eq!(again.claimed, 0, "a finished job is never run again");
}

#[tokio::test]
async fn asking_twice_with_the_same_key_makes_one_job() {
    let t = TestCx::at(1_800_000_000_000).await;
    let first = queue(t.cx(), 0, "[1, 1]", Some("reminder:shift-1")).await;
    let second = queue(t.cx(), 0, "[1, 1]", Some("reminder:shift-1")).await;
    assert!(first.created);
    assert!(!second.created);
    assert_eq!(first.id, second.id);
    assert_eq!(scalar(&t.db, "SELECT COUNT(*) FROM jobs").await, 1);
}

#[tokio::test]
async fn a_job_queued_for_later_waits_for_its_time() {
    let t = TestCx::at(1_800_000_000_000).await;
    effects_table(&t.db).await;
    let now = t.cx().now_ms();
    t.db.transaction(async |tx| {
        enqueue(
            tx,
            now,
            NewJob {
                kind: &KINDS[0],
                payload: "[1, 1]".into(),
                organisation_id: None,
                requested_by: None,
                key: None,
                run_at: now + MINUTE_MS,
                total: 0,
            },
        )
        .await
    })
    .await
    .unwrap();
    assert_eq!(runner(t.cx(), "r").run_due(16).await.unwrap().claimed, 0);
    t.clock.advance_ms(MINUTE_MS);
    assert_eq!(runner(t.cx(), "r").run_due(16).await.unwrap().done, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runners_on_one_database_never_run_the_same_job_twice() {
    let (db, url) = fresh_db_url().await;
    effects_table(&db).await;
    // A second pool on the same database: another server process.
    let other = Db::connect(&url).await.unwrap();
    let clock = FixedClock::at(1_800_000_000_000);
    for _ in 0..100 {
        queue(cx_of(&db, clock.as_ref()), 0, "[3, 1]", None).await;
    }
    let (one, two) = (
        runner(cx_of(&db, clock.as_ref()), "one"),
        runner(cx_of(&other, clock.as_ref()), "two"),
    );
    let drain = async |r: &Runner<'_>| {
        let mut report = RunReport::default();
        loop {
            let pass = r.run_due(8).await.unwrap();
            if pass.claimed == 0 {
                return report;
            }
            report.claimed += pass.claimed;
            report.done += pass.done;
        }
    };
    let (a, b) = tokio::join!(drain(&one), drain(&two));
    assert_eq!(a.claimed + b.claimed, 100, "{a:?} {b:?}");
    assert_eq!(a.done + b.done, 100);
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM job_effects").await, 300);
    assert_eq!(
        scalar(
            &db,
            "SELECT COUNT(*) FROM (SELECT DISTINCT job_id, item FROM job_effects) d"
        )
        .await,
        300,
        "each effect once"
    );
    assert_eq!(
        scalar(&db, "SELECT COUNT(*) FROM jobs WHERE state = 'done'").await,
        100
    );
}

/// Awaits `n` scheduler turns; never sleeps.
async fn turns(n: usize) {
    for _ in 0..n {
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn a_runner_that_dies_mid_job_is_taken_over_after_its_lease_without_doubling_an_effect() {
    let t = TestCx::at(1_800_000_000_000).await;
    effects_table(&t.db).await;
    let job = queue(t.cx(), 0, "[20, 2]", None).await;
    let dying = runner(t.cx(), "dying");
    let claimed = dying.claim(1).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(dying.run_batch(&claimed[0]).await, None, "one batch done");
    // The runner's task is dropped while it works on the job.
    tokio::select! {
        biased;
        _ = turns(3) => {}
        _ = dying.run_claimed(claimed[0].clone()) => panic!("the job finished before the runner died"),
    }
    let taking_over = runner(t.cx(), "taking-over");
    assert_eq!(
        taking_over.run_due(16).await.unwrap().claimed,
        0,
        "the job is held until its lease ends"
    );
    t.clock.advance_ms(LEASE_MS);
    let mut finished = false;
    for _ in 0..50 {
        let report = taking_over.run_due(16).await.unwrap();
        if report.done == 1 {
            finished = true;
            break;
        }
        turns(10).await;
    }
    assert!(finished, "the other runner finished the job");
    assert_eq!(state_of(&t.db, &job.id).await.0, JobState::Done);
    assert_eq!(scalar(&t.db, "SELECT COUNT(*) FROM job_effects").await, 20);
    assert_eq!(
        scalar(&t.db, "SELECT COUNT(DISTINCT item) FROM job_effects").await,
        20
    );
    // The dead runner can record nothing more for the job.
    assert_eq!(dying.run_batch(&claimed[0]).await, Some(Ended::LostLease));
}

#[tokio::test]
async fn a_failing_job_is_tried_again_after_growing_waits_and_then_fails_with_its_error() {
    let t = TestCx::at(1_800_000_000_000).await;
    effects_table(&t.db).await;
    let job = queue(t.cx(), 1, "", None).await;
    let r = runner(t.cx(), "r");
    assert_eq!(r.run_due(16).await.unwrap().retrying, 1);
    assert_eq!(state_of(&t.db, &job.id).await.0, JobState::Queued);
    // Not before 30 seconds.
    t.clock.advance_ms(FIRST_RETRY_MS - 1);
    assert_eq!(r.run_due(16).await.unwrap().claimed, 0);
    t.clock.advance_ms(1);
    assert_eq!(r.run_due(16).await.unwrap().retrying, 1);
    // Then not before another minute.
    t.clock.advance_ms(2 * FIRST_RETRY_MS - 1);
    assert_eq!(r.run_due(16).await.unwrap().claimed, 0);
    t.clock.advance_ms(1);
    assert_eq!(r.run_due(16).await.unwrap().failed, 1);
    let (state, attempts, error) = state_of(&t.db, &job.id).await;
    assert_eq!(state, JobState::Failed);
    assert_eq!(attempts, 3);
    assert_eq!(error.as_deref(), Some("The other end did not answer"));
    assert_eq!(
        scalar(&t.db, "SELECT COUNT(*) FROM job_effects").await,
        0,
        "a failed batch's effects are rolled back"
    );
}

struct OrgWorld {
    t: TestCx,
    practice: OrgId,
    admin: crate::auth::model::CurrentUser,
    receptionist: crate::auth::model::CurrentUser,
}

async fn org_world() -> OrgWorld {
    let t = TestCx::at(1_800_000_000_000).await;
    effects_table(&t.db).await;
    let mut conn = t.db.pool.acquire().await.unwrap();
    let practice = fixtures::organisation(&mut conn, OrgKind::Practice, "Riverside", None).await;
    let admin_id = fixtures::person(
        &mut conn,
        "admin@nhs.net",
        "Alex Admin",
        &[(&practice, Role::PracticeAdmin)],
    )
    .await;
    let receptionist_id = fixtures::person(
        &mut conn,
        "rita@nhs.net",
        "Rita Reception",
        &[(&practice, Role::Receptionist)],
    )
    .await;
    drop(conn);
    OrgWorld {
        admin: fixtures::signed_in(&admin_id, "Alex Admin", "admin@nhs.net", Some(&practice)),
        receptionist: fixtures::signed_in(
            &receptionist_id,
            "Rita Reception",
            "rita@nhs.net",
            Some(&practice),
        ),
        practice,
        t,
    }
}

async fn queue_in(w: &OrgWorld, payload: &str) -> JobId {
    let now = w.t.cx().now_ms();
    w.t.db
        .transaction(async |tx| {
            enqueue(
                tx,
                now,
                NewJob {
                    kind: &KINDS[0],
                    payload: payload.to_string(),
                    organisation_id: Some(&w.practice),
                    requested_by: Some(&w.admin.id),
                    key: None,
                    run_at: now,
                    total: 0,
                },
            )
            .await
        })
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn cancel_stops_a_running_job_between_batches_and_a_queued_one_at_once() {
    let w = org_world().await;
    let running = queue_in(&w, "[10, 2]").await;
    let r = runner(w.t.cx(), "r");
    let claimed = r.claim(1).await.unwrap();
    assert_eq!(r.run_batch(&claimed[0]).await, None);
    cancel(w.t.cx(), &KINDS, &w.admin, &w.practice, &running)
        .await
        .unwrap();
    let shown = job(w.t.cx(), &KINDS, &w.admin, &w.practice, &running)
        .await
        .unwrap();
    assert!(shown.cancelling);
    assert!(!shown.can_cancel);
    assert_eq!(r.run_claimed(claimed[0].clone()).await, Ended::Cancelled);
    assert_eq!(state_of(&w.t.db, &running).await.0, JobState::Cancelled);
    assert_eq!(
        scalar(&w.t.db, "SELECT COUNT(*) FROM job_effects").await,
        2,
        "only the batch before the cancel"
    );

    let queued = queue_in(&w, "[1, 1]").await;
    cancel(w.t.cx(), &KINDS, &w.admin, &w.practice, &queued)
        .await
        .unwrap();
    assert_eq!(state_of(&w.t.db, &queued).await.0, JobState::Cancelled);
    assert_eq!(r.run_due(16).await.unwrap().claimed, 0);
    let again = cancel(w.t.cx(), &KINDS, &w.admin, &w.practice, &queued).await;
    assert!(matches!(again, Err(crate::error::AppError::Conflict(_))));
    assert_eq!(
        scalar(
            &w.t.db,
            "SELECT COUNT(*) FROM activity_log WHERE event = 'job_cancelled'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn only_people_who_may_see_the_activity_of_the_organisation_see_its_jobs() {
    let w = org_world().await;
    let id = queue_in(&w, "[1, 1]").await;
    let page = jobs_page(w.t.cx(), &KINDS, &w.admin, &w.practice)
        .await
        .unwrap();
    assert_eq!(page.jobs.len(), 1);
    assert_eq!(page.jobs[0].requested_by, "Alex Admin");
    assert_eq!(page.jobs[0].state, JobState::Queued);
    assert!(page.jobs[0].can_cancel);
    let refused = jobs_page(w.t.cx(), &KINDS, &w.receptionist, &w.practice).await;
    assert_eq!(refused.unwrap_err(), crate::error::AppError::Forbidden);
    let refused = cancel(w.t.cx(), &KINDS, &w.receptionist, &w.practice, &id).await;
    assert_eq!(refused.unwrap_err(), crate::error::AppError::Forbidden);
    // A job of another organisation is not found through this one.
    let mut conn = w.t.db.pool.acquire().await.unwrap();
    let elsewhere = fixtures::organisation(&mut conn, OrgKind::Practice, "Elsewhere", None).await;
    drop(conn);
    let other_admin = {
        let mut conn = w.t.db.pool.acquire().await.unwrap();
        let id = fixtures::person(
            &mut conn,
            "other@nhs.net",
            "Other Admin",
            &[(&elsewhere, Role::PracticeAdmin)],
        )
        .await;
        fixtures::signed_in(&id, "Other Admin", "other@nhs.net", Some(&elsewhere))
    };
    let hidden = job(w.t.cx(), &KINDS, &other_admin, &elsewhere, &id).await;
    assert_eq!(hidden.unwrap_err(), crate::error::AppError::NotFound);
}

#[test]
fn schedules_fall_due_at_their_time_on_clocks_in_england() {
    use time::macros::datetime;
    let at = |local| crate::server::dates::uk_instant_ms(local);
    // 1 July 2026 10:20 BST.
    let now = at(datetime!(2026-07-01 10:20));
    assert_eq!(
        Every::Hour { minute: 5 }.latest_due(now),
        at(datetime!(2026-07-01 10:05))
    );
    assert_eq!(
        Every::Hour { minute: 30 }.latest_due(now),
        at(datetime!(2026-07-01 09:30))
    );
    assert_eq!(
        Every::Day { hour: 2, minute: 0 }.latest_due(now),
        at(datetime!(2026-07-01 02:00))
    );
    assert_eq!(
        Every::Day {
            hour: 23,
            minute: 0
        }
        .latest_due(now),
        at(datetime!(2026-06-30 23:00))
    );
    assert_eq!(
        Every::Month { day: 1, hour: 6 }.latest_due(now),
        at(datetime!(2026-07-01 06:00))
    );
    assert_eq!(
        Every::Month { day: 1, hour: 11 }.latest_due(now),
        at(datetime!(2026-06-01 11:00))
    );
    // 02:00 in England is 01:00 UTC in summer and 02:00 UTC in winter.
    assert_eq!(at(datetime!(2026-07-01 02:00)) % 86_400_000, 3_600_000);
    assert_eq!(at(datetime!(2026-12-01 02:00)) % 86_400_000, 7_200_000);
    // January's "first of the month" before it comes is December's.
    let new_year = at(datetime!(2027-01-01 03:00));
    assert_eq!(
        Every::Month { day: 1, hour: 6 }.latest_due(new_year),
        at(datetime!(2026-12-01 06:00))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runners_queue_each_tick_of_a_schedule_once() {
    let (db, url) = fresh_db_url().await;
    let other = Db::connect(&url).await.unwrap();
    let clock = FixedClock::at(1_800_000_000_000);
    let schedules = [
        Schedule {
            kind: &KINDS[0],
            every: Every::Hour { minute: 0 },
        },
        Schedule {
            kind: &KINDS[1],
            every: Every::Day { hour: 2, minute: 0 },
        },
    ];
    let (a, b) = tokio::join!(
        queue_due_ticks(cx_of(&db, clock.as_ref()), &schedules),
        queue_due_ticks(cx_of(&other, clock.as_ref()), &schedules),
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2);
    // The same tick again, later in the same hour: nothing new.
    clock.advance_ms(MINUTE_MS);
    assert_eq!(
        queue_due_ticks(cx_of(&db, clock.as_ref()), &schedules)
            .await
            .unwrap(),
        0
    );
    // The next hour's tick is new; the day's is not.
    clock.advance_ms(60 * MINUTE_MS);
    assert_eq!(
        queue_due_ticks(cx_of(&other, clock.as_ref()), &schedules)
            .await
            .unwrap(),
        1
    );
    assert_eq!(scalar(&db, "SELECT COUNT(*) FROM jobs").await, 3);
}

#[tokio::test]
async fn housekeeping_runs_on_its_schedules_and_removes_only_what_no_longer_counts() {
    let t = TestCx::at(1_800_000_000_000).await;
    let now = t.cx().now_ms();
    let mut conn = t.db.pool.acquire().await.unwrap();
    let practice = fixtures::organisation(&mut conn, OrgKind::Practice, "Riverside", None).await;
    let person = fixtures::person(&mut conn, "p@nhs.net", "P", &[(&practice, Role::Gp)]).await;
    let session = |id: &str, created: i64, seen: i64, ended: Option<i64>| {
        sqlx::query(
            "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, ended_at)
             VALUES ($1, $1, $2, $3, $4, $5)",
        )
        .bind(id.to_string())
        .bind(person.clone())
        .bind(created)
        .bind(seen)
        .bind(ended)
    };
    let hour = crate::server::clock::HOUR_MS;
    session("live", now - hour, now - MINUTE_MS, None)
        .execute(&mut *conn)
        .await
        .unwrap();
    session("ended", now - hour, now - hour, Some(now - hour))
        .execute(&mut *conn)
        .await
        .unwrap();
    session("idle", now - 2 * hour, now - 2 * hour, None)
        .execute(&mut *conn)
        .await
        .unwrap();
    for (id, at) in [("old", now - 2 * hour), ("recent", now - MINUTE_MS)] {
        sqlx::query(
            "INSERT INTO contact_submissions (id, organisation_id, client, created_at)
             VALUES ($1, $2, 'ip', $3)",
        )
        .bind(id)
        .bind(&practice)
        .bind(at)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    for (id, at) in [
        ("week-old", now - 8 * 24 * hour),
        ("yesterday", now - 24 * hour),
    ] {
        sqlx::query(
            "INSERT INTO outbox (id, to_address, subject, text_body, html_body, status,
                                 created_at, next_attempt_at, attempts, sent_at)
             VALUES ($1, 'a@nhs.net', 'S', 'words', '<p>words</p>', 'sent', $2, $2, 1, $2)",
        )
        .bind(id)
        .bind(at)
        .execute(&mut *conn)
        .await
        .unwrap();
    }
    drop(conn);

    // The schedules' latest ticks are queued and run like any job.
    let queued = queue_due_ticks(t.cx(), &super::kinds::SCHEDULES)
        .await
        .unwrap();
    assert_eq!(
        queued, 4,
        "three housekeeping schedules and the shift reminders"
    );
    let report = Runner {
        cx: t.cx(),
        kinds: &super::kinds::KINDS,
        id: "r".into(),
        changed: &nothing,
    }
    .run_due(16)
    .await
    .unwrap();
    assert_eq!(report.done, 4, "{report:?}");
    let ids = |sql: &'static str| {
        let pool = t.db.pool.clone();
        async move {
            let mut ids: Vec<String> = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
            ids.sort();
            ids
        }
    };
    assert_eq!(ids("SELECT id FROM sessions").await, ["live"]);
    assert_eq!(ids("SELECT id FROM contact_submissions").await, ["recent"]);
    assert_eq!(
        ids("SELECT id FROM outbox WHERE text_body = 'words'").await,
        ["yesterday"]
    );
    assert_eq!(
        scalar(
            &t.db,
            "SELECT COUNT(*) FROM jobs WHERE organisation_id IS NULL AND requested_by IS NULL AND state = 'done'"
        )
        .await,
        4
    );
}
