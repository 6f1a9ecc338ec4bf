//! The rules of hub shifts and "Assign to me", on a fresh database
//! (SQLite, or PostgreSQL when TEST_POSTGRES_URL is set).
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, ShiftId, UserId};
use crate::org::model::{OrgKind, Role};
use crate::server::clock::{DAY_MS, HOUR_MS};
use crate::server::fixtures;
use crate::server::testing::TestCx;

use super::hub::service as hub;
use super::model::*;
use super::schedule::service as schedule;

/// Thursday 3 December 2026, 09:00 GMT.
const NOW: i64 = 1_796_288_400_000;

struct World {
    t: TestCx,
    hub: OrgId,
    location: String,
    manager: CurrentUser,
    locum: CurrentUser,
}
crate::server::testing::test_world!(World);

async fn world() -> World {
    let t = TestCx::at(NOW).await;
    let mut conn = t.db.pool.acquire().await.unwrap();
    let network = fixtures::organisation(&mut conn, OrgKind::Network, "Coastline", None).await;
    let hub = fixtures::organisation(
        &mut conn,
        OrgKind::Hub,
        "Coastline Federation",
        Some(&network),
    )
    .await;
    let manager = fixtures::person(
        &mut conn,
        "hub.manager@nhs.net",
        "Harry Manager",
        &[(&hub, Role::HubManager)],
    )
    .await;
    drop(conn);
    let mut w = World {
        t,
        hub,
        location: String::new(),
        manager: fixtures::signed_in(&manager, "Harry Manager", "hub.manager@nhs.net", None),
        locum: fixtures::signed_in(&UserId::new(""), "", "", None),
    };
    sqlx::query(
        "INSERT INTO hub_locations (id, hub_id, name, address, created_at)
         VALUES ('loc-1', $1, 'Seaview Surgery', '1 Sea Road', 0),
                ('loc-2', $1, 'Hillside Clinic', '2 Hill Road', 0)",
    )
    .bind(&w.hub)
    .execute(&w.db.pool)
    .await
    .unwrap();
    w.location = "loc-1".into();
    w.locum = w.enabled_locum("lena@example.com", "Lena Locum").await;
    w
}

impl World {
    /// A locum enabled in the hub who chose its first location.
    async fn enabled_locum(&self, email: &str, name: &str) -> CurrentUser {
        let mut conn = self.db.pool.acquire().await.unwrap();
        let id = fixtures::person(&mut conn, email, name, &[(&self.hub, Role::Locum)]).await;
        sqlx::query("INSERT INTO hub_member_locations (user_id, location_id) VALUES ($1, 'loc-1')")
            .bind(&id)
            .execute(&mut *conn)
            .await
            .unwrap();
        fixtures::signed_in(&id, name, email, None)
    }

    fn shift(&self, day: &str, start: &str, end: &str) -> NewShift {
        NewShift {
            location_id: self.location.clone(),
            role: "gp".into(),
            date_day: day.into(),
            date_month: "12".into(),
            date_year: "2026".into(),
            start_time: start.into(),
            end_time: end.into(),
            rate: "85".into(),
            ..NewShift::default()
        }
    }

    async fn add(&self, form: NewShift) -> i64 {
        hub::add_shifts(self.cx(), &self.manager, &self.hub, &form)
            .await
            .unwrap()
    }

    async fn shift_ids(&self) -> Vec<ShiftId> {
        sqlx::query_scalar("SELECT id FROM shifts ORDER BY starts_at")
            .fetch_all(&self.db.pool)
            .await
            .unwrap()
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }
}

fn conflict(result: Result<String, AppError>) -> String {
    match result {
        Err(AppError::Conflict(message)) => message,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn a_weekly_rota_adds_one_shift_a_week_in_uk_local_time() {
    let w = world().await;
    let mut form = w.shift("7", "08:30", "18:00");
    (form.repeat_day, form.repeat_month, form.repeat_year) =
        ("28".into(), "12".into(), "2026".into());
    assert_eq!(w.add(form).await, 4);
    let page = hub::hub_shifts(w.cx(), &w.hub).await.unwrap();
    let dates: Vec<&str> = page.shifts.iter().map(|s| s.date.as_str()).collect();
    assert_eq!(
        dates,
        [
            "Monday 7 December 2026",
            "Monday 14 December 2026",
            "Monday 21 December 2026",
            "Monday 28 December 2026"
        ]
    );
    assert!(page.shifts.iter().all(|s| s.times == "08:30 to 18:00"
        && s.status == ShiftStatus::Open
        && s.location == "Seaview Surgery"
        && s.rate == "£85.00 an hour"));
    assert_eq!(
        w.count("SELECT COUNT(DISTINCT series_id) FROM shifts")
            .await,
        1
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM activity_log WHERE event = 'shifts_added'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_shift_at_another_hubs_location_or_in_the_past_is_refused_and_nothing_is_written() {
    let mut w = world().await;
    w.location = "not-ours".into();
    let refused = hub::add_shifts(w.cx(), &w.manager, &w.hub, &w.shift("7", "08:00", "12:00"))
        .await
        .unwrap_err();
    assert_eq!(
        refused.field_errors().for_field("location_id").as_deref(),
        Some("Select the hub location")
    );
    w.location = "loc-1".into();
    // Today, 08:00: already over at 09:00.
    let refused = hub::add_shifts(w.cx(), &w.manager, &w.hub, &w.shift("3", "08:00", "12:00"))
        .await
        .unwrap_err();
    assert_eq!(
        refused.field_errors().for_field("start_time").as_deref(),
        Some("The shift must start later than now")
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM shifts").await, 0);
}

#[tokio::test]
async fn an_enabled_locum_sees_open_shifts_at_the_locations_they_chose_within_the_look_ahead() {
    let mut w = world().await;
    w.add(w.shift("7", "08:00", "12:00")).await;
    w.location = "loc-2".into();
    w.add(w.shift("8", "08:00", "12:00")).await;
    w.location = "loc-1".into();
    // 4 January 2027: past the three weeks ahead.
    let mut late = w.shift("4", "08:00", "12:00");
    (late.date_month, late.date_year) = ("1".into(), "2027".into());
    w.add(late).await;
    let page = schedule::schedule(w.cx(), &w.locum, None).await.unwrap();
    assert!(page.in_a_hub);
    let seen: Vec<&str> = page.available.iter().map(|s| s.date.as_str()).collect();
    assert_eq!(seen, ["Monday 7 December 2026"]);

    // Someone with no role in the hub sees none.
    let mut conn = w.db.pool.acquire().await.unwrap();
    let outsider = fixtures::person(&mut conn, "out@example.com", "Olly Out", &[]).await;
    drop(conn);
    let outsider = fixtures::signed_in(&outsider, "Olly Out", "out@example.com", None);
    let page = schedule::schedule(w.cx(), &outsider, None).await.unwrap();
    assert!(!page.in_a_hub);
    assert!(page.available.is_empty());
}

#[tokio::test]
async fn fifty_locums_pressing_assign_to_me_at_once_leave_exactly_one_with_the_shift() {
    let w = world().await;
    w.add(w.shift("7", "08:00", "18:00")).await;
    let id = w.shift_ids().await.remove(0);
    let mut locums = Vec::new();
    for n in 0..50 {
        locums.push(
            w.enabled_locum(&format!("locum{n}@example.com"), &format!("Locum {n}"))
                .await,
        );
    }
    let cx = w.cx();
    let results = futures::future::join_all(
        locums
            .iter()
            .map(|locum| schedule::assign_to_me(cx, locum, &id)),
    )
    .await;
    let winners = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(winners, 1, "{results:?}");
    assert!(results
        .iter()
        .filter(|r| r.is_err())
        .all(|r| matches!(r, Err(AppError::Conflict(message)) if message == schedule::GONE)));
    assert_eq!(
        w.count("SELECT COUNT(*) FROM shifts WHERE status = 'booked'")
            .await,
        1
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM activity_log WHERE event = 'shift_assigned'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_locum_cannot_hold_two_shifts_that_overlap_even_when_asking_for_both_at_once() {
    let w = world().await;
    w.add(w.shift("7", "08:00", "13:00")).await;
    w.add(w.shift("7", "12:00", "18:00")).await;
    let ids = w.shift_ids().await;
    let cx = w.cx();
    let (a, b) = tokio::join!(
        schedule::assign_to_me(cx, &w.locum, &ids[0]),
        schedule::assign_to_me(cx, &w.locum, &ids[1]),
    );
    assert_eq!(usize::from(a.is_ok()) + usize::from(b.is_ok()), 1);
    let message = conflict(if a.is_err() { a } else { b });
    assert!(
        message.starts_with("You already have work on Monday 7 December 2026"),
        "{message}"
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM shifts WHERE status = 'booked'")
            .await,
        1
    );
    // The other one shows as clashing in the Schedule, not to be taken.
    let page = schedule::schedule(w.cx(), &w.locum, Some("2026-12-07"))
        .await
        .unwrap();
    assert!(page.available.iter().all(|s| s.clashes));
    assert_eq!(page.days[0].work.len(), 1);
}

#[tokio::test]
async fn a_requested_disabled_or_other_hub_locum_cannot_take_a_shift() {
    let w = world().await;
    w.add(w.shift("7", "08:00", "18:00")).await;
    let id = w.shift_ids().await.remove(0);
    sqlx::query("UPDATE memberships SET status = 'disabled' WHERE user_id = $1")
        .bind(&w.locum.id)
        .execute(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(
        schedule::assign_to_me(w.cx(), &w.locum, &id).await,
        Err(AppError::Forbidden)
    );
    let mut conn = w.db.pool.acquire().await.unwrap();
    let other_hub = fixtures::organisation(&mut conn, OrgKind::Hub, "Harbour Hub", None).await;
    let stranger = fixtures::person(
        &mut conn,
        "s@example.com",
        "Sam",
        &[(&other_hub, Role::Locum)],
    )
    .await;
    drop(conn);
    let stranger = fixtures::signed_in(&stranger, "Sam", "s@example.com", None);
    assert_eq!(
        schedule::assign_to_me(w.cx(), &stranger, &id).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM shifts WHERE status = 'open'")
            .await,
        1
    );
}

#[tokio::test]
async fn cancelling_a_held_shift_tells_the_locum_why_and_giving_one_back_reopens_it() {
    let w = world().await;
    w.add(w.shift("7", "08:00", "12:00")).await;
    w.add(w.shift("8", "08:00", "12:00")).await;
    let ids = w.shift_ids().await;
    schedule::assign_to_me(w.cx(), &w.locum, &ids[0])
        .await
        .unwrap();
    schedule::assign_to_me(w.cx(), &w.locum, &ids[1])
        .await
        .unwrap();
    // The hub's managers heard of both.
    assert_eq!(
        w.count("SELECT COUNT(*) FROM notifications WHERE title = 'Lena Locum took a shift'")
            .await,
        2
    );

    let refused = hub::cancel_shift(w.cx(), &w.manager, &w.hub, &ids[0], "  ")
        .await
        .unwrap_err();
    assert_eq!(
        refused.field_errors().for_field("reason").as_deref(),
        Some("Enter the reason for cancelling")
    );
    hub::cancel_shift(w.cx(), &w.manager, &w.hub, &ids[0], "Surgery closed")
        .await
        .unwrap();
    let body: String = sqlx::query_scalar(
        "SELECT body FROM notifications WHERE user_id = $1 AND title LIKE '%cancelled your shift'",
    )
    .bind(&w.locum.id)
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert!(
        body.contains("Monday 7 December 2026, 08:00 to 12:00"),
        "{body}"
    );
    assert!(body.ends_with("Their reason: Surgery closed"), "{body}");
    assert_eq!(
        hub::cancel_shift(w.cx(), &w.manager, &w.hub, &ids[0], "Again").await,
        Err(AppError::Conflict("This shift is already cancelled".into()))
    );

    schedule::give_back(w.cx(), &w.locum, &ids[1], "Unwell")
        .await
        .unwrap();
    let page = hub::hub_shifts(w.cx(), &w.hub).await.unwrap();
    let statuses: Vec<ShiftStatus> = page.shifts.iter().map(|s| s.status).collect();
    assert_eq!(statuses, [ShiftStatus::Cancelled, ShiftStatus::Open]);
    // Only the holder can give a shift back.
    assert_eq!(
        schedule::give_back(w.cx(), &w.locum, &ids[1], "Again").await,
        Err(AppError::NotFound)
    );
}

#[tokio::test]
async fn the_schedule_warns_when_two_sessions_leave_less_than_eleven_hours_of_rest() {
    let w = world().await;
    w.add(w.shift("7", "14:00", "22:00")).await;
    w.add(w.shift("8", "07:00", "12:00")).await;
    for id in w.shift_ids().await {
        schedule::assign_to_me(w.cx(), &w.locum, &id).await.unwrap();
    }
    let page = schedule::schedule(w.cx(), &w.locum, Some("2026-12-09"))
        .await
        .unwrap();
    assert_eq!(page.week_of, "Monday 7 December 2026");
    assert_eq!(
        (page.previous.as_str(), page.next.as_str()),
        ("2026-11-30", "2026-12-14")
    );
    assert_eq!(page.days[0].work.len(), 1);
    assert_eq!(page.days[1].work.len(), 1);
    assert_eq!(page.rest_warnings.len(), 1, "{:?}", page.rest_warnings);
    assert!(page.rest_warnings[0]
        .starts_with("Less than 11 hours of rest between Monday 7 December 2026, 14:00 to 22:00"));
}

#[tokio::test]
async fn the_day_before_reminder_is_sent_once_by_two_runners_and_again_an_hour_later() {
    use crate::jobs::service::{queue_due_ticks, JobChange, Runner};
    fn nothing(_: &JobChange) {}
    let w = world().await;
    w.add(w.shift("7", "08:00", "12:00")).await;
    w.add(w.shift("9", "08:00", "12:00")).await;
    for id in w.shift_ids().await {
        schedule::assign_to_me(w.cx(), &w.locum, &id).await.unwrap();
    }
    let reminders = "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Reminder: your shift on%'";
    // Sunday 6 December, 09:00: Monday's shift starts within a day.
    w.clock.advance_ms(3 * DAY_MS);
    for pass in 0..2 {
        queue_due_ticks(w.cx(), &super::service::reminders::SCHEDULES)
            .await
            .unwrap();
        let run = |id: &str| Runner {
            cx: w.cx(),
            kinds: &crate::jobs::kinds::KINDS,
            id: id.to_string(),
            changed: &nothing,
        };
        let (a, b) = (run("one"), run("two"));
        let (a, b) = tokio::join!(a.run_due(16), b.run_due(16));
        assert_eq!(a.unwrap().done + b.unwrap().done, 1, "pass {pass}");
        assert_eq!(w.count(reminders).await, 1, "pass {pass}");
        // The next hour: a new tick, still no second reminder.
        w.clock.advance_ms(HOUR_MS);
    }
    let body: String = sqlx::query_scalar(
        "SELECT text_body FROM outbox WHERE subject LIKE 'Reminder: your shift on%'",
    )
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert!(
        body.contains("Monday 7 December 2026, 08:00 to 12:00"),
        "{body}"
    );
    assert!(body.contains("Seaview Surgery, 1 Sea Road"), "{body}");
    // Wednesday's shift waits for its own day before.
    let mut conn = w.db.pool.acquire().await.unwrap();
    assert_eq!(
        super::service::reminders::send_due(w.cx(), &mut conn, 10)
            .await
            .unwrap(),
        0
    );
    w.clock.advance_ms(2 * DAY_MS);
    assert_eq!(
        super::service::reminders::send_due(w.cx(), &mut conn, 10)
            .await
            .unwrap(),
        1
    );
    drop(conn);
    assert_eq!(w.count(reminders).await, 2);
}
