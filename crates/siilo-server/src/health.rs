//! The database's health, checked in the background so that `GET /health` answers from
//! memory: a load balancer polling every instance costs each of them no database round trip,
//! and a database that hangs cannot make the health check hang too.
//!
//! [`watch`] pings the database every [`CHECK_INTERVAL`] (each ping bounded by
//! [`CHECK_TIMEOUT`]); [`DatabaseHealth::is_healthy`] is true only when the last check
//! succeeded and it is recent ([`STALE_AFTER`]), so that a checker that stopped or hangs
//! reads as unhealthy, not as the last good answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use siilo_store::Db;

/// How often the database is pinged.
pub const CHECK_INTERVAL: Duration = Duration::from_secs(1);
/// The longest a ping may take before it counts as failed. Shorter than the pool's acquire
/// timeout: the health check should say "down" before requests start timing out.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(2);
/// How old the last successful check may be: longer than an interval plus a timeout, so a
/// slow but successful ping never reads as stale.
pub const STALE_AFTER: Duration = Duration::from_secs(4);

/// The outcome of the latest check, shared by every worker.
#[derive(Clone, Debug)]
pub struct DatabaseHealth {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// The origin of the millisecond counts below.
    epoch: Instant,
    /// Whether the last check succeeded.
    last_ok: AtomicBool,
    /// When the last check succeeded, in ms since `epoch`.
    ok_at_ms: AtomicU64,
}

impl DatabaseHealth {
    /// A health that counts as checked and good now: the server has just connected.
    pub fn checked_now() -> DatabaseHealth {
        DatabaseHealth {
            inner: Arc::new(Inner {
                epoch: Instant::now(),
                last_ok: AtomicBool::new(true),
                ok_at_ms: AtomicU64::new(0),
            }),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.inner.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Records one check's outcome; logs when the state changes.
    pub fn record(&self, ok: bool) {
        if ok {
            self.inner.ok_at_ms.store(self.now_ms(), Ordering::SeqCst);
        }
        let was_ok = self.inner.last_ok.swap(ok, Ordering::SeqCst);
        match (was_ok, ok) {
            (true, false) => tracing::warn!("health: the database stopped answering"),
            (false, true) => tracing::info!("health: the database answers again"),
            _ => {}
        }
    }

    /// True when the last check succeeded less than [`STALE_AFTER`] ago.
    pub fn is_healthy(&self) -> bool {
        let age = self.now_ms().saturating_sub(self.inner.ok_at_ms.load(Ordering::SeqCst));
        self.inner.last_ok.load(Ordering::SeqCst) && u128::from(age) < STALE_AFTER.as_millis()
    }
}

/// Checks `db` every [`CHECK_INTERVAL`] until the task is dropped.
pub async fn watch(health: DatabaseHealth, db: Db) {
    let mut ticks = tokio::time::interval(CHECK_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let ok = match tokio::time::timeout(CHECK_TIMEOUT, siilo_store::database::ping(&db)).await {
            Ok(Ok(())) => true,
            Ok(Err(e)) => {
                tracing::debug!(error = %e, "health: ping failed");
                false
            }
            Err(_) => {
                tracing::debug!(timeout = ?CHECK_TIMEOUT, "health: ping timed out");
                false
            }
        };
        health.record(ok);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_check_is_unhealthy_at_once_and_a_good_one_heals() {
        let health = DatabaseHealth::checked_now();
        assert!(health.is_healthy());
        health.record(false);
        assert!(!health.is_healthy());
        health.record(true);
        assert!(health.is_healthy());
    }

    #[test]
    fn a_good_check_that_is_too_old_is_unhealthy() {
        let health = DatabaseHealth::checked_now();
        // As if the last success were STALE_AFTER ago: the checker has stopped or hangs.
        let later = Instant::now().checked_sub(STALE_AFTER).expect("the clock is past STALE_AFTER");
        let stale = DatabaseHealth {
            inner: Arc::new(Inner {
                epoch: later,
                last_ok: AtomicBool::new(true),
                ok_at_ms: AtomicU64::new(0),
            }),
        };
        assert!(!stale.is_healthy());
        assert!(health.is_healthy());
    }
}
