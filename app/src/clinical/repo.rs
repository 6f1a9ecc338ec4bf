//! The SQL of clinical-system links (`clinical_links`).

use crate::ids::{OrgId, UserId};
use sqlx::AnyConnection;

/// A practice's stored link, with the names of who set what.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub organisation_id: OrgId,
    pub emis_org_id: Option<String>,
    pub emis_org_id_set_at: Option<i64>,
    pub emis_org_id_set_by: Option<String>,
    pub api_username: Option<String>,
    pub api_password_sealed: Option<String>,
    pub api_user_set_at: Option<i64>,
    pub api_user_set_by: Option<String>,
    pub health: String,
    pub fault: Option<String>,
    pub checked_at: Option<i64>,
}

const LINK_COLUMNS: &str = "l.organisation_id, l.emis_org_id, l.emis_org_id_set_at,
     (SELECT name FROM users WHERE id = l.emis_org_id_set_by) AS emis_org_id_set_by,
     l.api_username, l.api_password_sealed, l.api_user_set_at,
     (SELECT name FROM users WHERE id = l.api_user_set_by) AS api_user_set_by,
     l.health, l.fault, l.checked_at";

/// The practice's link, if anything was ever set.
pub async fn link(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<Option<LinkRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {LINK_COLUMNS} FROM clinical_links l WHERE l.organisation_id = $1"
    ))
    .bind(organisation_id)
    .fetch_optional(conn)
    .await
}

/// Locks the practice's link row for an update (made if missing).
pub async fn lock_link(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO clinical_links (organisation_id) VALUES ($1)
         ON CONFLICT (organisation_id) DO UPDATE SET health = clinical_links.health",
    )
    .bind(organisation_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets the EMIS Organisation ID; the link must be tested again.
pub async fn set_emis_org_id(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    emis_org_id: &str,
    by: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE clinical_links SET emis_org_id = $2, emis_org_id_set_at = $3,
         emis_org_id_set_by = $4, health = 'untested', fault = NULL
         WHERE organisation_id = $1",
    )
    .bind(organisation_id)
    .bind(emis_org_id)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets the EMIS API user (the password already sealed); the link must be
/// tested again.
pub async fn set_api_user(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    username: &str,
    password_sealed: &str,
    by: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE clinical_links SET api_username = $2, api_password_sealed = $3,
         api_user_set_at = $4, api_user_set_by = $5, health = 'untested', fault = NULL
         WHERE organisation_id = $1",
    )
    .bind(organisation_id)
    .bind(username)
    .bind(password_sealed)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a test's result. When `expected` is given, only if the health
/// is still that (so two checkers record one change); true when recorded.
pub async fn record_health(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
    expected: Option<&str>,
    health: &str,
    fault: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE clinical_links SET
           health_since = CASE WHEN health = $3 THEN health_since ELSE $5 END,
           health = $3, fault = $4, checked_at = $5
         WHERE organisation_id = $1 AND ($2 IS NULL OR health = $2)",
    )
    .bind(organisation_id)
    .bind(expected)
    .bind(health)
    .bind(fault)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Links with every setting entered, after `after` in id order: what the
/// hourly health check tests (the service skips practices no longer on
/// EMIS Web).
pub async fn configured_links(
    conn: &mut AnyConnection,
    after: &str,
    limit: i64,
) -> Result<Vec<LinkRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {LINK_COLUMNS} FROM clinical_links l
         WHERE l.emis_org_id IS NOT NULL AND l.api_password_sealed IS NOT NULL
           AND l.organisation_id > $1
         ORDER BY l.organisation_id LIMIT $2"
    ))
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Claims the hourly check of `hour` for `runner`; false when another
/// process (or this one before a restart) already has it.
pub async fn claim_round(
    conn: &mut AnyConnection,
    hour: i64,
    runner: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO clinical_health_rounds (hour, runner, started_at) VALUES ($1, $2, $3)
         ON CONFLICT (hour) DO NOTHING",
    )
    .bind(hour)
    .bind(runner)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records how the round went.
pub async fn finish_round(
    conn: &mut AnyConnection,
    hour: i64,
    tested: i64,
    failing: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE clinical_health_rounds SET finished_at = $2, tested = $3, failing = $4 WHERE hour = $1",
    )
    .bind(hour)
    .bind(now)
    .bind(tested)
    .bind(failing)
    .execute(conn)
    .await?;
    Ok(())
}
