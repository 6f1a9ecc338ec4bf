//! "Your Patient Profile": the records a signed-in person's account is
//! linked to, and only those.

use crate::auth::model::CurrentUser;
use crate::error::AppError;
use crate::patients::repo;
use crate::server::Ctx;

use super::model::*;

/// The signed-in person's own records; none for someone who is not a
/// patient (the page then says how to register).
pub async fn your_profile(cx: Ctx<'_>, user: &CurrentUser) -> Result<YourProfile, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let rows = repo::patients_of_user(&mut conn, &user.id).await?;
    let mut records = Vec::new();
    for row in rows {
        let support =
            crate::patients::support::service::support_for(&mut conn, &row.practice_id).await?;
        let requests = if row.account_state == crate::patients::model::AccountState::Active {
            crate::requests::request::service::patient_requests(
                &mut conn,
                &row.practice_id,
                &row.nhs_number,
                &row.date_of_birth,
            )
            .await?
        } else {
            Vec::new()
        };
        records.push(YourRecord {
            practice_id: row.practice_id,
            practice_name: row.practice_name,
            name: format!("{} {}", row.given_name, row.family_name),
            state: row.account_state,
            support,
            requests,
        });
    }
    Ok(YourProfile { records })
}

/// Whether the account is linked to any patient record (where sign-in
/// lands).
pub async fn is_patient(
    conn: &mut sqlx::AnyConnection,
    user_id: &crate::ids::UserId,
) -> Result<bool, AppError> {
    Ok(!repo::patients_of_user(conn, user_id).await?.is_empty())
}
