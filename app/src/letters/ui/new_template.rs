//! `/practices/:id/letter-templates/new`: "New" letter template in two
//! steps: "Object" and "Patient Letter Template Base", "Next" (a plain GET
//! form); then the name, the letter body with "Fields", "Patient Profile
//! Is Visible" and "Save".

use crate::ids::OrgId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::fields::FieldsList;
use crate::components::{
    use_form_errors, BackLink, Button, ErrorSummary, PageSkeleton, Select, TextInput, Textarea,
};
use crate::letters::api::{letter_templates, NewLetterTemplate};
use crate::letters::model::{TemplatesPage as Page, OBJECTS};

const DEFAULT_BODY: &str = "Dear {{patient_name}},\n\nYou can now see your letters and documents from {{practice_name}} and contact us online with Patient Profile.\n\nGo to {{registration_link}} or scan this QR code:\n{{registration_qr_code}}\n\nEnter your Patient ID {{patient_id}}, your activation code {{activation_code}} and your date of birth. These details work until {{credentials_expiry_date}}.\n\nIf you need help, email {{support_email}} or call {{support_phone}}.";

/// `/practices/:id/letter-templates/new`.
#[component]
pub fn NewTemplatePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let org = move || OrgId::new(params.read().get("id").unwrap_or_default());
    let data = Resource::new(org, letter_templates);
    view! {
        <Title text="New letter template"/>
        <PageSkeleton data page=move |page: Page| {
            let object = query.read().get("object").unwrap_or_default();
            let base = query.read().get("base").unwrap_or_default();
            let chosen = OBJECTS.iter().any(|(key, _)| *key == object)
                && page.bases.iter().any(|(id, _)| id.as_str() == base);
            let tried = !object.is_empty() || !base.is_empty();
            if chosen {
                view! { <Details org=org() object base page/> }.into_any()
            } else {
                view! { <Choose org=org() page tried/> }.into_any()
            }
        }/>
    }
}

/// Step 1: what the letter is for, and its base.
#[component]
fn Choose(org: OrgId, page: Page, tried: bool) -> impl IntoView {
    let objects: Vec<(String, String)> = OBJECTS
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    let mut bases = vec![(String::new(), "Select a template base".to_string())];
    bases.extend(
        page.bases
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone())),
    );
    let errors = RwSignal::new(crate::error::FieldErrors::default());
    if tried {
        let mut e = crate::error::FieldErrors::default();
        e.push("base", "Select the Patient Letter Template Base");
        errors.set(e);
    }
    let base_error = Signal::derive(move || errors.read().for_field("base"));
    view! {
        <BackLink href=format!("/practices/{org}/letter-templates") text="Back to Letter Templates"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <h1>"New letter template"</h1>
                <form method="get" action=format!("/practices/{org}/letter-templates/new")>
                    <Select id="object" label="Object" options=objects/>
                    <Select id="base" label="Patient Letter Template Base" options=bases error=base_error/>
                    <Button>"Next"</Button>
                </form>
            </div>
        </div>
    }
}

/// Step 2: the letter itself.
#[component]
fn Details(org: OrgId, object: String, base: String, page: Page) -> impl IntoView {
    let save = ServerAction::<NewLetterTemplate>::new();
    let navigate = use_navigate();
    {
        let org = org.clone();
        Effect::new(move |_| {
            if let Some(Ok(_)) = save.value().get() {
                navigate(
                    &format!("/practices/{org}/letter-templates?done=added"),
                    Default::default(),
                );
            }
        });
    }
    let form = use_form_errors(save.value(), "name");
    let errors = form.errors;
    let base_name = page
        .bases
        .iter()
        .find(|(id, _)| id.as_str() == base)
        .map(|(_, name)| name.clone())
        .unwrap_or_default();
    view! {
        <BackLink href=format!("/practices/{org}/letter-templates/new") text="Back"/>
        <div class="nhsuk-grid-row">
            <div class="nhsuk-grid-column-two-thirds">
                <ErrorSummary errors/>
                <span class="nhsuk-caption-l">{format!("Patient Profile letter on {base_name}")}</span>
                <h1>"New letter template"</h1>
                <ActionForm action=save attr:novalidate=true>
                    <input type="hidden" name="organisation_id" value=org.to_string()/>
                    <input type="hidden" name="template[object]" value=object/>
                    <input type="hidden" name="template[base_id]" value=base/>
                    <TextInput id="name" name="template[name]" label="Name" hint="For example, Patient Profile invitation" autocomplete="off" error=form.field("name")/>
                    <Textarea id="body" name="template[body]" label="Letter body" rows=14 value=DEFAULT_BODY
                        hint="To split the Patient ID and the activation code across two letters, put {{patient_id}} in one letter and {{activation_code}} in the other."
                        error=form.field("body")/>
                    <FieldsList target="body"/>
                    <div class="nhsuk-form-group">
                        <div class="nhsuk-checkboxes">
                            <div class="nhsuk-checkboxes__item">
                                <input class="nhsuk-checkboxes__input" id="visible" name="template[visible]" type="checkbox" value="on"/>
                                <label class="nhsuk-label nhsuk-checkboxes__label" for="visible">"Patient Profile Is Visible"</label>
                            </div>
                        </div>
                    </div>
                    <Button disabled=save.pending()>"Save"</Button>
                </ActionForm>
            </div>
        </div>
    }
}
