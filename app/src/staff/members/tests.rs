//! The rules of the admin's changes to registered staff, on a fresh
//! database (SQLite, or PostgreSQL when TEST_POSTGRES_URL is set).
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::service::*;
use crate::error::AppError;
use crate::ids::InvitationId;
use crate::org::model::{Permission, Role};
use crate::staff::invitations::service::{
    invite_staff, renew_invite_link, revoke_invite, Delivery,
};
use crate::staff::testing::*;

#[tokio::test]
async fn the_last_practice_admin_cannot_be_removed_disabled_or_moved_to_another_role() {
    let w = world().await;
    let mine = w.membership_of(&w.admin.id, Role::PracticeAdmin).await;
    let refused = [
        remove_staff_role(w.cx(), &w.admin, &w.practice, &mine).await,
        set_staff_enabled(w.cx(), &w.admin, &w.practice, &mine, false).await,
        change_staff_role(w.cx(), &w.admin, &w.practice, &mine, "gp").await,
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
    change_staff_role(w.cx(), &w.admin, &w.practice, &mine, "practice_manager")
        .await
        .unwrap();
    assert!(!w.permits(&w.admin.id, Permission::ManageStaff).await);
}

#[tokio::test]
async fn a_disabled_role_grants_nothing_until_enabled_and_a_removed_role_is_gone() {
    let w = world().await;
    let gp = w.person("gp2@nhs.net", &w.practice, Role::Gp).await;
    let membership = w.membership_of(&gp, Role::Gp).await;
    set_staff_enabled(w.cx(), &w.admin, &w.practice, &membership, false)
        .await
        .unwrap();
    assert!(!w.permits(&gp, Permission::HandleRequests).await);
    assert!(matches!(
        set_staff_enabled(w.cx(), &w.admin, &w.practice, &membership, false).await,
        Err(AppError::Conflict(_))
    ));
    set_staff_enabled(w.cx(), &w.admin, &w.practice, &membership, true)
        .await
        .unwrap();
    assert!(w.permits(&gp, Permission::HandleRequests).await);
    update_emis_username(w.cx(), &w.admin, &w.practice, &membership, " GPATEL ")
        .await
        .unwrap();
    let emis: Option<String> =
        sqlx::query_scalar("SELECT emis_username FROM memberships WHERE id = $1")
            .bind(&membership)
            .fetch_one(&w.db.pool)
            .await
            .unwrap();
    assert_eq!(emis.as_deref(), Some("GPATEL"));
    // The username is sent to the page only while the practice uses EMIS
    // Web (the page shows it only then).
    let (member, _) = staff_member(w.cx(), &w.practice, &membership)
        .await
        .unwrap();
    assert_eq!(member.emis_username, None, "not an EMIS practice");
    w.use_emis_web().await;
    let (member, _) = staff_member(w.cx(), &w.practice, &membership)
        .await
        .unwrap();
    assert_eq!(member.emis_username.as_deref(), Some("GPATEL"));
    remove_staff_role(w.cx(), &w.admin, &w.practice, &membership)
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
        remove_staff_role(w.cx(), &w.admin, &w.practice, &membership).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        set_staff_enabled(w.cx(), &w.admin, &w.practice, &membership, false).await,
        Err(AppError::NotFound)
    );
    invite_staff(
        w.cx(),
        &w.admin,
        &w.other_practice,
        "x@nhs.net",
        "gp",
        "",
        Delivery::Link,
    )
    .await
    .unwrap();
    let invite_id: InvitationId = sqlx::query_scalar("SELECT id FROM invites")
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(
        revoke_invite(w.cx(), &w.admin, &w.practice, &invite_id).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        renew_invite_link(w.cx(), &w.admin, &w.practice, &invite_id).await,
        Err(AppError::NotFound)
    );
}
