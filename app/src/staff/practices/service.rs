//! "Register a practice" (a network or hub administrator registers one
//! below their organisation and invites its first Practice admin, in one
//! transaction) and the practice's details (name, clinical system).
//! Organisations are `crate::org`'s: their SQL is there.

use super::model::*;
use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::ids::OrgId;
use crate::org::model::Role;
use crate::org::service as orgs;
use crate::server::activity;
use crate::server::Ctx;
use crate::staff::invitations::model::InviteOutcome;
use crate::staff::invitations::service::{check_invite_fields, invite_in_tx, Delivery};
use crate::staff::model::ClinicalSystem;
use crate::staff::service::locked_organisation;

/// "Register a practice": the practice, below the network administrator's
/// organisation, and the invitation of its first Practice admin, together.
pub async fn register_practice(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    parent_id: &OrgId,
    raw_name: &str,
    raw_ods: &str,
    raw_system: &str,
    admin_email: &str,
) -> Result<(OrgId, InviteOutcome), AppError> {
    let mut errors = FieldErrors::default();
    let name = raw_name.trim();
    if name.is_empty() {
        errors.push("name", "Enter the practice name");
    } else if name.chars().count() > 200 {
        errors.push("name", "Practice name must be 200 characters or fewer");
    }
    let ods = parse_ods_code(raw_ods)
        .map_err(|m| errors.push("ods_code", m))
        .ok();
    let system = ClinicalSystem::from_form(raw_system);
    if system.is_none() {
        errors.push("clinical_system", "Select the practice's clinical system");
    }
    let fields = match check_invite_fields(
        &cx.config.staff,
        admin_email,
        Role::PracticeAdmin.as_str(),
        "",
        false,
    ) {
        Ok(fields) => Some(fields),
        Err(AppError::Invalid(invite_errors)) => {
            errors.0.extend(invite_errors.0);
            None
        }
        Err(other) => return Err(other),
    };
    errors.into_result()?;
    let (Some(ods), Some(system), Some(fields)) = (ods, system, fields) else {
        return Err(AppError::BadRequest);
    };

    let now = cx.now_ms();
    let (practice_id, outcome) = cx
        .db
        .transaction(async |tx| {
            let parent = locked_organisation(tx, parent_id).await?;
            if !matches!(parent.kind.as_str(), "network" | "hub") {
                return Err(AppError::Conflict(
                    "Practices are registered by a network or hub administrator".to_string(),
                ));
            }
            if crate::org::service::find_by_ods_code(tx, &ods)
                .await?
                .is_some()
            {
                return Err(AppError::field(
                    "ods_code",
                    &format!("A practice with ODS code {ods} is already registered"),
                ));
            }
            let practice_id = crate::org::service::insert_organisation(
                tx,
                crate::org::model::OrgKind::Practice,
                name,
                Some(&ods),
                Some(parent_id),
                now,
            )
            .await?;
            orgs::set_clinical_system(tx, &practice_id, system).await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                &practice_id,
                ("organisation", &practice_id),
                ActivityEvent::PracticeRegistered,
                &format!("{name} ({ods})"),
            )
            .await?;
            let organisation = orgs::organisation(tx, &practice_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let outcome =
                invite_in_tx(tx, cx, actor, &organisation, &fields, Delivery::Email, now).await?;
            Ok((practice_id, outcome))
        })
        .await?;
    Ok((practice_id, outcome))
}

/// A practice's details for its admin.
pub async fn practice_details(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
) -> Result<PracticeDetails, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let row = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(PracticeDetails {
        organisation_id: organisation_id.clone(),
        name: row.name,
        ods_code: row.ods_code,
        clinical_system: row.clinical_system,
        address: row.address.unwrap_or_default(),
        phone: row.phone.unwrap_or_default(),
    })
}

/// The practice admin changes the name, clinical system, or the address
/// and phone number patients see.
pub async fn update_practice(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    raw_name: &str,
    raw_system: &str,
    raw_address: &str,
    raw_phone: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let name = raw_name.trim();
    if name.is_empty() {
        errors.push("name", "Enter the practice name");
    } else if name.chars().count() > 200 {
        errors.push("name", "Practice name must be 200 characters or fewer");
    }
    let system = ClinicalSystem::from_form(raw_system);
    if system.is_none() {
        errors.push("clinical_system", "Select the practice's clinical system");
    }
    let address = super::model::parse_address(raw_address).unwrap_or_else(|message| {
        errors.push("address", message);
        None
    });
    let phone = super::model::parse_phone(raw_phone).unwrap_or_else(|message| {
        errors.push("phone", message);
        None
    });
    errors.into_result()?;
    let system = system.ok_or(AppError::BadRequest)?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            locked_organisation(tx, organisation_id).await?;
            let update = orgs::PracticeUpdate {
                name,
                clinical_system: system,
                address: address.as_deref(),
                phone: phone.as_deref(),
            };
            orgs::update_organisation(tx, organisation_id, &update).await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                organisation_id,
                ("organisation", organisation_id),
                ActivityEvent::PracticeUpdated,
                &format!("{name}, {}", system.label()),
            )
            .await?;
            Ok(())
        })
        .await
}
