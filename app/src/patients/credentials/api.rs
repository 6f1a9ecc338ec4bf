//! Server functions of Patient Profile credentials and the account's
//! Actions. Each needs ManagePatients through a direct, active role in the
//! practice. See server/tests/it/authorisation.rs.

use crate::ids::{OrgId, PatientId};
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
use crate::patients::model::patient_page;

/// The letter creation page of a patient.
pub fn letter_page(organisation_id: &OrgId, patient_id: &PatientId) -> String {
    format!("{}/letter", patient_page(organisation_id, patient_id))
}

/// The defaults of "Create Patient Portal Credentials".
#[server(endpoint = "credentials_form")]
pub async fn get_credentials_form(
    organisation_id: OrgId,
    patient_id: PatientId,
) -> Result<CredentialsDefaults, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    super::service::credentials_form(state.cx(), &organisation_id, &patient_id).await
}

/// "Create Patient Portal Credentials" → "Submit". Returns true for
/// "Distribute now" (the letter creation page opens), false for later.
#[server(endpoint = "create_credentials")]
pub async fn create_credentials(
    organisation_id: OrgId,
    patient_id: PatientId,
    credentials: CredentialsForm,
) -> Result<bool, AppError> {
    use super::service::Distribution;
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    let distribution = super::service::create_credentials(
        state.cx(),
        &actor,
        &organisation_id,
        &patient_id,
        &credentials,
    )
    .await?;
    let now = distribution == Distribution::Now;
    let lands = if now {
        letter_page(&organisation_id, &patient_id)
    } else {
        format!("{}?done=later", patient_page(&organisation_id, &patient_id))
    };
    crate::server::forms::plain_form_lands_on(&lands);
    Ok(now)
}

/// The invitation letter with the patient's data (preview and print).
#[server(endpoint = "patient_letter")]
pub async fn patient_letter(
    organisation_id: OrgId,
    patient_id: PatientId,
    #[server(default)] letter: String,
) -> Result<Letter, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    super::service::letter(state.cx(), &actor, &organisation_id, &patient_id, &letter).await
}

/// "Mark as sent".
#[server(endpoint = "mark_letter_sent")]
pub async fn mark_letter_sent(
    organisation_id: OrgId,
    patient_id: PatientId,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    super::service::mark_letter_sent(state.cx(), &actor, &organisation_id, &patient_id).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "{}?done=sent",
        patient_page(&organisation_id, &patient_id)
    ));
    Ok(())
}

/// "Disable Patient Profile Account" (`enabled` = "false") or "Enable
/// Patient Profile Account" (`enabled` = "true").
#[server(endpoint = "set_patient_account_enabled")]
pub async fn set_patient_account_enabled(
    organisation_id: OrgId,
    patient_id: PatientId,
    #[server(default)] enabled: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    let enable = enabled == "true";
    super::service::set_account_enabled(state.cx(), &actor, &organisation_id, &patient_id, enable)
        .await?;
    let done = if enable { "enabled" } else { "disabled" };
    crate::server::forms::plain_form_lands_on(&format!(
        "{}?done={done}",
        patient_page(&organisation_id, &patient_id)
    ));
    Ok(())
}

/// ManagePatients: the defaults of "Create credentials for many patients"
/// for the patients ticked (`patients`), else all a search finds
/// (`query`), else everyone who needs them, with a new submission key.
#[server(endpoint = "bulk_credentials_form")]
pub async fn get_bulk_credentials_form(
    organisation_id: OrgId,
    #[server(default)] patients: Vec<String>,
    #[server(default)] query: String,
) -> Result<BulkCredentialsDefaults, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    super::service::bulk_credentials_form(state.cx(), &organisation_id, &patients, &query).await
}

/// ManagePatients: starts the background job that creates credentials for
/// the selection (as [`get_bulk_credentials_form`] reads it), with the
/// chosen letters (`letters`, letter template ids; none keeps the
/// credentials for later). The same `submission` finds the same job.
#[server(endpoint = "start_bulk_credentials")]
pub async fn start_bulk_credentials(
    organisation_id: OrgId,
    credentials: CredentialsForm,
    #[server(default)] patients: Vec<String>,
    #[server(default)] query: String,
    #[server(default)] letters: Vec<String>,
    #[server(default)] submission: String,
) -> Result<crate::ids::JobId, AppError> {
    use super::service::bulk::{BulkChoice, Selection};
    use crate::ids::LetterTemplateId;
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    let choice = BulkChoice {
        selection: Selection::from_form(&patients, &query),
        letters: letters
            .iter()
            .map(|l| LetterTemplateId::new(l.as_str()))
            .collect(),
    };
    let (job, change) = super::service::bulk::start_bulk_credentials(
        state.cx(),
        &actor,
        &organisation_id,
        &credentials,
        &choice,
        &submission,
    )
    .await?;
    state.events.job_queued();
    state.events.job_changed(change.organisation_id.as_ref());
    crate::server::forms::plain_form_lands_on(&format!(
        "/organisations/{organisation_id}/jobs/{job}"
    ));
    Ok(job)
}

/// ManagePatients: a bulk credentials job's letters (the page that prints
/// and downloads them).
#[server(endpoint = "job_letters")]
pub async fn get_job_letters(
    organisation_id: OrgId,
    job_id: crate::ids::JobId,
) -> Result<JobLetters, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    super::service::bulk::job_letters(state.cx(), &organisation_id, &job_id).await
}

/// ManagePatients: one part of one of a job's letters, for its print view.
#[server(endpoint = "job_letters_to_print")]
pub async fn get_job_letters_to_print(
    organisation_id: OrgId,
    job_id: crate::ids::JobId,
    letter: String,
    part: i64,
) -> Result<LettersToPrint, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    let letter = crate::ids::LetterTemplateId::new(letter.as_str());
    super::service::bulk::job_letters_to_print(state.cx(), &organisation_id, &job_id, &letter, part)
        .await
}
