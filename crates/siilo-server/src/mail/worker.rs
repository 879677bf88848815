//! The mail worker: one per instance, a task that starts with the server and stops with it.
//!
//! It claims due outbox rows ([`siilo_store::outbox::claim_due`]: atomic, so instances
//! behind one load balancer never send a row twice), renders and sends each, then marks it
//! sent (and forgets its payload) or schedules the next attempt, each pause twice the last
//! ([`siilo_domain::outbox::retry_delay`]); after the last attempt the row is marked failed
//! and logged as an error. A row that cannot become an email (an unknown template, a payload
//! without what the template needs) is failed at once: the worker never retries it forever
//! and never panics over it.
//!
//! It wakes when this instance queued an email ([`super::Mailer::wake`]) and every
//! `SIILO_MAIL_POLL` for those queued by other instances or due for a retry. Asked to stop,
//! it finishes the send in progress, gives the rest of its claim back and returns.
//!
//! Each round first runs the daily digest pass when a new window has ended
//! ([`super::digest::DigestSchedule`]), so that the digests it queues go in the same round.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use lettre::message::Mailbox;
use siilo_domain::accounts::Language;
use siilo_domain::identity::MailTemplate;
use siilo_store::outbox::{self, QueuedEmail};
use tokio::sync::watch;
use tokio::time::Instant;

use super::digest::DigestSchedule;
use super::message::{self, MessageError};
use super::transport::{LogLine, SMTP_TIMEOUT, Transport, TransportError};
use super::{RenderContext, RenderError, render};
use crate::state::AppState;

/// How many rows one claim takes.
const BATCH: u64 = 10;

/// How long a claim holds its rows: a sender that dies leaves them to come back after this.
const CLAIM: Duration = Duration::from_secs(120);

/// A batch's rows are sent only while their claim has at least this long to run (one SMTP
/// exchange and a margin); past it, the rest are given back and claimed anew.
const CLAIM_MARGIN: Duration = Duration::from_secs(SMTP_TIMEOUT.as_secs() + 30);

/// The pause after a failed claim (the database is away).
const CLAIM_ERROR_PAUSE: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("SIILO_MAIL_FROM: {0:?} is not an email address (such as `Siilo <siilo@example.fi>`)")]
    From(String),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

/// What became of one attempt.
enum Outcome {
    Sent,
    /// Done without sending: nothing to say any more.
    Dropped(String),
    /// Never to be tried again.
    Failed(String),
    /// To be tried again, unless it was the last attempt.
    Retry(String),
}

/// This instance's mail worker.
pub struct MailWorker {
    /// The worker's state: its `db` is a handle on the pool of its own, whose statements do not
    /// count as the requests' (the tests that count a request's statements see only theirs).
    state: AppState,
    from: Mailbox,
    transport: Transport,
}

impl MailWorker {
    /// Checks the sender and the SMTP URL: a bad one stops start-up.
    pub fn new(state: AppState) -> Result<MailWorker, MailSetupError> {
        let from = state
            .config
            .mail_from
            .parse::<Mailbox>()
            .map_err(|_| MailSetupError::From(state.config.mail_from.clone()))?;
        let transport = Transport::from_config(&state.config)?;
        Ok(MailWorker { state, from, transport })
    }

    /// Sends until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let mut digests = DigestSchedule::default();
        if self.transport.is_log() {
            tracing::info!("no SMTP server (SIILO_SMTP_URL): emails are written to the log");
        }
        let poll = self.state.config.mail_poll;
        loop {
            if *stop.borrow() {
                break;
            }
            let now = Utc::now();
            // The daily digests: a pass once a window, which queues rows this loop then sends.
            if let Err(e) = digests.tick(&self.state.db, self.state.config.digest_hour, now).await {
                tracing::warn!(error = %e, "mail: the daily digest pass failed; trying again at the next round");
            }
            let claimed_until = now + CLAIM;
            let batch = match outbox::claim_due(&self.state.db, BATCH, now, claimed_until).await {
                Ok(batch) => batch,
                Err(e) => {
                    tracing::warn!(error = %e, "mail: could not claim due emails; trying again shortly");
                    tokio::select! {
                        () = tokio::time::sleep(CLAIM_ERROR_PAUSE) => {}
                        _ = stop.changed() => {}
                    }
                    continue;
                }
            };
            let full = batch.len() as u64 == BATCH;
            let claimed_at = Instant::now();
            let mut rest = batch.iter().map(|e| e.id).collect::<std::collections::VecDeque<_>>();
            for email in &batch {
                if *stop.borrow() || claimed_at.elapsed() + CLAIM_MARGIN > CLAIM {
                    break;
                }
                rest.pop_front();
                self.deliver(email).await;
            }
            if !rest.is_empty() {
                let rest: Vec<_> = rest.into_iter().collect();
                if let Err(e) = outbox::release(&self.state.db, &rest).await {
                    tracing::warn!(error = %e, count = rest.len(), "mail: could not give back claimed emails; they come back when the claim ends");
                }
            }
            if full && !*stop.borrow() {
                continue;
            }
            tokio::select! {
                () = self.state.mail.woken() => {}
                () = tokio::time::sleep(poll) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::debug!("mail worker stopped");
    }

    /// Tries one claimed email and records what became of it.
    async fn deliver(&self, email: &QueuedEmail) {
        let outcome = match AssertUnwindSafe(self.attempt(email)).catch_unwind().await {
            Ok(outcome) => outcome,
            Err(_) => Outcome::Failed("rendering or sending it panicked".into()),
        };
        let db = &self.state.db;
        let now = Utc::now();
        let recorded = match outcome {
            Outcome::Sent => outbox::mark_sent(db, email.id, now).await,
            Outcome::Dropped(reason) => {
                tracing::info!(outbox_id = %email.id, template = email.template, reason, "mail: nothing to send");
                outbox::mark_dropped(db, email.id, now, &reason).await
            }
            Outcome::Failed(error) => {
                tracing::error!(outbox_id = %email.id, template = email.template, error, "mail: an email cannot be sent and is given up");
                outbox::mark_failed(db, email.id, now, &error).await
            }
            Outcome::Retry(error) => {
                match siilo_domain::outbox::retry_delay(self.state.config.mail_retry, email.attempts) {
                    Some(delay) => {
                        let at =
                            now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1));
                        tracing::warn!(outbox_id = %email.id, template = email.template, attempts = email.attempts, error, next_attempt_at = %at, "mail: sending failed; trying again later");
                        outbox::schedule_retry(db, email.id, at, &error).await
                    }
                    None => {
                        tracing::error!(outbox_id = %email.id, template = email.template, attempts = email.attempts, error, "mail: sending failed at the last attempt; the email is given up");
                        outbox::mark_failed(db, email.id, now, &error).await
                    }
                }
            }
        };
        if let Err(e) = recorded {
            tracing::warn!(outbox_id = %email.id, error = %e, "mail: could not record the outcome; the email comes back when its claim ends");
        }
    }

    async fn attempt(&self, email: &QueuedEmail) -> Outcome {
        let Ok(template) = email.template.parse::<MailTemplate>() else {
            return Outcome::Failed(format!("unknown template {:?}", email.template));
        };
        let Ok(language) = email.language.parse::<Language>() else {
            return Outcome::Failed(format!("unknown language {:?}", email.language));
        };
        let Some(payload) = email.payload.as_deref() else {
            return Outcome::Failed("the payload is gone".into());
        };
        let payload: serde_json::Value = match serde_json::from_str(payload) {
            Ok(p) => p,
            Err(e) => return Outcome::Failed(format!("the payload is not JSON: {e}")),
        };
        let now: DateTime<Utc> = Utc::now();
        let ctx = RenderContext {
            state: &self.state,
            outbox_id: email.id,
            user_id: email.user_id,
            recipient: &email.recipient,
            language,
            now,
        };
        let rendered = match render(&ctx, template, &payload).await {
            Ok(r) => r,
            Err(RenderError::Invalid(e)) => return Outcome::Failed(format!("cannot be rendered: {e}")),
            Err(RenderError::Obsolete(reason)) => return Outcome::Dropped(reason),
            Err(e @ RenderError::Db(_)) => return Outcome::Retry(format!("rendering: {e}")),
        };
        let message = match message::build(
            email.id,
            &self.from,
            &email.recipient,
            language,
            &rendered,
            SystemTime::now(),
        ) {
            Ok(m) => m,
            Err(e @ (MessageError::Recipient(_) | MessageError::Build(_))) => {
                return Outcome::Failed(e.to_string());
            }
        };
        let log = LogLine {
            outbox_id: email.id,
            recipient: &email.recipient,
            template: &email.template,
            subject: &rendered.subject,
        };
        match self.transport.send(message, log).await {
            Ok(()) => {
                if !self.transport.is_log() {
                    tracing::info!(outbox_id = %email.id, template = email.template, attempts = email.attempts, "mail: sent");
                }
                Outcome::Sent
            }
            Err(e) => Outcome::Retry(e),
        }
    }
}
