//! The one access API: every "may this person do X here" question is
//! answered here, by the role → permission table and the inheritance rule
//! of `super::model` (see `crate::org`).

use crate::ids::{OrgId, UserId};
use sqlx::AnyConnection;

use super::model::{held_roles_grant, roles_granting, HeldRole, Permission, Reach};
use super::repo::{self, PracticeRoles};
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::server::AppState;

/// Whether the user may do `permission` in the organisation: an active role
/// there grants it, and so does one above it when the permission is
/// inherited. An organisation that does not exist grants nothing.
pub async fn may(
    conn: &mut AnyConnection,
    user_id: &UserId,
    permission: Permission,
    organisation_id: &OrgId,
) -> Result<bool, sqlx::Error> {
    let held = repo::roles_in(conn, user_id, organisation_id).await?;
    Ok(held_roles_grant(&held, permission))
}

/// The active roles the user holds in the organisation and above it, each
/// marked direct or not.
pub async fn roles_held(
    conn: &mut AnyConnection,
    user_id: &UserId,
    organisation_id: &OrgId,
) -> Result<Vec<HeldRole>, sqlx::Error> {
    repo::roles_in(conn, user_id, organisation_id).await
}

/// Refuses with `Forbidden` unless the user may do `permission` in the
/// organisation. An organisation that does not exist is also `Forbidden`, so
/// callers learn nothing about other organisations.
pub async fn check(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    permission: Permission,
    organisation_id: &OrgId,
) -> Result<(), AppError> {
    if may(conn, &user.id, permission, organisation_id).await? {
        Ok(())
    } else {
        tracing::warn!(user_id = %user.id, ?permission, %organisation_id, "refused");
        Err(AppError::Forbidden)
    }
}

/// The practices where the user holds `permission` through a direct,
/// active role (for permissions of [`Reach::Direct`], such as
/// HandleRequests: "the practices where this person works requests"), by
/// name, with the roles that grant it there.
pub async fn practices_where(
    conn: &mut AnyConnection,
    user_id: &UserId,
    permission: Permission,
) -> Result<Vec<PracticeRoles>, sqlx::Error> {
    debug_assert_eq!(permission.reach(), Reach::Direct);
    repo::practices_holding(conn, user_id, &roles_granting(permission)).await
}

/// The people who hold `permission` directly in an organisation (for
/// permissions of [`Reach::Direct`]: "who works requests here"), by name:
/// (user id, name, the roles that grant it there).
pub async fn people_who_may(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    permission: Permission,
) -> Result<Vec<super::repo::PersonRoles>, sqlx::Error> {
    debug_assert_eq!(permission.reach(), Reach::Direct);
    repo::people_holding(conn, organisation_id, &roles_granting(permission)).await
}

/// The organisation's own people whose role there grants `permission`
/// (not those who hold it from an organisation above): who is told of a
/// practice's requirements and offers of cover.
pub async fn own_people_who_may(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    permission: Permission,
) -> Result<Vec<super::repo::PersonRoles>, sqlx::Error> {
    repo::people_holding(conn, organisation_id, &roles_granting(permission)).await
}

/// The other practices of the "All Practices" view that share people with
/// this one: someone who holds `permission` here holds it there too.
pub async fn practices_sharing_people(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    permission: Permission,
) -> Result<Vec<(OrgId, String)>, sqlx::Error> {
    repo::practices_sharing_people(conn, practice_id, &roles_granting(permission)).await
}

/// The first line of every server function that works on an organisation's
/// data: the caller must be signed in (`Unauthenticated`) and hold
/// `permission` there (`Forbidden`).
pub async fn authorize(
    permission: Permission,
    organisation_id: &OrgId,
) -> Result<(CurrentUser, AppState), AppError> {
    // The state first: after a wait the request's context may be gone.
    let state = crate::server::app_state()?;
    let user = crate::auth::session::require_user().await?;
    let mut conn = state.db.pool.acquire().await?;
    check(&mut conn, &user, permission, organisation_id).await?;
    drop(conn);
    Ok((user, state))
}

/// The first line of server functions that act only on the caller's own
/// account (their notifications, their sessions).
pub async fn require_signed_in() -> Result<(CurrentUser, AppState), AppError> {
    let state = crate::server::app_state()?;
    let user = crate::auth::session::require_user().await?;
    Ok((user, state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::model::{OrgKind, Role};
    use crate::server::fixtures;
    use crate::server::testing::fresh_db;

    async fn org(
        conn: &mut AnyConnection,
        kind: OrgKind,
        name: &str,
        parent: Option<&OrgId>,
    ) -> OrgId {
        fixtures::organisation(conn, kind, name, parent).await
    }

    async fn person(conn: &mut AnyConnection, email: &str) -> UserId {
        fixtures::person(conn, email, "Someone", &[]).await
    }

    #[tokio::test]
    async fn a_role_reaches_its_organisation_and_those_below_but_not_beside_or_above() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        let network = org(&mut conn, OrgKind::Network, "Network", None).await;
        let hub = org(&mut conn, OrgKind::Hub, "Hub", Some(&network)).await;
        let practice = org(&mut conn, OrgKind::Practice, "Practice", Some(&hub)).await;
        let other = org(&mut conn, OrgKind::Practice, "Other", Some(&network)).await;
        let manager = person(&mut conn, "manager@nhs.net").await;
        crate::org::repo::ensure_membership(&mut conn, &manager, &hub, Role::HubManager, 0)
            .await
            .unwrap();

        use Permission::*;
        assert!(may(&mut conn, &manager, ManageStaff, &hub).await.unwrap());
        assert!(may(&mut conn, &manager, ManageStaff, &practice)
            .await
            .unwrap());
        assert!(!may(&mut conn, &manager, ManageStaff, &other).await.unwrap());
        assert!(!may(&mut conn, &manager, ManageStaff, &network)
            .await
            .unwrap());
        assert!(!may(&mut conn, &manager, ViewPatients, &practice)
            .await
            .unwrap());
        assert!(!may(
            &mut conn,
            &manager,
            ViewOrganisation,
            &OrgId::from("no-such-org")
        )
        .await
        .unwrap());
    }

    #[tokio::test]
    async fn a_role_change_is_seen_on_the_next_check() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        let practice = org(&mut conn, OrgKind::Practice, "Practice", None).await;
        let user = person(&mut conn, "gp@nhs.net").await;
        crate::org::repo::ensure_membership(&mut conn, &user, &practice, Role::Gp, 0)
            .await
            .unwrap();
        assert!(!may(&mut conn, &user, Permission::ManageStaff, &practice)
            .await
            .unwrap());
        sqlx::query("UPDATE memberships SET role = 'practice_admin' WHERE user_id = $1")
            .bind(&user)
            .execute(&mut *conn)
            .await
            .unwrap();
        assert!(may(&mut conn, &user, Permission::ManageStaff, &practice)
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn a_hub_manager_works_requests_in_a_practice_only_through_a_direct_role_there() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        let network = org(&mut conn, OrgKind::Network, "Network", None).await;
        let hub = org(&mut conn, OrgKind::Hub, "Hub", Some(&network)).await;
        let practice = org(&mut conn, OrgKind::Practice, "Practice", Some(&hub)).await;
        let manager = person(&mut conn, "manager@nhs.net").await;
        crate::org::repo::ensure_membership(&mut conn, &manager, &hub, Role::HubManager, 0)
            .await
            .unwrap();

        use Permission::*;
        // The hub role manages the practice's staff and inboxes, but opens
        // neither its requests nor its patients.
        assert!(may(&mut conn, &manager, ManageInboxes, &practice)
            .await
            .unwrap());
        assert!(!may(&mut conn, &manager, HandleRequests, &practice)
            .await
            .unwrap());
        assert!(practices_where(&mut conn, &manager, HandleRequests)
            .await
            .unwrap()
            .is_empty());

        crate::org::repo::ensure_membership(&mut conn, &manager, &practice, Role::Gp, 0)
            .await
            .unwrap();
        assert!(may(&mut conn, &manager, HandleRequests, &practice)
            .await
            .unwrap());
        let works_in = practices_where(&mut conn, &manager, HandleRequests)
            .await
            .unwrap();
        assert_eq!(works_in.len(), 1);
        assert_eq!(works_in[0].id, practice);
        assert_eq!(works_in[0].roles, vec!["gp".to_string()]);
        let people = people_who_may(&mut conn, &practice, HandleRequests)
            .await
            .unwrap();
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].user_id, manager);
    }
}
