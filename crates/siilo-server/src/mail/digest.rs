//! The daily digest pass: once a day after `SIILO_DIGEST_HOUR` (Finnish time), each user with
//! notifications of kinds they get in the daily digest, created since their last digest,
//! gets one email listing them (rendered at send time by
//! [`super::notifications::render_digest`]).
//!
//! Every instance runs the pass (from its mail worker's loop, see [`DigestSchedule`]); a
//! user's digest is claimed by compare-and-set on `users.digested_until` in the transaction
//! that queues it, so that among instances, restarts and retries exactly one digest goes for
//! each window ([`siilo_store::digests`]).

use chrono::{DateTime, Utc};
use siilo_domain::UserId;
use siilo_domain::email_notifications::digest_until;
use siilo_domain::identity::MailTemplate;
use siilo_store::outbox::{self, NewEmail};
use siilo_store::{Db, DbErr, begin_write, digests};

/// How many due users one query reads.
const BATCH: u64 = 200;

/// Runs one digest pass as at `now` on `db`, with the digest hour `digest_hour` (0–23,
/// Finnish time): queues a digest for each user who is due one and that no other pass has
/// claimed. Returns how many it queued; wake the mail worker when it is more than none.
///
/// `now` chooses the window (tests pass a later one); the digests are queued due at once by
/// the clock, so that a pass as at a later moment still sends now.
pub async fn run_digests(db: &Db, digest_hour: u32, now: DateTime<Utc>) -> Result<usize, DbErr> {
    let until = digest_until(now, digest_hour);
    let mut queued = 0;
    let mut after: Option<UserId> = None;
    loop {
        let due = digests::due(db, until, after, BATCH).await?;
        for user in &due {
            let txn = begin_write(db).await?;
            if digests::claim(&txn, user.user_id, user.digested_until, until).await? {
                let payload = serde_json::json!({ "from": user.digested_until, "until": until });
                let email = NewEmail {
                    user_id: Some(user.user_id),
                    recipient: &user.email,
                    language: user.language,
                    template: MailTemplate::Digest,
                    payload,
                };
                outbox::enqueue(&txn, email, Utc::now()).await?;
                queued += 1;
            }
            txn.commit().await?;
        }
        match due.last() {
            Some(last) if due.len() as u64 == BATCH => after = Some(last.user_id),
            _ => break,
        }
    }
    if queued > 0 {
        tracing::info!(queued, %until, "daily digests queued");
    }
    Ok(queued)
}

/// When this instance last ran a pass to the end, so that the mail worker's loop runs the
/// pass once per window rather than at every poll. Kept in memory only: after a restart
/// the first loop runs a pass, which finds nothing due when another instance (or the
/// previous run) already did it.
#[derive(Debug, Default)]
pub struct DigestSchedule {
    done_until: Option<DateTime<Utc>>,
}

impl DigestSchedule {
    /// Runs a pass when a new window has ended since the last one ran to the end; returns how
    /// many digests it queued. A failed pass is tried again at the next call.
    pub async fn tick(&mut self, db: &Db, digest_hour: u32, now: DateTime<Utc>) -> Result<usize, DbErr> {
        let until = digest_until(now, digest_hour);
        if self.done_until.is_some_and(|done| done >= until) {
            return Ok(0);
        }
        let queued = run_digests(db, digest_hour, now).await?;
        self.done_until = Some(until);
        Ok(queued)
    }
}
