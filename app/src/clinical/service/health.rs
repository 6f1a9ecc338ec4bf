//! The hourly health check: every configured EMIS Web practice's link is
//! tested once an hour, and the practice's administrators (direct
//! ManageIntegrations) are told, in Gatehouse and by email
//! ("Integrations"), when a working link stops working and again when it
//! works.
//!
//! Not a job of the job runner: a job's batch runs inside the runner's
//! write transaction, and a call to a clinical system (up to
//! GP_CONNECT_TIMEOUT_MS) must never hold the database. Instead:
//! - once per hour one server process claims the hour's round
//!   (`clinical_health_rounds`, keyed by the hour): two processes, or a
//!   restart within the hour, test each link once;
//! - each link is tested outside any transaction, then its result is
//!   recorded in a short one, only if the health is still what it was
//!   when read (so a change is recorded, and told, once), with the
//!   activity entry and the notifications.
//!
//! A process that dies mid-round leaves the rest of the hour untested;
//! the next hour tests them.

use std::future::Future;

use tokio::task::JoinHandle;

use super::rounds::{spawn_rounds, RoundFuture};
use super::{link_of, test_link};
use crate::activity::model::ActivityEvent;
use crate::clinical::model::{Fault, Health};
use crate::clinical::repo::{self, LinkRow};
use crate::error::AppError;
use crate::notifications::model::NoticeKind;
use crate::notifications::service::{notify, Notice};
use crate::org::model::ClinicalSystem;
use crate::org::model::Permission;
use crate::server::clock::HOUR_MS;
use crate::server::{AppState, Ctx};

/// Links read per query.
const PAGE: i64 = 50;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub tested: i64,
    pub failing: i64,
    /// Links whose health changed (working ↔ failing), each told once.
    pub changed: i64,
}

/// Runs this hour's round unless some process already has; None then.
pub async fn run_hour(cx: Ctx<'_>, runner: &str) -> Result<Option<Round>, AppError> {
    let now = cx.now_ms();
    let hour = now.div_euclid(HOUR_MS);
    let claimed = {
        let mut conn = cx.db.pool.acquire().await?;
        repo::claim_round(&mut conn, hour, runner, now).await?
    };
    if !claimed {
        return Ok(None);
    }
    let mut round = Round::default();
    let mut after = String::new();
    loop {
        let page = {
            let mut conn = cx.db.pool.acquire().await?;
            repo::configured_links(&mut conn, &after, PAGE).await?
        };
        let Some(last) = page.last() else {
            break;
        };
        after = last.organisation_id.to_string();
        let full = page.len() as i64 == PAGE;
        for row in page {
            let practice = super::practice(cx, &row.organisation_id).await?;
            if practice.clinical_system != ClinicalSystem::EmisWeb {
                continue;
            }
            let link = link_of(cx, &row, practice.ods_code.as_deref());
            let fault = test_link(cx, link).await.err();
            round.tested += 1;
            round.failing += i64::from(fault.is_some());
            if record(cx, &row, fault).await? {
                round.changed += 1;
            }
        }
        if !full {
            break;
        }
    }
    let mut conn = cx.db.pool.acquire().await?;
    repo::finish_round(&mut conn, hour, round.tested, round.failing, cx.now_ms()).await?;
    Ok(Some(round))
}

/// Records one link's result; true when its health changed between
/// working and failing (and the admins were told).
async fn record(cx: Ctx<'_>, row: &LinkRow, fault: Option<Fault>) -> Result<bool, AppError> {
    let now = cx.now_ms();
    let was = super::stored_health(row)?.0;
    let health = if fault.is_some() {
        Health::Failing
    } else {
        Health::Working
    };
    let org = &row.organisation_id;
    cx.db
        .transaction(async |tx| {
            if !repo::record_health(
                tx,
                org,
                Some(was.as_str()),
                health.as_str(),
                fault.map(Fault::as_str),
                now,
            )
            .await?
            {
                // Changed meanwhile (settings updated, another check): theirs stands.
                return Ok(false);
            }
            let (event, title, body) = match (was, health, fault) {
                (Health::Working, Health::Failing, Some(fault)) => (
                    ActivityEvent::ClinicalLinkStopped,
                    "The link to EMIS has stopped working",
                    format!(
                        "Appointment reminders and self-booking are paused until it works again. {} {}",
                        fault.message(),
                        fault.advice()
                    ),
                ),
                (Health::Failing, Health::Working, _) => (
                    ActivityEvent::ClinicalLinkRecovered,
                    "The link to EMIS is working again",
                    "Appointment reminders and self-booking have started again.".to_string(),
                ),
                _ => return Ok(false),
            };
            let details = fault.map(Fault::message).unwrap_or("Connected");
            super::record(tx, now, None, org, event, details).await?;
            let link = format!("/practices/{org}/feature-settings");
            let notice = Notice {
                kind: NoticeKind::Integrations,
                title,
                body: &body,
                link: Some(&link),
            };
            for person in
                crate::org::access::people_who_may(tx, org, Permission::ManageIntegrations).await?
            {
                notify(tx, now, &cx.config.base_url, &person.user_id, &notice).await?;
            }
            Ok(true)
        })
        .await
}

fn hour_round<'a>(cx: Ctx<'a>, runner: &'a str) -> RoundFuture<'a> {
    Box::pin(async move { Ok(run_hour(cx, runner).await?.map(|r| format!("{r:?}"))) })
}

/// Starts the hourly check on its own task.
pub fn spawn(
    state: &AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> JoinHandle<()> {
    spawn_rounds(
        state,
        shutdown,
        HOUR_MS,
        "clinical-system health",
        hour_round,
    )
}
