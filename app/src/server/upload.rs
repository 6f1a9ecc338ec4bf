//! Reading a multipart form with one file (request plumbing for the
//! server functions that take an upload): the form sends `organisation_id`
//! first, and the caller is authorised for it before anything else is read (a form that sends another field first is
//! refused). The body's size is bounded by the server's limit on upload
//! paths.

use std::collections::HashMap;

use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::ids::OrgId;
use crate::org::model::Permission;
use crate::server::AppState;
use server_fn::codec::MultipartData;

/// A form read after its caller was authorised.
pub struct UploadForm {
    pub organisation_id: OrgId,
    pub actor: CurrentUser,
    pub state: AppState,
    /// The text fields, by name (the last of a repeated name).
    pub fields: HashMap<String, String>,
    /// The `file` field's name and bytes (empty when none was chosen).
    pub file_name: String,
    pub file: Vec<u8>,
}

impl UploadForm {
    /// A text field, or "" when it was not sent.
    pub fn field(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

/// Reads the form, authorising its caller for `permission` in its
/// `organisation_id` before anything else is read.
pub async fn read(data: MultipartData, permission: Permission) -> Result<UploadForm, AppError> {
    let mut data = data
        .into_inner()
        .ok_or_else(|| AppError::internal("multipart data on the server"))?;
    let unreadable = || AppError::field("file", "The file could not be read: try again");
    let mut authorised: Option<(OrgId, CurrentUser, AppState)> = None;
    let mut fields = HashMap::new();
    let (mut file_name, mut file) = (String::new(), Vec::new());
    while let Some(field) = data.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_string();
        if authorised.is_none() && name != "organisation_id" {
            return Err(AppError::BadRequest);
        }
        if name == "file" {
            file_name = field.file_name().unwrap_or_default().to_string();
        }
        let bytes = field.bytes().await.map_err(|_| unreadable())?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "organisation_id" if authorised.is_none() => {
                let organisation_id = OrgId::new(text());
                let (actor, state) =
                    crate::org::access::authorize(permission, &organisation_id).await?;
                authorised = Some((organisation_id, actor, state));
            }
            "file" => file = bytes.to_vec(),
            _ => {
                fields.insert(name, text());
            }
        }
    }
    let Some((organisation_id, actor, state)) = authorised else {
        return Err(AppError::BadRequest);
    };
    Ok(UploadForm {
        organisation_id,
        actor,
        state,
        fields,
        file_name,
        file,
    })
}
