//! Server functions of "Register for Patient Profile" (public: the Patient
//! ID, activation code and date of birth are the check, limited per client
//! address) and of the email confirmation link (the link is the
//! credential).

use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;

/// Public: registers with the letter's details.
#[server(endpoint = "register_patient")]
pub async fn register_patient(registration: Registration) -> Result<(), AppError> {
    let state = crate::server::app_state()?;
    let client = crate::auth::session::client_address().await;
    super::service::register(state.cx(), &client, &registration).await?;
    crate::server::forms::plain_form_lands_on("/patient-profile/registered");
    Ok(())
}

/// Public: the confirmation link's token makes the account "Active".
#[server(endpoint = "confirm_patient_email")]
pub async fn confirm_patient_email(token: String) -> Result<(), AppError> {
    let state = crate::server::app_state()?;
    super::service::confirm_email(state.cx(), &token).await?;
    crate::server::forms::plain_form_lands_on("/patient-profile/confirmed");
    Ok(())
}
