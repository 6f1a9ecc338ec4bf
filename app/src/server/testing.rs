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

/// Configuration for service tests: development mode, the default rules,
/// a fixed secret key and a data folder of its own under the temp folder.
pub fn test_config(database_url: &str) -> super::config::Config {
    let data_dir = std::env::temp_dir().join(format!("gh-test-data-{}", uuid::Uuid::new_v4()));
    let data_dir = data_dir.display().to_string();
    super::config::Config::from_lookup(|name| match name {
        "GATEHOUSE_DATA_DIR" => Some(data_dir.clone()),
        "DATABASE_URL" => Some(database_url.to_string()),
        "SECRET_KEY" => Some("test-secret-key-of-at-least-32-characters".to_string()),
        "GATEHOUSE_ENV" => Some("development".to_string()),
        _ => None,
    })
    .expect("test configuration")
}

/// What a service test owns so that it can lend services their context:
/// a fresh database, a fixed clock it moves forward, the test
/// configuration (which a test may change before use) and a hasher.
pub struct TestCx {
    pub db: Db,
    pub clock: std::sync::Arc<super::clock::FixedClock>,
    pub config: super::config::Config,
    pub hasher: super::password::Hasher,
}

impl TestCx {
    /// A fresh database with the clock at `now_ms`.
    pub async fn at(now_ms: i64) -> TestCx {
        let (db, url) = fresh_db_url().await;
        TestCx {
            db,
            clock: super::clock::FixedClock::at(now_ms),
            config: test_config(&url),
            hasher: super::password::Hasher::new(2),
        }
    }

    pub fn cx(&self) -> super::context::Ctx<'_> {
        super::context::Ctx {
            db: &self.db,
            clock: self.clock.as_ref(),
            config: &self.config,
            hasher: &self.hasher,
        }
    }
}

/// A service context over a database and clock a test already has (the
/// mail tests open several pools on one database), with the test
/// configuration's defaults and a shared hasher.
pub fn cx_of<'a>(db: &'a Db, clock: &'a dyn super::clock::Clock) -> super::context::Ctx<'a> {
    static CONFIG: std::sync::LazyLock<super::config::Config> =
        std::sync::LazyLock::new(|| test_config("sqlite::memory:"));
    static HASHER: std::sync::LazyLock<super::password::Hasher> =
        std::sync::LazyLock::new(|| super::password::Hasher::new(2));
    super::context::Ctx {
        db,
        clock,
        config: &CONFIG,
        hasher: &HASHER,
    }
}

/// Lets a test world that keeps its `TestCx` in a field `t` be used as one
/// (`world.db`, `world.clock`, `world.cx()`, `world.config.… = …`).
#[cfg(test)]
macro_rules! test_world {
    ($world:ty) => {
        impl std::ops::Deref for $world {
            type Target = $crate::server::testing::TestCx;
            fn deref(&self) -> &Self::Target {
                &self.t
            }
        }

        impl std::ops::DerefMut for $world {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.t
            }
        }
    };
}
#[cfg(test)]
pub(crate) use test_world;
