//! Server functions of patient records. Each needs a direct, active role in
//! the practice (ViewPatients to look, ManagePatients to change): a role in
//! a network or hub above never opens a practice's patients. See
//! server/tests/it/authorisation.rs.

use crate::ids::{OrgId, PatientId};
use leptos::prelude::*;

use crate::error::AppError;
use crate::patients::model::*;

/// ViewPatients: "Patients", searched by name, NHS number or date of birth.
#[server(endpoint = "search_patients")]
pub async fn search_patients(
    organisation_id: OrgId,
    #[server(default)] query: String,
) -> Result<PatientSearch, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ViewPatients, &organisation_id).await?;
    super::service::search_patients(state.cx(), &actor, &organisation_id, &query).await
}

/// ManagePatients: "Add a patient". Returns the new record's id.
#[server(endpoint = "add_patient")]
pub async fn add_patient(
    organisation_id: OrgId,
    patient: NewPatient,
) -> Result<PatientId, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    let id = super::service::add_patient(state.cx(), &actor, &organisation_id, &patient).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "{}?done=added",
        patient_page(&organisation_id, &id)
    ));
    Ok(id)
}

/// ViewPatients: the "Patient Information View".
#[server(endpoint = "patient_detail")]
pub async fn get_patient(
    organisation_id: OrgId,
    patient_id: PatientId,
) -> Result<PatientDetail, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ViewPatients, &organisation_id).await?;
    super::service::patient_detail(state.cx(), &actor, &organisation_id, &patient_id).await
}

/// ManagePatients: the record's status ("Active", "Deceased", "Left the
/// practice").
#[server(endpoint = "set_record_status")]
pub async fn set_record_status(
    organisation_id: OrgId,
    patient_id: PatientId,
    #[server(default)] record_status: String,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    super::service::set_record_status(
        state.cx(),
        &actor,
        &organisation_id,
        &patient_id,
        &record_status,
    )
    .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "{}?done=status",
        patient_page(&organisation_id, &patient_id)
    ));
    Ok(())
}
