//! The rules of requests and inboxes, on a fresh database (SQLite, or
//! PostgreSQL when TEST_POSTGRES_URL is set): who sees what, across
//! practices, and that each action changes everything or nothing.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::contact::model::*;
use super::contact::service::*;
use super::group_inboxes::model::*;
use super::group_inboxes::service::*;
use super::inbox::model::*;
use super::inbox::service::*;
use super::model::*;
use super::request::service::*;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, RequestId};
use crate::org::model::OrgKind;
use crate::org::model::Role;
use crate::server::clock::MINUTE_MS;
use crate::server::fixtures;
use crate::server::testing::TestCx;

struct World {
    /// The database, clock, configuration and hasher (`world.db`, `world.cx()`).
    t: TestCx,
    practices: Vec<OrgId>,
}

crate::server::testing::test_world!(World);

impl World {
    async fn new(practices: usize) -> World {
        let t = TestCx::at(1_800_000_000_000).await;
        let mut conn = t.db.pool.acquire().await.unwrap();
        let network = fixtures::organisation(&mut conn, OrgKind::Network, "Network", None).await;
        let mut ids = Vec::new();
        for n in 1..=practices {
            ids.push(fixtures::practice(&mut conn, &format!("Practice {n}"), Some(&network)).await);
        }
        drop(conn);
        World { t, practices: ids }
    }

    /// A person with `role` in each of the given practices.
    async fn person(&self, email: &str, roles: &[(usize, Role)]) -> CurrentUser {
        let mut conn = self.db.pool.acquire().await.unwrap();
        let roles: Vec<(&OrgId, Role)> = roles
            .iter()
            .map(|(practice, role)| (&self.practices[*practice], *role))
            .collect();
        let id = fixtures::person(&mut conn, email, email, &roles).await;
        fixtures::signed_in(&id, email, email, None)
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// A request taken by phone by `staff` at a practice; returns its id.
    async fn request(&self, staff: &CurrentUser, practice: usize, description: &str) -> RequestId {
        self.clock.advance_ms(MINUTE_MS);
        log_phone_request(
            self.cx(),
            staff,
            &self.practices[practice],
            &form(description),
        )
        .await
        .unwrap()
    }
}

/// A request whose patient is named after its description, so a list
/// (which does not carry descriptions) shows which request a row is: see
/// [`descriptions`].
fn form(description: &str) -> NewRequest {
    NewRequest {
        patient_name: description.into(),
        dob_day: "1".into(),
        dob_month: "2".into(),
        dob_year: "1970".into(),
        nhs_number: String::new(),
        email: "pat@example.com".into(),
        phone: String::new(),
        kind: "medical".into(),
        description: description.into(),
    }
}

/// Which requests the rows are, by the description each was made with
/// (its patient's name, see [`form`]).
fn descriptions(rows: &[RequestSummary]) -> Vec<&str> {
    rows.iter().map(|r| r.patient_name.as_str()).collect()
}

async fn enable_all_practices(world: &World, admin: &CurrentUser, practice: usize) {
    set_all_practices_view(world.cx(), admin, &world.practices[practice], true, true)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_gp_in_three_practices_sees_all_five_requests_together_with_the_urgent_one_first() {
    let world = World::new(4).await;
    let admin = world
        .person(
            "admin@nhs.net",
            &[
                (0, Role::PracticeAdmin),
                (1, Role::PracticeAdmin),
                (2, Role::PracticeAdmin),
            ],
        )
        .await;
    let gp = world
        .person("gp@nhs.net", &[(0, Role::Gp), (1, Role::Gp), (2, Role::Gp)])
        .await;
    let receptionist = world
        .person("reception@nhs.net", &[(1, Role::Receptionist)])
        .await;
    for practice in 0..3 {
        enable_all_practices(&world, &admin, practice).await;
    }
    let spread = [
        (0, "one"),
        (1, "two"),
        (1, "three"),
        (2, "four"),
        (2, "five"),
    ];
    let mut ids = Vec::new();
    for (practice, text) in spread {
        let id = world.request(&gp, practice, text).await;
        assign(world.cx(), &gp, &id, &Assignee::Person(gp.id.clone()))
            .await
            .unwrap();
        ids.push(id);
    }
    mark_urgent(world.cx(), &gp, &ids[3], true).await.unwrap();
    // A request in a fourth practice the GP does not work at.
    let outsider = world.person("elsewhere@nhs.net", &[(3, Role::Gp)]).await;
    world.request(&outsider, 3, "not yours").await;

    let all = inbox(
        world.cx(),
        &gp,
        &InboxView::MineAllPractices,
        &InboxFilter::default(),
    )
    .await
    .unwrap();
    assert_eq!(descriptions(&all), ["four", "one", "two", "three", "five"]);
    assert!(all[0].urgent);
    assert_eq!(all[0].practice_name, "Practice 3");

    let nav = navigation(world.cx(), &gp).await.unwrap();
    let labels: Vec<(&str, i64)> = nav
        .practices
        .iter()
        .map(|p| (p.practice_name.as_str(), p.open))
        .collect();
    assert_eq!(
        labels,
        [("Practice 1", 1), ("Practice 2", 2), ("Practice 3", 2)]
    );
    assert_eq!(
        nav.all_practices[0].label,
        "My Inbox - All Practices (5 requests)"
    );

    // The receptionist of practice 2 only ever sees practice 2.
    let nav = navigation(world.cx(), &receptionist).await.unwrap();
    assert_eq!(nav.practices.len(), 1);
    assert_eq!(nav.practices[0].practice_name, "Practice 2");
    let refused = inbox(
        world.cx(),
        &receptionist,
        &InboxView::Unassigned {
            practice_id: world.practices[0].clone(),
        },
        &InboxFilter::default(),
    )
    .await;
    assert_eq!(refused, Err(AppError::Forbidden));
    let theirs = inbox(
        world.cx(),
        &receptionist,
        &InboxView::MineAllPractices,
        &InboxFilter::default(),
    )
    .await
    .unwrap();
    assert!(
        theirs.is_empty(),
        "no requests are assigned to the receptionist"
    );
}

#[tokio::test]
async fn a_request_is_never_visible_or_changeable_from_another_practice_all_practices_or_not() {
    let world = World::new(2).await;
    let admin = world
        .person(
            "admin@nhs.net",
            &[(0, Role::PracticeAdmin), (1, Role::PracticeAdmin)],
        )
        .await;
    enable_all_practices(&world, &admin, 0).await;
    enable_all_practices(&world, &admin, 1).await;
    let here = world.person("here@nhs.net", &[(0, Role::Gp)]).await;
    let there = world.person("there@nhs.net", &[(1, Role::Gp)]).await;
    let id = world.request(&here, 0, "private").await;

    for view in [
        InboxView::Unassigned {
            practice_id: world.practices[0].clone(),
        },
        InboxView::Mine {
            practice_id: world.practices[0].clone(),
        },
    ] {
        assert_eq!(
            inbox(world.cx(), &there, &view, &InboxFilter::default()).await,
            Err(AppError::Forbidden)
        );
    }
    let merged = inbox(
        world.cx(),
        &there,
        &InboxView::MineAllPractices,
        &InboxFilter::default(),
    )
    .await
    .unwrap();
    assert!(merged.is_empty());
    assert_eq!(
        assign(world.cx(), &there, &id, &Assignee::Person(there.id.clone())).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        mark_urgent(world.cx(), &there, &id, true).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        add_note(world.cx(), &there, &id, "peek").await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        reply_to_patient(world.cx(), &there, &id, "hello").await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        complete(world.cx(), &there, &id).await,
        Err(AppError::NotFound)
    );
    // Nor can the practice assign its request to someone from elsewhere.
    let refused = assign(world.cx(), &here, &id, &Assignee::Person(there.id.clone())).await;
    assert!(matches!(refused, Err(AppError::Invalid(_))));
    assert_eq!(world.count("SELECT COUNT(*) FROM request_notes").await, 0);
    assert_eq!(
        world.count("SELECT COUNT(*) FROM requests WHERE urgent = 0 AND status = 'new' AND assigned_user_id IS NULL").await,
        1
    );
    // An administrator without a staff role sees no inbox at all.
    let nav = navigation(world.cx(), &admin).await.unwrap();
    assert!(nav.practices.is_empty() && nav.all_practices.is_empty());
}

#[tokio::test]
async fn group_inboxes_are_shared_by_their_role_and_merge_across_practices_by_name() {
    let world = World::new(2).await;
    let admin = world
        .person(
            "admin@nhs.net",
            &[(0, Role::PracticeAdmin), (1, Role::PracticeAdmin)],
        )
        .await;
    let clerk = world
        .person(
            "clerk@nhs.net",
            &[(0, Role::PrescriptionClerk), (1, Role::PrescriptionClerk)],
        )
        .await;
    let gp = world.person("gp@nhs.net", &[(0, Role::Gp)]).await;
    let first = create_group_inbox(
        world.cx(),
        &admin,
        &world.practices[0],
        "Script clerks",
        "prescription_clerk",
    )
    .await
    .unwrap();
    let second = create_group_inbox(
        world.cx(),
        &admin,
        &world.practices[1],
        "  script CLERKS ",
        "Prescription clerk",
    )
    .await
    .unwrap();
    let again = create_group_inbox(
        world.cx(),
        &admin,
        &world.practices[0],
        "SCRIPT clerks",
        "prescription_clerk",
    )
    .await;
    match again {
        Err(AppError::Invalid(errors)) => assert_eq!(
            errors.for_field("name").as_deref(),
            Some("This practice already has a group inbox with that name")
        ),
        other => panic!("expected a name error, got {other:?}"),
    }
    let bad = create_group_inbox(
        world.cx(),
        &admin,
        &world.practices[0],
        " ",
        "practice_admin",
    )
    .await;
    match bad {
        Err(AppError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["name", "role"]);
        }
        other => panic!("expected field errors, got {other:?}"),
    }
    assert_eq!(world.count("SELECT COUNT(*) FROM group_inboxes").await, 2);

    let a = world.request(&gp, 0, "repeat prescription").await;
    assign(world.cx(), &gp, &a, &Assignee::Group(first.id.clone()))
        .await
        .unwrap();
    let other_admin = world
        .person("admin2@nhs.net", &[(1, Role::Receptionist)])
        .await;
    let b = world.request(&other_admin, 1, "another prescription").await;
    assign(
        world.cx(),
        &other_admin,
        &b,
        &Assignee::Group(second.id.clone()),
    )
    .await
    .unwrap();
    // A group inbox of practice 2 cannot hold a request of practice 1.
    let crossed = assign(world.cx(), &gp, &a, &Assignee::Group(second.id.clone())).await;
    assert!(matches!(crossed, Err(AppError::Invalid(_))));

    // Without the All Practices view, each practice's inbox stands alone.
    let nav = navigation(world.cx(), &clerk).await.unwrap();
    assert!(nav.all_practices.is_empty());
    let labels: Vec<&str> = nav.practices[0]
        .inboxes
        .iter()
        .map(|i| i.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "My inbox (0 requests)",
            "Unassigned (0 requests)",
            "Script clerks (1 request)"
        ]
    );
    // The GP does not hold the role, so does not see the inbox.
    let gp_nav = navigation(world.cx(), &gp).await.unwrap();
    assert_eq!(gp_nav.practices[0].inboxes.len(), 2);
    let refused = inbox(
        world.cx(),
        &gp,
        &InboxView::Group {
            inbox_id: first.id.clone(),
        },
        &InboxFilter::default(),
    )
    .await;
    assert_eq!(refused, Err(AppError::Forbidden));

    enable_all_practices(&world, &admin, 0).await;
    enable_all_practices(&world, &admin, 1).await;
    let nav = navigation(world.cx(), &clerk).await.unwrap();
    let merged: Vec<&str> = nav.all_practices.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(
        merged,
        [
            "My Inbox - All Practices (0 requests)",
            "Unassigned - All Practices (0 requests)",
            "Script clerks - All Practices (2 requests)"
        ]
    );
    let rows = inbox(
        world.cx(),
        &clerk,
        &InboxView::GroupAllPractices {
            name_key: "script clerks".into(),
        },
        &InboxFilter::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        descriptions(&rows),
        ["repeat prescription", "another prescription"]
    );
}

#[tokio::test]
async fn enabling_the_all_practice_view_needs_the_notice_agreed_and_the_banner_lists_near_misses() {
    let world = World::new(2).await;
    let admin = world
        .person(
            "admin@nhs.net",
            &[(0, Role::PracticeAdmin), (1, Role::PracticeAdmin)],
        )
        .await;
    world
        .person(
            "clerk@nhs.net",
            &[(0, Role::PrescriptionClerk), (1, Role::PrescriptionClerk)],
        )
        .await;
    let refused =
        set_all_practices_view(world.cx(), &admin, &world.practices[0], true, false).await;
    assert!(matches!(refused, Err(AppError::Invalid(ref e)) if e.for_field("agree").is_some()));
    assert_eq!(
        world
            .count("SELECT COUNT(*) FROM organisations WHERE all_practices_inbox = 1")
            .await,
        0
    );

    create_group_inbox(
        world.cx(),
        &admin,
        &world.practices[0],
        "Script clerks",
        "prescription_clerk",
    )
    .await
    .unwrap();
    create_group_inbox(
        world.cx(),
        &admin,
        &world.practices[1],
        "Script Clerk",
        "prescription_clerk",
    )
    .await
    .unwrap();
    create_group_inbox(
        world.cx(),
        &admin,
        &world.practices[1],
        "Secretaries",
        "secretary",
    )
    .await
    .unwrap();
    enable_all_practices(&world, &admin, 0).await;
    enable_all_practices(&world, &admin, 1).await;
    let tab = group_inboxes_tab(world.cx(), &world.practices[0])
        .await
        .unwrap();
    assert!(tab.all_practices);
    assert_eq!(
        tab.near_misses,
        [NearMiss {
            here: "Script clerks".into(),
            there: "Script Clerk".into(),
            practice_name: "Practice 2".into()
        }]
    );
    assert_eq!(
        world
            .count("SELECT COUNT(*) FROM activity_log WHERE event = 'all_practices_view_enabled'")
            .await,
        2
    );
}

#[tokio::test]
async fn the_contact_form_stores_a_request_and_refuses_robots_floods_and_bad_input_without_writing()
{
    let mut world = World::new(1).await;
    let practice = world.practices[0].clone();
    world.config.contact = crate::server::config::ContactLimits {
        per_client_per_hour: 2,
        per_practice_per_hour: 100,
    };
    let stored = submit_contact_form(world.cx(), &practice, "203.0.113.9", &form("a cough"), "")
        .await
        .unwrap();
    assert!(matches!(stored, Submitted::Stored { ref reference } if reference.starts_with("R-")));
    assert_eq!(
        world
            .count("SELECT COUNT(*) FROM requests WHERE source = 'online'")
            .await,
        1
    );
    // The patient gave an email address: it gets the reference.
    let Submitted::Stored { reference } = &stored else {
        unreachable!()
    };
    let (subject, text): (String, String) = sqlx::query_as(
        "SELECT subject, text_body FROM outbox WHERE to_address = 'pat@example.com'",
    )
    .fetch_one(&world.db.pool)
    .await
    .unwrap();
    assert!(subject.starts_with("Your request to "), "{subject}");
    assert!(text.contains(reference.as_str()), "{text}");

    let mut empty = form("");
    empty.email = String::new();
    let refused = submit_contact_form(world.cx(), &practice, "203.0.113.9", &empty, "").await;
    match refused {
        Err(AppError::Invalid(errors)) => {
            assert!(
                errors.for_field("email").is_some() && errors.for_field("description").is_some()
            )
        }
        other => panic!("expected field errors, got {other:?}"),
    }
    // The robot fills the hidden field: it is told "sent", nothing is stored.
    let robot = submit_contact_form(
        world.cx(),
        &practice,
        "198.51.100.7",
        &form("buy now"),
        "http://spam",
    )
    .await
    .unwrap();
    assert!(matches!(robot, Submitted::Discarded { .. }));
    assert_eq!(world.count("SELECT COUNT(*) FROM requests").await, 1);
    assert_eq!(
        world.count("SELECT COUNT(*) FROM outbox").await,
        1,
        "no email for the robot"
    );

    submit_contact_form(
        world.cx(),
        &practice,
        "203.0.113.9",
        &form("a second thing"),
        "",
    )
    .await
    .unwrap();
    let flood =
        submit_contact_form(world.cx(), &practice, "203.0.113.9", &form("a third"), "").await;
    let Err(AppError::TooManyRequests(message)) = flood else {
        panic!("expected the hourly limit, got {flood:?}")
    };
    assert!(message.contains("Try again in an hour"), "{message}");
    assert_eq!(world.count("SELECT COUNT(*) FROM requests").await, 2);
    // An hour later the same person may write again.
    world.clock.advance_ms(61 * MINUTE_MS);
    submit_contact_form(world.cx(), &practice, "203.0.113.9", &form("next day"), "")
        .await
        .unwrap();
    assert_eq!(world.count("SELECT COUNT(*) FROM requests").await, 3);
    let unknown = submit_contact_form(
        world.cx(),
        &OrgId::from("no-such-practice"),
        "203.0.113.1",
        &form("x"),
        "",
    )
    .await;
    assert_eq!(unknown, Err(AppError::NotFound));
}

#[tokio::test]
async fn working_a_request_records_every_action_and_emails_the_reply_to_the_patient() {
    let world = World::new(1).await;
    let gp = world.person("gp@nhs.net", &[(0, Role::Gp)]).await;
    let nurse = world.person("nurse@nhs.net", &[(0, Role::Nurse)]).await;
    let id = world.request(&gp, 0, "blood test results").await;
    world.clock.advance_ms(MINUTE_MS);
    assign(world.cx(), &gp, &id, &Assignee::Person(nurse.id.clone()))
        .await
        .unwrap();
    world.clock.advance_ms(MINUTE_MS);
    assign(world.cx(), &gp, &id, &Assignee::Person(gp.id.clone()))
        .await
        .unwrap();
    world.clock.advance_ms(MINUTE_MS);
    mark_urgent(world.cx(), &gp, &id, true).await.unwrap();
    world.clock.advance_ms(MINUTE_MS);
    add_note(world.cx(), &gp, &id, "Checked the results: normal")
        .await
        .unwrap();
    world.clock.advance_ms(MINUTE_MS);
    let (delivery, _) = reply_to_patient(world.cx(), &gp, &id, "Your results are normal.")
        .await
        .unwrap();
    world.clock.advance_ms(MINUTE_MS);
    assert_eq!(delivery, ReplyDelivery::Emailed);
    complete(world.cx(), &gp, &id).await.unwrap();
    assert!(matches!(
        complete(world.cx(), &gp, &id).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        add_note(world.cx(), &gp, &id, "   ").await,
        Err(AppError::Invalid(_))
    ));

    let events: Vec<String> = sqlx::query_scalar(
        "SELECT event FROM activity_log WHERE subject_type = 'request' AND subject_id = $1 ORDER BY at",
    )
    .bind(&id)
    .fetch_all(&world.db.pool)
    .await
    .unwrap();
    assert_eq!(
        events,
        [
            "request_logged",
            "request_assigned",
            "request_reassigned",
            "request_marked_urgent",
            "note_added",
            "reply_sent",
            "request_completed"
        ]
    );
    let body: String =
        sqlx::query_scalar("SELECT text_body FROM outbox WHERE to_address = 'pat@example.com'")
            .fetch_one(&world.db.pool)
            .await
            .unwrap();
    assert!(body.contains("Your results are normal.") && !body.contains("Checked the results"));
    assert!(body.contains("Dear blood test results,"), "{body}");
    // Completed requests leave the open inbox but stay under the filter.
    let open = inbox(
        world.cx(),
        &gp,
        &InboxView::Mine {
            practice_id: world.practices[0].clone(),
        },
        &InboxFilter::default(),
    )
    .await
    .unwrap();
    assert!(open.is_empty());
    let done = InboxFilter {
        status: Some(RequestStatus::Completed),
        kind: Some(RequestKind::Medical),
        page: 1,
    };
    let completed = inbox(
        world.cx(),
        &gp,
        &InboxView::Mine {
            practice_id: world.practices[0].clone(),
        },
        &done,
    )
    .await
    .unwrap();
    assert_eq!(descriptions(&completed), ["blood test results"]);
}

#[tokio::test]
async fn the_inbox_page_opens_where_the_work_is_and_names_its_inbox() {
    let world = World::new(2).await;
    let admin = world
        .person(
            "admin@nhs.net",
            &[(0, Role::PracticeAdmin), (1, Role::PracticeAdmin)],
        )
        .await;
    let gp = world
        .person("gp@nhs.net", &[(0, Role::Gp), (1, Role::Gp)])
        .await;
    let waiting = world.request(&gp, 1, "waiting").await;

    // Without the view: "My inbox" of the first practice.
    let screen = inbox_screen(world.cx(), &gp, None, &InboxFilter::default())
        .await
        .unwrap();
    let InboxScreen::Open {
        view,
        title,
        practice_name,
        ..
    } = screen
    else {
        panic!("a GP has an inbox");
    };
    assert_eq!(
        view,
        InboxView::Mine {
            practice_id: world.practices[0].clone()
        }
    );
    assert_eq!(
        (title.as_str(), practice_name.as_str()),
        ("My inbox", "Practice 1")
    );

    // The unassigned queue of practice 2, chosen, holds its request.
    let chosen = InboxView::Unassigned {
        practice_id: world.practices[1].clone(),
    };
    let InboxScreen::Open { title, rows, .. } =
        inbox_screen(world.cx(), &gp, Some(chosen), &InboxFilter::default())
            .await
            .unwrap()
    else {
        panic!("a GP has an inbox");
    };
    assert_eq!(title, "Unassigned");
    assert_eq!(descriptions(&rows), ["waiting"]);

    enable_all_practices(&world, &admin, 0).await;
    enable_all_practices(&world, &admin, 1).await;
    let InboxScreen::Open { view, title, .. } =
        inbox_screen(world.cx(), &gp, None, &InboxFilter::default())
            .await
            .unwrap()
    else {
        panic!("a GP has an inbox");
    };
    // Their own inbox is empty and a request waits unassigned: the page
    // opens on the unassigned queue of All Practices.
    assert_eq!(view, InboxView::UnassignedAllPractices);
    assert_eq!(title, "Unassigned - All Practices");

    // Once something is theirs, on "My Inbox - All Practices".
    assign(world.cx(), &gp, &waiting, &Assignee::Person(gp.id.clone()))
        .await
        .unwrap();
    let InboxScreen::Open {
        view,
        title,
        rows,
        total,
        ..
    } = inbox_screen(world.cx(), &gp, None, &InboxFilter::default())
        .await
        .unwrap()
    else {
        panic!("a GP has an inbox");
    };
    assert_eq!(view, InboxView::MineAllPractices);
    assert_eq!(title, "My Inbox - All Practices");
    assert_eq!((descriptions(&rows), total), (vec!["waiting"], 1));

    // An administrator without a staff role has no inbox screen.
    assert_eq!(
        inbox_screen(world.cx(), &admin, None, &InboxFilter::default()).await,
        Ok(InboxScreen::NoInbox)
    );
}

#[tokio::test]
async fn the_request_page_shows_the_request_its_notes_history_and_who_it_can_go_to_but_only_to_its_practice(
) {
    let world = World::new(2).await;
    let admin = world
        .person("admin@nhs.net", &[(0, Role::PracticeAdmin)])
        .await;
    let gp = world.person("gp@nhs.net", &[(0, Role::Gp)]).await;
    let nurse = world
        .person(
            "nurse@nhs.net",
            &[(0, Role::Nurse), (0, Role::Receptionist)],
        )
        .await;
    let stranger = world.person("stranger@nhs.net", &[(1, Role::Gp)]).await;
    let inbox = create_group_inbox(world.cx(), &admin, &world.practices[0], "Nurses", "nurse")
        .await
        .unwrap();
    let id = world.request(&gp, 0, "Repeat prescription").await;
    world.clock.advance_ms(MINUTE_MS);
    assign(world.cx(), &gp, &id, &Assignee::Group(inbox.id.clone()))
        .await
        .unwrap();
    world.clock.advance_ms(MINUTE_MS);
    add_note(world.cx(), &nurse, &id, "Asked the GP")
        .await
        .unwrap();
    world.clock.advance_ms(MINUTE_MS);
    reply_to_patient(world.cx(), &nurse, &id, "Ready on Friday")
        .await
        .unwrap();

    let detail = request_detail(world.cx(), &gp, &id).await.unwrap();
    assert_eq!(detail.description, "Repeat prescription");
    assert_eq!(detail.date_of_birth, "1 February 1970");
    assert_eq!(detail.source, "Phone call");
    assert_eq!(detail.assigned_to.as_deref(), Some("Nurses"));
    assert_eq!(detail.assignee, format!("group:{}", inbox.id));
    assert_eq!(detail.status, RequestStatus::InProgress);
    let notes: Vec<(bool, &str, &str)> = detail
        .notes
        .iter()
        .map(|n| (n.reply, n.author.as_str(), n.body.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (false, "nurse@nhs.net", "Asked the GP"),
            (true, "nurse@nhs.net", "Ready on Friday")
        ]
    );
    let labels: Vec<&str> = detail
        .assign_options
        .iter()
        .map(|(_, l)| l.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Unassigned",
            "gp@nhs.net (GP)",
            "nurse@nhs.net (Nurse, Receptionist)",
            "Nurses (group inbox)"
        ]
    );
    let history: Vec<&str> = detail.history.iter().map(|e| e.what.as_str()).collect();
    assert_eq!(
        history,
        [
            "Reply sent to the patient",
            "Note added",
            "Assigned",
            "Request logged from a phone call"
        ]
    );
    // Once completed, its page no longer carries the practice's staff list
    // (nothing can be assigned any more).
    complete(world.cx(), &gp, &id).await.unwrap();
    let done = request_detail(world.cx(), &gp, &id).await.unwrap();
    assert_eq!(done.assign_options, Vec::<(String, String)>::new());

    // Someone from another practice cannot tell it exists; nor can the
    // practice's administrator, who holds no staff role.
    for outsider in [&stranger, &admin] {
        assert_eq!(
            request_detail(world.cx(), outsider, &id).await,
            Err(AppError::NotFound)
        );
    }
}

#[tokio::test]
async fn a_contact_form_belongs_only_to_a_practice() {
    let world = World::new(1).await;
    let practice = practice_contact(world.cx(), &world.practices[0], None)
        .await
        .unwrap();
    assert_eq!(practice.name, "Practice 1");
    let network: OrgId = sqlx::query_scalar("SELECT id FROM organisations WHERE kind = 'network'")
        .fetch_one(&world.db.pool)
        .await
        .unwrap();
    assert_eq!(
        practice_contact(world.cx(), &network, None).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        practice_contact(world.cx(), &OrgId::from("no-such-practice"), None).await,
        Err(AppError::NotFound)
    );
}

#[tokio::test]
async fn the_stored_inbox_counts_always_equal_a_recount_of_the_requests() {
    let world = World::new(2).await;
    let admin = world
        .person("admin@nhs.net", &[(0, Role::PracticeAdmin)])
        .await;
    let gp = world
        .person("gp@nhs.net", &[(0, Role::Gp), (1, Role::Gp)])
        .await;
    let nurse = world.person("nurse@nhs.net", &[(0, Role::Nurse)]).await;
    let secretaries =
        create_group_inbox(world.cx(), &admin, &world.practices[0], "Secretaries", "gp")
            .await
            .unwrap();
    let a = world.request(&gp, 0, "a").await;
    let b = world.request(&gp, 0, "b").await;
    let c = world.request(&gp, 0, "c").await;
    let d = world.request(&gp, 1, "d").await;
    for (id, who) in [
        (&a, Assignee::Person(nurse.id.clone())),
        (&a, Assignee::Person(gp.id.clone())),
        (&b, Assignee::Group(secretaries.id.clone())),
        (&c, Assignee::Group(secretaries.id.clone())),
        (&c, Assignee::Nobody),
        (&d, Assignee::Person(gp.id.clone())),
    ] {
        assign(world.cx(), &gp, id, &who).await.unwrap();
    }
    complete(world.cx(), &gp, &b).await.unwrap();
    // A refused action changes no count.
    assert!(complete(world.cx(), &gp, &b).await.is_err());

    let nav = navigation(world.cx(), &gp).await.unwrap();
    let open = |practice: usize, name: &str| {
        nav.practices[practice]
            .inboxes
            .iter()
            .find(|i| i.name == name)
            .map(|i| i.open)
    };
    assert_eq!(open(0, "My inbox"), Some(1));
    assert_eq!(open(0, "Unassigned"), Some(1));
    assert_eq!(open(0, "Secretaries"), Some(0));
    assert_eq!(open(1, "My inbox"), Some(1));
    assert_eq!(open(1, "Unassigned"), Some(0));
    let nurse_nav = navigation(world.cx(), &nurse).await.unwrap();
    assert_eq!(nurse_nav.practices[0].inboxes[0].open, 0);

    let mut conn = world.db.pool.acquire().await.unwrap();
    let stored = super::repo::all_open_counts(&mut conn).await.unwrap();
    super::repo::recount_open(&mut conn).await.unwrap();
    let recounted = super::repo::all_open_counts(&mut conn).await.unwrap();
    assert_eq!(stored, recounted);
    assert_eq!(stored.len(), 3, "{stored:?}");
}

#[tokio::test]
async fn a_reply_that_opens_with_its_own_greeting_is_not_greeted_twice() {
    let world = World::new(1).await;
    let gp = world.person("gp@nhs.net", &[(0, Role::Gp)]).await;
    let id = world.request(&gp, 0, "Pat Patient").await;
    reply_to_patient(world.cx(), &gp, &id, "Dear Pat,\n\nYour letter is ready.")
        .await
        .unwrap();
    let body: String = sqlx::query_scalar("SELECT text_body FROM outbox")
        .fetch_one(&world.db.pool)
        .await
        .unwrap();
    assert_eq!(body.matches("Dear ").count(), 1, "{body}");
    assert!(body.contains("Dear Pat,"), "{body}");
}

#[tokio::test]
async fn a_receptionist_of_one_practice_opens_on_unassigned_and_has_no_all_practices_view() {
    let world = World::new(2).await;
    let admin = world
        .person("admin@nhs.net", &[(0, Role::PracticeAdmin)])
        .await;
    let receptionist = world
        .person("reception@nhs.net", &[(0, Role::Receptionist)])
        .await;
    enable_all_practices(&world, &admin, 0).await;
    world.request(&receptionist, 0, "new request").await;

    let InboxScreen::Open {
        view, navigation, ..
    } = inbox_screen(world.cx(), &receptionist, None, &InboxFilter::default())
        .await
        .unwrap()
    else {
        panic!("a receptionist has an inbox");
    };
    assert_eq!(
        view,
        InboxView::Unassigned {
            practice_id: world.practices[0].clone()
        }
    );
    // All Practices would only repeat the one practice.
    assert!(navigation.all_practices.is_empty());
}

#[tokio::test]
async fn an_inbox_of_more_than_one_page_counts_every_request_and_pages_through_them() {
    let world = World::new(1).await;
    let gp = world.person("gp@nhs.net", &[(0, Role::Gp)]).await;
    for n in 1..=(PAGE_SIZE + 12) {
        world.request(&gp, 0, &format!("request {n}")).await;
    }
    let view = InboxView::Unassigned {
        practice_id: world.practices[0].clone(),
    };
    let page = |page| InboxFilter {
        page,
        ..InboxFilter::default()
    };
    let InboxScreen::Open {
        rows,
        total,
        page: shown,
        ..
    } = inbox_screen(world.cx(), &gp, Some(view.clone()), &page(0))
        .await
        .unwrap()
    else {
        panic!("a GP has an inbox");
    };
    assert_eq!(
        (rows.len() as i64, total, shown),
        (PAGE_SIZE, PAGE_SIZE + 12, 1)
    );
    assert_eq!(descriptions(&rows)[0], "request 1", "oldest first");
    assert_eq!(page_count(total), 2);

    let InboxScreen::Open {
        rows,
        total,
        page: shown,
        ..
    } = inbox_screen(world.cx(), &gp, Some(view.clone()), &page(2))
        .await
        .unwrap()
    else {
        panic!("a GP has an inbox");
    };
    assert_eq!((rows.len(), total, shown), (12, PAGE_SIZE + 12, 2));
    assert_eq!(descriptions(&rows)[0], format!("request {}", PAGE_SIZE + 1));

    // Past the end: nothing, but still the true count.
    let InboxScreen::Open { rows, total, .. } = inbox_screen(world.cx(), &gp, Some(view), &page(9))
        .await
        .unwrap()
    else {
        panic!("a GP has an inbox");
    };
    assert_eq!((rows.len(), total), (0, PAGE_SIZE + 12));
}
