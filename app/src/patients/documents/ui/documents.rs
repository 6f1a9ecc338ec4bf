//! The "Documents" part of the "Patient Information View": the record's
//! documents, each with "Patient Profile Is Visible" and, for staff with
//! ManagePatients, "Turn on" / "Turn off" and "Add a document".

use crate::ids::{OrgId, PatientId};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::{form_errors, ErrorSummary, Table, Tag, TagColour};
use crate::patients::documents::api::SetPatientDocumentVisible;
use crate::patients::documents::model::{new_document_page, DocumentView};
use crate::patients::model::patient_page;

#[component]
pub fn Documents(
    org: OrgId,
    patient: PatientId,
    documents: Vec<DocumentView>,
    may_manage: bool,
) -> impl IntoView {
    let toggle = ServerAction::<SetPatientDocumentVisible>::new();
    {
        let page = patient_page(&org, &patient);
        let navigate = use_navigate();
        Effect::new(move |_| {
            if let Some(Ok(())) = toggle.value().get() {
                navigate(&format!("{page}?done=visibility"), Default::default());
            }
        });
    }
    let errors = form_errors(toggle.value(), "documents");
    let empty = documents.is_empty();
    let mut headings = vec!["Document", "Added", "By", "Patient Profile Is Visible"];
    if may_manage {
        headings.push("Change");
    }
    let add_href = new_document_page(&org, &patient);
    let (org, patient) = (org.to_string(), patient.to_string());
    let rows = documents
        .into_iter()
        .map(|d| {
            let (org, patient) = (org.clone(), patient.clone());
            let hidden_label = format!(" Patient Profile Is Visible for {}", d.name);
            let (tag, colour, button) = if d.visible {
                ("Yes", TagColour::Green, "Turn off")
            } else {
                ("No", TagColour::Grey, "Turn on")
            };
            let change = may_manage.then(move || {
                view! {
                    <td class="nhsuk-table__cell">
                        <ActionForm action=toggle attr:novalidate=true>
                            <input type="hidden" name="organisation_id" value=org/>
                            <input type="hidden" name="patient_id" value=patient/>
                            <input type="hidden" name="document_id" value=d.id.to_string()/>
                            <input type="hidden" name="visible" value=if d.visible { "false" } else { "true" }/>
                            <button type="submit" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small gh-button--inline">
                                {button}<span class="nhsuk-u-visually-hidden">{hidden_label}</span>
                            </button>
                        </ActionForm>
                    </td>
                }
            });
            view! {
                <tr class="nhsuk-table__row">
                    <td class="nhsuk-table__cell">
                        <a href=d.href.clone() download rel="external">{d.name.clone()}</a>
                        <br/><span class="nhsuk-body-s">{d.file.clone()}</span>
                    </td>
                    <td class="nhsuk-table__cell">{d.added.clone()}</td>
                    <td class="nhsuk-table__cell">{d.by.clone()}</td>
                    <td class="nhsuk-table__cell"><Tag text=tag colour/></td>
                    {change}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="documents">
            <h2 id="documents">"Documents"</h2>
            <ErrorSummary errors/>
            {if empty {
                view! { <p class="nhsuk-body">"No documents on this record yet."</p> }.into_any()
            } else {
                view! { <Table caption="Documents on this record, newest first" headings>{rows}</Table> }.into_any()
            }}
            {may_manage.then(|| view! {
                <p class="nhsuk-body">
                    <a class="nhsuk-button nhsuk-button--secondary" href=add_href>"Add a document"</a>
                </p>
            })}
        </section>
    }
}
