//! One database handle for both backends. `DATABASE_URL` picks SQLite or
//! PostgreSQL at run time; queries are portable SQL with `$1` placeholders and
//! values limited to text, integers and optional text/integers.
//!
//! The dialect module: the only code that branches on the backend (pool
//! settings, migrations, `Backend::skip_locked`, how each names a unique
//! violation); the layer check (`app/src/layers.rs`) keeps it so.

use std::sync::{Arc, Once};
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyQueryResult};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

use super::config::redact_url;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

static INSTALL_DRIVERS: Once = Once::new();

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }

    /// The clause that ends a claiming subquery: `FOR UPDATE SKIP LOCKED`
    /// on PostgreSQL, so concurrent claimers pass over each other's rows;
    /// nothing on SQLite, which runs one writing statement at a time.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        }
    }

    /// Whether many rows are best updated from a list of values joined in
    /// (`UPDATE t SET … FROM (VALUES …) v WHERE t.id = v.column1`):
    /// PostgreSQL plans it as a hash join; SQLite 3.46 can plan it as a
    /// scan of the whole table for every value, so there a `CASE` over the
    /// rows found by primary key is used instead.
    pub fn joins_values_in_updates(self) -> bool {
        match self {
            Backend::Sqlite => false,
            Backend::Postgres => true,
        }
    }
}

/// A unique index, as each backend names it in a violation: PostgreSQL by
/// the index's name, SQLite by the columns in its message ("UNIQUE
/// constraint failed: invites.organisation_id, …").
pub struct UniqueIndex {
    pub name: &'static str,
    pub sqlite_columns: &'static str,
}

impl UniqueIndex {
    /// Whether `error` is a violation of this index.
    pub fn violated_by(&self, error: &sqlx::Error) -> bool {
        error.as_database_error().is_some_and(|e| {
            e.is_unique_violation()
                && (e.constraint() == Some(self.name) || e.message().contains(self.sqlite_columns))
        })
    }

    /// A violation of this index as the field error a person can act on;
    /// any other error unchanged.
    pub fn as_field_error(
        &self,
        error: sqlx::Error,
        field: &str,
        message: &str,
    ) -> crate::error::AppError {
        if self.violated_by(&error) {
            crate::error::AppError::field(field, message)
        } else {
            crate::error::AppError::from(error)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got '{0}')")]
    UnsupportedUrl(String),
    #[error("cannot connect to the database at {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("cannot apply database migrations: {0}")]
    Migrate(String),
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// SQLite's writers in this process, in turn (see [`Db::transaction`]).
    writers: Arc<tokio::sync::Mutex<()>>,
}

/// How long a write transaction waits for its turn on SQLite before it
/// fails as busy (as long as SQLite's own busy timeout).
const WRITER_WAIT: Duration = Duration::from_secs(5);

impl Db {
    /// One action, one transaction: runs `change` (the change, its activity
    /// entry, any queued email) on a transaction and commits it only when
    /// `change` succeeds; an error (or an early return with one) rolls
    /// everything back before this returns.
    ///
    /// On SQLite the transaction takes the write lock at its start
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads and then
    /// writes fails at once with "database is locked" when another
    /// connection wrote in between, whatever the busy timeout; an immediate
    /// one waits its turn (up to the busy timeout) instead.
    ///
    /// The writers of this process also queue for their turn in a fair lock
    /// before `BEGIN IMMEDIATE`: SQLite's busy handler polls in sleeps of up
    /// to 100 ms, so writers waiting on it wake late and out of order (a
    /// burst of contact-form posts had a p99 of 1.15 s); the queue hands the
    /// turn on the moment the previous writer commits. PostgreSQL's row
    /// locks need no queue.
    pub async fn transaction<T>(
        &self,
        change: impl AsyncFnOnce(&mut sqlx::AnyConnection) -> Result<T, crate::error::AppError>,
    ) -> Result<T, crate::error::AppError> {
        let _turn = match self.backend {
            Backend::Sqlite => Some(
                tokio::time::timeout(WRITER_WAIT, self.writers.lock())
                    .await
                    .map_err(|_| {
                        sqlx::Error::Protocol("waited too long for a write transaction".into())
                    })?,
            ),
            Backend::Postgres => None,
        };
        let mut tx = self.begin().await?;
        match change(&mut tx).await {
            Ok(value) => {
                tx.commit().await?;
                Ok(value)
            }
            Err(error) => {
                // Rolled back now, not when the connection is next used:
                // until then PostgreSQL keeps the rows it locked, and the
                // caller's next try would pass over them.
                let _ = tx.rollback().await;
                Err(error)
            }
        }
    }

    /// A write transaction: `BEGIN IMMEDIATE` on SQLite, `BEGIN` on
    /// PostgreSQL. Prefer [`Db::transaction`].
    ///
    /// On SQLite the `BEGIN IMMEDIATE` runs on a task of its own. sqlx 0.8's
    /// SQLite `begin_with` is not cancel-safe: a request dropped between the
    /// worker's `BEGIN` and sqlx's check of it (a client that hangs up while
    /// the write lock is busy) leaves the pooled connection inside a
    /// transaction nobody owns, and every later write on that connection
    /// fails with "begin_with at non-zero transaction depth". A spawned task
    /// always finishes: if nobody awaits it any more, the transaction it made
    /// is dropped there and rolled back. PostgreSQL's begin is cancel-safe.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                let pool = self.pool.clone();
                tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await })
                    .await
                    .map_err(|e| sqlx::Error::Protocol(format!("beginning a transaction: {e}")))?
            }
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// A connection that hears PostgreSQL `NOTIFY`s on `channel` (its own
    /// connection to `url`, reconnected by sqlx when it drops); `None` on
    /// SQLite, where one process serves the database.
    pub async fn listener(
        &self,
        url: &str,
        channel: &str,
    ) -> Result<Option<sqlx::postgres::PgListener>, DbError> {
        match self.backend {
            Backend::Sqlite => Ok(None),
            Backend::Postgres => {
                let failed = |e: sqlx::Error| DbError::Connect {
                    url: redact_url(url),
                    reason: e.to_string(),
                };
                let mut listener = sqlx::postgres::PgListener::connect(url)
                    .await
                    .map_err(failed)?;
                listener.listen(channel).await.map_err(failed)?;
                Ok(Some(listener))
            }
        }
    }

    /// Tells every process listening on `channel` (PostgreSQL `NOTIFY`; the
    /// payload is at most 8,000 bytes).
    pub async fn notify(&self, channel: &str, payload: &str) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(payload)
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Connects and checks the connection works. Does not migrate.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        INSTALL_DRIVERS.call_once(sqlx::any::install_default_drivers);
        let backend =
            Backend::from_url(url).ok_or_else(|| DbError::UnsupportedUrl(redact_url(url)))?;
        let max = match backend {
            // SQLite allows one writer; a small pool avoids lock contention.
            Backend::Sqlite => 4,
            Backend::Postgres => 10,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(5))
            // No ping before every acquire (a round trip each: a page takes
            // two connections). A connection that broke while idle fails its
            // query and is dropped from the pool; PostgreSQL connections are
            // also recycled by the idle and lifetime limits below.
            .test_before_acquire(false)
            // SQLite connections are cheap and local: never reap them, so
            // no background reaper task runs (sqlx 0.8's reaper can spin on
            // a miscounted idle queue and starve the pool).
            .idle_timeout((backend == Backend::Postgres).then(|| Duration::from_secs(600)))
            .max_lifetime((backend == Backend::Postgres).then(|| Duration::from_secs(1800)))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await
            .map_err(|e| DbError::Connect {
                url: redact_url(url),
                reason: e.to_string(),
            })?;
        Ok(Db {
            pool,
            backend,
            writers: Arc::default(),
        })
    }

    /// Applies the migrations for this backend. Safe to run repeatedly.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| DbError::Migrate(e.to_string()))
    }

    /// A trivial round trip, used by `/healthz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_: AnyQueryResult| ())
    }
}

/// A stored value the code knows (`parsed`), or a decode error naming the
/// column and the value: an unknown stored value is an error, never a
/// silent default.
pub fn known<T>(parsed: Option<T>, column: &str, stored: &str) -> Result<T, sqlx::Error> {
    parsed.ok_or_else(|| sqlx::Error::Decode(format!("unknown {column} {stored:?}").into()))
}

/// The schema version numbers, the same for both backends.
pub fn migration_versions(backend: Backend) -> Vec<i64> {
    let migrator = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.iter().map(|m| m.version).collect()
}

/// `$first, $first+1, …`: one numbered placeholder per value, for an
/// `IN (…)` list whose values are bound in order after the others.
pub fn placeholders<T>(values: &[T], first: usize) -> String {
    (0..values.len())
        .map(|n| format!("${}", first + n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `rows` groups of `columns` placeholders for a multi-row `VALUES`,
/// numbered from `$1`: `($1, $2), ($3, $4)`.
pub fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let marks: Vec<String> = (1..=columns)
                .map(|column| format!("${}", row * columns + column))
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migration_versions() {
        assert_eq!(
            migration_versions(Backend::Sqlite),
            migration_versions(Backend::Postgres)
        );
        assert!(!migration_versions(Backend::Sqlite).is_empty());
    }

    #[test]
    fn the_backend_follows_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db"),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgres://localhost/test"),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::from_url("postgresql://localhost/test"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::from_url("mysql://localhost/test"), None);
    }

    /// Awaits `n` scheduler turns; never sleeps.
    async fn turns(n: usize) {
        for _ in 0..n {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_write_transaction_abandoned_while_it_begins_leaves_no_connection_inside_it() {
        // In-memory SQLite: each pooled connection has its own database, so
        // the check below never waits for another connection's lock.
        let db = Db::connect("sqlite::memory:").await.unwrap();
        for round in 0..400 {
            // A request that is dropped (its client hung up) at some point
            // while its transaction begins.
            tokio::select! {
                biased;
                _ = turns(round % 40) => {}
                begun = db.begin() => drop(begun),
            }
            // Every connection of the pool can still begin a transaction.
            let mut held = Vec::new();
            for _ in 0..db.pool.options().get_max_connections() {
                let mut conn = db.pool.acquire().await.unwrap();
                let begun = conn.execute("BEGIN IMMEDIATE").await;
                assert!(
                    begun.is_ok(),
                    "round {round}: a pooled connection was left inside a transaction: {begun:?}"
                );
                conn.execute("ROLLBACK").await.unwrap();
                held.push(conn);
            }
        }
    }

    #[tokio::test]
    async fn migrations_apply_twice_without_change() {
        let db = crate::server::testing::fresh_db().await;
        db.migrate().await.unwrap();
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(count, 0);
    }

    #[tokio::test]
    async fn a_named_unique_index_is_recognised_on_either_backend_and_becomes_a_field_error() {
        let db = crate::server::testing::fresh_db().await;
        let mut conn = db.pool.acquire().await.unwrap();
        let practice = crate::org::repo::insert_organisation(
            &mut conn,
            crate::org::model::OrgKind::Practice,
            "Practice",
            Some("Y99999"),
            None,
            0,
        )
        .await
        .unwrap();
        let invite = |id: &'static str| {
            sqlx::query(
                "INSERT INTO invites (id, organisation_id, email, email_lower, role, created_at, sent_at, expires_at)
                 VALUES ($1, $2, 'a@nhs.net', 'a@nhs.net', 'gp', 0, 0, 1)",
            )
            .bind(id)
            .bind(practice.clone())
        };
        invite("first").execute(&mut *conn).await.unwrap();
        let error = invite("second").execute(&mut *conn).await.unwrap_err();
        let pending = UniqueIndex {
            name: "invites_one_pending",
            sqlite_columns: "invites.organisation_id, invites.email_lower, invites.role",
        };
        let ods = UniqueIndex {
            name: "organisations_ods_code_key",
            sqlite_columns: "organisations.ods_code",
        };
        assert!(pending.violated_by(&error));
        assert!(!ods.violated_by(&error));
        let shown = pending.as_field_error(error, "email", "Already invited");
        assert_eq!(
            shown,
            crate::error::AppError::field("email", "Already invited")
        );
    }
}
