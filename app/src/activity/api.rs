use crate::ids::{OrgId, UserId};
use leptos::prelude::*;

use super::model::{ActivityEntry, PersonHistory};
use crate::error::AppError;

/// Signed in: the caller's own recent activity.
#[server(endpoint = "my_activity")]
pub async fn my_activity() -> Result<Vec<ActivityEntry>, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::my_activity(state.cx(), &user.id).await
}

/// Needs ViewActivity in the organisation, and the person must belong to it
/// (or to an organisation below it), otherwise `NotFound`.
#[server(endpoint = "person_activity")]
pub async fn person_activity(
    organisation_id: OrgId,
    user_id: UserId,
) -> Result<PersonHistory, AppError> {
    use crate::org::model::Permission;
    let (_, state) =
        crate::org::access::authorize(Permission::ViewActivity, &organisation_id).await?;
    super::service::person_activity(state.cx(), &organisation_id, &user_id).await
}
