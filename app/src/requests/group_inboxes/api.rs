//! Server functions of the "Group inboxes" tab: the tab, adding a group
//! inbox and the All Practice inbox view setting. Each needs ManageInboxes
//! in the practice (see server/tests/it/authorisation.rs).

use crate::ids::OrgId;
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Needs ManageInboxes: the "Group inboxes" tab.
#[server(endpoint = "group_inboxes")]
pub async fn group_inboxes(organisation_id: OrgId) -> Result<GroupInboxesTab, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ManageInboxes, &organisation_id).await?;
    super::service::group_inboxes_tab(state.cx(), &organisation_id).await
}

/// Needs ManageInboxes: "Add" a group inbox with a name and a role.
#[server(endpoint = "create_group_inbox")]
pub async fn create_group_inbox(
    organisation_id: OrgId,
    name: String,
    role: String,
) -> Result<GroupInbox, AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageInboxes, &organisation_id).await?;
    super::service::create_group_inbox(state.cx(), &actor, &organisation_id, &name, &role).await
}

/// Needs ManageInboxes: "Enable All Practice inbox view" (with the advisory
/// notice agreed) or turn it off. Ticked boxes send their name.
#[server(endpoint = "set_all_practices_view")]
pub async fn set_all_practices_view(
    organisation_id: OrgId,
    enable: Option<String>,
    agree: Option<String>,
) -> Result<(), AppError> {
    use crate::org::model::Permission;
    let (actor, state) =
        crate::org::access::authorize(Permission::ManageInboxes, &organisation_id).await?;
    super::service::set_all_practices_view(
        state.cx(),
        &actor,
        &organisation_id,
        enable.is_some(),
        agree.is_some(),
    )
    .await
}
