//! SQL on `organisations`: the tree of the network, its hubs and practices,
//! and each organisation's own settings.

use crate::ids::OrgId;
use sqlx::{AnyConnection, AnyPool};

use crate::org::model::{ClinicalSystem, OrgKind, OrganisationSummary};

/// Every organisation, network first, then hubs, then practices, by name.
pub async fn list_organisations(pool: &AnyPool) -> Result<Vec<OrganisationSummary>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.kind, o.name, o.ods_code, p.name AS part_of
           FROM organisations o
           LEFT JOIN organisations p ON p.id = o.parent_id
          ORDER BY CASE o.kind WHEN 'network' THEN 0 WHEN 'hub' THEN 1
                               WHEN 'practice' THEN 2 ELSE 3 END, o.name",
    )
    .fetch_all(pool)
    .await
}

pub async fn find_by_ods_code(
    conn: &mut AnyConnection,
    ods_code: &str,
) -> Result<Option<OrgId>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organisations WHERE ods_code = $1")
        .bind(ods_code)
        .fetch_optional(conn)
        .await
}

pub async fn first_of_kind(
    conn: &mut AnyConnection,
    kind: OrgKind,
) -> Result<Option<OrgId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM organisations WHERE kind = $1 ORDER BY created_at, id LIMIT 1",
    )
    .bind(kind.as_str())
    .fetch_optional(conn)
    .await
}

pub async fn insert_organisation(
    conn: &mut AnyConnection,
    kind: OrgKind,
    name: &str,
    ods_code: Option<&str>,
    parent_id: Option<&OrgId>,
    now_ms: i64,
) -> Result<OrgId, sqlx::Error> {
    let id = OrgId::generate();
    sqlx::query(
        "INSERT INTO organisations (id, kind, name, ods_code, parent_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(kind.as_str())
    .bind(name)
    .bind(ods_code)
    .bind(parent_id)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Takes the organisation's row lock for the rest of the transaction, so
/// concurrent staff changes in one organisation run one after another (the
/// "last practice admin" rule needs this on PostgreSQL; SQLite serialises
/// writers anyway). False when the organisation does not exist.
pub async fn lock_organisation(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE organisations SET name = name WHERE id = $1")
        .bind(organisation_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: OrgId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: OrgKind,
    pub ods_code: Option<String>,
    #[sqlx(try_from = "String")]
    pub clinical_system: ClinicalSystem,
    pub address: Option<String>,
    pub phone: Option<String>,
}

pub async fn organisation(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<Option<OrganisationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, kind, ods_code, clinical_system, address, phone FROM organisations WHERE id = $1",
    )
    .bind(organisation_id)
    .fetch_optional(conn)
    .await
}

/// A practice's details as its admin saves them (`None`: not given).
pub struct PracticeUpdate<'a> {
    pub name: &'a str,
    pub clinical_system: ClinicalSystem,
    pub address: Option<&'a str>,
    pub phone: Option<&'a str>,
}

pub async fn update_organisation(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    update: &PracticeUpdate<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE organisations SET name = $1, clinical_system = $2, address = $3, phone = $4
          WHERE id = $5",
    )
    .bind(update.name)
    .bind(update.clinical_system.as_str())
    .bind(update.address)
    .bind(update.phone)
    .bind(organisation_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_clinical_system(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    clinical_system: ClinicalSystem,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET clinical_system = $1 WHERE id = $2")
        .bind(clinical_system.as_str())
        .bind(organisation_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_all_practices(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
    enabled: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET all_practices_inbox = $1 WHERE id = $2")
        .bind(i64::from(enabled))
        .bind(practice_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn all_practices_enabled(
    conn: &mut AnyConnection,
    practice_id: &OrgId,
) -> Result<bool, sqlx::Error> {
    let on: Option<i64> =
        sqlx::query_scalar("SELECT all_practices_inbox FROM organisations WHERE id = $1")
            .bind(practice_id)
            .fetch_optional(conn)
            .await?;
    Ok(on.unwrap_or(0) != 0)
}

#[derive(Debug, sqlx::FromRow)]
struct PracticeName {
    id: OrgId,
    name: String,
}

/// A practice's id and name, if `id` is a practice.
pub async fn practice(
    conn: &mut AnyConnection,
    id: &OrgId,
) -> Result<Option<(OrgId, String)>, sqlx::Error> {
    let row: Option<PracticeName> =
        sqlx::query_as("SELECT id, name FROM organisations WHERE id = $1 AND kind = 'practice'")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|p| (p.id, p.name)))
}

/// A practice's public contact details.
#[derive(Debug, sqlx::FromRow)]
pub struct PracticeContactRow {
    pub id: OrgId,
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
}

/// A practice's name, address and phone, if `id` is a practice.
pub async fn practice_contact(
    conn: &mut AnyConnection,
    id: &OrgId,
) -> Result<Option<PracticeContactRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, address, phone FROM organisations WHERE id = $1 AND kind = 'practice'",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The network an organisation is part of (itself, for a network).
pub async fn network_of(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<Option<OrgId>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE up (id, parent_id, kind, depth) AS (
             SELECT id, parent_id, kind, 0 FROM organisations WHERE id = $1
             UNION ALL
             SELECT o.id, o.parent_id, o.kind, up.depth + 1
               FROM organisations o JOIN up ON o.id = up.parent_id WHERE up.depth < 10
         )
         SELECT id FROM up WHERE kind = 'network' ORDER BY depth LIMIT 1",
    )
    .bind(organisation_id)
    .fetch_optional(conn)
    .await
}

/// The organisation and every organisation below it.
pub async fn organisations_within(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<Vec<OrgId>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE below (id) AS (
             SELECT id FROM organisations WHERE id = $1
             UNION ALL
             SELECT o.id FROM organisations o JOIN below b ON o.parent_id = b.id
         )
         SELECT id FROM below",
    )
    .bind(organisation_id)
    .fetch_all(conn)
    .await
}

/// The organisations of a kind directly below `parent_id` (a network's
/// hubs), by name: (id, name).
pub async fn children_of_kind(
    conn: &mut AnyConnection,
    parent_id: &OrgId,
    kind: OrgKind,
) -> Result<Vec<(OrgId, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name FROM organisations WHERE parent_id = $1 AND kind = $2 ORDER BY name, id",
    )
    .bind(parent_id)
    .bind(kind.as_str())
    .fetch_all(conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::model::OrgKind;
    use crate::server::testing::fresh_db;

    #[tokio::test]
    async fn organisations_are_listed_network_first_with_their_parent() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        let network =
            insert_organisation(&mut conn, OrgKind::Network, "Test Network", None, None, 1)
                .await
                .unwrap();
        insert_organisation(
            &mut conn,
            OrgKind::Practice,
            "B Practice",
            Some("Y99902"),
            Some(&network),
            2,
        )
        .await
        .unwrap();
        insert_organisation(
            &mut conn,
            OrgKind::Practice,
            "A Practice",
            Some("Y99901"),
            Some(&network),
            3,
        )
        .await
        .unwrap();
        drop(conn);

        let list = list_organisations(&db.pool).await.unwrap();
        let names: Vec<&str> = list.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["Test Network", "A Practice", "B Practice"]);
        assert_eq!(list[1].part_of.as_deref(), Some("Test Network"));
        assert_eq!(list[1].ods_code.as_deref(), Some("Y99901"));
    }

    #[tokio::test]
    async fn an_ods_code_belongs_to_one_organisation_only() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        insert_organisation(&mut conn, OrgKind::Practice, "One", Some("Y99903"), None, 1)
            .await
            .unwrap();
        let second =
            insert_organisation(&mut conn, OrgKind::Practice, "Two", Some("Y99903"), None, 2).await;
        assert!(second.is_err());
        drop(conn);
        assert_eq!(list_organisations(&db.pool).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn an_unknown_stored_clinical_system_is_an_error_not_other() {
        let db = fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        let id = insert_organisation(&mut conn, OrgKind::Practice, "P", None, None, 1)
            .await
            .unwrap();
        set_clinical_system(&mut conn, &id, ClinicalSystem::EmisWeb)
            .await
            .unwrap();
        let row = organisation(&mut conn, &id).await.unwrap().unwrap();
        assert_eq!(row.clinical_system, ClinicalSystem::EmisWeb);
        sqlx::query("UPDATE organisations SET clinical_system = 'vision' WHERE id = $1")
            .bind(&id)
            .execute(&mut *conn)
            .await
            .unwrap();
        assert!(organisation(&mut conn, &id).await.is_err());
    }
}
