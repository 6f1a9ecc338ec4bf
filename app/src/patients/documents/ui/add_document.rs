//! `/practices/:id/patients/:patient/add-document`: "Add a document" to a
//! patient's record. An ordinary multipart form post with or without
//! WebAssembly: the server answers with the record, or with this page
//! again and the errors.

use crate::error::AppError;
use crate::ids::{DocumentId, OrgId, PatientId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{use_form_errors, BackLink, Checkbox, ErrorSummary, TextInput};
use crate::patients::documents::api::AddPatientDocument;
use crate::patients::documents::model::MAX_DOCUMENT_NAME;
use crate::patients::model::patient_page;

/// `/practices/:id/patients/:patient/add-document`.
#[component]
pub fn AddDocumentPage() -> impl IntoView {
    let params = use_params_map();
    let (org, patient) = params.with_untracked(|p| {
        (
            OrgId::new(p.get("id").unwrap_or_default()),
            PatientId::new(p.get("patient").unwrap_or_default()),
        )
    });
    // The browser posts the form itself (a file upload): a refused one
    // comes back here with its error in the address.
    let action = <AddPatientDocument as server_fn::ServerFn>::PATH;
    let returned: Option<Result<DocumentId, AppError>> =
        use_context::<leptos::server::ServerActionError>()
            .filter(|e| e.path() == action)
            .map(|e| {
                Err(server_fn::error::ServerFnUrlError::<AppError>::decode_err(
                    e.err(),
                ))
            });
    let result = RwSignal::new(returned);
    let form = use_form_errors(result, "file");
    let errors = form.errors;
    let record = patient_page(&org, &patient);
    view! {
        <Title text="Add a document"/>
        <BackLink href=record text="Back to the patient"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"Add a document"</h1>
                <p class="nhsuk-body">"The document goes on this patient's record. Staff who can see the record can open it; the patient sees it only if you tick Patient Profile Is Visible."</p>
                <form method="post" action=action enctype="multipart/form-data" novalidate>
                    <input type="hidden" name="organisation_id" value=org.to_string()/>
                    <input type="hidden" name="patient_id" value=patient.to_string()/>
                    <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || form.field("file").get().is_some()>
                        <label class="nhsuk-label" for="file">"Document"</label>
                        <div class="nhsuk-hint" id="file-hint">"A PDF, Word document (.docx), PNG or JPEG image of 5 MB or less"</div>
                        {move || form.field("file").get().map(|e| view! {
                            <span class="nhsuk-error-message" id="file-error"><span class="nhsuk-u-visually-hidden">"Error: "</span>{e}</span>
                        })}
                        <input class="nhsuk-file-upload" id="file" name="file" type="file"
                            accept=".pdf,.docx,.png,.jpg,.jpeg,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/png,image/jpeg"
                            aria-describedby=move || if form.field("file").get().is_some() { "file-hint file-error" } else { "file-hint" }/>
                    </div>
                    <TextInput id="name" label="Name (optional)" hint=format!("For example, Discharge summary. Without one, the file's name is used ({MAX_DOCUMENT_NAME} characters at most).") autocomplete="off" error=form.field("name")/>
                    <Checkbox id="visible" label="Patient Profile Is Visible: the patient can see and download it on Your Patient Profile" error=form.field("visible")/>
                    <button class="nhsuk-button" type="submit" data-module="nhsuk-button">"Save"</button>
                </form>
            </div>
        </div>
    }
}
