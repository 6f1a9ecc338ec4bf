//! The rules of staff invitations and registration, on a fresh database
//! (SQLite, or PostgreSQL when TEST_POSTGRES_URL is set).
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::model::*;
use super::service::*;
use crate::error::AppError;
use crate::ids::InvitationId;
use crate::org::model::{Permission, Role};
use crate::server::clock::{DAY_MS, HOUR_MS};
use crate::staff::service::overview;
use crate::staff::testing::*;

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

    let view = view_invitation(w.cx(), token(&links[0]), None)
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
        view_invitation(w.cx(), token(&links[0]), None).await,
        Err(AppError::LinkExpired)
    );
    let overview = overview(w.cx(), &w.practice).await.unwrap();
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
    // Its email links to the staff page by a full address, not a bare path.
    let text: String = sqlx::query_scalar(
        "SELECT text_body FROM outbox WHERE subject LIKE 'Robin Reception joined%'",
    )
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    let staff_page = format!("{}/practices/{}/staff", w.config.base_url, w.practice);
    assert!(text.contains(&staff_page), "{text}");
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
    assert!(view_invitation(w.cx(), token(&link), None).await.is_ok());
    w.clock.advance_ms(1);
    assert_eq!(w.register(&link, "Late").await, Err(AppError::LinkExpired));
    assert_eq!(
        w.count("SELECT COUNT(*) FROM users WHERE email_lower = 'late@nhs.net'")
            .await,
        0
    );
    let overview = overview(w.cx(), &w.practice).await.unwrap();
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
    let invite_id: InvitationId = sqlx::query_scalar("SELECT id FROM invites")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    // Entries at the same instant have no order: move the clock between them.
    w.clock.advance_ms(1_000);
    let second = renew_invite_link(w.cx(), &w.admin, &w.practice, &invite_id)
        .await
        .unwrap();
    w.clock.advance_ms(1_000);
    let third = renew_invite_link(w.cx(), &w.admin, &w.practice, &invite_id)
        .await
        .unwrap();
    for old in [&first, &second] {
        assert_eq!(
            view_invitation(w.cx(), token(old), None).await,
            Err(AppError::LinkExpired)
        );
    }
    assert!(view_invitation(w.cx(), token(&third), None).await.is_ok());
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
    let invite_id: InvitationId = sqlx::query_scalar("SELECT id FROM invites")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    w.clock.advance_ms(8 * DAY_MS);
    resend_invite(w.cx(), &w.admin, &w.practice, &invite_id)
        .await
        .unwrap();
    let links = w.emailed_links("gp@nhs.net").await;
    assert_eq!(links.len(), 2);
    assert_eq!(
        view_invitation(w.cx(), token(&links[0]), None).await,
        Err(AppError::LinkExpired)
    );
    let view = view_invitation(w.cx(), token(&links[1]), None)
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
    let invite_id: InvitationId = sqlx::query_scalar("SELECT id FROM invites")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    revoke_invite(w.cx(), &w.admin, &w.practice, &invite_id)
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
        resend_invite(w.cx(), &w.admin, &w.practice, &invite_id).await,
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
            w.cx(),
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
    let overview = overview(w.cx(), &w.practice).await.unwrap();
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
    let view = view_invitation(w.cx(), token(&link), Some(&stranger))
        .await
        .unwrap();
    assert!(view.signed_in_as_someone_else());
    let refused = accept_invite(w.cx(), token(&link), &stranger).await;
    assert!(matches!(refused, Err(AppError::Conflict(_))));
    assert!(!w.permits(&stranger_id, Permission::ViewOrganisation).await);

    // Registering is refused for an address that has an account.
    assert!(matches!(
        w.register(&link, "Dup").await,
        Err(AppError::Conflict(_))
    ));

    let invited = w.user("locum@nhs.net").await;
    let joined = accept_invite(w.cx(), token(&link), &invited).await.unwrap();
    assert_eq!(joined.organisation_name, "Riverside Surgery");
    assert!(w.permits(&other_id, Permission::HandleRequests).await);
    assert_eq!(
        accept_invite(w.cx(), token(&link), &invited).await,
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
    let error = register_from_invite(w.cx(), token(&link), &form)
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
    let error = register_from_invite(w.cx(), token(&link), &short)
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
    let (user_id, _) = register_from_invite(w.cx(), token(&link), &good)
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
async fn invites_per_practice_are_limited_per_hour() {
    let mut w = world().await;
    w.config.staff.invites_per_hour = 2;
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
