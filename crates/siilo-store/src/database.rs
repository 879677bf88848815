//! Connecting to SQLite or PostgreSQL, migrating, and the write transaction.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, RuntimeErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait, sqlx,
};
use siilo_migrations::{Migrator, MigratorTrait};

pub type Db = DatabaseConnection;

/// How long a request waits for a pooled connection before it is answered 503
/// (`database_unavailable`). It bounds the wait when the database is gone too: the pool keeps
/// retrying a refused connection until this runs out. Under a normal load a connection is
/// free within milliseconds, so a wait this long means the database does not answer.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// How the server's pool is sized and how long it waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolSettings {
    pub max_connections: u32,
    /// The longest wait for a connection, opening one included; see [`ACQUIRE_TIMEOUT`].
    pub acquire_timeout: Duration,
}

impl PoolSettings {
    /// `max_connections` with the default waits.
    pub fn new(max_connections: u32) -> PoolSettings {
        PoolSettings { max_connections, acquire_timeout: ACQUIRE_TIMEOUT }
    }
}

/// Connects to `url` (`sqlite://…` or `postgres://…`) with [`PoolSettings::new`].
pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbErr> {
    connect_with(url, PoolSettings::new(max_connections)).await
}

/// Connects to `url` (`sqlite://…` or `postgres://…`). SQLite gets WAL, foreign keys, a
/// busy timeout and `synchronous=NORMAL`, and its file is created when missing. A pooled
/// connection is tested before it is handed out (sea-orm's default), so connections that a
/// restarted PostgreSQL closed are replaced: the pool recovers by itself.
#[tracing::instrument(skip_all, err)]
pub async fn connect_with(url: &str, pool: PoolSettings) -> Result<Db, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(pool.max_connections)
        .min_connections(1)
        .connect_timeout(pool.acquire_timeout)
        .acquire_timeout(pool.acquire_timeout)
        .test_before_acquire(true)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    Database::connect(opts).await
}

/// Brings the schema up to date.
#[tracing::instrument(skip_all, err)]
pub async fn migrate(db: &Db) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Begins a transaction for a write that reads first. On SQLite it is `BEGIN IMMEDIATE`, so
/// that it takes the write lock at once and waits for it (busy timeout) instead of failing
/// with "database is locked" when it later tries to write; PostgreSQL ignores the mode.
#[tracing::instrument(skip_all, err)]
pub async fn begin_write(db: &Db) -> Result<DatabaseTransaction, DbErr> {
    let opts = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    db.begin_with_options(opts).await
}

/// Answers whether the database answers: used by the health check.
#[tracing::instrument(skip_all, err)]
pub async fn ping(db: &Db) -> Result<(), DbErr> {
    db.ping().await
}

/// Whether `e` says that the database does not answer (gone, restarting, refusing
/// connections, or too busy to take the request in time) rather than that the statement was
/// wrong: such a request may succeed if retried later, so it is answered 503, not 500.
pub fn is_unavailable(e: &DbErr) -> bool {
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => sqlx_unavailable(e),
        _ => false,
    }
}

fn sqlx_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| unavailable_code(&code)),
        _ => false,
    }
}

/// PostgreSQL SQLSTATEs of a database that is going or not there yet: class 08 (connection
/// exception), 57P01–57P03 (shut down by an administrator, crashed, starting up) and 53300
/// (too many connections). SQLite (numeric result codes): `SQLITE_BUSY` and `SQLITE_LOCKED`
/// with their extended codes, which the busy timeout has already waited out.
fn unavailable_code(code: &str) -> bool {
    if let Ok(sqlite) = code.parse::<i32>() {
        return matches!(sqlite & 0xff, 5 | 6);
    }
    code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300")
}

/// Which engine is behind the connection, for logs.
pub fn engine(db: &Db) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}
