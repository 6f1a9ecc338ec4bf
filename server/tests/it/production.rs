//! Production is the default mode (issue 13, rows 1 and 12): with no
//! GATEHOUSE_ENV the development extras are off and `/setup` is closed.

use crate::common::{spawn_app_with, METRICS_TOKEN};

/// No GATEHOUSE_ENV at all: only what production needs.
async fn production_app() -> crate::common::TestApp {
    spawn_app_with(&[
        ("GATEHOUSE_ENV", ""),
        ("BASE_URL", "http://127.0.0.1:3000"),
        ("SECRET_KEY", "0123456789abcdef0123456789abcdef"),
        ("METRICS_TOKEN", METRICS_TOKEN),
    ])
    .await
}

#[tokio::test]
async fn without_gatehouse_env_the_dev_mailbox_is_not_there_for_anyone() {
    let app = production_app().await;
    assert_eq!(app.state.config.mode, app::server::Mode::Production);
    // Someone asks for a password reset, as the attacker did …
    let asked = app
        .call("request_password_reset", &[("email", "lead@nhs.net")])
        .await;
    assert!(asked.status().is_success() || asked.status().is_redirection());
    // … and the mailbox that used to show every link answers "not found".
    let mailbox = app.call("dev_mailbox", &[]).await;
    assert_eq!(mailbox.status(), 404);
    let page = app.get("/dev/mailbox").await;
    assert_eq!(page.status(), 404);
    // Nor does any page's header link to it.
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("Organisations") && !home.contains("/dev/mailbox"));
}

#[tokio::test]
async fn on_an_empty_production_database_setup_is_closed_and_makes_nobody_an_administrator() {
    let app = production_app().await;
    let page = app.get("/setup").await;
    assert_eq!(page.status(), 404);
    let pass = "a long enough password";
    let made = app
        .call(
            "first_run_setup",
            &[
                ("name", "Stranger"),
                ("email", "stranger@nhs.net"),
                ("password", pass),
                ("confirm", pass),
            ],
        )
        .await;
    assert_eq!(made.status(), 404);
    assert!(made.headers().get("set-cookie").is_none());
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(users, 0);
}
