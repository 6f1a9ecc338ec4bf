//! "Client support": saved per network and organisation type, read for a
//! practice (its type's row, else the blank row). Changes show at once.

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::ids::OrgId;
use crate::org::model::OrgKind;
use crate::org::service as orgs;
use crate::patients::model::SupportContact;
use crate::patients::repo::{self, SupportRow};
use crate::server::activity;
use crate::server::Ctx;
use sqlx::AnyConnection;

use super::model::*;

fn applies_to(kind: &str) -> String {
    OrgKind::parse(kind)
        .map(|k| k.label().to_string())
        .unwrap_or_else(|| "All organisation types".to_string())
}

/// The network's "Client support" rows. `NotFound` unless `network_id` is
/// a network.
pub async fn client_support(
    cx: Ctx<'_>,
    network_id: &OrgId,
) -> Result<ClientSupportPage, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let network = orgs::organisation(&mut conn, network_id)
        .await?
        .filter(|o| o.kind == OrgKind::Network)
        .ok_or(AppError::NotFound)?;
    let entries = repo::support_rows(&mut conn, network_id)
        .await?
        .into_iter()
        .map(|row| SupportEntry {
            applies_to: applies_to(&row.organisation_kind),
            organisation_kind: row.organisation_kind,
            email: row.email,
            phone: row.phone,
        })
        .collect();
    Ok(ClientSupportPage {
        network_name: network.name,
        entries,
    })
}

/// Saves the support contact for one organisation type ("" = every type
/// without its own), replacing what it had.
pub async fn save_client_support(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    network_id: &OrgId,
    kind: &str,
    email: &str,
    phone: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let kind = kind.trim();
    if !kind.is_empty() && !kind_options().iter().any(|(value, _)| value == kind) {
        errors.push(
            "organisation_kind",
            "Select an organisation type, or leave it blank",
        );
    }
    let email = email.trim();
    if crate::accounts::model::Email::parse(email).is_err() {
        errors.push(
            "support_email",
            "Enter an email address in the correct format, like support@example.nhs.uk",
        );
    }
    let phone = match crate::staff::practices::model::parse_phone(phone) {
        Ok(Some(phone)) => phone,
        _ => {
            errors.push(
                "support_phone",
                "Enter a UK phone number, like 0300 123 4567",
            );
            String::new()
        }
    };
    errors.into_result()?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            orgs::organisation(tx, network_id)
                .await?
                .filter(|o| o.kind == OrgKind::Network)
                .ok_or(AppError::NotFound)?;
            let row = SupportRow {
                organisation_kind: kind.to_string(),
                email: email.to_string(),
                phone: phone.clone(),
            };
            repo::save_support(tx, network_id, &row, &actor.id, now).await?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                network_id,
                ("organisation", network_id),
                ActivityEvent::ClientSupportChanged,
                &format!("{}: {email}, {phone}", applies_to(kind)),
            )
            .await
        })
        .await
}

/// The support contact patients of an organisation see: its network's row
/// for its type, else the network's blank row.
pub async fn support_for(
    conn: &mut AnyConnection,
    organisation_id: &OrgId,
) -> Result<Option<SupportContact>, AppError> {
    let Some(organisation) = orgs::organisation(&mut *conn, organisation_id).await? else {
        return Ok(None);
    };
    let Some(network) = orgs::network_of(&mut *conn, organisation_id).await? else {
        return Ok(None);
    };
    let rows = repo::support_rows(conn, &network).await?;
    let kind = organisation.kind.as_str();
    let row = rows
        .iter()
        .find(|r| r.organisation_kind == kind)
        .or_else(|| rows.iter().find(|r| r.organisation_kind.is_empty()));
    Ok(row.map(|r| SupportContact {
        email: r.email.clone(),
        phone: r.phone.clone(),
    }))
}

/// The support contact for pages that belong to no practice (registration,
/// sign-in, help): the first network's row for practices, else its blank
/// row.
pub async fn general_support(cx: Ctx<'_>) -> Result<Option<SupportContact>, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let Some(network) = orgs::first_of_kind(&mut conn, OrgKind::Network).await? else {
        return Ok(None);
    };
    let rows = repo::support_rows(&mut conn, &network).await?;
    let row = rows
        .iter()
        .find(|r| r.organisation_kind == OrgKind::Practice.as_str())
        .or_else(|| rows.iter().find(|r| r.organisation_kind.is_empty()));
    Ok(row.map(|r| SupportContact {
        email: r.email.clone(),
        phone: r.phone.clone(),
    }))
}
