//! Patient Profile credentials: "Create Patient Portal Credentials"
//! (distribute now or later), the invitation letter (preview, print,
//! "Mark as sent"), and disabling and enabling the account. Every action
//! is allowed only when the seed's Actions table offers it
//! (`Standing::actions`); anything else is refused.

use crate::activity::model::ActivityEvent;
use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::{LetterTemplateId, OrgId, PatientId};
use crate::letters::render::FieldValues;
use crate::patients::model::*;
use crate::patients::repo::{self, NewCredentials};
use crate::patients::service::{self as shared, last_day_in_words, usable};
use crate::server::dates::iso_date_in_words;
use crate::server::Ctx;

use super::model::*;

pub mod bulk;

fn today_date(now: i64) -> time::Date {
    crate::server::dates::uk_local(now).date()
}

/// An expiry date 30 days ahead, and the latest allowed, in words:
/// (day, month, year, latest).
fn expiry_defaults(now: i64) -> (String, String, String, String) {
    let today = today_date(now);
    let default = today + time::Duration::days(DEFAULT_EXPIRY_DAYS);
    let latest = today + time::Duration::days(MAX_EXPIRY_DAYS);
    (
        default.day().to_string(),
        u8::from(default.month()).to_string(),
        default.year().to_string(),
        iso_date_in_words(&latest.to_string()),
    )
}

/// "Create credentials for many patients": who of the selection (the
/// patients ticked on "Patients", else all a search found, else everyone)
/// needs them, the practice's letters, and the form's defaults.
pub async fn bulk_credentials_form(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    patients: &[String],
    query: &str,
) -> Result<BulkCredentialsDefaults, AppError> {
    let (_, practice_name) = {
        let mut conn = cx.db.pool.acquire().await?;
        crate::org::service::practice(&mut conn, practice_id)
            .await?
            .ok_or(AppError::NotFound)?
    };
    let selection = bulk::Selection::from_form(patients, query);
    let (needing, selected_count, letters) =
        bulk::bulk_selection(cx, practice_id, &selection).await?;
    let (day, month, year, latest) = expiry_defaults(cx.now_ms());
    let (selected, query) = match selection {
        bulk::Selection::Patients(ids) => {
            (ids.iter().map(ToString::to_string).collect(), String::new())
        }
        bulk::Selection::Search(query) => (Vec::new(), query),
        bulk::Selection::Everyone => (Vec::new(), String::new()),
    };
    Ok(BulkCredentialsDefaults {
        practice_name,
        patients: needing,
        selected,
        query,
        selected_count,
        letters: letters
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect(),
        day,
        month,
        year,
        latest,
        submission: uuid::Uuid::new_v4().to_string(),
    })
}

/// The defaults of "Create Patient Portal Credentials"; refuses when the
/// Actions table does not offer it.
pub async fn credentials_form(
    cx: Ctx<'_>,
    practice_id: &OrgId,
    patient_id: &PatientId,
) -> Result<CredentialsDefaults, AppError> {
    let now = cx.now_ms();
    let mut conn = cx.db.pool.acquire().await?;
    let row = shared::load(&mut conn, practice_id, patient_id).await?;
    let (standing, _) = shared::standing(&mut conn, &row, now).await?;
    if !standing.allows(PatientAction::CreateCredentials) {
        return Err(not_offered());
    }
    let (day, month, year, latest) = expiry_defaults(now);
    Ok(CredentialsDefaults {
        patient_name: format!("{} {}", row.given_name, row.family_name),
        day,
        month,
        year,
        latest,
    })
}

fn not_offered() -> AppError {
    AppError::Conflict(
        "That action is not available for this patient now. Reload the page to see what is."
            .to_string(),
    )
}

/// Checks the expiry date: after today and at most 90 days away.
pub(super) fn check_expiry(form: &CredentialsForm, now: i64) -> Result<i64, AppError> {
    let message = "Enter a real date, like 31 1 2027";
    let parsed = (
        form.expiry_day.trim().parse::<u8>(),
        form.expiry_month.trim().parse::<u8>(),
        form.expiry_year.trim().parse::<i32>(),
    );
    let (Ok(day), Ok(month), Ok(year)) = parsed else {
        return Err(AppError::field("expiry_day", message));
    };
    let Ok(month) = time::Month::try_from(month) else {
        return Err(AppError::field("expiry_day", message));
    };
    let Ok(date) = time::Date::from_calendar_date(year, month, day) else {
        return Err(AppError::field("expiry_day", message));
    };
    let today = today_date(now);
    if date <= today {
        return Err(AppError::field(
            "expiry_day",
            "The expiry date must be after today",
        ));
    }
    if date > today + time::Duration::days(MAX_EXPIRY_DAYS) {
        return Err(AppError::field(
            "expiry_day",
            "The expiry date must be within 90 days of today",
        ));
    }
    Ok(shared::end_of_day_ms(date))
}

/// What "Submit" leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distribution {
    /// The letter creation page.
    Now,
    /// Back to the record; the credentials wait for their letter.
    Later,
}

/// "Create Patient Portal Credentials": new credentials (a Patient ID on
/// the first, and a new activation code) that supersede any before them.
/// "Distribute now" records "Patient Credentials Distributed".
pub async fn create_credentials(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    patient_id: &PatientId,
    form: &CredentialsForm,
) -> Result<Distribution, AppError> {
    let now = cx.now_ms();
    let expires_at = check_expiry(form, now)?;
    let distribution = match form.distribution.as_str() {
        "now" => Distribution::Now,
        "later" => Distribution::Later,
        _ => {
            return Err(AppError::field(
                "distribution",
                "Select whether to distribute the credentials now or later",
            ))
        }
    };
    let keys = shared::code_keys(cx);
    cx.db
        .transaction(async |tx| {
            let row = shared::load(tx, practice_id, patient_id).await?;
            let (standing, _) = shared::standing(tx, &row, now).await?;
            if !standing.allows(PatientAction::CreateCredentials) {
                return Err(not_offered());
            }
            if row.portal_id.is_none() {
                let portal_id = shared::free_patient_id(tx).await?;
                if !repo::set_portal_id(tx, patient_id, &portal_id).await? {
                    return Err(AppError::internal("the new Patient ID was taken meanwhile"));
                }
            }
            repo::finish_valid_credentials(tx, patient_id, "superseded", now).await?;
            let id = uuid::Uuid::new_v4().to_string();
            let code = keys.code_for(&id);
            repo::insert_credentials(
                tx,
                NewCredentials {
                    id: &id,
                    patient_id,
                    code_hash: &keys.hash(&code),
                    created_by: Some(&actor.id),
                    now,
                    expires_at,
                    distributed: distribution == Distribution::Now,
                },
            )
            .await?;
            if row.account_state() != AccountState::PendingRegistration {
                repo::set_account_state(
                    tx,
                    patient_id,
                    row.account_state(),
                    AccountState::PendingRegistration,
                    None,
                )
                .await?;
            }
            if distribution == Distribution::Now {
                shared::record(
                    tx,
                    now,
                    Some(&actor.id),
                    &row,
                    ActivityEvent::CredentialsDistributed,
                    &format!("Expire at the end of {}", last_day_in_words(expires_at)),
                )
                .await?;
            }
            Ok(distribution)
        })
        .await
}

/// The invitation letter with the patient's data, for the letter creation
/// page and its print view. Records "Patient Access Letter Generated" (and
/// "Patient Credentials Distributed" for credentials that were kept for
/// later). `NotFound` unless the patient has usable credentials.
pub async fn letter(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    patient_id: &PatientId,
    choice: &str,
) -> Result<Letter, AppError> {
    let now = cx.now_ms();
    let (row, credentials, choices, template) = cx
        .db
        .transaction(async |tx| {
            let row = shared::load(tx, practice_id, patient_id).await?;
            let credentials = repo::newest_credentials(tx, patient_id)
                .await?
                .filter(|c| usable(c, now) && row.record_status == RecordStatus::Active)
                .ok_or(AppError::NotFound)?;
            let mut choices = vec![(BUILT_IN_LETTER.0.to_string(), BUILT_IN_LETTER.1.to_string())];
            choices.extend(
                crate::letters::service::patient_letter_choices(tx, practice_id)
                    .await?
                    .into_iter()
                    .map(|(id, name)| (id.to_string(), name)),
            );
            let chosen = if choice.is_empty() {
                BUILT_IN_LETTER.0
            } else {
                choice
            };
            let (_, name) = choices
                .iter()
                .find(|(value, _)| value == chosen)
                .cloned()
                .ok_or(AppError::NotFound)?;
            let template = (chosen != BUILT_IN_LETTER.0).then(|| LetterTemplateId::new(chosen));
            if credentials.distributed_at.is_none() {
                repo::mark_distributed(tx, &credentials.id, now).await?;
                shared::record(
                    tx,
                    now,
                    Some(&actor.id),
                    &row,
                    ActivityEvent::CredentialsDistributed,
                    &format!(
                        "Expire at the end of {}",
                        last_day_in_words(credentials.expires_at)
                    ),
                )
                .await?;
            }
            shared::record(
                tx,
                now,
                Some(&actor.id),
                &row,
                ActivityEvent::AccessLetterGenerated,
                &name,
            )
            .await?;
            if let Some(template) = &template {
                crate::letters::service::record_patient_letter(
                    tx,
                    patient_id,
                    template,
                    Some(&credentials.id),
                    &actor.id,
                    now,
                )
                .await?;
            }
            Ok((row, credentials, choices, template))
        })
        .await?;
    let mut conn = cx.db.pool.acquire().await?;
    let mut letter = build_letter(cx, &mut conn, &row, &credentials, now).await?;
    letter.chosen = template
        .as_ref()
        .map_or_else(|| BUILT_IN_LETTER.0.to_string(), |t| t.to_string());
    letter.choices = choices;
    if let Some(template) = &template {
        let values = field_values(&letter, &row.nhs_number);
        let (_, lines) =
            crate::letters::service::letter_lines(&mut conn, practice_id, template, &values)
                .await?;
        letter.template_lines = lines;
    }
    Ok(letter)
}

/// The built-in letter's details for these credentials (no choices yet).
async fn build_letter(
    cx: Ctx<'_>,
    conn: &mut sqlx::AnyConnection,
    row: &repo::PatientRow,
    credentials: &repo::CredentialsRow,
    now: i64,
) -> Result<Letter, AppError> {
    let mut letter = letter_details(cx, conn, row, credentials, now).await?;
    letter.qr_svg = crate::letters::qr::svg(&letter.register_link);
    Ok(letter)
}

/// [`build_letter`] without the QR code's SVG (a Word letter makes its own
/// image from the link).
async fn letter_details(
    cx: Ctx<'_>,
    conn: &mut sqlx::AnyConnection,
    row: &repo::PatientRow,
    credentials: &repo::CredentialsRow,
    now: i64,
) -> Result<Letter, AppError> {
    let practice = practice_letter_details(cx, conn, &row.practice_id, now).await?;
    Ok(patient_letter_details(cx, &practice, row, credentials))
}

/// What every letter of a practice says on a day: read once for many
/// letters.
struct PracticeLetter {
    keys: crate::patients::codes::CodeKeys,
    name: String,
    address: Vec<String>,
    support: Option<SupportContact>,
    date: String,
}

async fn practice_letter_details(
    cx: Ctx<'_>,
    conn: &mut sqlx::AnyConnection,
    practice_id: &OrgId,
    now: i64,
) -> Result<PracticeLetter, AppError> {
    let practice = crate::org::service::practice_contact(&mut *conn, practice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let support = crate::patients::support::service::support_for(conn, practice_id).await?;
    let (y, m, d) = crate::server::dates::uk_today(now);
    Ok(PracticeLetter {
        keys: shared::code_keys(cx),
        name: practice.name,
        address: practice
            .address
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect(),
        support,
        date: iso_date_in_words(&format!("{y:04}-{m:02}-{d:02}")),
    })
}

fn patient_letter_details(
    cx: Ctx<'_>,
    practice: &PracticeLetter,
    row: &repo::PatientRow,
    credentials: &repo::CredentialsRow,
) -> Letter {
    let patient_code = row.portal_id.clone().unwrap_or_default();
    let register_link = format!(
        "{}/patient-profile/register?patient_id={patient_code}",
        cx.config.base_url
    );
    let mut patient_address: Vec<String> = row
        .address
        .as_deref()
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    patient_address.extend(row.postcode.clone());
    Letter {
        practice_name: practice.name.clone(),
        practice_address: practice.address.clone(),
        patient_name: format!("{} {}", row.given_name, row.family_name),
        patient_address,
        date: practice.date.clone(),
        patient_code,
        activation_code: practice.keys.code_for(&credentials.id),
        qr_svg: String::new(),
        register_link,
        expires: last_day_in_words(credentials.expires_at),
        support: practice.support.clone(),
        sent: credentials.sent_at.map(crate::server::dates::uk_date_time),
        choices: Vec::new(),
        chosen: BUILT_IN_LETTER.0.to_string(),
        template_lines: Vec::new(),
    }
}

/// A patient's own copy of a letter made for them (its template visible):
/// (file name, bytes). The caller has checked the record is theirs.
pub async fn own_letter_file(
    cx: Ctx<'_>,
    conn: &mut sqlx::AnyConnection,
    row: &repo::PatientRow,
    made: &crate::letters::service::VisibleLetter,
) -> Result<(String, Vec<u8>), AppError> {
    let credentials_id = made.credentials_id.as_deref().ok_or(AppError::NotFound)?;
    let credentials = repo::credentials_by_id(&mut *conn, &row.id, credentials_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let letter = letter_details(cx, &mut *conn, row, &credentials, made.created_at).await?;
    let values = field_values(&letter, &row.nhs_number);
    crate::letters::service::letter_docx(cx, conn, &row.practice_id, &made.template_id, &values)
        .await
}

/// The merge fields' values of a letter.
pub fn field_values(letter: &Letter, nhs_number: &str) -> FieldValues {
    let mut values = FieldValues::default();
    let support = letter.support.as_ref();
    for (key, value) in [
        ("patient_name", letter.patient_name.clone()),
        ("patient_address", letter.patient_address.join("\n")),
        ("patient_id", letter.patient_code.clone()),
        ("activation_code", letter.activation_code.clone()),
        ("registration_link", letter.register_link.clone()),
        ("credentials_expiry_date", letter.expires.clone()),
        ("practice_name", letter.practice_name.clone()),
        ("practice_address", letter.practice_address.join("\n")),
        (
            "support_email",
            support.map(|s| s.email.clone()).unwrap_or_default(),
        ),
        (
            "support_phone",
            support.map(|s| s.phone.clone()).unwrap_or_default(),
        ),
        ("today", letter.date.clone()),
        ("nhs_number", nhs_number.to_string()),
    ] {
        values.0.insert(key, value);
    }
    values
}

/// The chosen letter as a Word file: (file name, bytes).
pub async fn letter_file(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    patient_id: &PatientId,
    choice: &str,
) -> Result<(String, Vec<u8>), AppError> {
    let letter = letter(cx, actor, practice_id, patient_id, choice).await?;
    if letter.chosen == BUILT_IN_LETTER.0 {
        return Ok((
            "patient-profile-letter.docx".to_string(),
            super::docx::letter_docx(&letter),
        ));
    }
    let mut conn = cx.db.pool.acquire().await?;
    let nhs_number = shared::load(&mut conn, practice_id, patient_id)
        .await?
        .nhs_number;
    let values = field_values(&letter, &nhs_number);
    let template = LetterTemplateId::new(letter.chosen.as_str());
    crate::letters::service::letter_docx(cx, &mut conn, practice_id, &template, &values).await
}

/// "Mark as sent": the letter went out. Records "Patient Access Letter Sent".
pub async fn mark_letter_sent(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    patient_id: &PatientId,
) -> Result<(), AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = shared::load(tx, practice_id, patient_id).await?;
            let credentials = repo::newest_credentials(tx, patient_id)
                .await?
                .filter(|c| usable(c, now))
                .ok_or_else(not_offered)?;
            repo::mark_sent(tx, &credentials.id, now).await?;
            shared::record(
                tx,
                now,
                Some(&actor.id),
                &row,
                ActivityEvent::AccessLetterSent,
                super::model::BUILT_IN_LETTER.1,
            )
            .await
        })
        .await
}

/// "Disable Patient Profile Account" (`enable` false) or "Enable Patient
/// Profile Account" (`enable` true), when the Actions table offers it.
/// Enabling records "Patient Access Granted" ("Enabled by staff").
pub async fn set_account_enabled(
    cx: Ctx<'_>,
    actor: &CurrentUser,
    practice_id: &OrgId,
    patient_id: &PatientId,
    enable: bool,
) -> Result<AccountState, AppError> {
    let now = cx.now_ms();
    cx.db
        .transaction(async |tx| {
            let row = shared::load(tx, practice_id, patient_id).await?;
            let (standing, _) = shared::standing(tx, &row, now).await?;
            let action = if enable {
                PatientAction::Enable
            } else {
                PatientAction::Disable
            };
            if !standing.allows(action) {
                return Err(not_offered());
            }
            let (to, by, event, details) = if enable {
                let to = if standing.registered {
                    AccountState::Active
                } else {
                    AccountState::PendingRegistration
                };
                (to, None, ActivityEvent::AccessGranted, "Enabled by staff")
            } else {
                (
                    AccountState::Disabled,
                    Some("staff"),
                    ActivityEvent::PatientAccountDisabled,
                    "",
                )
            };
            if !repo::set_account_state(tx, patient_id, row.account_state(), to, by).await? {
                return Err(not_offered());
            }
            shared::record(tx, now, Some(&actor.id), &row, event, details).await?;
            Ok(to)
        })
        .await
}
