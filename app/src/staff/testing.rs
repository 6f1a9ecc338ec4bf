//! The test world of staff's service tests: a fresh database (SQLite, or
//! PostgreSQL when TEST_POSTGRES_URL is set) with a network, two practices
//! and a practice admin, and the steps the tests share.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::accounts::model::Email;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{MembershipId, OrgId, UserId};
use crate::org::model::{OrgKind, Permission, Role};
use crate::server::fixtures;
use crate::server::testing::TestCx;
use crate::staff::invitations::model::{InviteOutcome, Joined};
use crate::staff::invitations::service::{
    invite_staff, register_from_invite, Delivery, Registration,
};

pub(super) const PASSWORD: &str = "maple tractor violin";

pub(super) struct World {
    /// The database, clock, configuration and hasher (`w.db`, `w.cx()`).
    pub(super) t: TestCx,
    pub(super) network: OrgId,
    pub(super) practice: OrgId,
    pub(super) other_practice: OrgId,
    pub(super) admin: CurrentUser,
}

crate::server::testing::test_world!(World);

impl World {
    /// The admin switches Riverside Surgery to EMIS Web.
    pub(super) async fn use_emis_web(&self) {
        crate::staff::practices::service::update_practice(
            self.cx(),
            &self.admin,
            &self.practice,
            "Riverside Surgery",
            "emis_web",
            "",
            "",
        )
        .await
        .unwrap();
    }

    pub(super) async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// The invitation links emailed to `to`, oldest first.
    pub(super) async fn emailed_links(&self, to: &str) -> Vec<String> {
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

    pub(super) async fn invite(&self, email: &str, role: Role) -> Result<InviteOutcome, AppError> {
        invite_staff(
            self.cx(),
            &self.admin,
            &self.practice,
            email,
            role.as_str(),
            "",
            Delivery::Email,
        )
        .await
    }

    pub(super) async fn copy_link(&self, email: &str, role: Role) -> String {
        invite_staff(
            self.cx(),
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

    pub(super) async fn events(&self) -> Vec<String> {
        sqlx::query_scalar("SELECT event FROM activity_log ORDER BY at, id")
            .fetch_all(&self.db.pool)
            .await
            .unwrap()
    }

    pub(super) async fn register(
        &self,
        link: &str,
        name: &str,
    ) -> Result<(UserId, Joined), AppError> {
        let form = Registration {
            name,
            job_title: "Receptionist",
            registration_number: "",
            password: PASSWORD,
            confirm: PASSWORD,
        };
        register_from_invite(self.cx(), token(link), &form).await
    }

    pub(super) async fn user(&self, email: &str) -> CurrentUser {
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

    pub(super) async fn person(&self, email: &str, organisation: &OrgId, role: Role) -> UserId {
        let mut conn = self.db.pool.acquire().await.unwrap();
        fixtures::person(&mut conn, email, "Person", &[(organisation, role)]).await
    }

    pub(super) async fn membership_of(&self, user_id: &UserId, role: Role) -> MembershipId {
        sqlx::query_scalar("SELECT id FROM memberships WHERE user_id = $1 AND role = $2")
            .bind(user_id)
            .bind(role.as_str())
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    pub(super) async fn permits(&self, user_id: &UserId, permission: Permission) -> bool {
        let mut conn = self.db.pool.acquire().await.unwrap();
        crate::org::access::may(&mut conn, user_id, permission, &self.practice)
            .await
            .unwrap()
    }
}

pub(super) fn token(link: &str) -> &str {
    link.rsplit('/').next().unwrap()
}

pub(super) async fn world() -> World {
    let t = TestCx::at(1_800_000_000_000).await;
    let mut conn = t.db.pool.acquire().await.unwrap();
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
    let admin_id = fixtures::person(
        &mut conn,
        "admin@nhs.net",
        "Alex Admin",
        &[(&practice, Role::PracticeAdmin)],
    )
    .await;
    drop(conn);
    let admin = fixtures::signed_in(&admin_id, "Alex Admin", "admin@nhs.net", Some(&practice));
    World {
        t,
        network,
        practice,
        other_practice,
        admin,
    }
}
