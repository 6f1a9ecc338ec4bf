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
        let active = row.account_state() == crate::patients::model::AccountState::Active;
        let requests = if active {
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
        let letters = if active {
            crate::letters::service::visible_letters(&mut conn, &row.id)
                .await?
                .into_iter()
                .map(|l| YourLetter {
                    href: format!("/patient-profile/letters/{}", l.id),
                    name: l.name,
                    date: crate::server::dates::uk_date_time(l.created_at),
                })
                .collect()
        } else {
            Vec::new()
        };
        let documents = if active {
            crate::patients::documents::service::visible_documents(&mut conn, &row.id)
                .await?
                .into_iter()
                .map(|d| YourLetter {
                    name: format!("{} ({})", d.name, d.file),
                    date: d.added,
                    href: d.href,
                })
                .collect()
        } else {
            Vec::new()
        };
        let state = row.account_state();
        records.push(YourRecord {
            practice_id: row.practice_id,
            practice_name: row.practice_name,
            name: format!("{} {}", row.given_name, row.family_name),
            state,
            support,
            requests,
            letters,
            documents,
        });
    }
    Ok(YourProfile { records })
}

/// The Word file of a letter made for one of the signed-in person's own
/// records, while its template is visible and their account is Active;
/// `NotFound` for anything else (another patient's letter, a hidden one).
pub async fn your_letter(
    cx: Ctx<'_>,
    user: &CurrentUser,
    letter_id: &str,
) -> Result<(String, Vec<u8>), AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let made = crate::letters::service::visible_letter(&mut conn, letter_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = repo::patients_of_user(&mut conn, &user.id)
        .await?
        .into_iter()
        .find(|r| {
            r.id == made.patient_id
                && r.account_state() == crate::patients::model::AccountState::Active
        })
        .ok_or(AppError::NotFound)?;
    crate::patients::credentials::service::own_letter_file(cx, &mut conn, &row, &made).await
}

/// Whether the account is linked to any patient record (where sign-in
/// lands).
pub async fn is_patient(
    conn: &mut sqlx::AnyConnection,
    user_id: &crate::ids::UserId,
) -> Result<bool, AppError> {
    Ok(repo::has_records(conn, user_id).await?)
}

/// A signed-in patient's details at a practice, for its contact form: only
/// their own active record there.
pub async fn known_patient(
    conn: &mut sqlx::AnyConnection,
    user_id: &crate::ids::UserId,
    practice_id: &crate::ids::OrgId,
) -> Result<Option<crate::requests::contact::model::KnownPatient>, AppError> {
    use crate::patients::model::AccountState;
    let rows = repo::patients_of_user(&mut *conn, user_id).await?;
    let Some(row) = rows
        .into_iter()
        .find(|r| &r.practice_id == practice_id && r.account_state() == AccountState::Active)
    else {
        return Ok(None);
    };
    let email = crate::accounts::service::email_of(conn, user_id).await?;
    let mut dob = row
        .date_of_birth
        .split('-')
        .map(|p| p.trim_start_matches('0').to_string());
    let (year, month, day) = (
        dob.next().unwrap_or_default(),
        dob.next().unwrap_or_default(),
        dob.next().unwrap_or_default(),
    );
    Ok(Some(crate::requests::contact::model::KnownPatient {
        name: format!("{} {}", row.given_name, row.family_name),
        dob_day: day,
        dob_month: month,
        dob_year: year,
        nhs_number: crate::patients::model::spaced_nhs_number(&row.nhs_number),
        email,
    }))
}
