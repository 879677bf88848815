//! Telling other instances that shared data changed, for their in-memory caches: PostgreSQL
//! `NOTIFY` on a channel per kind of data, and a `LISTEN` connection to hear it.
//!
//! A notification sent inside a transaction is delivered when it commits, and never when it
//! rolls back, so a cache is dropped exactly when the change becomes visible. SQLite serves a
//! single instance: there is nobody to tell, and [`announce`] does nothing there.

use std::str::FromStr;
use std::time::Duration;

use sea_orm::sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sea_orm::{ConnectionTrait, DbBackend, DbErr};

/// Organisations or their email domains changed.
pub const ORGANISATIONS: &str = "siilo_organisations";

/// The `application_name` of the listening connections.
pub const LISTENER_NAME: &str = "siilo-listener";

/// Tells every listening instance that the data of `channel` changed; within a transaction,
/// on commit.
#[tracing::instrument(skip_all, fields(channel), err)]
pub async fn announce(db: &impl ConnectionTrait, channel: &'static str) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        // `channel` is one of the constants above, never user input.
        db.execute_unprepared(&format!("NOTIFY {channel}")).await?;
    }
    Ok(())
}

/// What [`Listener::next`] saw.
#[derive(Debug)]
pub enum Heard {
    /// A change was announced on the channel.
    Change,
    /// Nothing for a while, and the connection still answers.
    Quiet,
}

/// A connection of its own (not the pool's) that `LISTEN`s on one channel.
pub struct Listener {
    inner: PgListener,
}

impl Listener {
    /// Connects to the PostgreSQL database at `url` and listens on `channel`.
    pub async fn connect(url: &str, channel: &str) -> Result<Listener, DbErr> {
        // A pool of one, for this connection alone, named so that it shows as such in
        // `pg_stat_activity`.
        let options = PgConnectOptions::from_str(url).map_err(sqlx_err)?.application_name(LISTENER_NAME);
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .max_lifetime(None)
            .idle_timeout(None)
            .connect_with(options)
            .await
            .map_err(sqlx_err)?;
        let mut inner = PgListener::connect_with(&pool).await.map_err(sqlx_err)?;
        // A lost connection is reported at once (`try_recv` gives `None`); the caller then
        // distrusts its cache and connects afresh.
        inner.eager_reconnect(false);
        inner.listen(channel).await.map_err(sqlx_err)?;
        Ok(Listener { inner })
    }

    /// Waits up to `quiet` for a notification. When none comes, pings the connection (within
    /// `ping_timeout`), so that a connection that died silently is found. An error means the
    /// connection is lost and notifications may have been missed.
    pub async fn next(&mut self, quiet: Duration, ping_timeout: Duration) -> Result<Heard, DbErr> {
        // `try_recv` is cancel-safe: a notification half read when the timer fires stays buffered.
        match tokio::time::timeout(quiet, self.inner.try_recv()).await {
            Ok(Ok(Some(_))) => Ok(Heard::Change),
            Ok(Ok(None)) => {
                Err(DbErr::Conn(sea_orm::RuntimeErr::Internal("the LISTEN connection was lost".into())))
            }
            Ok(Err(e)) => Err(sqlx_err(e)),
            Err(_) => {
                let ping = sea_orm::sqlx::query("SELECT 1").execute(&mut self.inner);
                match tokio::time::timeout(ping_timeout, ping).await {
                    Ok(Ok(_)) => Ok(Heard::Quiet),
                    Ok(Err(e)) => Err(sqlx_err(e)),
                    Err(_) => Err(DbErr::Conn(sea_orm::RuntimeErr::Internal(
                        "the LISTEN connection did not answer a ping".into(),
                    ))),
                }
            }
        }
    }
}

fn sqlx_err(e: sea_orm::sqlx::Error) -> DbErr {
    DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e.into()))
}
