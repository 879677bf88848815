//! Email: the worker that sends what the outbox holds (`siilo_store::outbox`), through SMTP
//! or, when no server is configured, into the log.

pub mod digest;
pub mod unsubscribe;

use std::sync::Arc;

use tokio::sync::Notify;

/// Wakes this instance's mail worker: call [`Mailer::wake`] after committing a transaction
/// that queued an email, so that it goes at once rather than at the next poll.
#[derive(Clone, Default)]
pub struct Mailer {
    notify: Arc<Notify>,
}

impl Mailer {
    pub fn wake(&self) {
        self.notify.notify_one();
    }

    /// Resolves at the next [`Mailer::wake`] (or at once, if one came since the last wait).
    pub async fn woken(&self) {
        self.notify.notified().await;
    }
}
