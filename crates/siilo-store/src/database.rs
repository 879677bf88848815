//! Connecting to SQLite or PostgreSQL, migrating, and the write transaction.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, RuntimeErr,
    SqliteTransactionMode, SqlxPostgresError, SqlxSqliteError, TransactionOptions, TransactionTrait, sqlx,
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

/// Brings the schema up to date, and the SQLite search index with it: the stemming that
/// fills it lives in the domain, which migrations stand apart from.
#[tracing::instrument(skip_all, err)]
pub async fn migrate(db: &Db) -> Result<(), DbErr> {
    Migrator::up(db, None).await?;
    let indexed = crate::search::index_missing(db).await?;
    if indexed > 0 {
        tracing::info!(indexed, "indexed proposals for search");
    }
    Ok(())
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
        sqlx::Error::Database(db) => {
            let code = db.code();
            let code = code.as_deref().unwrap_or("");
            if db.try_downcast_ref::<SqlxPostgresError>().is_some() {
                postgres_unavailable(code)
            } else if db.try_downcast_ref::<SqlxSqliteError>().is_some() {
                code.parse().is_ok_and(sqlite_unavailable)
            } else {
                false
            }
        }
        _ => false,
    }
}

/// PostgreSQL SQLSTATEs of a database that is going or not there yet: class 08 (connection
/// exception), 57P01–57P03 (shut down by an administrator, crashed, starting up) and 53300
/// (too many connections).
fn postgres_unavailable(sqlstate: &str) -> bool {
    sqlstate.starts_with("08") || matches!(sqlstate, "57P01" | "57P02" | "57P03" | "53300")
}

/// SQLite result codes (extended ones too) of a database too busy to take the write in time:
/// `SQLITE_BUSY` and `SQLITE_LOCKED`, after the busy timeout has already waited them out.
fn sqlite_unavailable(code: i32) -> bool {
    matches!(code & 0xff, 5 | 6)
}

/// Which engine is behind the connection, for logs.
pub fn engine(db: &Db) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use sea_orm::ConnAcquireErr;

    use super::*;

    #[test]
    fn a_gone_or_busy_database_is_unavailable_and_a_wrong_statement_is_not() {
        let io = || sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        for e in [
            DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
            DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed),
            DbErr::Conn(RuntimeErr::Internal("connection refused".into())),
            DbErr::Exec(RuntimeErr::SqlxError(Arc::new(io()))),
            DbErr::Query(RuntimeErr::SqlxError(Arc::new(sqlx::Error::PoolTimedOut))),
        ] {
            assert!(is_unavailable(&e), "{e}");
        }
        for e in [
            DbErr::RecordNotFound("x".into()),
            DbErr::Query(RuntimeErr::SqlxError(Arc::new(sqlx::Error::RowNotFound))),
            DbErr::Exec(RuntimeErr::Internal("syntax error".into())),
            DbErr::Custom("x".into()),
        ] {
            assert!(!is_unavailable(&e), "{e}");
        }
    }

    #[test]
    fn error_codes_of_a_database_that_is_going_are_told_from_those_of_a_bad_statement() {
        // PostgreSQL: shut down, crashed, starting, connection failures, too many connections.
        for code in ["57P01", "57P02", "57P03", "08006", "08001", "53300"] {
            assert!(postgres_unavailable(code), "{code}");
        }
        // Unique and foreign-key violations, syntax error, serialization failure.
        for code in ["23505", "23503", "42601", "40001"] {
            assert!(!postgres_unavailable(code), "{code}");
        }
        // SQLite: BUSY, BUSY_SNAPSHOT, LOCKED; but not CONSTRAINT_UNIQUE (2067) or ERROR (1).
        for code in [5, 517, 6] {
            assert!(sqlite_unavailable(code), "{code}");
        }
        for code in [2067, 19, 1] {
            assert!(!sqlite_unavailable(code), "{code}");
        }
    }

    #[tokio::test]
    async fn real_errors_are_told_apart_a_constraint_from_a_closed_pool() {
        use sea_orm::ConnectionTrait;
        let dir = tempfile::tempdir().unwrap();
        let db = connect(&format!("sqlite://{}", dir.path().join("t.db").display()), 1).await.unwrap();
        db.execute_unprepared("CREATE TABLE t (id INTEGER PRIMARY KEY)").await.unwrap();
        db.execute_unprepared("INSERT INTO t VALUES (1)").await.unwrap();
        let duplicate = db.execute_unprepared("INSERT INTO t VALUES (1)").await.unwrap_err();
        assert!(!is_unavailable(&duplicate), "{duplicate}");
        let wrong = db.execute_unprepared("SELECT nothing FROM nowhere").await.unwrap_err();
        assert!(!is_unavailable(&wrong), "{wrong}");
        db.close_by_ref().await.unwrap();
        let closed = db.execute_unprepared("SELECT 1").await.unwrap_err();
        assert!(is_unavailable(&closed), "{closed}");
    }
}
