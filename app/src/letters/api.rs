//! Server functions of "CMS configuration": every one needs ManageLetters
//! through a direct, active role in the practice (its Practice admin).

use crate::error::AppError;
use crate::ids::{LetterBaseId, LetterTemplateId, OrgId};
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

use super::model::*;

/// "Letter Template Bases".
#[server(endpoint = "letter_template_bases")]
pub async fn letter_template_bases(organisation_id: OrgId) -> Result<BasesPage, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageLetters, &organisation_id).await?;
    super::service::bases_page(state.cx(), &organisation_id).await
}

/// "New" letter template base: a multipart form (the Word file) with
/// `organisation_id`, `name`, `body` and `file`. A plain form post (with
/// or without WebAssembly) lands on "Letter Template Bases".
#[server(endpoint = "new_letter_template_base", input = MultipartFormData)]
pub async fn new_letter_template_base(data: MultipartData) -> Result<LetterBaseId, AppError> {
    use crate::org::model::Permission;
    let form = crate::server::upload::read(data, Permission::ManageLetters).await?;
    let (organisation_id, actor) = (form.organisation_id.clone(), form.actor.clone());
    let input = super::service::NewBaseInput {
        name: form.field("name"),
        body: form.field("body"),
        file_name: form.file_name,
        file: form.file,
    };
    let id = super::service::create_base(form.state.cx(), &actor, &organisation_id, input).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/letter-template-bases?done=added"
    ));
    Ok(id)
}

/// "Letter Templates" and "Patient Letter Templates".
#[server(endpoint = "letter_templates")]
pub async fn letter_templates(organisation_id: OrgId) -> Result<TemplatesPage, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageLetters, &organisation_id).await?;
    super::service::templates_page(state.cx(), &organisation_id).await
}

/// "New" letter template.
#[server(endpoint = "new_letter_template")]
pub async fn new_letter_template(
    organisation_id: OrgId,
    template: TemplateForm,
) -> Result<LetterTemplateId, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageLetters, &organisation_id).await?;
    let id =
        super::service::create_template(state.cx(), &actor, &organisation_id, &template).await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/letter-templates?done=added"
    ));
    Ok(id)
}

/// "Patient Profile Is Visible", on or off.
#[server(endpoint = "set_letter_template_visible")]
pub async fn set_letter_template_visible(
    organisation_id: OrgId,
    template_id: LetterTemplateId,
    visible: bool,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageLetters, &organisation_id).await?;
    super::service::set_visible(state.cx(), &actor, &organisation_id, &template_id, visible)
        .await?;
    crate::server::forms::plain_form_lands_on(&format!(
        "/practices/{organisation_id}/letter-templates?done=visibility"
    ));
    Ok(())
}
