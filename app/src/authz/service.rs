use sqlx::AnyConnection;

use super::model::{roles_grant, Permission};
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::server::AppState;

/// The roles `user_id` holds in `organisation_id` or in any organisation
/// above it. Disabled memberships hold nothing.
pub async fn roles_in(
    conn: &mut AnyConnection,
    user_id: &str,
    organisation_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE above (id, parent_id) AS (
             SELECT id, parent_id FROM organisations WHERE id = $1
             UNION ALL
             SELECT o.id, o.parent_id FROM organisations o JOIN above a ON o.id = a.parent_id
         )
         SELECT m.role FROM memberships m
          WHERE m.user_id = $2 AND m.status = 'active' AND m.organisation_id IN (SELECT id FROM above)",
    )
    .bind(organisation_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Whether the user may do `permission` in the organisation.
pub async fn permits(
    conn: &mut AnyConnection,
    user_id: &str,
    permission: Permission,
    organisation_id: &str,
) -> Result<bool, sqlx::Error> {
    let roles = roles_in(conn, user_id, organisation_id).await?;
    Ok(roles_grant(roles.iter().map(String::as_str), permission))
}

/// Refuses with `Forbidden` unless the user may do `permission` in the
/// organisation. An organisation that does not exist is also `Forbidden`, so
/// callers learn nothing about other organisations.
pub async fn check(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    permission: Permission,
    organisation_id: &str,
) -> Result<(), AppError> {
    if permits(conn, &user.id, permission, organisation_id).await? {
        Ok(())
    } else {
        tracing::warn!(user_id = %user.id, ?permission, organisation_id, "refused");
        Err(AppError::Forbidden)
    }
}

/// The first line of every server function that works on an organisation's
/// data: the caller must be signed in (`Unauthenticated`) and hold
/// `permission` there (`Forbidden`).
pub async fn authorize(
    permission: Permission,
    organisation_id: &str,
) -> Result<(CurrentUser, AppState), AppError> {
    // The state first: after a wait the request's context may be gone.
    let state = crate::server::app_state()?;
    let user = crate::auth::api::require_user().await?;
    let mut conn = state.db.pool.acquire().await?;
    check(&mut conn, &user, permission, organisation_id).await?;
    drop(conn);
    Ok((user, state))
}

/// The first line of server functions that act only on the caller's own
/// account (their notifications, their sessions).
pub async fn require_signed_in() -> Result<(CurrentUser, AppState), AppError> {
    let state = crate::server::app_state()?;
    let user = crate::auth::api::require_user().await?;
    Ok((user, state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::model::Role;
    use crate::directory::model::OrgKind;
    use crate::server::testing::fresh_db;

    async fn org(
        conn: &mut AnyConnection,
        kind: OrgKind,
        name: &str,
        parent: Option<&str>,
    ) -> String {
        crate::directory::repo::insert_organisation(conn, kind, name, None, parent, 0)
            .await
            .unwrap()
    }

    async fn person(conn: &mut AnyConnection, email: &str) -> String {
        let email = crate::accounts::model::Email::parse(email).unwrap();
        crate::accounts::repo::insert_user(conn, &email, "Someone", 0)
            .await
            .unwrap()
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
        crate::accounts::repo::ensure_membership(&mut conn, &manager, &hub, Role::HubManager, 0)
            .await
            .unwrap();

        use Permission::*;
        assert!(permits(&mut conn, &manager, ManageStaff, &hub)
            .await
            .unwrap());
        assert!(permits(&mut conn, &manager, ManageStaff, &practice)
            .await
            .unwrap());
        assert!(!permits(&mut conn, &manager, ManageStaff, &other)
            .await
            .unwrap());
        assert!(!permits(&mut conn, &manager, ManageStaff, &network)
            .await
            .unwrap());
        assert!(!permits(&mut conn, &manager, ViewPatients, &practice)
            .await
            .unwrap());
        assert!(
            !permits(&mut conn, &manager, ViewOrganisation, "no-such-org")
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn a_role_change_is_seen_on_the_next_check() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        let practice = org(&mut conn, OrgKind::Practice, "Practice", None).await;
        let user = person(&mut conn, "gp@nhs.net").await;
        crate::accounts::repo::ensure_membership(&mut conn, &user, &practice, Role::Gp, 0)
            .await
            .unwrap();
        assert!(
            !permits(&mut conn, &user, Permission::ManageStaff, &practice)
                .await
                .unwrap()
        );
        sqlx::query("UPDATE memberships SET role = 'practice_admin' WHERE user_id = $1")
            .bind(&user)
            .execute(&mut *conn)
            .await
            .unwrap();
        assert!(
            permits(&mut conn, &user, Permission::ManageStaff, &practice)
                .await
                .unwrap()
        );
    }
}
