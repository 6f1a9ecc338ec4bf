//! "Feature settings" of an EMIS Web practice and "Test connection".
//!
//! The EMIS API user's password is sealed before it is stored (`sealed`)
//! and opened only to call the clinical system. A change of either setting
//! makes the link "Not tested" until it is tested again. Calls to the
//! clinical system happen outside any database transaction; their result
//! is recorded after, with its activity entry.

use super::adapter::{self, Link};
use super::model::*;
use super::repo::{self, LinkRow};
use super::sealed::SealKey;
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::ids::OrgId;
use crate::org::model::{ClinicalSystem, OrgKind};
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::dates::uk_date_time;
use crate::server::Ctx;
use sqlx::AnyConnection;

pub mod health;
pub mod rounds;

/// The key sealing the practice's credentials, derived from SECRET_KEY.
fn seal_key(cx: Ctx<'_>) -> SealKey {
    SealKey::from_secret(cx.config.secret_key.as_bytes())
}

/// What the password is sealed for: its purpose and its practice.
fn password_context(organisation_id: &OrgId) -> String {
    format!("emis-api-user-password:{organisation_id}")
}

fn set_in_words(at: Option<i64>, by: Option<&str>) -> Option<String> {
    at.map(|at| match by {
        Some(name) => format!("Set on {} by {name}", uk_date_time(at)),
        None => format!("Set on {}", uk_date_time(at)),
    })
}

/// The practice (it must be one), for the link's pages.
async fn practice(cx: Ctx<'_>, organisation_id: &OrgId) -> Result<orgs::OrganisationRow, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let row = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.kind != OrgKind::Practice {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

/// "Feature settings".
pub async fn feature_settings(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
) -> Result<FeatureSettings, AppError> {
    let practice = practice(cx, organisation_id).await?;
    let mut conn = cx.db.pool.acquire().await?;
    let row = repo::link(&mut conn, organisation_id).await?;
    let key = seal_key(cx);
    let unreadable = row.as_ref().is_some_and(|r| {
        r.api_password_sealed
            .as_deref()
            .is_some_and(|s| key.open(&password_context(organisation_id), s).is_none())
    });
    let (health, fault) = row
        .as_ref()
        .map(stored_health)
        .transpose()?
        .unwrap_or((Health::Untested, None));
    Ok(FeatureSettings {
        organisation_id: organisation_id.clone(),
        practice_name: practice.name,
        emis_web: practice.clinical_system == ClinicalSystem::EmisWeb,
        emis_org_id: row.as_ref().and_then(|r| r.emis_org_id.clone()),
        emis_org_id_set: row
            .as_ref()
            .and_then(|r| set_in_words(r.emis_org_id_set_at, r.emis_org_id_set_by.as_deref())),
        api_username: row.as_ref().and_then(|r| r.api_username.clone()),
        api_password_set: row.as_ref().and_then(|r| {
            r.api_password_sealed.as_ref().and(set_in_words(
                r.api_user_set_at,
                r.api_user_set_by.as_deref(),
            ))
        }),
        api_password_unreadable: unreadable,
        health,
        checked: row.as_ref().and_then(|r| r.checked_at).map(uk_date_time),
        fault,
    })
}

/// The stored health and fault; an unknown stored value is an error.
fn stored_health(row: &LinkRow) -> Result<(Health, Option<Fault>), AppError> {
    let health = Health::parse(&row.health)
        .ok_or_else(|| AppError::internal(format!("unknown link health {}", row.health)))?;
    let fault = match row.fault.as_deref() {
        None => None,
        Some(stored) => Some(
            Fault::parse(stored)
                .ok_or_else(|| AppError::internal(format!("unknown link fault {stored}")))?,
        ),
    };
    Ok((health, fault))
}

/// Refuses settings for a practice that does not run EMIS Web.
fn emis_only(practice: &orgs::OrganisationRow) -> Result<(), AppError> {
    if practice.clinical_system == ClinicalSystem::EmisWeb {
        Ok(())
    } else {
        Err(AppError::Conflict(format!(
            "Feature settings are for EMIS Web practices. {} uses {}: change it in Practice details first",
            practice.name,
            practice.clinical_system.label()
        )))
    }
}

/// The practice's link row, locked for a change of its settings (made if
/// missing); refused unless the practice runs EMIS Web.
async fn open_for_change(tx: &mut AnyConnection, organisation_id: &OrgId) -> Result<(), AppError> {
    let practice = orgs::organisation(tx, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    emis_only(&practice)?;
    repo::lock_link(tx, organisation_id).await?;
    Ok(())
}

/// The practice's activity entry about its link.
pub(super) async fn record(
    tx: &mut AnyConnection,
    now: i64,
    actor: Option<&CurrentUser>,
    organisation_id: &OrgId,
    event: ActivityEvent,
    details: &str,
) -> Result<(), AppError> {
    let subject = ("organisation", organisation_id.as_str());
    let actor = actor.map(|a| &a.id);
    activity::record_for(tx, now, actor, organisation_id, subject, event, details).await
}

/// "Update EMIS Organisation ID".
pub async fn update_emis_org_id(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    raw: &str,
) -> Result<(), AppError> {
    if raw.chars().count() > 100 {
        return Err(AppError::field(
            "emis_org_id",
            "EMIS Organisation ID must be between 3 and 8 numbers",
        ));
    }
    let emis_org_id = parse_emis_org_id(raw).map_err(|m| AppError::field("emis_org_id", m))?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            open_for_change(tx, organisation_id).await?;
            repo::set_emis_org_id(tx, organisation_id, &emis_org_id, &actor.id, now).await?;
            let event = ActivityEvent::EmisOrganisationIdUpdated;
            record(tx, now, Some(actor), organisation_id, event, &emis_org_id).await
        })
        .await
}

/// "Update EMIS API user details": the password is sealed; the activity
/// log records the username only.
pub async fn update_api_user(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    raw_username: &str,
    password: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let username = parse_api_username(raw_username)
        .map_err(|m| errors.push("api_username", m))
        .ok();
    if let Err(m) = check_api_password(password) {
        errors.push("api_password", m);
    }
    errors.into_result()?;
    let username = username.ok_or(AppError::BadRequest)?;
    let sealed = seal_key(cx)
        .seal(&password_context(organisation_id), password)
        .ok_or_else(|| AppError::internal("sealing the EMIS API user password failed"))?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            open_for_change(tx, organisation_id).await?;
            repo::set_api_user(tx, organisation_id, &username, &sealed, &actor.id, now).await?;
            let details = format!("Username {username}; password changed");
            let event = ActivityEvent::EmisApiUserUpdated;
            record(tx, now, Some(actor), organisation_id, event, &details).await
        })
        .await
}

/// The practice's link with its password opened, or why there is none.
pub fn link_of(cx: Ctx<'_>, row: &LinkRow, ods_code: Option<&str>) -> Result<Link, Fault> {
    let (Some(emis_org_id), Some(username), Some(sealed)) = (
        row.emis_org_id.as_ref(),
        row.api_username.as_ref(),
        row.api_password_sealed.as_ref(),
    ) else {
        return Err(Fault::NotSetUp);
    };
    let password = seal_key(cx)
        .open(&password_context(&row.organisation_id), sealed)
        .ok_or(Fault::PasswordUnreadable)?;
    Ok(Link {
        ods_code: ods_code.unwrap_or_default().to_string(),
        emis_org_id: emis_org_id.clone(),
        username: username.clone(),
        password,
        now_ms: cx.now_ms(),
    })
}

/// Tests a link with the configured adapter.
pub async fn test_link(cx: Ctx<'_>, link: Result<Link, Fault>) -> Result<(), Fault> {
    let link = link?;
    let adapter = adapter::configured(&cx.config.clinical).ok_or(Fault::LinkOff)?;
    adapter.test(&link).await
}

/// "Test connection": tests the link now and records what it found.
/// Returns the fault, or None when connected.
pub async fn test_connection(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
) -> Result<Option<Fault>, AppError> {
    let practice = practice(cx, organisation_id).await?;
    emis_only(&practice)?;
    let row = {
        let mut conn = cx.db.pool.acquire().await?;
        repo::link(&mut conn, organisation_id).await?
    };
    let Some(row) = row else {
        return Ok(Some(Fault::NotSetUp));
    };
    let link = link_of(cx, &row, practice.ods_code.as_deref());
    let fault = test_link(cx, link).await.err();
    let now = cx.now_ms();
    let (health, words) = match fault {
        None => (Health::Working, "Connected".to_string()),
        Some(f) => (Health::Failing, f.message().to_string()),
    };
    cx.db
        .transaction(async |tx| {
            repo::record_health(
                tx,
                organisation_id,
                None,
                health.as_str(),
                fault.map(Fault::as_str),
                now,
            )
            .await?;
            let event = ActivityEvent::ConnectionTested;
            record(tx, now, Some(actor), organisation_id, event, &words).await
        })
        .await?;
    Ok(fault)
}

/// The configured adapter and an EMIS Web practice's link, ready to call
/// its clinical system; the fault when it cannot be used (not EMIS Web,
/// not set up, the password unreadable, the link off here).
pub async fn practice_link(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
) -> Result<Result<(Link, Box<dyn adapter::Appointments>), Fault>, AppError> {
    let practice = practice(cx, organisation_id).await?;
    if practice.clinical_system != ClinicalSystem::EmisWeb {
        return Ok(Err(Fault::NotSetUp));
    }
    let row = {
        let mut conn = cx.db.pool.acquire().await?;
        repo::link(&mut conn, organisation_id).await?
    };
    let Some(row) = row else {
        return Ok(Err(Fault::NotSetUp));
    };
    let link = match link_of(cx, &row, practice.ods_code.as_deref()) {
        Ok(link) => link,
        Err(fault) => return Ok(Err(fault)),
    };
    Ok(adapter::configured(&cx.config.clinical)
        .map(|adapter| (link, adapter))
        .ok_or(Fault::LinkOff))
}

/// The practice's name and whether it runs EMIS Web with a link that
/// last tested as working (what the appointment pages show).
pub async fn practice_and_health(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
) -> Result<(String, bool, Health), AppError> {
    let practice = practice(cx, organisation_id).await?;
    let mut conn = cx.db.pool.acquire().await?;
    let health = match repo::link(&mut conn, organisation_id).await? {
        Some(row) => stored_health(&row)?.0,
        None => Health::Untested,
    };
    Ok((
        practice.name,
        practice.clinical_system == ClinicalSystem::EmisWeb,
        health,
    ))
}
