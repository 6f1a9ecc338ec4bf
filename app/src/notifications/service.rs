use crate::ids::UserId;
use sqlx::AnyConnection;

use super::model::{NoticeKind, NotificationView, Preference};
use super::repo;
use crate::error::AppError;
use crate::mail::model::{OutgoingEmail, Template};
use crate::server::dates::uk_date_time;
use crate::server::Ctx;

/// Something to tell a person. `link` is a path inside Gatehouse.
pub struct Notice<'a> {
    pub kind: NoticeKind,
    pub title: &'a str,
    pub body: &'a str,
    pub link: Option<&'a str>,
}

/// The email for a notice, with the link made absolute.
pub fn notice_email(to: &str, name: &str, base_url: &str, notice: &Notice<'_>) -> OutgoingEmail {
    let template = Template {
        greeting: format!("Dear {name},"),
        paragraphs: vec![notice.body.to_string()],
        link: notice
            .link
            .map(|path| ("Open Gatehouse".to_string(), format!("{base_url}{path}"))),
        footer: Some(
            "You can choose which emails Gatehouse sends you in your notification settings."
                .to_string(),
        ),
    };
    OutgoingEmail::from_template(to, notice.title, &template)
}

/// Tells the person, inside the caller's transaction: in Gatehouse and by
/// email (queued in the outbox), as their preferences for the kind say.
pub async fn notify(
    conn: &mut AnyConnection,
    now_ms: i64,
    base_url: &str,
    user_id: &UserId,
    notice: &Notice<'_>,
) -> Result<(), AppError> {
    let preference = repo::preferences_of(&mut *conn, user_id)
        .await?
        .into_iter()
        .find(|p| p.kind == notice.kind)
        .unwrap_or(Preference::default_for(notice.kind));
    if preference.in_app {
        repo::insert(
            &mut *conn,
            user_id,
            notice.kind,
            notice.title,
            notice.body,
            notice.link,
            now_ms,
        )
        .await?;
    }
    if preference.email {
        if let Some((email, name)) = repo::recipient(&mut *conn, user_id).await? {
            let message = notice_email(&email, &name, base_url, notice);
            crate::mail::queue(&mut *conn, now_ms, &message).await?;
        }
    }
    Ok(())
}

/// The person's newest notifications.
pub async fn list(cx: Ctx<'_>, user_id: &UserId) -> Result<Vec<NotificationView>, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    let rows = repo::list_for(&mut conn, user_id, 100).await?;
    Ok(rows
        .into_iter()
        .map(|row| NotificationView {
            id: row.id,
            title: row.title,
            body: row.body,
            link: row.link,
            when: uk_date_time(row.created_at),
            read: row.read_at.is_some(),
        })
        .collect())
}

/// Marks one of the person's notifications read (someone else's: nothing).
pub async fn mark_read(cx: Ctx<'_>, user_id: &UserId, id: &str) -> Result<(), AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    repo::mark_read(&mut conn, user_id, id, cx.now_ms()).await?;
    Ok(())
}

/// Marks all the person's notifications read.
pub async fn mark_all_read(cx: Ctx<'_>, user_id: &UserId) -> Result<(), AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    repo::mark_all_read(&mut conn, user_id, cx.now_ms()).await?;
    Ok(())
}

/// The person's channel preferences, one per kind.
pub async fn preferences(cx: Ctx<'_>, user_id: &UserId) -> Result<Vec<Preference>, AppError> {
    let mut conn = cx.db.pool.acquire().await?;
    Ok(repo::preferences_of(&mut conn, user_id).await?)
}

/// Saves the preferences for every kind at once.
pub async fn save_preferences(
    cx: Ctx<'_>,
    user_id: &UserId,
    preferences: &[Preference],
) -> Result<(), AppError> {
    cx.db
        .transaction(async |tx| {
            for preference in preferences {
                repo::save_preference(tx, user_id, *preference).await?;
            }
            Ok(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::testing::TestCx;
    use crate::server::Db;

    async fn person(db: &Db, email: &str) -> UserId {
        let mut conn = db.pool.acquire().await.unwrap();
        let email = crate::accounts::model::Email::parse(email).unwrap();
        crate::accounts::repo::insert_user(&mut conn, &email, "Asha Patel", 0)
            .await
            .unwrap()
    }

    const LOCKED: Notice<'static> = Notice {
        kind: NoticeKind::Account,
        title: "Your Gatehouse account is locked",
        body: "There were too many failed attempts to sign in.",
        link: Some("/account"),
    };

    async fn queued_to(db: &Db, to: &str) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE to_address = $1")
            .bind(to)
            .fetch_one(&db.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_notice_appears_unread_in_the_app_and_is_queued_as_an_email() {
        let t = TestCx::at(0).await;
        let db = &t.db;
        let user = person(db, "asha@nhs.net").await;
        let mut tx = db.pool.begin().await.unwrap();
        notify(
            &mut tx,
            1_795_428_900_000,
            "https://gh.example",
            &user,
            &LOCKED,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let list = list(t.cx(), &user).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].title, "Your Gatehouse account is locked");
        assert_eq!(list[0].when, "23 November 2026 at 10:15am");
        assert!(!list[0].read);
        let mut conn = db.pool.acquire().await.unwrap();
        assert_eq!(repo::unread_count(&mut conn, &user).await.unwrap(), 1);
        assert_eq!(queued_to(db, "asha@nhs.net").await, 1);
    }

    #[tokio::test]
    async fn preferences_turn_each_channel_off_for_one_kind_only() {
        let t = TestCx::at(0).await;
        let db = &t.db;
        let user = person(db, "asha@nhs.net").await;
        let quiet = Preference {
            kind: NoticeKind::Account,
            in_app: true,
            email: false,
        };
        save_preferences(t.cx(), &user, &[quiet]).await.unwrap();
        let mut conn = db.pool.acquire().await.unwrap();
        notify(&mut conn, 0, "http://x", &user, &LOCKED)
            .await
            .unwrap();
        assert_eq!(queued_to(db, "asha@nhs.net").await, 0);
        assert_eq!(repo::unread_count(&mut conn, &user).await.unwrap(), 1);

        let staff = Notice {
            kind: NoticeKind::Staff,
            ..LOCKED
        };
        notify(&mut conn, 0, "http://x", &user, &staff)
            .await
            .unwrap();
        assert_eq!(queued_to(db, "asha@nhs.net").await, 1);
        let saved = repo::preferences_of(&mut conn, &user).await.unwrap();
        assert_eq!(saved[0], quiet);
        assert_eq!(saved[1], Preference::default_for(NoticeKind::Staff));
    }

    #[tokio::test]
    async fn a_person_can_mark_only_their_own_notifications_read() {
        let t = TestCx::at(0).await;
        let db = &t.db;
        let asha = person(db, "asha@nhs.net").await;
        let ben = person(db, "ben@nhs.net").await;
        let mut conn = db.pool.acquire().await.unwrap();
        notify(&mut conn, 0, "http://x", &asha, &LOCKED)
            .await
            .unwrap();
        notify(&mut conn, 1, "http://x", &asha, &LOCKED)
            .await
            .unwrap();
        let first = repo::list_for(&mut conn, &asha, 10).await.unwrap()[0]
            .id
            .clone();
        assert!(!repo::mark_read(&mut conn, &ben, &first, 5).await.unwrap());
        assert!(repo::mark_read(&mut conn, &asha, &first, 5).await.unwrap());
        assert!(!repo::mark_read(&mut conn, &asha, &first, 6).await.unwrap());
        assert_eq!(repo::unread_count(&mut conn, &asha).await.unwrap(), 1);
        assert_eq!(repo::mark_all_read(&mut conn, &asha, 7).await.unwrap(), 1);
        assert_eq!(repo::unread_count(&mut conn, &asha).await.unwrap(), 0);
    }

    #[test]
    fn the_email_escapes_html_and_links_back_to_gatehouse() {
        let notice = Notice {
            body: "<b>R&D</b>",
            ..LOCKED
        };
        let email = notice_email("a@nhs.net", "Asha", "https://gh.example", &notice);
        assert!(email.html.contains("&lt;b&gt;R&amp;D&lt;/b&gt;"));
        assert!(email.text.contains("https://gh.example/account"));
        assert!(email.html.contains("href=\"https://gh.example/account\""));
    }

    #[tokio::test]
    async fn an_unknown_stored_preference_kind_is_an_error_not_skipped() {
        let t = TestCx::at(0).await;
        let db = &t.db;
        let user = person(db, "asha@nhs.net").await;
        assert_eq!(
            preferences(t.cx(), &user).await.unwrap().len(),
            NoticeKind::ALL.len()
        );
        sqlx::query(
            "INSERT INTO notification_preferences (user_id, kind, in_app, email) VALUES ($1, 'bogus', 1, 1)",
        )
        .bind(&user)
        .execute(&db.pool)
        .await
        .unwrap();
        assert!(matches!(
            preferences(t.cx(), &user).await,
            Err(AppError::Internal(_))
        ));
    }
}
