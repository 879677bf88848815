//! The organisations, kept in memory: every proposal page and proposal names them (authors'
//! and involved organisations), and they change a few times a year.
//!
//! **Invalidation.** Organisations change only through `siilo_store::organisations::{create,
//! update}`, which announce the change inside its transaction (PostgreSQL `NOTIFY`, delivered
//! on commit, never for a rollback). The instance that made the change drops its copy right
//! after the commit ([`OrganisationCache::invalidate`]), so it reads its own write; every
//! other instance drops its copy when the notification reaches its listener, milliseconds
//! after the commit. A reload that raced with a change is not kept (a generation counter), so
//! a copy read before the change cannot outlive the notice of it.
//!
//! **Why it cannot serve stale data for long.** On PostgreSQL the copy is used only while this
//! instance holds a live `LISTEN` connection. Until that connection is up, and from the moment
//! it is found lost, every read goes to the database; when a new one is up, the copy starts
//! empty, since notices sent meanwhile are lost. A connection that breaks with an error (the
//! database restarted, a network reset) is noticed at once. One that dies silently (a
//! half-open TCP connection) is noticed by a ping after [`QUIET`] without notices, answered
//! within [`PING_TIMEOUT`]: that sum bounds the staleness in that rare case. Where `LISTEN`
//! cannot work at all (a connection pooler in transaction mode), the copy is never trusted:
//! correct, one more statement a page, and a warning in the log.
//!
//! SQLite serves a single instance (see the README): only this process changes the
//! organisations, and it drops its own copy.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock, Weak};
use std::time::Duration;

use siilo_domain::OrganisationId;
use siilo_store::changes::{self, Heard, Listener};
use siilo_store::organisations::OrganisationRecord;
use siilo_store::{Db, DbErr};

/// How long the listener waits for a notice before it pings its connection.
pub const QUIET: Duration = Duration::from_secs(10);
/// How long a ping of the listener's connection may take before the connection counts as lost.
pub const PING_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest wait between two attempts to (re)connect the listener.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// Every organisation, by code, and an index by id.
#[derive(Debug, Default)]
pub struct Organisations {
    all: Vec<OrganisationRecord>,
    by_id: HashMap<OrganisationId, usize>,
}

impl Organisations {
    pub fn new(all: Vec<OrganisationRecord>) -> Organisations {
        let by_id = all.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        Organisations { all, by_id }
    }

    /// All of them, by code.
    pub fn all(&self) -> &[OrganisationRecord] {
        &self.all
    }

    pub fn get(&self, id: OrganisationId) -> Option<&OrganisationRecord> {
        self.by_id.get(&id).and_then(|&i| self.all.get(i))
    }
}

/// The shared, cheaply cloned handle to the cached organisations.
#[derive(Clone)]
pub struct OrganisationCache {
    inner: Arc<Inner>,
}

struct Inner {
    current: RwLock<Option<Arc<Organisations>>>,
    /// Bumped by every invalidation: a reload started before one is not kept.
    generation: AtomicU64,
    /// Whether a change elsewhere would reach us: always on SQLite (single instance); on
    /// PostgreSQL only while the listener's connection is up.
    trusted: AtomicBool,
}

impl Inner {
    fn invalidate(&self) {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::SeqCst);
        *current = None;
    }

    fn set_trusted(&self, trusted: bool) {
        if trusted {
            // Notices sent while nobody listened are lost: start from the database.
            self.invalidate();
            self.trusted.store(true, Ordering::SeqCst);
        } else {
            self.trusted.store(false, Ordering::SeqCst);
            self.invalidate();
        }
    }
}

impl OrganisationCache {
    /// A cache for `db`: on PostgreSQL it follows the changes of every instance through a
    /// listener task of its own (connected to `url`), which ends once the cache is dropped;
    /// on SQLite this process is the only writer.
    pub fn for_database(db: &Db, url: &str) -> OrganisationCache {
        let postgres = siilo_store::database::engine(db) == "postgres";
        let cache = OrganisationCache {
            inner: Arc::new(Inner {
                current: RwLock::new(None),
                generation: AtomicU64::new(0),
                trusted: AtomicBool::new(!postgres),
            }),
        };
        if postgres {
            tokio::spawn(follow(Arc::downgrade(&cache.inner), url.to_owned()));
        }
        cache
    }

    /// The organisations: the cached copy, or a fresh read (kept when nothing changed meanwhile
    /// and the copy can be trusted).
    pub async fn get(&self, db: &Db) -> Result<Arc<Organisations>, DbErr> {
        let inner = &self.inner;
        if inner.trusted.load(Ordering::SeqCst)
            && let Some(cached) = inner.current.read().unwrap_or_else(PoisonError::into_inner).clone()
        {
            return Ok(cached);
        }
        let generation = inner.generation.load(Ordering::SeqCst);
        let fresh = Arc::new(Organisations::new(siilo_store::organisations::list(db).await?));
        let mut current = inner.current.write().unwrap_or_else(PoisonError::into_inner);
        if inner.trusted.load(Ordering::SeqCst) && inner.generation.load(Ordering::SeqCst) == generation {
            *current = Some(Arc::clone(&fresh));
        }
        Ok(fresh)
    }

    /// Drops the cached copy: call after committing a change to the organisations.
    pub fn invalidate(&self) {
        self.inner.invalidate();
    }
}

/// Listens for changes to the organisations until the cache is dropped, reconnecting with
/// a growing pause; the copy is trusted only while connected.
async fn follow(cache: Weak<Inner>, url: String) {
    let mut backoff = Duration::from_millis(250);
    loop {
        match tokio::time::timeout(QUIET, Listener::connect(&url, changes::ORGANISATIONS)).await {
            Ok(Ok(mut listener)) => {
                let Some(inner) = cache.upgrade() else { return };
                inner.set_trusted(true);
                drop(inner);
                tracing::debug!("following changes to the organisations");
                backoff = Duration::from_millis(250);
                let lost = loop {
                    let heard = listener.next(QUIET, PING_TIMEOUT).await;
                    let Some(inner) = cache.upgrade() else { return };
                    match heard {
                        Ok(Heard::Change) => inner.invalidate(),
                        Ok(Heard::Quiet) => {}
                        Err(e) => {
                            inner.set_trusted(false);
                            break e;
                        }
                    }
                };
                tracing::warn!(error = %lost, "lost the connection that follows changes to the organisations; reading them from the database until it is back");
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "cannot follow changes to the organisations; reading them from the database")
            }
            Err(_) => tracing::warn!(
                "connecting to follow changes to the organisations timed out; reading them from the database"
            ),
        }
        if cache.strong_count() == 0 {
            return;
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}
