//! The signed-in patient's own pages: the patient's own records only.

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Signed in: the caller's own Patient Profile records (none for someone
/// who is not a patient).
#[server(endpoint = "your_patient_profile")]
pub async fn your_patient_profile() -> Result<YourProfile, AppError> {
    let (user, state) = crate::org::access::require_signed_in().await?;
    super::service::your_profile(state.cx(), &user).await
}
