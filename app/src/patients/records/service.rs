//! "Patients": finding a record, adding one, the Patient Information View
//! and the record's status (a Deceased or Left record disables its Patient
//! Profile account automatically).

use crate::activity::model::{event_label, ActivityEvent};
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{OrgId, PatientId};
use crate::org::model::Permission;
use crate::org::{access, service as orgs};
use crate::patients::model::*;
use crate::patients::repo::{self, PatientRow, Search};
use crate::patients::service::{self as shared, last_day_in_words, usable};
use crate::server::activity;
use crate::server::dates::iso_date_in_words;
use crate::server::db::UniqueIndex;
use crate::server::Ctx;

/// Results shown at most.
pub const RESULTS: i64 = 50;
pub const MAX_QUERY: usize = 100;

const NHS_NUMBER_AT_PRACTICE: UniqueIndex = UniqueIndex {
    name: "patients_practice_id_nhs_number_key",
    sqlite_columns: "patients.practice_id, patients.nhs_number",
};

fn summary(row: PatientRow) -> PatientSummary {
    PatientSummary {
        name: format!("{} {}", row.given_name, row.family_name),
        nhs_number: spaced_nhs_number(&row.nhs_number),
        date_of_birth: iso_date_in_words(&row.date_of_birth),
        state: row.account_state(),
        record: row.record_status,
        id: row.id,
    }
}

/// What a search box's words mean: an NHS number, a date of birth (day,
/// month and year, by `/`, `-`, `.` or spaces) or the start of names.
pub fn parse_query(query: &str, today: (i32, u32, u32)) -> Result<Option<Search>, AppError> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(None);
    }
    if query.chars().count() > MAX_QUERY {
        return Err(AppError::field(
            "query",
            "Search for 100 characters or fewer",
        ));
    }
    let compact: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.chars().all(|c| c.is_ascii_digit()) && compact.len() == 10 {
        return match parse_nhs_number(&compact) {
            Some(digits) => Ok(Some(Search::NhsNumber(digits))),
            None => Err(AppError::field(
                "query",
                "That is not a valid NHS number. Check it, or search by name or date of birth",
            )),
        };
    }
    let parts: Vec<&str> = query
        .split(|c: char| c == '/' || c == '-' || c == '.' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return match parse_date_of_birth(parts[0], parts[1], parts[2], today) {
            Ok(date) => Ok(Some(Search::DateOfBirth(date))),
            Err(message) => Err(AppError::field("query", message)),
        };
    }
    let words: Vec<String> = query
        .split_whitespace()
        .map(str::to_lowercase)
        .take(4)
        .collect();
    Ok(Some(Search::Name(words)))
}

/// The "Patients" page: a search of the practice's records. The caller has
/// ViewPatients there (a direct role).
pub async fn search_patients(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    query: &str,
) -> Result<PatientSearch, AppError> {
    let today = crate::server::dates::uk_today(cx.now_ms());
    let search = parse_query(query, today)?;
    let mut conn = cx.db.pool.acquire().await?;
    let (_, practice_name) = orgs::practice(&mut conn, practice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let may_manage = access::may(
        &mut conn,
        &actor.id,
        Permission::ManagePatients,
        practice_id,
    )
    .await?;
    let mut rows = match &search {
        Some(search) => repo::search(&mut conn, practice_id, search, RESULTS + 1).await?,
        None => Vec::new(),
    };
    let more = rows.len() as i64 > RESULTS;
    rows.truncate(RESULTS as usize);
    Ok(PatientSearch {
        practice_id: practice_id.clone(),
        practice_name,
        query: query.trim().chars().take(MAX_QUERY).collect(),
        results: rows.into_iter().map(summary).collect(),
        more,
        may_manage,
    })
}

/// "Add a patient". The caller has ManagePatients in the practice.
pub async fn add_patient(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    form: &NewPatient,
) -> Result<PatientId, AppError> {
    let today = crate::server::dates::uk_today(cx.now_ms());
    let patient = check_patient(form, today).map_err(AppError::Invalid)?;
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            orgs::practice(tx, practice_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let portal_id = shared::free_patient_id(tx).await?;
            let id = repo::insert_patient(tx, practice_id, &patient, &portal_id, now)
                .await
                .map_err(|e| {
                    NHS_NUMBER_AT_PRACTICE.as_field_error(
                        e,
                        "nhs_number",
                        "The practice already has a patient with this NHS number",
                    )
                })?;
            activity::record_for(
                tx,
                now,
                Some(&actor.id),
                practice_id,
                ("patient", &id),
                ActivityEvent::PatientAdded,
                "",
            )
            .await?;
            Ok(id)
        })
        .await
}

/// The "Patient Information View". The caller has ViewPatients in the
/// practice; `NotFound` for a record of another practice.
pub async fn patient_detail(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    patient_id: &PatientId,
) -> Result<PatientDetail, AppError> {
    let now = cx.now_ms();
    let mut conn = cx.db.pool.acquire().await?;
    let row = shared::load(&mut conn, practice_id, patient_id).await?;
    let may_manage = access::may(
        &mut conn,
        &actor.id,
        Permission::ManagePatients,
        practice_id,
    )
    .await?;
    let (standing, credentials) = shared::standing(&mut conn, &row, now).await?;
    let history = activity::history(&mut conn, "patient", patient_id, 200).await?;
    let profile: Vec<&str> = ActivityEvent::PATIENT_PROFILE
        .iter()
        .map(|e| e.as_str())
        .collect();
    // Newest first; events of one moment (one transaction) in the order
    // of the account's life.
    let mut history: Vec<_> = history
        .into_iter()
        .filter(|h| profile.contains(&h.event.as_str()))
        .collect();
    let rank = |event: &str| profile.iter().position(|e| *e == event).unwrap_or(0);
    history.sort_by(|a, b| b.at.cmp(&a.at).then(rank(&b.event).cmp(&rank(&a.event))));
    let activity = history
        .into_iter()
        .map(|h| ProfileEvent {
            when: crate::server::dates::uk_date_time(h.at),
            what: event_label(&h.event),
            by: h
                .actor_name
                .unwrap_or_else(|| "The patient or Gatehouse".to_string()),
            details: h.details,
        })
        .collect();
    let letter_available = may_manage
        && credentials.as_ref().is_some_and(|c| usable(c, now))
        && row.record_status == RecordStatus::Active;
    let credentials = credentials.map(|c| CredentialsView {
        patient_code: row.portal_id.clone().unwrap_or_default(),
        status: match c.state.as_str() {
            "valid" if c.expires_at <= now => "Expired",
            "valid" => "Valid",
            "used" => "Used",
            "superseded" => "Superseded",
            _ => "Ended",
        }
        .to_string(),
        expires: last_day_in_words(c.expires_at),
        letter_sent: c.sent_at.map(crate::server::dates::uk_date_time),
    });
    let documents = crate::patients::documents::service::documents_of(&mut conn, &row).await?;
    Ok(PatientDetail {
        id: row.id.clone(),
        practice_id: row.practice_id.clone(),
        practice_name: row.practice_name.clone(),
        given_name: row.given_name.clone(),
        family_name: row.family_name.clone(),
        nhs_number: spaced_nhs_number(&row.nhs_number),
        date_of_birth: iso_date_in_words(&row.date_of_birth),
        email: row.email.clone(),
        mobile: row.mobile.clone(),
        address: row
            .address
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect(),
        postcode: row.postcode.clone(),
        record: row.record_status,
        state: row.account_state(),
        disabled_automatically: row.disabled_by.as_deref() == Some("record"),
        credentials,
        actions: if may_manage {
            standing.actions()
        } else {
            Vec::new()
        },
        may_manage,
        letter_available,
        activity,
        documents,
    })
}

/// Changes the record's status. A Deceased or Left record disables its
/// Patient Profile account ("Patient Account Disabled Automatically") and
/// ends any unused credentials. The caller has ManagePatients.
pub async fn set_record_status(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    patient_id: &PatientId,
    status: &str,
) -> Result<(), AppError> {
    let Some(status) = RecordStatus::parse(status) else {
        return Err(AppError::field(
            "record_status",
            "Select the record's status",
        ));
    };
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = shared::load(tx, practice_id, patient_id).await?;
            if row.record_status == status {
                return Ok(());
            }
            repo::set_record_status(tx, patient_id, status).await?;
            shared::record(
                tx,
                now,
                Some(&actor.id),
                &row,
                ActivityEvent::PatientRecordStatusChanged,
                &format!("{} to {}", row.record_status.label(), status.label()),
            )
            .await?;
            if status != RecordStatus::Active {
                repo::finish_valid_credentials(tx, patient_id, "ended", now).await?;
                let account_open = !matches!(
                    row.account_state(),
                    AccountState::None | AccountState::Disabled
                );
                if account_open
                    && repo::set_account_state(
                        tx,
                        patient_id,
                        row.account_state(),
                        AccountState::Disabled,
                        Some("record"),
                    )
                    .await?
                {
                    shared::record(
                        tx,
                        now,
                        None,
                        &row,
                        ActivityEvent::AccountDisabledAutomatically,
                        &format!("The record is now {}", status.label()),
                    )
                    .await?;
                }
            }
            Ok(())
        })
        .await
}
