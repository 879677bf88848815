//! Connecting to SQLite or PostgreSQL, migrating, and the write transaction.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use siilo_migrations::{Migrator, MigratorTrait};

pub type Db = DatabaseConnection;

/// Connects to `url` (`sqlite://…` or `postgres://…`). SQLite gets WAL, foreign keys, a
/// busy timeout and `synchronous=NORMAL`, and its file is created when missing.
#[tracing::instrument(skip_all, err)]
pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
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

/// Which engine is behind the connection, for logs.
pub fn engine(db: &Db) -> &'static str {
    match db.get_database_backend() {
        DbBackend::Sqlite => "sqlite",
        DbBackend::Postgres => "postgres",
        _ => "other",
    }
}
