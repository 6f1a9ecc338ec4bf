//! Server functions of documents on a patient's record: ManagePatients
//! through a direct, active role in the practice. Staff see documents on
//! the "Patient Information View" (`records::api::get_patient`).

use crate::error::AppError;
use crate::ids::{DocumentId, OrgId, PatientId};
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// "Add a document": a multipart form with `organisation_id` (first),
/// `patient_id`, `name`, `visible` ("yes" when ticked) and `file`. A
/// plain form post (with or without WebAssembly) lands on the record.
#[server(endpoint = "add_patient_document", input = MultipartFormData)]
pub async fn add_patient_document(data: MultipartData) -> Result<DocumentId, AppError> {
    use crate::org::model::Permission;
    let form = crate::server::upload::read(data, Permission::ManagePatients).await?;
    let (organisation_id, actor) = (form.organisation_id.clone(), form.actor.clone());
    let patient_id = PatientId::new(form.field("patient_id"));
    let input = super::service::NewDocumentInput {
        name: form.field("name"),
        visible: form.field("visible") == "yes",
        file_name: form.file_name,
        file: form.file,
    };
    let id = super::service::add_document(
        form.state.cx(),
        &actor,
        &organisation_id,
        &patient_id,
        input,
    )
    .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "{}?done=document",
        crate::patients::model::patient_page(&organisation_id, &patient_id)
    ));
    Ok(id)
}

/// "Patient Profile Is Visible" of a document, on or off.
#[server(endpoint = "set_patient_document_visible")]
pub async fn set_patient_document_visible(
    organisation_id: OrgId,
    patient_id: PatientId,
    document_id: DocumentId,
    visible: bool,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManagePatients, &organisation_id).await?;
    super::service::set_visible(
        state.cx(),
        &actor,
        &organisation_id,
        &patient_id,
        &document_id,
        visible,
    )
    .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "{}?done=visibility",
        crate::patients::model::patient_page(&organisation_id, &patient_id)
    ));
    Ok(())
}
