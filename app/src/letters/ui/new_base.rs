//! `/practices/:id/letter-template-bases/new`: "New" letter template base,
//! a Word file upload. The form is an ordinary multipart form post with or
//! without WebAssembly: the server answers with "Letter Template Bases",
//! or with this page again and the errors.

use crate::error::AppError;
use crate::ids::{LetterBaseId, OrgId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::fields::FieldsList;
use crate::components::{use_form_errors, BackLink, ErrorSummary, TextInput, Textarea};
use crate::letters::api::NewLetterTemplateBase;
use crate::letters::model::{BODY_FIELD, LETTER_FIELD};

const DEFAULT_BODY: &str = "{{patient_name}}\n{{patient_address}}\n\n{{today}}\n\n{{letter}}\n\nYours sincerely,\n\n{{practice_name}}";

/// `/practices/:id/letter-template-bases/new`.
#[component]
pub fn NewBasePage() -> impl IntoView {
    let params = use_params_map();
    let org = OrgId::new(params.read_untracked().get("id").unwrap_or_default());
    // The form is posted by the browser itself (a file upload), so a
    // refused one comes back to this page with its error in the address:
    // read it as an action's result would be.
    let action = <NewLetterTemplateBase as server_fn::ServerFn>::PATH;
    let returned: Option<Result<LetterBaseId, AppError>> =
        use_context::<leptos::server::ServerActionError>()
            .filter(|e| e.path() == action)
            .map(|e| {
                Err(server_fn::error::ServerFnUrlError::<AppError>::decode_err(
                    e.err(),
                ))
            });
    let result = RwSignal::new(returned);
    let form = use_form_errors(result, "name");
    let errors = form.errors;
    view! {
        <Title text="New letter template base"/>
        <BackLink href=format!("/practices/{org}/letter-template-bases") text="Back to Letter Template Bases"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"New letter template base"</h1>
                <form method="post" action=action enctype="multipart/form-data" novalidate>
                    <input type="hidden" name="organisation_id" value=org.to_string()/>
                    <TextInput id="name" label="Name" hint="For example, Practice letterhead" autocomplete="off" error=form.field("name")/>
                    <div class="nhsuk-form-group" class:nhsuk-form-group--error=move || form.field("file").get().is_some()>
                        <label class="nhsuk-label" for="file">"Word file template document"</label>
                        <div class="nhsuk-hint" id="file-hint">
                            {format!("A Word document (.docx) of 5 MB or less with your letterhead and layout. Type {{{{{BODY_FIELD}}}}} on a line of its own where the letter goes. It may also use the fields below, in its header and footer too.")}
                        </div>
                        {move || form.field("file").get().map(|e| view! {
                            <span class="nhsuk-error-message" id="file-error"><span class="nhsuk-u-visually-hidden">"Error: "</span>{e}</span>
                        })}
                        <input class="nhsuk-file-upload" id="file" name="file" type="file"
                            accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                            aria-describedby=move || if form.field("file").get().is_some() { "file-hint file-error" } else { "file-hint" }/>
                    </div>
                    <Textarea id="body" label="Letter body" rows=12 value=DEFAULT_BODY
                        hint=format!("The text every letter on this base shares. {{{{{LETTER_FIELD}}}}} marks where each letter template's own text goes.")
                        error=form.field("body")/>
                    <FieldsList target="body" extra=(LETTER_FIELD, "Where each letter template's text goes")/>
                    <div class="nhsuk-inset-text">
                        <span class="nhsuk-u-visually-hidden">"Information: "</span>
                        <p>"We suggest adding any legal text, your references, and what you do with patients' data (your privacy notice) to the letter body, so patients see them when they register."</p>
                    </div>
                    <button class="nhsuk-button" type="submit" data-module="nhsuk-button">"Save"</button>
                </form>
            </div>
        </div>
    }
}
