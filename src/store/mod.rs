//! Storage: one API over SQLite (the embedded default) and PostgreSQL.
//!
//! Both backends run the same SQL through sqlx's `Any` driver: the schema is
//! written in the subset both understand (`$n` parameters, `ON CONFLICT`,
//! `RETURNING`, partial unique indexes), times are UTC milliseconds, flags are
//! integers. Where the engines differ (row claiming with `SKIP LOCKED`), the
//! query is chosen by [`Backend`]. Invariants are enforced by constraints and
//! conditional writes inside transactions, so they hold under concurrency and
//! across processes.

mod audit;
mod caps;
mod cooldowns;
mod deadlines;
mod discord_ids;
mod gpu;
mod interactions;
mod invitations;
mod jobs;
mod jury;
mod jury_judging;
mod lft;
mod likes;
mod participants;
mod project_likes;
mod scheduling;
mod submissions;
mod teams;
mod tickets;
mod web;

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions};

pub use audit::AuditEntry;
pub use caps::CapReached;
pub use deadlines::StoredDeadline;
pub use discord_ids::{IdKind, StoredId};
pub use gpu::{
    GpuLease, GpuRequest, GpuRequestStatus, GpuResource, GpuResourceStatus, GrantOutcome,
    NewGpuRequest, TeamGpuReleased,
};
pub use interactions::PendingInteraction;
pub use invitations::{
    AcceptOutcome, Invitation, InvitationKind, InvitationStatus, NewInvitationOutcome,
};
pub use jobs::{Job, JobStatus, NewJob};
pub use jury::{
    ExtraSaved, JuryAssignment, JuryReview, JuryScore, PublicationClaim, ScoreSaved,
    StoredCertificate,
};
pub use jury_judging::ExtraMoved;
pub use lft::{LftFilter, LftPage, LftPost, NewLftPost};
pub use likes::LikesSnapshot;
pub use participants::Participant;
pub use project_likes::{ProjectLikes, ProjectLikesSnapshot};
pub use submissions::{
    FailedAttempt, LateException, NewSubmission, StoredSubmission, SubmissionStatus,
};
pub use teams::{
    CreateTeamOutcome, JoinOutcome, NewTeam, RemoveOutcome, RenameOutcome, Team, TeamFilter,
    TeamPage, TeamWithMembers,
};
pub use tickets::{NewTicket, NewTicketOutcome, RateOutcome, Ticket, TicketStatus};
pub use web::{PublicProfile, WebSession};

use crate::secret::DatabaseUrl;

/// Which engine a [`Store`] talks to, chosen from the URL scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            other => Err(StoreError::UnsupportedUrl(other.to_string())),
        }
    }
}

/// Failures of the storage layer. Rule violations that users cause are not
/// here: the methods return them as typed outcomes of their own.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DATABASE_URL must start with sqlite:// or postgres://, not `{0}:`")]
    UnsupportedUrl(String),
    #[error("the database rejected a write that breaks a rule ({0})")]
    Conflict(String),
    #[error("a stored value is not what the bot wrote: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Whether the database was busy, a serialization conflict occurred, or
    /// the connection was lost under the statement (PostgreSQL restarted or
    /// the backend terminated), so running the same work again may succeed.
    fn is_transient(&self) -> bool {
        let StoreError::Database(error) = self else {
            return false;
        };
        let e = match error {
            sqlx::Error::Database(e) => e,
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) => return true,
            _ => return false,
        };
        let code = e.code().unwrap_or_default();
        // SQLite: 5 BUSY, 6 LOCKED, 517 BUSY_SNAPSHOT; PostgreSQL: 40001
        // serialization failure, 40P01 deadlock detected, 57P01-03 the
        // server shut the session down, 08xxx the connection failed.
        matches!(
            code.as_ref(),
            "5" | "6"
                | "517"
                | "261"
                | "40001"
                | "40P01"
                | "57P01"
                | "57P02"
                | "57P03"
                | "08000"
                | "08003"
                | "08006"
        ) || e.message().contains("database is locked")
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The storage API. Cheap to clone (it holds a pool).
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish()
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Store {
    /// Connects to `url` (creating a SQLite file on first run). Does not
    /// migrate: call [`Store::migrate`].
    pub async fn connect(url: &DatabaseUrl) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url.expose())?;
        let mut raw = url.expose().to_string();
        if backend == Backend::Sqlite && !raw.contains("mode=") && !raw.contains(":memory:") {
            raw.push(if raw.contains('?') { '&' } else { '?' });
            raw.push_str("mode=rwc");
        }
        let options = AnyConnectOptions::from_str(&raw)?
            .log_statements(tracing::log::LevelFilter::Trace)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    // One writer at a time is SQLite's rule; a few readers help.
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            use sqlx::Executor;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(20)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?
            }
        };
        if backend == Backend::Sqlite {
            // WAL lets readers work while a write is under way; it is a
            // property of the file, so setting it once per start is enough.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        Ok(Self { pool, backend })
    }

    /// Applies the migrations of this backend that have not run yet.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// Connects and migrates: what the bot does at start.
    pub async fn open(url: &DatabaseUrl) -> Result<Self> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs one statement as is (administration and test set-up, such as
    /// creating a schema); never with user text.
    pub async fn execute_raw(&self, sql: &str) -> Result<()> {
        sqlx::raw_sql(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Runs `f` in a transaction, again when the database reports a busy or
    /// serialization failure. `f` decides whether its work is kept
    /// ([`Tx::Commit`]) or undone ([`Tx::Rollback`]) while still returning
    /// an answer. On SQLite `f` must start with a write so the write lock is
    /// taken at once (a deferred read-then-write can fail with BUSY).
    async fn transaction<T, F>(&self, mut f: F) -> Result<T>
    where
        F: for<'c> FnMut(
            &'c mut sqlx::AnyConnection,
        ) -> futures::future::BoxFuture<'c, Result<Tx<T>>>,
    {
        let mut attempt = 0u32;
        loop {
            let mut tx = self.pool.begin().await?;
            let outcome = match f(&mut tx).await {
                Ok(Tx::Commit(v)) => tx.commit().await.map(|_| v).map_err(StoreError::from),
                Ok(Tx::Rollback(v)) => tx.rollback().await.map(|_| v).map_err(StoreError::from),
                Err(e) => {
                    let _ = tx.rollback().await;
                    Err(e)
                }
            };
            match outcome {
                Err(e) if e.is_transient() && attempt < 8 => {
                    attempt += 1;
                    let backoff = 5u64 * (1 << attempt.min(6)) + rand::random::<u64>() % 10;
                    tracing::debug!(attempt, "database busy, retrying the transaction");
                    tokio::time::sleep(Duration::from_millis(backoff)).await;
                }
                other => return other,
            }
        }
    }
}

impl Store {
    /// Runs one idempotent statement (setting a value, reading) again when
    /// the database was busy or lost the connection under it.
    async fn idempotent<T, F, Fut>(&self, mut f: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let mut attempt = 0u32;
        loop {
            match f().await {
                Err(e) if e.is_transient() && attempt < 4 => {
                    attempt += 1;
                    tracing::debug!(attempt, error = %e, "database unavailable, trying again");
                    tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt))).await;
                }
                other => return other,
            }
        }
    }
}

/// What a transaction body wants done with its work.
enum Tx<T> {
    Commit(T),
    Rollback(T),
}

/// UTC milliseconds, the unit every stored time uses.
pub(crate) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_millis(ms: i64) -> Result<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| StoreError::Corrupt(format!("time {ms} is out of range")))
}

pub(crate) fn from_millis_opt(ms: Option<i64>) -> Result<Option<DateTime<Utc>>> {
    ms.map(from_millis).transpose()
}

/// Discord ids are u64 snowflakes; they are stored bit-for-bit in BIGINT.
pub(crate) fn id_to_db(id: u64) -> i64 {
    id as i64
}

pub(crate) fn id_from_db(v: i64) -> u64 {
    v as u64
}
