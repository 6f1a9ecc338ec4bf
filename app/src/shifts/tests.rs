//! The rules of hub shifts and "Assign to me", on a fresh database
//! (SQLite, or PostgreSQL when TEST_POSTGRES_URL is set).
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{CoverRequestId, OfferId, OrgId, ShiftId, UserId};
use crate::org::model::{OrgKind, Role};
use crate::server::clock::{DAY_MS, HOUR_MS};
use crate::server::fixtures;
use crate::server::testing::TestCx;

use super::availability::service as availability;
use super::hub::service as hub;
use super::model::*;
use super::practice::service as practice;
use super::schedule::service as schedule;

/// Thursday 3 December 2026, 09:00 GMT.
const NOW: i64 = 1_796_288_400_000;

struct World {
    t: TestCx,
    network: OrgId,
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
        network,
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

// Workflow 1: practices post requirements, locums offer cover.

impl World {
    /// A practice under the hub, and its Practice manager.
    async fn practice(&self) -> (OrgId, CurrentUser) {
        let mut conn = self.db.pool.acquire().await.unwrap();
        let practice = fixtures::organisation(
            &mut conn,
            OrgKind::Practice,
            "Seaview Practice",
            Some(&self.hub),
        )
        .await;
        let manager = fixtures::person(
            &mut conn,
            "pm@nhs.net",
            "Pat Manager",
            &[(&practice, Role::PracticeManager)],
        )
        .await;
        (
            practice,
            fixtures::signed_in(&manager, "Pat Manager", "pm@nhs.net", None),
        )
    }

    /// An active locum of the network (their registration's role there).
    async fn network_locum(&self, email: &str, name: &str) -> CurrentUser {
        let mut conn = self.db.pool.acquire().await.unwrap();
        let id = fixtures::person(&mut conn, email, name, &[(&self.network, Role::Locum)]).await;
        fixtures::signed_in(&id, name, email, None)
    }

    async fn post(
        &self,
        practice: &OrgId,
        manager: &CurrentUser,
        day: &str,
        start: &str,
        end: &str,
    ) {
        let form = NewShift {
            location_id: String::new(),
            ..self.shift(day, start, end)
        };
        practice::post_requirement(self.cx(), manager, practice, &form)
            .await
            .unwrap();
    }

    async fn offers(&self, practice: &OrgId) -> Vec<OfferView> {
        practice::requirements(self.cx(), practice)
            .await
            .unwrap()
            .requirements
            .into_iter()
            .flat_map(|r| r.offers)
            .collect()
    }

    async fn notices(&self, user: &CurrentUser, title: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND title = $2")
            .bind(&user.id)
            .bind(title)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_requirement_gets_offers_and_accepting_one_books_it_declines_the_rest_and_tells_everyone()
{
    let w = world().await;
    let (practice_id, manager) = w.practice().await;
    w.post(&practice_id, &manager, "8", "09:00", "13:00").await;
    let (ann, bob) = (
        w.network_locum("ann@example.com", "Ann Locum").await,
        w.network_locum("bob@example.com", "Bob Locum").await,
    );
    // Active locums of the network see it; a hub-only locum and an
    // outsider do not.
    let page = schedule::schedule(w.cx(), &ann, None).await.unwrap();
    assert_eq!(page.requirements.len(), 1);
    let wanted = &page.requirements[0].shift;
    assert_eq!(
        (
            wanted.organisation.as_str(),
            wanted.date.as_str(),
            wanted.times.as_str()
        ),
        (
            "Seaview Practice",
            "Tuesday 8 December 2026",
            "09:00 to 13:00"
        )
    );
    assert_eq!(page.requirements[0].my_offer, None);
    assert!(schedule::schedule(w.cx(), &w.locum, None)
        .await
        .unwrap()
        .requirements
        .is_empty());
    let id = wanted.id.clone();
    assert_eq!(
        schedule::offer_cover(w.cx(), &w.locum, &id).await,
        Err(AppError::Forbidden)
    );

    schedule::offer_cover(w.cx(), &ann, &id).await.unwrap();
    // A minute apart: offers are listed oldest first.
    w.clock.advance_ms(60_000);
    schedule::offer_cover(w.cx(), &bob, &id).await.unwrap();
    assert_eq!(
        conflict(schedule::offer_cover(w.cx(), &ann, &id).await),
        "You have already offered cover for this requirement"
    );
    assert_eq!(w.notices(&manager, "Ann Locum offered cover").await, 1);
    let offers = w.offers(&practice_id).await;
    assert_eq!(
        offers
            .iter()
            .map(|o| (o.locum.as_str(), o.status))
            .collect::<Vec<_>>(),
        [
            ("Ann Locum", OfferStatus::Offered),
            ("Bob Locum", OfferStatus::Offered)
        ]
    );
    let page = schedule::schedule(w.cx(), &ann, None).await.unwrap();
    assert_eq!(page.requirements[0].my_offer, Some(OfferStatus::Offered));

    let name = practice::accept_offer(w.cx(), &manager, &practice_id, &offers[0].id)
        .await
        .unwrap();
    assert_eq!(name, "Ann Locum");
    let offers = w.offers(&practice_id).await;
    assert_eq!(
        offers.iter().map(|o| o.status).collect::<Vec<_>>(),
        [OfferStatus::Accepted, OfferStatus::Declined]
    );
    assert_eq!(
        practice::accept_offer(w.cx(), &manager, &practice_id, &offers[1].id).await,
        Err(AppError::Conflict(
            "This offer has already been answered".into()
        ))
    );
    assert_eq!(
        w.notices(&ann, "Seaview Practice accepted your offer")
            .await,
        1
    );
    assert_eq!(
        w.notices(&bob, "Seaview Practice declined your offer")
            .await,
        1
    );
    // It is in Ann's Schedule on Tuesday, and no longer to offer for.
    let page = schedule::schedule(w.cx(), &ann, Some("2026-12-07"))
        .await
        .unwrap();
    assert_eq!(page.days[1].work.len(), 1);
    assert_eq!(page.days[1].work[0].organisation, "Seaview Practice");
    assert!(page.requirements.is_empty());
    assert_eq!(
        conflict(schedule::offer_cover(w.cx(), &bob, &id).await),
        schedule::FILLED
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM activity_log WHERE event IN ('requirement_posted', 'cover_offered', 'offer_accepted')")
            .await,
        4
    );
}

#[tokio::test]
async fn overlapping_work_is_refused_whether_it_comes_by_assign_to_me_or_by_an_accepted_offer() {
    let w = world().await;
    let (practice_id, manager) = w.practice().await;
    // One locum, enabled in the hub and active in the network.
    let mut conn = w.db.pool.acquire().await.unwrap();
    let id = fixtures::person(
        &mut conn,
        "ann@example.com",
        "Ann Locum",
        &[(&w.network, Role::Locum), (&w.hub, Role::Locum)],
    )
    .await;
    sqlx::query("INSERT INTO hub_member_locations (user_id, location_id) VALUES ($1, 'loc-1')")
        .bind(&id)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let ann = fixtures::signed_in(&id, "Ann Locum", "ann@example.com", None);
    w.add(w.shift("8", "08:00", "12:00")).await;
    w.post(&practice_id, &manager, "8", "11:00", "15:00").await;
    let hub_shift: ShiftId = sqlx::query_scalar("SELECT id FROM shifts WHERE hub_id IS NOT NULL")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    let requirement: ShiftId =
        sqlx::query_scalar("SELECT id FROM shifts WHERE practice_id IS NOT NULL")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    // Offered while free; then the hub shift is taken: accepting refuses.
    schedule::offer_cover(w.cx(), &ann, &requirement)
        .await
        .unwrap();
    let offer: OfferId = sqlx::query_scalar("SELECT id FROM shift_offers")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    schedule::assign_to_me(w.cx(), &ann, &hub_shift)
        .await
        .unwrap();
    let refused = practice::accept_offer(w.cx(), &manager, &practice_id, &offer)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, AppError::Conflict(m) if m.starts_with("Ann Locum already has work on Tuesday 8 December 2026, 08:00 to 12:00")),
        "{refused:?}"
    );
    // A new offer for overlapping work is refused too.
    let page = schedule::schedule(w.cx(), &ann, None).await.unwrap();
    assert_eq!(page.requirements[0].my_offer, Some(OfferStatus::Offered));

    // Given back, the two routes race: exactly one booking stands.
    schedule::give_back(w.cx(), &ann, &hub_shift, "Swapping")
        .await
        .unwrap();
    let cx = w.cx();
    let (a, b) = tokio::join!(
        schedule::assign_to_me(cx, &ann, &hub_shift),
        practice::accept_offer(cx, &manager, &practice_id, &offer),
    );
    assert_eq!(
        usize::from(a.is_ok()) + usize::from(b.is_ok()),
        1,
        "{a:?} {b:?}"
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM shifts WHERE status = 'booked'")
            .await,
        1
    );
}

#[tokio::test]
async fn declining_cancelling_and_giving_back_a_booking_tell_the_other_side() {
    let w = world().await;
    let (practice_id, manager) = w.practice().await;
    w.post(&practice_id, &manager, "8", "09:00", "13:00").await;
    w.post(&practice_id, &manager, "9", "09:00", "13:00").await;
    let ann = w.network_locum("ann@example.com", "Ann Locum").await;
    let ids = w.shift_ids().await;
    for id in &ids {
        schedule::offer_cover(w.cx(), &ann, id).await.unwrap();
    }
    let offers = w.offers(&practice_id).await;
    practice::decline_offer(w.cx(), &manager, &practice_id, &offers[0].id)
        .await
        .unwrap();
    assert_eq!(
        w.notices(&ann, "Seaview Practice declined your offer")
            .await,
        1
    );
    let page = schedule::schedule(w.cx(), &ann, None).await.unwrap();
    assert_eq!(page.requirements[0].my_offer, Some(OfferStatus::Declined));

    // Cancelling with an offer waiting tells the locum why.
    let refused = practice::cancel_requirement(w.cx(), &manager, &practice_id, &ids[1], "")
        .await
        .unwrap_err();
    assert_eq!(
        refused.field_errors().for_field("reason").as_deref(),
        Some("Enter the reason for cancelling")
    );
    practice::cancel_requirement(w.cx(), &manager, &practice_id, &ids[1], "GP back early")
        .await
        .unwrap();
    assert_eq!(
        w.notices(&ann, "Seaview Practice no longer needs cover")
            .await,
        1
    );
    assert_eq!(
        w.offers(&practice_id).await[1].status,
        OfferStatus::Withdrawn
    );

    // A booking given back is open again and the practice is told.
    w.post(&practice_id, &manager, "10", "09:00", "13:00").await;
    let third = w.shift_ids().await.remove(2);
    schedule::offer_cover(w.cx(), &ann, &third).await.unwrap();
    let offer = w.offers(&practice_id).await.remove(2);
    practice::accept_offer(w.cx(), &manager, &practice_id, &offer.id)
        .await
        .unwrap();
    schedule::give_back(w.cx(), &ann, &third, "Unwell")
        .await
        .unwrap();
    assert_eq!(w.notices(&manager, "Ann Locum gave back a shift").await, 1);
    let page = practice::requirements(w.cx(), &practice_id).await.unwrap();
    assert_eq!(page.requirements[2].shift.status, ShiftStatus::Open);
    assert_eq!(
        page.requirements[2].offers[0].status,
        OfferStatus::Withdrawn
    );
    // Another practice's staff cannot answer this practice's offers.
    let mut conn = w.db.pool.acquire().await.unwrap();
    let elsewhere =
        fixtures::organisation(&mut conn, OrgKind::Practice, "Elsewhere", Some(&w.hub)).await;
    drop(conn);
    assert_eq!(
        practice::decline_offer(w.cx(), &manager, &elsewhere, &offer.id).await,
        Err(AppError::NotFound)
    );
}

#[tokio::test]
async fn the_calendar_link_shows_booked_work_and_stops_working_when_replaced_or_turned_off() {
    let w = world().await;
    w.add(w.shift("7", "08:00", "12:00")).await;
    w.add(w.shift("8", "08:00", "12:00")).await;
    let ids = w.shift_ids().await;
    schedule::assign_to_me(w.cx(), &w.locum, &ids[0])
        .await
        .unwrap();
    let token = schedule::create_calendar_feed(w.cx(), &w.locum)
        .await
        .unwrap();
    // Only the hash is kept.
    assert_eq!(
        w.count(&format!(
            "SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = '{}'",
            crate::server::tokens::hash_token(&token)
        ))
        .await,
        1
    );
    let feed = schedule::calendar_feed(w.cx(), &token).await.unwrap();
    assert!(feed.starts_with("BEGIN:VCALENDAR\r\n"), "{feed}");
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 1, "{feed}");
    assert!(feed.contains("DTSTART:20261207T080000Z\r\n"), "{feed}");
    assert!(
        feed.contains("SUMMARY:GP session: Coastline Federation\\, Seaview Surgery"),
        "{feed}"
    );
    assert!(feed.contains("LOCATION:1 Sea Road"), "{feed}");
    let page = schedule::schedule(w.cx(), &w.locum, None).await.unwrap();
    assert!(page.calendar_since.is_some());

    let newer = schedule::create_calendar_feed(w.cx(), &w.locum)
        .await
        .unwrap();
    assert_eq!(
        schedule::calendar_feed(w.cx(), &token).await,
        Err(AppError::NotFound)
    );
    assert!(schedule::calendar_feed(w.cx(), &newer).await.is_ok());
    schedule::turn_off_calendar_feed(w.cx(), &w.locum)
        .await
        .unwrap();
    assert_eq!(
        schedule::calendar_feed(w.cx(), &newer).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        schedule::calendar_feed(w.cx(), "not a token").await,
        Err(AppError::NotFound)
    );
}

// Workflow 2: availability and requests for cover.

impl World {
    /// A locum active in the network and enabled in the hub at its first
    /// location.
    async fn both_locum(&self, email: &str, name: &str) -> CurrentUser {
        let mut conn = self.db.pool.acquire().await.unwrap();
        let id = fixtures::person(
            &mut conn,
            email,
            name,
            &[(&self.network, Role::Locum), (&self.hub, Role::Locum)],
        )
        .await;
        sqlx::query("INSERT INTO hub_member_locations (user_id, location_id) VALUES ($1, 'loc-1')")
            .bind(&id)
            .execute(&mut *conn)
            .await
            .unwrap();
        fixtures::signed_in(&id, name, email, None)
    }

    async fn ask(
        &self,
        practice: &OrgId,
        manager: &CurrentUser,
        locum: &CurrentUser,
        day: &str,
        segment: &str,
    ) -> Result<String, AppError> {
        availability::request_cover(
            self.cx(),
            manager,
            practice,
            availability::CoverAsk {
                locum_id: &locum.id,
                day,
                segment,
                rate: "90",
                notes: "",
            },
        )
        .await
    }

    async fn request_ids(&self) -> Vec<CoverRequestId> {
        sqlx::query_scalar("SELECT id FROM cover_requests ORDER BY created_at, id")
            .fetch_all(&self.db.pool)
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn availability_requested_accepted_and_confirmed_is_booked_in_both_schedules() {
    let w = world().await;
    let (practice_id, manager) = w.practice().await;
    let ann = w.network_locum("ann@example.com", "Ann Locum").await;
    // Tuesday 8 December: Morning and Afternoon; then Afternoon removed.
    assert!(availability::toggle(w.cx(), &ann, "2026-12-08", "morning")
        .await
        .unwrap());
    assert!(
        availability::toggle(w.cx(), &ann, "2026-12-08", "afternoon")
            .await
            .unwrap()
    );
    assert!(
        !availability::toggle(w.cx(), &ann, "2026-12-08", "afternoon")
            .await
            .unwrap()
    );
    // Not in the past, and only for active locums.
    assert!(matches!(
        availability::toggle(w.cx(), &ann, "2026-12-03", "morning").await,
        Err(AppError::Conflict(_))
    ));
    assert_eq!(
        availability::toggle(w.cx(), &w.locum, "2026-12-08", "morning").await,
        Err(AppError::Forbidden)
    );
    let page = schedule::schedule(w.cx(), &ann, Some("2026-12-07"))
        .await
        .unwrap();
    let tuesday = &page.grid[1];
    assert_eq!(tuesday.date, "Tuesday 8 December 2026");
    assert_eq!(
        tuesday
            .cells
            .iter()
            .map(|c| c.available)
            .collect::<Vec<_>>(),
        [true, false, false]
    );

    // The practice sees her, by role and hub too.
    let seen =
        availability::practice_availability(w.cx(), &practice_id, Some("2026-12-07"), "", "")
            .await
            .unwrap();
    assert_eq!(seen.days[1].slots.len(), 1);
    assert_eq!(seen.days[1].slots[0].locum, "Ann Locum");
    assert_eq!(seen.days[1].slots[0].times, "08:00 to 13:00");
    let by_hub = availability::practice_availability(
        w.cx(),
        &practice_id,
        Some("2026-12-07"),
        "",
        w.hub.as_str(),
    )
    .await
    .unwrap();
    assert!(
        by_hub.days[1].slots.is_empty(),
        "Ann is not enabled in the hub"
    );

    // Request, accept, confirm.
    let refused = availability::request_cover(
        w.cx(),
        &manager,
        &practice_id,
        availability::CoverAsk {
            locum_id: &ann.id,
            day: "2026-12-08",
            segment: "morning",
            rate: "lots",
            notes: "",
        },
    )
    .await
    .unwrap_err();
    assert!(refused.field_errors().for_field("rate").is_some());
    assert_eq!(
        w.ask(&practice_id, &manager, &ann, "2026-12-08", "morning")
            .await
            .unwrap(),
        "Ann Locum"
    );
    // Not for a segment she is not available in.
    assert_eq!(
        w.ask(&practice_id, &manager, &ann, "2026-12-08", "evening")
            .await,
        Err(AppError::Conflict(
            "Ann Locum is no longer available then".into()
        ))
    );
    let id = w.request_ids().await.remove(0);
    assert_eq!(
        availability::confirm(w.cx(), &manager, &practice_id, &id).await,
        Err(AppError::Conflict(
            "Only a request the locum has accepted, and whose time has not come, can be confirmed"
                .into()
        ))
    );
    let page = schedule::schedule(w.cx(), &ann, Some("2026-12-07"))
        .await
        .unwrap();
    assert_eq!(page.cover_requests.len(), 1);
    assert_eq!(page.cover_requests[0].status, RequestStatus::Requested);
    assert_eq!(
        page.grid[1].cells[0].request,
        Some(RequestStatus::Requested)
    );
    // A waiting request cannot be removed from under the practice.
    assert!(matches!(
        availability::toggle(w.cx(), &ann, "2026-12-08", "morning").await,
        Err(AppError::Conflict(_))
    ));
    availability::answer(w.cx(), &ann, &id, true).await.unwrap();
    assert_eq!(
        w.notices(&manager, "Ann Locum accepted your request for cover")
            .await,
        1
    );
    availability::confirm(w.cx(), &manager, &practice_id, &id)
        .await
        .unwrap();
    assert_eq!(
        w.notices(&ann, "Seaview Practice confirmed your booking")
            .await,
        1
    );
    // In both Schedules: Ann's week, and the practice's Requirements.
    let page = schedule::schedule(w.cx(), &ann, Some("2026-12-07"))
        .await
        .unwrap();
    assert_eq!(page.days[1].work.len(), 1);
    assert_eq!(page.days[1].work[0].times, "08:00 to 13:00");
    assert_eq!(page.cover_requests[0].status, RequestStatus::Confirmed);
    let booked = practice::requirements(w.cx(), &practice_id).await.unwrap();
    assert_eq!(booked.requirements.len(), 1);
    assert_eq!(
        booked.requirements[0].shift.locum.as_deref(),
        Some("Ann Locum")
    );
    // Nobody else sees that segment free any more.
    let seen =
        availability::practice_availability(w.cx(), &practice_id, Some("2026-12-07"), "", "")
            .await
            .unwrap();
    assert!(seen.days[1].slots.is_empty());
}

#[tokio::test]
async fn a_waiting_request_holds_its_segment_against_every_other_booking() {
    let w = world().await;
    let (practice_id, manager) = w.practice().await;
    let ann = w.both_locum("ann@example.com", "Ann Locum").await;
    availability::toggle(w.cx(), &ann, "2026-12-08", "morning")
        .await
        .unwrap();
    w.ask(&practice_id, &manager, &ann, "2026-12-08", "morning")
        .await
        .unwrap();
    // A second practice cannot ask for the same segment.
    let mut conn = w.db.pool.acquire().await.unwrap();
    let other = fixtures::organisation(
        &mut conn,
        OrgKind::Practice,
        "Harbour Practice",
        Some(&w.hub),
    )
    .await;
    let other_manager = fixtures::person(
        &mut conn,
        "pm2@nhs.net",
        "Pam Manager",
        &[(&other, Role::PracticeManager)],
    )
    .await;
    drop(conn);
    let other_manager = fixtures::signed_in(&other_manager, "Pam Manager", "pm2@nhs.net", None);
    let refused = w
        .ask(&other, &other_manager, &ann, "2026-12-08", "morning")
        .await;
    assert!(
        matches!(&refused, Err(AppError::Conflict(m)) if m.starts_with("Ann Locum already has a request for cover on Tuesday 8 December 2026, 08:00 to 13:00 from Seaview Practice")),
        "{refused:?}"
    );
    // A hub shift overlapping it cannot be assigned, nor a requirement offered for.
    w.add(w.shift("8", "10:00", "12:00")).await;
    w.post(&practice_id, &manager, "8", "12:00", "14:00").await;
    let hub_shift: ShiftId = sqlx::query_scalar("SELECT id FROM shifts WHERE hub_id IS NOT NULL")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    let requirement: ShiftId =
        sqlx::query_scalar("SELECT id FROM shifts WHERE practice_id IS NOT NULL")
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    let message = conflict(schedule::assign_to_me(w.cx(), &ann, &hub_shift).await);
    assert!(
        message.starts_with("You already have a request for cover on Tuesday 8 December 2026"),
        "{message}"
    );
    assert!(
        conflict(schedule::offer_cover(w.cx(), &ann, &requirement).await)
            .starts_with("You already have a request for cover")
    );

    // Declined, it holds nothing: the hub shift can be taken, and then
    // confirming an old acceptance is impossible.
    let id = w.request_ids().await.remove(0);
    availability::answer(w.cx(), &ann, &id, false)
        .await
        .unwrap();
    assert_eq!(
        w.notices(&manager, "Ann Locum declined your request for cover")
            .await,
        1
    );
    schedule::assign_to_me(w.cx(), &ann, &hub_shift)
        .await
        .unwrap();
    assert_eq!(
        availability::answer(w.cx(), &ann, &id, true).await,
        Err(AppError::Conflict(
            "This request has already been answered, or its time has passed".into()
        ))
    );
    // When its time comes a waiting request has expired.
    availability::toggle(w.cx(), &ann, "2026-12-09", "evening")
        .await
        .unwrap();
    w.ask(&practice_id, &manager, &ann, "2026-12-09", "evening")
        .await
        .unwrap();
    // Wednesday 9 December, 19:00: the evening began an hour ago.
    w.clock.advance_ms(6 * DAY_MS + 10 * HOUR_MS);
    let page =
        availability::practice_availability(w.cx(), &practice_id, Some("2026-12-07"), "", "")
            .await
            .unwrap();
    let evening: Vec<RequestStatus> = page
        .requests
        .iter()
        .filter(|r| r.segment == Segment::Evening)
        .map(|r| r.status)
        .collect();
    assert_eq!(evening, [RequestStatus::Expired]);
}

#[tokio::test]
async fn the_month_view_lists_each_day_with_work_offers_requests_and_availability_in_words() {
    let w = world().await;
    let (practice_id, manager) = w.practice().await;
    let ann = w.both_locum("ann@example.com", "Ann Locum").await;
    w.add(w.shift("7", "08:00", "12:30")).await;
    w.post(&practice_id, &manager, "8", "14:00", "18:00").await;
    let ids = w.shift_ids().await;
    schedule::assign_to_me(w.cx(), &ann, &ids[0]).await.unwrap();
    schedule::offer_cover(w.cx(), &ann, &ids[1]).await.unwrap();
    availability::toggle(w.cx(), &ann, "2026-12-09", "evening")
        .await
        .unwrap();
    availability::toggle(w.cx(), &ann, "2026-12-09", "morning")
        .await
        .unwrap();
    w.ask(&practice_id, &manager, &ann, "2026-12-09", "morning")
        .await
        .unwrap();
    let month = schedule::month(w.cx(), &ann, None).await.unwrap();
    assert_eq!(month.title, "December 2026");
    assert_eq!(
        (month.previous.as_str(), month.next.as_str()),
        ("2026-11", "2027-01")
    );
    let seen: Vec<(String, Vec<(String, String)>)> = month
        .days
        .into_iter()
        .map(|d| {
            (
                d.date,
                d.items.into_iter().map(|i| (i.state, i.text)).collect(),
            )
        })
        .collect();
    let pair = |state: &str, text: &str| (state.to_string(), text.to_string());
    assert_eq!(
        seen,
        [
            (
                "Monday 7 December 2026".to_string(),
                vec![pair(
                    "Booked",
                    "08:00 to 12:30, Coastline Federation, Seaview Surgery"
                )]
            ),
            (
                "Tuesday 8 December 2026".to_string(),
                vec![pair("Offered", "14:00 to 18:00, Seaview Practice")]
            ),
            (
                "Wednesday 9 December 2026".to_string(),
                vec![
                    pair(
                        "Requested",
                        "08:00 to 13:00, request for cover from Seaview Practice"
                    ),
                    pair("Available", "Morning, 08:00 to 13:00"),
                    pair("Available", "Evening, 18:00 to 22:00"),
                ]
            ),
        ]
    );
    // January is empty.
    let january = schedule::month(w.cx(), &ann, Some("2027-01"))
        .await
        .unwrap();
    assert!(january.days.is_empty());
}
