//! The bulk invite: "Check file" checks every row of the CSV file as an
//! invitation without changing anything; sending invites the valid rows of
//! a batch in one transaction, under the hourly limit.

use super::model::*;
use crate::auth::model::CurrentUser;
use crate::error::{AppError, FieldErrors};
use crate::ids::OrgId;
use crate::org::model::Role;
use crate::org::service as orgs;
use crate::server::clock::HOUR_MS;
use crate::server::Ctx;
use crate::staff::invitations::service::{
    check_allowance, check_invite_fields, invite_in_tx, links_since, pending_invite, Delivery,
};
use crate::staff::model::ClinicalSystem;
use crate::staff::service::locked_organisation;

/// Every message of a validation failure in one sentence (a bulk row). A
/// file has no role menu, so a bad role names the roles it may have.
fn messages(errors: &FieldErrors) -> String {
    errors
        .0
        .iter()
        .map(|e| match e.field.as_str() {
            "role" => role_message(),
            _ => e.message.clone(),
        })
        .collect::<Vec<_>>()
        .join(". ")
}

/// "Role must be one of: GP, Nurse, …" (the practice roles, as in the file).
pub fn role_message() -> String {
    format!("Role must be one of: {}", Role::practice_labels())
}

/// Checks a bulk-invite file row by row without changing anything.
pub async fn preview_bulk_invites(
    cx: Ctx<'_>,
    organisation_id: &OrgId,
    text: &str,
) -> Result<BulkPreview, AppError> {
    use super::csv::{parse, RowShape};
    let shapes = parse(text).map_err(|problem| AppError::field("file", &problem.message()))?;
    if shapes.is_empty() {
        return Err(AppError::field(
            "file",
            "The file has no rows under the column names",
        ));
    }
    let now = cx.now_ms();
    let mut conn = cx.db.pool.acquire().await?;
    let organisation = orgs::organisation(&mut conn, organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let is_emis = organisation.clinical_system == ClinicalSystem::EmisWeb;
    let mut seen: Vec<(String, &'static str)> = Vec::new();
    let mut rows = Vec::with_capacity(shapes.len());
    for shape in shapes {
        let row = match shape {
            RowShape::Blank { line } => BulkRow {
                line,
                email: String::new(),
                role: String::new(),
                emis_username: String::new(),
                error: Some("Row is empty".to_string()),
            },
            RowShape::WrongColumns { line, found } => BulkRow {
                line,
                email: String::new(),
                role: String::new(),
                emis_username: String::new(),
                error: Some(format!(
                    "Row has {found} columns: it needs email, role and EMIS username"
                )),
            },
            RowShape::Row(row) => {
                let error = match check_invite_fields(
                    &cx.config.staff,
                    &row.email,
                    &row.role,
                    &row.emis_username,
                    is_emis,
                ) {
                    Err(AppError::Invalid(errors)) => Some(messages(&errors)),
                    Err(other) => Some(other.to_string()),
                    Ok(fields) => {
                        let key = (fields.email.lower(), fields.role.as_str());
                        if seen.contains(&key) {
                            Some("The same email and role appear earlier in the file".to_string())
                        } else if orgs::holds_role(&mut conn, organisation_id, &key.0, key.1)
                            .await?
                        {
                            Some(format!("Already registered as {}", fields.role.label()))
                        } else if pending_invite(&mut conn, organisation_id, &key.0, key.1)
                            .await?
                            .is_some()
                        {
                            Some(format!(
                                "Already invited as {}: use \"Resend\" instead",
                                fields.role.label()
                            ))
                        } else {
                            seen.push(key);
                            None
                        }
                    }
                };
                BulkRow {
                    line: row.line,
                    email: row.email,
                    role: row.role,
                    emis_username: row.emis_username,
                    error,
                }
            }
        };
        rows.push(row);
    }
    let used = links_since(&mut conn, organisation_id, now - HOUR_MS).await?;
    let ready = rows.iter().filter(|r| r.error.is_none()).count();
    Ok(BulkPreview {
        rows,
        ready,
        allowance: (cx.config.staff.invites_per_hour - used).max(0),
    })
}

/// The most rows one call of `send_bulk_invites` takes (the browser sends
/// a file in batches and shows progress between them).
pub const BULK_BATCH: usize = 50;

/// Sends the rows of a bulk-invite file whose lines are in
/// `from_line..=to_line` (at most `BULK_BATCH` rows), in one transaction.
/// The file is parsed again here, so only what the server checked is sent.
/// A row that is not valid (now) is reported and skipped; the others are
/// sent. If the batch would pass the hourly limit, nothing in it is sent.
pub async fn send_bulk_invites(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    organisation_id: &OrgId,
    text: &str,
    from_line: usize,
    to_line: usize,
) -> Result<Vec<BulkResult>, AppError> {
    use super::csv::{parse, RowShape};
    let shapes = parse(text).map_err(|problem| AppError::field("file", &problem.message()))?;
    let batch: Vec<_> = shapes
        .into_iter()
        .filter_map(|shape| match shape {
            RowShape::Row(row) if (from_line..=to_line).contains(&row.line) => Some(row),
            _ => None,
        })
        .collect();
    if batch.is_empty() || batch.len() > BULK_BATCH {
        return Err(AppError::BadRequest);
    }
    let now = cx.now_ms();
    let results = cx
        .db
        .transaction(async |tx| {
            let organisation = locked_organisation(tx, organisation_id).await?;
            let is_emis = organisation.clinical_system == ClinicalSystem::EmisWeb;
            let wanted = i64::try_from(batch.len()).map_err(|_| AppError::BadRequest)?;
            check_allowance(tx, &cx.config.staff, organisation_id, now, wanted).await?;
            let mut results = Vec::with_capacity(batch.len());
            for row in &batch {
                let outcome = match check_invite_fields(
                    &cx.config.staff,
                    &row.email,
                    &row.role,
                    &row.emis_username,
                    is_emis,
                ) {
                    Ok(fields) => {
                        invite_in_tx(tx, cx, actor, &organisation, &fields, Delivery::Email, now)
                            .await
                    }
                    Err(error) => Err(error),
                };
                let error = match outcome {
                    Ok(_) => None,
                    Err(AppError::Invalid(errors)) => Some(messages(&errors)),
                    Err(AppError::Internal(reference)) => {
                        return Err(AppError::Internal(reference))
                    }
                    Err(other) => Some(other.to_string()),
                };
                results.push(BulkResult {
                    line: row.line,
                    email: row.email.clone(),
                    error,
                });
            }
            Ok(results)
        })
        .await?;
    Ok(results)
}
