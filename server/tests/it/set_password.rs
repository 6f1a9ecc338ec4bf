//! The one-time link printed by `server create-admin`, over HTTP.

use app::accounts::service::{create_admin, SET_PASSWORD_LINK_LIFETIME_MS};

use crate::common::{spawn_app, TestApp};

async fn admin_link(app: &TestApp) -> (String, String) {
    let admin = create_admin(app.state.cx(), "admin@nhs.net").await.unwrap();
    let token = admin.link.rsplit('/').next().unwrap().to_string();
    (format!("/set-password/{token}"), token)
}

async fn password_hash(app: &TestApp) -> Option<String> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE email_lower = 'admin@nhs.net'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_link_opens_a_form_naming_the_account() {
    let app = spawn_app().await;
    let (path, _) = admin_link(&app).await;
    let response = app.get(&path).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("Set your password"));
    assert!(html.contains("admin@nhs.net"));
    assert!(html.contains(r#"autocomplete="new-password""#));
}

#[tokio::test]
async fn an_unknown_or_expired_link_is_a_gone_page() {
    let app = spawn_app().await;
    let unknown = app.get("/set-password/not-a-real-token").await;
    assert_eq!(unknown.status(), 410);
    assert!(unknown
        .text()
        .await
        .unwrap()
        .contains("This link has expired or has already been used"));

    let (path, _) = admin_link(&app).await;
    app.clock.advance_ms(SET_PASSWORD_LINK_LIFETIME_MS + 1);
    assert_eq!(app.get(&path).await.status(), 410);
}

#[tokio::test]
async fn setting_a_password_through_the_server_function_uses_up_the_link() {
    let app = spawn_app().await;
    let (path, token) = admin_link(&app).await;
    let pass = "a long enough pass";
    let response = app
        .call(
            "set_password",
            &[("token", &token), ("password", pass), ("confirm", pass)],
        )
        .await;
    assert!(
        response.status().is_success(),
        "status {}",
        response.status()
    );
    assert!(password_hash(&app).await.unwrap().starts_with("$argon2id$"));
    assert_eq!(app.get(&path).await.status(), 410);
}

#[tokio::test]
async fn a_mismatched_confirmation_gets_field_errors_and_changes_nothing() {
    let app = spawn_app().await;
    let (path, token) = admin_link(&app).await;
    let response = app
        .call(
            "set_password",
            &[
                ("token", &token),
                ("password", "a long enough pass"),
                ("confirm", "something else!!"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("The passwords do not match"), "{body}");
    assert_eq!(password_hash(&app).await, None);
    assert_eq!(app.get(&path).await.status(), 200);
}

#[tokio::test]
async fn a_server_function_call_with_missing_fields_is_a_clear_error_not_a_crash() {
    let app = spawn_app().await;
    let response = app.call("set_password", &[("token", "x")]).await;
    assert!(
        response.status().is_client_error(),
        "status {}",
        response.status()
    );
    let body = response.text().await.unwrap();
    assert!(!body.contains("panicked"));
    assert_eq!(password_hash_count(&app).await, 0);
}

async fn password_hash_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}
