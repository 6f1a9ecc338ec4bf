//! Test support: a fresh, migrated database per test.
//!
//! SQLite by default (a new file under the temp folder). When
//! `TEST_POSTGRES_URL` is set (e.g. `postgres://127.0.0.1:5432/test`), each
//! call creates a new PostgreSQL database named `gh_test_<random>` instead, so
//! the same tests run on both backends.
// Test code: a failed step should stop the test where it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::db::Db;

pub async fn fresh_db() -> Db {
    fresh_db_url().await.0
}

/// A fresh, migrated database and its URL, for tests that drop the pool and
/// connect again (a server restart). On SQLite the URL names a file.
pub async fn fresh_db_url() -> (Db, String) {
    let url = match std::env::var("TEST_POSTGRES_URL") {
        Ok(admin_url) if !admin_url.is_empty() => fresh_postgres(&admin_url).await,
        _ => {
            let path =
                std::env::temp_dir().join(format!("gh-test-{}.db", uuid::Uuid::new_v4().simple()));
            format!("sqlite://{}?mode=rwc", path.display())
        }
    };
    let db = Db::connect(&url).await.expect("test database connects");
    db.migrate().await.expect("test database migrates");
    (db, url)
}

async fn fresh_postgres(admin_url: &str) -> String {
    let name = format!("gh_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Db::connect(admin_url)
        .await
        .expect("admin connection to PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin.pool)
        .await
        .expect("create test database");
    admin.pool.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("TEST_POSTGRES_URL names a database");
    format!("{base}/{name}")
}
