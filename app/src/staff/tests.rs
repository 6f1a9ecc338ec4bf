//! The rules of staff invitations, registration and staff changes, on a
//! fresh database (SQLite, or PostgreSQL when TEST_POSTGRES_URL is set).
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use super::bulk::service::*;
use super::invitations::model::*;
use super::invitations::service::*;
use super::members::service::*;
use super::model::*;
use super::practices::service::*;
use super::service::*;
use crate::accounts::model::Email;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::org::model::OrgKind;
use crate::org::model::Permission;
use crate::org::model::Role;
use crate::server::clock::{FixedClock, DAY_MS, HOUR_MS};
use crate::server::config::StaffPolicy;
use crate::server::password::Hasher;
use crate::server::testing::fresh_db;
use crate::server::Db;

const BASE: &str = "http://127.0.0.1:3000";
const PASSWORD: &str = "maple tractor violin";

struct World {
    db: Db,
    clock: Arc<FixedClock>,
    policy: StaffPolicy,
    network: String,
    practice: String,
    other_practice: String,
    admin: CurrentUser,
}

impl World {
    fn env(&self) -> Env<'_> {
        Env {
            db: &self.db,
            clock: self.clock.as_ref(),
            policy: &self.policy,
            base_url: BASE,
        }
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// The invitation links emailed to `to`, oldest first.
    async fn emailed_links(&self, to: &str) -> Vec<String> {
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT text_body FROM outbox WHERE to_address = $1 ORDER BY created_at, id",
        )
        .bind(to)
        .fetch_all(&self.db.pool)
        .await
        .unwrap();
        bodies
            .iter()
            .filter_map(|body| {
                body.split_whitespace()
                    .find(|w| w.contains("/invite/"))
                    .map(str::to_string)
            })
            .collect()
    }

    async fn invite(&self, email: &str, role: Role) -> Result<InviteOutcome, AppError> {
        invite_staff(
            self.env(),
            &self.admin,
            &self.practice,
            email,
            role.as_str(),
            "",
            Delivery::Email,
        )
        .await
    }

    async fn copy_link(&self, email: &str, role: Role) -> String {
        invite_staff(
            self.env(),
            &self.admin,
            &self.practice,
            email,
            role.as_str(),
            "",
            Delivery::Link,
        )
        .await
        .unwrap()
        .link
        .unwrap()
    }

    async fn events(&self) -> Vec<String> {
        sqlx::query_scalar("SELECT event FROM activity_log ORDER BY at, id")
            .fetch_all(&self.db.pool)
            .await
            .unwrap()
    }

    async fn register(&self, link: &str, name: &str) -> Result<(String, Joined), AppError> {
        let form = Registration {
            name,
            job_title: "Receptionist",
            registration_number: "",
            password: PASSWORD,
            confirm: PASSWORD,
        };
        register_from_invite(
            &self.db,
            self.clock.as_ref(),
            &Hasher::new(1),
            token(link),
            &form,
        )
        .await
    }

    async fn user(&self, email: &str) -> CurrentUser {
        let mut conn = self.db.pool.acquire().await.unwrap();
        let id =
            crate::accounts::repo::find_user_id_by_email(&mut conn, &Email::parse(email).unwrap())
                .await
                .unwrap()
                .unwrap();
        let memberships = crate::org::service::memberships_of(&mut conn, &id)
            .await
            .unwrap();
        CurrentUser {
            id,
            name: "Someone".into(),
            email: email.into(),
            organisation_id: memberships.first().map(|m| m.organisation_id.clone()),
            memberships,
            unread_notifications: 0,
        }
    }

    async fn person(&self, email: &str, organisation: &str, role: Role) -> String {
        let mut conn = self.db.pool.acquire().await.unwrap();
        let id = crate::accounts::repo::insert_user(
            &mut conn,
            &Email::parse(email).unwrap(),
            "Person",
            0,
        )
        .await
        .unwrap();
        crate::org::service::ensure_membership(&mut conn, &id, organisation, role, 0)
            .await
            .unwrap();
        id
    }

    async fn membership_of(&self, user_id: &str, role: Role) -> String {
        sqlx::query_scalar("SELECT id FROM memberships WHERE user_id = $1 AND role = $2")
            .bind(user_id)
            .bind(role.as_str())
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    async fn permits(&self, user_id: &str, permission: Permission) -> bool {
        let mut conn = self.db.pool.acquire().await.unwrap();
        crate::org::access::may(&mut conn, user_id, permission, &self.practice)
            .await
            .unwrap()
    }
}

fn token(link: &str) -> &str {
    link.rsplit('/').next().unwrap()
}

async fn world() -> World {
    let db = fresh_db().await;
    let clock = FixedClock::at(1_800_000_000_000);
    let mut conn = db.pool.acquire().await.unwrap();
    let network = crate::org::service::insert_organisation(
        &mut conn,
        OrgKind::Network,
        "Network",
        None,
        None,
        0,
    )
    .await
    .unwrap();
    let practice = crate::org::service::insert_organisation(
        &mut conn,
        OrgKind::Practice,
        "Riverside Surgery",
        Some("Y00001"),
        Some(&network),
        0,
    )
    .await
    .unwrap();
    let other_practice = crate::org::service::insert_organisation(
        &mut conn,
        OrgKind::Practice,
        "Hilltop Practice",
        Some("Y00002"),
        Some(&network),
        0,
    )
    .await
    .unwrap();
    let admin_id = crate::accounts::repo::insert_user(
        &mut conn,
        &Email::parse("admin@nhs.net").unwrap(),
        "Alex Admin",
        0,
    )
    .await
    .unwrap();
    crate::org::service::ensure_membership(&mut conn, &admin_id, &practice, Role::PracticeAdmin, 0)
        .await
        .unwrap();
    drop(conn);
    let admin = CurrentUser {
        id: admin_id,
        name: "Alex Admin".into(),
        email: "admin@nhs.net".into(),
        memberships: vec![],
        organisation_id: Some(practice.clone()),
        unread_notifications: 0,
    };
    World {
        db,
        clock,
        policy: StaffPolicy::default(),
        network,
        practice,
        other_practice,
        admin,
    }
}

#[tokio::test]
async fn send_invite_emails_a_single_use_link_and_registering_makes_a_receptionist() {
    let w = world().await;
    w.invite("Robin.Reception@nhs.net", Role::Receptionist)
        .await
        .unwrap();
    let subject: String = sqlx::query_scalar(
        "SELECT subject FROM outbox WHERE to_address = 'Robin.Reception@nhs.net'",
    )
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert_eq!(subject, "Invitation to join Riverside Surgery on Gatehouse");
    let links = w.emailed_links("Robin.Reception@nhs.net").await;
    assert_eq!(links.len(), 1);
    assert!(links[0].starts_with("http://127.0.0.1:3000/invite/"));

    let view = view_invitation(&w.db, w.clock.as_ref(), token(&links[0]), None)
        .await
        .unwrap();
    assert_eq!(view.organisation_name, "Riverside Surgery");
    assert_eq!(view.role_label, "Receptionist");
    assert!(!view.has_account);
    assert_eq!(view.registration, None);

    let (user_id, joined) = w.register(&links[0], "Robin Reception").await.unwrap();
    assert!(!joined.admin_only);
    assert_eq!(joined.next_step().0, "Take me to my inbox");
    assert!(w.permits(&user_id, Permission::HandleRequests).await);
    // The link works once.
    assert_eq!(
        view_invitation(&w.db, w.clock.as_ref(), token(&links[0]), None).await,
        Err(AppError::LinkExpired)
    );
    let overview = overview(&w.db, w.clock.as_ref(), &w.policy, &w.practice)
        .await
        .unwrap();
    assert_eq!(overview.invited[0].status, InviteStatus::Accepted);
    assert!(overview
        .registered
        .iter()
        .any(|m| m.email == "Robin.Reception@nhs.net" && m.role == "receptionist"));
    // The inviter hears about it.
    let notices = w
        .count("SELECT COUNT(*) FROM notifications WHERE title LIKE 'Robin Reception joined%'")
        .await;
    assert_eq!(notices, 1);
    let events = w.events().await;
    for event in ["staff_invited", "staff_registered", "invite_accepted"] {
        assert!(events.iter().any(|e| e == event), "{event} in {events:?}");
    }
}

#[tokio::test]
async fn an_invite_link_stops_working_after_seven_days() {
    let w = world().await;
    let link = w.copy_link("late@nhs.net", Role::Gp).await;
    w.clock.advance_ms(7 * DAY_MS - 1);
    assert!(view_invitation(&w.db, w.clock.as_ref(), token(&link), None)
        .await
        .is_ok());
    w.clock.advance_ms(1);
    assert_eq!(w.register(&link, "Late").await, Err(AppError::LinkExpired));
    assert_eq!(
        w.count("SELECT COUNT(*) FROM users WHERE email_lower = 'late@nhs.net'")
            .await,
        0
    );
    let overview = overview(&w.db, w.clock.as_ref(), &w.policy, &w.practice)
        .await
        .unwrap();
    assert_eq!(overview.invited[0].status, InviteStatus::Expired);
}

#[tokio::test]
async fn copy_new_link_kills_every_older_link_of_the_invite() {
    let w = world().await;
    let first = w.copy_link("nurse@nhs.net", Role::Nurse).await;
    assert_eq!(
        w.count("SELECT COUNT(*) FROM outbox").await,
        0,
        "copying sends no email"
    );
    let invite_id: String = sqlx::query_scalar("SELECT id FROM invites")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    // Entries at the same instant have no order: move the clock between them.
    w.clock.advance_ms(1_000);
    let second = renew_invite_link(w.env(), &w.admin, &w.practice, &invite_id)
        .await
        .unwrap();
    w.clock.advance_ms(1_000);
    let third = renew_invite_link(w.env(), &w.admin, &w.practice, &invite_id)
        .await
        .unwrap();
    for old in [&first, &second] {
        assert_eq!(
            view_invitation(&w.db, w.clock.as_ref(), token(old), None).await,
            Err(AppError::LinkExpired)
        );
    }
    assert!(
        view_invitation(&w.db, w.clock.as_ref(), token(&third), None)
            .await
            .is_ok()
    );
    let events = w.events().await;
    assert_eq!(
        events,
        [
            "invite_link_copied",
            "invite_link_renewed",
            "invite_link_renewed"
        ]
    );
}

#[tokio::test]
async fn resend_emails_a_new_link_and_restarts_the_week() {
    let w = world().await;
    w.invite("gp@nhs.net", Role::Gp).await.unwrap();
    let invite_id: String = sqlx::query_scalar("SELECT id FROM invites")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    w.clock.advance_ms(8 * DAY_MS);
    resend_invite(w.env(), &w.admin, &w.practice, &invite_id)
        .await
        .unwrap();
    let links = w.emailed_links("gp@nhs.net").await;
    assert_eq!(links.len(), 2);
    assert_eq!(
        view_invitation(&w.db, w.clock.as_ref(), token(&links[0]), None).await,
        Err(AppError::LinkExpired)
    );
    let view = view_invitation(&w.db, w.clock.as_ref(), token(&links[1]), None)
        .await
        .unwrap();
    assert_eq!(
        view.registration,
        Some((
            "GMC number".to_string(),
            "7 digits, for example 1234567".to_string()
        ))
    );
}

#[tokio::test]
async fn a_revoked_or_made_up_link_is_expired_and_changes_nothing() {
    let w = world().await;
    let link = w.copy_link("gone@nhs.net", Role::Secretary).await;
    let invite_id: String = sqlx::query_scalar("SELECT id FROM invites")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    revoke_invite(w.env(), &w.admin, &w.practice, &invite_id)
        .await
        .unwrap();
    assert_eq!(w.register(&link, "Gone").await, Err(AppError::LinkExpired));
    let tampered = format!("{}0", &link[..link.len() - 1]);
    assert_eq!(
        w.register(&tampered, "Gone").await,
        Err(AppError::LinkExpired)
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM users").await, 1);
    // A revoked invite cannot be resent or revoked again.
    assert!(matches!(
        resend_invite(w.env(), &w.admin, &w.practice, &invite_id).await,
        Err(AppError::Conflict(_))
    ));
}

#[tokio::test]
async fn a_second_pending_invite_for_the_same_email_and_role_is_refused_with_resend_offered() {
    let w = world().await;
    w.invite("dup@nhs.net", Role::Receptionist).await.unwrap();
    let again = w
        .invite("DUP@nhs.net", Role::Receptionist)
        .await
        .unwrap_err();
    let message = again.field_errors().for_field("email").unwrap();
    assert!(message.contains("Resend"), "{message}");
    assert_eq!(w.count("SELECT COUNT(*) FROM invites").await, 1);
    assert_eq!(w.count("SELECT COUNT(*) FROM outbox").await, 1);
    // Another role for the same person is a separate invite.
    w.invite("dup@nhs.net", Role::CareNavigator).await.unwrap();
}

#[tokio::test]
async fn bad_invite_input_gets_field_errors_and_writes_nothing() {
    let w = world().await;
    let cases = [
        ("", "gp", "email", "Enter an email address"),
        (
            "not an email",
            "gp",
            "email",
            "Enter an email address in the correct format, like name@nhs.net",
        ),
        (
            "someone@gmail.com",
            "gp",
            "email",
            "Enter an NHS email address: nhs.net or an address ending .nhs.uk",
        ),
        ("someone@nhs.net", "", "role", "Select a role"),
        ("someone@nhs.net", "network_admin", "role", "Select a role"),
    ];
    for (email, role, field, message) in cases {
        let error = invite_staff(
            w.env(),
            &w.admin,
            &w.practice,
            email,
            role,
            "",
            Delivery::Email,
        )
        .await
        .unwrap_err();
        assert_eq!(
            error.field_errors().for_field(field).as_deref(),
            Some(message),
            "{email} {role}"
        );
    }
    assert!(w.invite("someone@leeds.nhs.uk", Role::Gp).await.is_ok());
    assert_eq!(w.count("SELECT COUNT(*) FROM invites").await, 1);
    assert_eq!(w.count("SELECT COUNT(*) FROM activity_log").await, 1);
}

#[tokio::test]
async fn inviting_a_member_to_a_role_they_hold_is_refused() {
    let w = world().await;
    w.person("held@nhs.net", &w.practice, Role::Gp).await;
    let error = w.invite("held@nhs.net", Role::Gp).await.unwrap_err();
    assert_eq!(
        error.field_errors().for_field("email").as_deref(),
        Some("held@nhs.net is already registered as GP at Riverside Surgery")
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM invites").await, 0);
}

#[tokio::test]
async fn an_admin_who_invites_their_own_email_gets_the_role_at_once_and_is_listed_twice() {
    let w = world().await;
    assert!(
        !w.permits(&w.admin.id, Permission::HandleRequests).await,
        "admins cannot open inboxes"
    );
    let outcome = w.invite("Admin@NHS.net", Role::Gp).await.unwrap();
    assert!(outcome.added_to_self);
    assert_eq!(w.count("SELECT COUNT(*) FROM outbox").await, 0);
    assert!(w.permits(&w.admin.id, Permission::HandleRequests).await);
    let overview = overview(&w.db, w.clock.as_ref(), &w.policy, &w.practice)
        .await
        .unwrap();
    let mine: Vec<&str> = overview
        .registered
        .iter()
        .filter(|m| m.user_id == w.admin.id)
        .map(|m| m.role_label.as_str())
        .collect();
    assert_eq!(mine, ["GP", "Practice admin"]);
}

#[tokio::test]
async fn someone_with_an_account_accepts_and_only_the_invited_address_can() {
    let w = world().await;
    let other_id = w.person("locum@nhs.net", &w.other_practice, Role::Gp).await;
    let link = w.copy_link("locum@nhs.net", Role::Gp).await;
    let stranger_id = w
        .person("stranger@nhs.net", &w.other_practice, Role::Nurse)
        .await;
    let stranger = w.user("stranger@nhs.net").await;
    let view = view_invitation(&w.db, w.clock.as_ref(), token(&link), Some(&stranger))
        .await
        .unwrap();
    assert!(view.signed_in_as_someone_else());
    let refused = accept_invite(&w.db, w.clock.as_ref(), token(&link), &stranger).await;
    assert!(matches!(refused, Err(AppError::Conflict(_))));
    assert!(!w.permits(&stranger_id, Permission::ViewOrganisation).await);

    // Registering is refused for an address that has an account.
    assert!(matches!(
        w.register(&link, "Dup").await,
        Err(AppError::Conflict(_))
    ));

    let invited = w.user("locum@nhs.net").await;
    let joined = accept_invite(&w.db, w.clock.as_ref(), token(&link), &invited)
        .await
        .unwrap();
    assert_eq!(joined.organisation_name, "Riverside Surgery");
    assert!(w.permits(&other_id, Permission::HandleRequests).await);
    assert_eq!(
        accept_invite(&w.db, w.clock.as_ref(), token(&link), &invited).await,
        Err(AppError::LinkExpired)
    );
}

#[tokio::test]
async fn registration_checks_every_field_and_creates_nothing_until_all_are_right() {
    let w = world().await;
    let link = w.copy_link("newgp@nhs.net", Role::Gp).await;
    let form = Registration {
        name: " ",
        job_title: "",
        registration_number: "12345",
        password: "password1234",
        confirm: "password1234",
    };
    let error = register_from_invite(
        &w.db,
        w.clock.as_ref(),
        &Hasher::new(1),
        token(&link),
        &form,
    )
    .await
    .unwrap_err();
    let errors = error.field_errors();
    assert_eq!(
        errors.for_field("name").as_deref(),
        Some("Enter your full name")
    );
    assert_eq!(
        errors.for_field("job_title").as_deref(),
        Some("Enter your job title")
    );
    assert_eq!(
        errors.for_field("registration_number").as_deref(),
        Some("GMC number must be 7 digits, for example 1234567")
    );
    assert!(errors.for_field("password").unwrap().contains("too common"));
    let short = Registration {
        password: "short",
        confirm: "short",
        ..form
    };
    let error = register_from_invite(
        &w.db,
        w.clock.as_ref(),
        &Hasher::new(1),
        token(&link),
        &short,
    )
    .await
    .unwrap_err();
    assert_eq!(
        error.field_errors().for_field("password").as_deref(),
        Some("Password must be 12 characters or more")
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM users").await, 1);

    let good = Registration {
        name: "Dr Gita Patel",
        job_title: "Salaried GP",
        registration_number: "7654321",
        password: PASSWORD,
        confirm: PASSWORD,
    };
    let (user_id, _) = register_from_invite(
        &w.db,
        w.clock.as_ref(),
        &Hasher::new(1),
        token(&link),
        &good,
    )
    .await
    .unwrap();
    let stored: (String, Option<String>) =
        sqlx::query_as("SELECT job_title, registration_number FROM users WHERE id = $1")
            .bind(&user_id)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(
        stored,
        ("Salaried GP".to_string(), Some("7654321".to_string()))
    );
}

#[tokio::test]
async fn a_practice_admin_only_is_sent_to_manage_staff_after_registering() {
    let w = world().await;
    let link = w
        .copy_link("second.admin@nhs.net", Role::PracticeAdmin)
        .await;
    let (_, joined) = w.register(&link, "Second Admin").await.unwrap();
    assert!(joined.admin_only);
    assert_eq!(joined.next_step().0, "Manage staff");
}

#[tokio::test]
async fn the_last_practice_admin_cannot_be_removed_disabled_or_moved_to_another_role() {
    let w = world().await;
    let mine = w.membership_of(&w.admin.id, Role::PracticeAdmin).await;
    let refused = [
        remove_staff_role(w.env(), &w.admin, &w.practice, &mine).await,
        set_staff_enabled(w.env(), &w.admin, &w.practice, &mine, false).await,
        change_staff_role(w.env(), &w.admin, &w.practice, &mine, "gp").await,
    ];
    for result in refused {
        match result {
            Err(AppError::Conflict(message)) => {
                assert!(message.contains("only practice admin"), "{message}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    assert!(w.permits(&w.admin.id, Permission::ManageStaff).await);
    // With a second admin, the first can step down.
    w.person("deputy@nhs.net", &w.practice, Role::PracticeAdmin)
        .await;
    change_staff_role(w.env(), &w.admin, &w.practice, &mine, "practice_manager")
        .await
        .unwrap();
    assert!(!w.permits(&w.admin.id, Permission::ManageStaff).await);
}

#[tokio::test]
async fn a_disabled_role_grants_nothing_until_enabled_and_a_removed_role_is_gone() {
    let w = world().await;
    let gp = w.person("gp2@nhs.net", &w.practice, Role::Gp).await;
    let membership = w.membership_of(&gp, Role::Gp).await;
    set_staff_enabled(w.env(), &w.admin, &w.practice, &membership, false)
        .await
        .unwrap();
    assert!(!w.permits(&gp, Permission::HandleRequests).await);
    assert!(matches!(
        set_staff_enabled(w.env(), &w.admin, &w.practice, &membership, false).await,
        Err(AppError::Conflict(_))
    ));
    set_staff_enabled(w.env(), &w.admin, &w.practice, &membership, true)
        .await
        .unwrap();
    assert!(w.permits(&gp, Permission::HandleRequests).await);
    update_emis_username(w.env(), &w.admin, &w.practice, &membership, " GPATEL ")
        .await
        .unwrap();
    let emis: Option<String> =
        sqlx::query_scalar("SELECT emis_username FROM memberships WHERE id = $1")
            .bind(&membership)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(emis.as_deref(), Some("GPATEL"));
    remove_staff_role(w.env(), &w.admin, &w.practice, &membership)
        .await
        .unwrap();
    assert!(!w.permits(&gp, Permission::ViewOrganisation).await);
    let events = w.events().await;
    for event in [
        "staff_disabled",
        "staff_enabled",
        "emis_username_changed",
        "staff_role_removed",
    ] {
        assert!(events.iter().any(|e| e == event), "{event}");
    }
}

#[tokio::test]
async fn staff_and_invites_of_another_practice_cannot_be_touched_through_this_one() {
    let w = world().await;
    let elsewhere = w
        .person("elsewhere@nhs.net", &w.other_practice, Role::Gp)
        .await;
    let membership = w.membership_of(&elsewhere, Role::Gp).await;
    assert_eq!(
        remove_staff_role(w.env(), &w.admin, &w.practice, &membership).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        set_staff_enabled(w.env(), &w.admin, &w.practice, &membership, false).await,
        Err(AppError::NotFound)
    );
    invite_staff(
        w.env(),
        &w.admin,
        &w.other_practice,
        "x@nhs.net",
        "gp",
        "",
        Delivery::Link,
    )
    .await
    .unwrap();
    let invite_id: String = sqlx::query_scalar("SELECT id FROM invites")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(
        revoke_invite(w.env(), &w.admin, &w.practice, &invite_id).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        renew_invite_link(w.env(), &w.admin, &w.practice, &invite_id).await,
        Err(AppError::NotFound)
    );
}

#[tokio::test]
async fn invites_per_practice_are_limited_per_hour() {
    let mut w = world().await;
    w.policy.invites_per_hour = 2;
    w.invite("one@nhs.net", Role::Gp).await.unwrap();
    w.invite("two@nhs.net", Role::Gp).await.unwrap();
    let refused = w.invite("three@nhs.net", Role::Gp).await;
    assert!(
        matches!(refused, Err(AppError::Conflict(ref m)) if m.contains("2 an hour")),
        "{refused:?}"
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM invites").await, 2);
    w.clock.advance_ms(HOUR_MS);
    w.invite("three@nhs.net", Role::Gp).await.unwrap();
}

#[tokio::test]
async fn emis_usernames_are_kept_only_for_emis_web_practices() {
    let w = world().await;
    invite_staff(
        w.env(),
        &w.admin,
        &w.practice,
        "a@nhs.net",
        "gp",
        "AUSER",
        Delivery::Link,
    )
    .await
    .unwrap();
    update_practice(
        w.env(),
        &w.admin,
        &w.practice,
        "Riverside Surgery",
        "emis_web",
    )
    .await
    .unwrap();
    invite_staff(
        w.env(),
        &w.admin,
        &w.practice,
        "b@nhs.net",
        "gp",
        " BUSER ",
        Delivery::Link,
    )
    .await
    .unwrap();
    let stored: Vec<Option<String>> =
        sqlx::query_scalar("SELECT emis_username FROM invites ORDER BY email")
            .fetch_all(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, [None, Some("BUSER".to_string())]);
    let error = update_practice(w.env(), &w.admin, &w.practice, " ", "nonsense")
        .await
        .unwrap_err();
    assert_eq!(error.field_errors().0.len(), 2);
}

#[tokio::test]
async fn a_network_administrator_registers_a_practice_and_invites_its_admin_together() {
    let w = world().await;
    let (practice_id, outcome) = register_practice(
        w.env(),
        &w.admin,
        &w.network,
        "Meadow View",
        "m12 345",
        "emis_web",
        "lead@nhs.net",
    )
    .await
    .unwrap();
    assert_eq!(outcome.role_label, "Practice admin");
    let details = practice_details(&w.db, &practice_id).await.unwrap();
    assert_eq!(details.ods_code.as_deref(), Some("M12345"));
    assert_eq!(details.clinical_system, ClinicalSystem::EmisWeb);
    assert_eq!(w.emailed_links("lead@nhs.net").await.len(), 1);

    let duplicate = register_practice(
        w.env(),
        &w.admin,
        &w.network,
        "Again",
        "M12345",
        "other",
        "x@nhs.net",
    )
    .await
    .unwrap_err();
    assert!(duplicate.field_errors().for_field("ods_code").is_some());
    let bad = register_practice(w.env(), &w.admin, &w.network, "", "12", "", "x@gmail.com")
        .await
        .unwrap_err();
    let fields: Vec<String> = bad.field_errors().0.into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["name", "ods_code", "clinical_system", "email"]);
    let under_a_practice = register_practice(
        w.env(),
        &w.admin,
        &w.practice,
        "Child",
        "C12345",
        "other",
        "x@nhs.net",
    )
    .await;
    assert!(matches!(under_a_practice, Err(AppError::Conflict(_))));
    assert_eq!(w.count("SELECT COUNT(*) FROM organisations").await, 4);
}

#[tokio::test]
async fn a_bulk_file_is_previewed_row_by_row_and_only_valid_rows_are_sent() {
    let w = world().await;
    w.person("held@nhs.net", &w.practice, Role::Nurse).await;
    let file = "email,role,EMIS username\n\
                one@nhs.net,Receptionist,\n\
                bad-address,GP,\n\
                \n\
                two@nhs.net,Wizard,\n\
                held@nhs.net,nurse,\n\
                one@nhs.net,receptionist,\n\
                three@leeds.nhs.uk,Care navigator,C3\n";
    let preview = preview_bulk_invites(w.env(), &w.practice, file)
        .await
        .unwrap();
    let errors: Vec<Option<&str>> = preview.rows.iter().map(|r| r.error.as_deref()).collect();
    assert_eq!(errors.len(), 7);
    assert_eq!(errors[0], None);
    assert!(errors[1].unwrap().contains("correct format"));
    assert_eq!(errors[2], Some("Row is empty"));
    assert_eq!(errors[3], Some("Select a role"));
    assert_eq!(errors[4], Some("Already registered as Nurse"));
    assert_eq!(
        errors[5],
        Some("The same email and role appear earlier in the file")
    );
    assert_eq!(errors[6], None);
    assert_eq!(preview.ready, 2);
    assert_eq!(preview.allowance, 500);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM invites").await,
        0,
        "a preview changes nothing"
    );

    let results = send_bulk_invites(w.env(), &w.admin, &w.practice, file, 1, 100)
        .await
        .unwrap();
    let sent: Vec<&str> = results
        .iter()
        .filter(|r| r.error.is_none())
        .map(|r| r.email.as_str())
        .collect();
    assert_eq!(sent, ["one@nhs.net", "three@leeds.nhs.uk"]);
    assert_eq!(w.count("SELECT COUNT(*) FROM outbox").await, 2);

    let wrong = preview_bulk_invites(w.env(), &w.practice, "name,job\nx,y\n")
        .await
        .unwrap_err();
    assert!(wrong
        .field_errors()
        .for_field("file")
        .unwrap()
        .starts_with("The first row must be the column names"));
    let mut huge = String::from("email,role,EMIS username\n");
    for i in 0..10_000 {
        huge.push_str(&format!("p{i}@nhs.net,GP,\n"));
    }
    let too_many = preview_bulk_invites(w.env(), &w.practice, &huge)
        .await
        .unwrap_err();
    assert_eq!(
        too_many.field_errors().for_field("file").as_deref(),
        Some("The file has 10,000 rows. Upload a file with 1,000 rows or fewer")
    );
}

#[tokio::test]
async fn a_bulk_batch_that_would_pass_the_hourly_limit_sends_nothing() {
    let mut w = world().await;
    w.policy.invites_per_hour = 1;
    let file = "email,role,EMIS username\na@nhs.net,GP,\nb@nhs.net,GP,\n";
    let result = send_bulk_invites(w.env(), &w.admin, &w.practice, file, 1, 10).await;
    assert!(matches!(result, Err(AppError::Conflict(_))));
    assert_eq!(w.count("SELECT COUNT(*) FROM invites").await, 0);
}
