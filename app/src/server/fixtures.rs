//! Fixtures: the organisations and people tests and benchmarks start from,
//! made through the same repository functions the app uses. Shared by the
//! unit tests, `server/tests` and `server/benches` (feature `testing`), so
//! a change to how people or organisations are stored is made once.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sqlx::AnyConnection;

use crate::accounts::model::Email;
use crate::auth::model::CurrentUser;
use crate::ids::{OrgId, UserId};
use crate::org::model::{OrgKind, Role};

/// An organisation of `kind`, below `parent` if given.
pub async fn organisation(
    conn: &mut AnyConnection,
    kind: OrgKind,
    name: &str,
    parent: Option<&OrgId>,
) -> OrgId {
    crate::org::repo::insert_organisation(conn, kind, name, None, parent, 0)
        .await
        .expect("fixture organisation")
}

/// A practice below `parent` if given.
pub async fn practice(conn: &mut AnyConnection, name: &str, parent: Option<&OrgId>) -> OrgId {
    organisation(conn, OrgKind::Practice, name, parent).await
}

/// A person with an account and no password, holding each role given.
pub async fn person(
    conn: &mut AnyConnection,
    email: &str,
    name: &str,
    roles: &[(&OrgId, Role)],
) -> UserId {
    let address = Email::parse(email).expect("fixture email");
    let id = crate::accounts::repo::insert_user(&mut *conn, &address, name, 0)
        .await
        .expect("fixture person");
    for (organisation, role) in roles {
        member(&mut *conn, &id, organisation, *role).await;
    }
    id
}

/// Gives a person a role in an organisation.
pub async fn member(conn: &mut AnyConnection, user: &UserId, organisation: &OrgId, role: Role) {
    crate::org::repo::ensure_membership(conn, user, organisation, role, 0)
        .await
        .expect("fixture membership");
}

/// Sets a password hash made once by the caller (hashing is slow on
/// purpose, so many people can share one).
pub async fn password_hash(conn: &mut AnyConnection, user: &UserId, hash: &str) {
    crate::accounts::repo::set_password_hash(conn, user, hash)
        .await
        .expect("fixture password");
}

/// The signed-in person as services see them, without memberships (the
/// services look those up).
pub fn signed_in(id: &UserId, name: &str, email: &str, working_in: Option<&OrgId>) -> CurrentUser {
    CurrentUser {
        id: id.clone(),
        name: name.into(),
        email: email.into(),
        memberships: vec![],
        organisation_id: working_in.cloned(),
        unread_notifications: 0,
    }
}
