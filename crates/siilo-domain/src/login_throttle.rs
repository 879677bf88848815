//! Brute-force protection per account, without handing anyone a way to lock others out.
//!
//! Failed password checks are counted per *bucket*: one bucket per normalised email (known
//! or not, so that a lock-out does not tell whether an account exists) for clients that
//! have not signed in to the account before, and one bucket per *known client*: a client
//! holding a known-client token, which a successful login hands out. A stranger's failures
//! fill the email's bucket only, so the owner's own browser still signs in while strangers
//! are locked out; a stolen known-client token gets its own small budget.
//!
//! Each attempt *reserves* a place in its bucket before the slow password check, and a
//! bucket holds at most `max_failures` places per window, however many attempts arrive at
//! once. The place reserved by the attempt that fills the bucket also locks it until
//! `now + lockout`. A right password gives its place back; a wrong one keeps it. The store
//! carries out a [`Reservation`] with conditional statements on the bucket's row, each atomic;
//! the numbers come from here.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::DomainError;

/// How long a known-client token stays valid; each login and refresh hands out a new one.
pub const KNOWN_CLIENT_TTL: Duration = Duration::from_secs(180 * 24 * 60 * 60);

/// The bucket a login attempt counts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bucket {
    /// Clients that have not signed in to this account before: keyed by the email.
    Email(String),
    /// A client that has, named by its known-client token's id.
    KnownClient(uuid::Uuid),
}

impl Bucket {
    /// The store's key. Emails are lower-cased before they get here, so the upper-case
    /// prefix of a known-client key can never be typed into the login form.
    pub fn key(&self) -> String {
        match self {
            Bucket::Email(email) => email.clone(),
            Bucket::KnownClient(id) => format!("CLIENT:{}", id.simple()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub max_failures: u32,
    pub window: Duration,
    pub lockout: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            max_failures: 10,
            window: Duration::from_secs(15 * 60),
            lockout: Duration::from_secs(15 * 60),
        }
    }
}

/// What is remembered of a bucket's recent attempts. `failures` counts wrong passwords
/// and attempts still being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleState {
    pub window_started_at: DateTime<Utc>,
    pub failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// The numbers of one attempt's reservation at `now`, for the store to apply atomically:
/// a bucket whose lock has run out (`locked_until <= now`) or whose unlocked window began
/// at or before `window_started_before` starts again from zero at `now`; then a place is
/// taken only while fewer than `max_failures` are taken, and taking the last one sets
/// `locked_until` to `lock_until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reservation {
    pub now: DateTime<Utc>,
    pub window_started_before: DateTime<Utc>,
    pub max_failures: u32,
    pub lock_until: DateTime<Utc>,
}

impl ThrottlePolicy {
    pub fn reservation(&self, now: DateTime<Utc>) -> Reservation {
        let window = TimeDelta::from_std(self.window).unwrap_or(TimeDelta::MAX);
        let lockout = TimeDelta::from_std(self.lockout).unwrap_or(TimeDelta::MAX);
        Reservation {
            now,
            window_started_before: now.checked_sub_signed(window).unwrap_or(DateTime::<Utc>::MIN_UTC),
            max_failures: self.max_failures,
            lock_until: now.checked_add_signed(lockout).unwrap_or(DateTime::<Utc>::MAX_UTC),
        }
    }

    /// The refusal of an attempt that found no free place in its bucket, saying how long to
    /// wait: until the lock ends, or, when the last places are still being checked, until
    /// the lock their failure would set ends (the worst case).
    pub fn refusal(&self, state: Option<&ThrottleState>, now: DateTime<Utc>) -> DomainError {
        let until = state
            .and_then(|s| s.locked_until)
            .filter(|until| *until > now)
            .unwrap_or_else(|| self.reservation(now).lock_until);
        DomainError::LoginLocked {
            retry_after: until.signed_duration_since(now).to_std().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).single().unwrap_or_default()
    }

    fn policy() -> ThrottlePolicy {
        ThrottlePolicy {
            max_failures: 3,
            window: Duration::from_secs(600),
            lockout: Duration::from_secs(300),
        }
    }

    #[test]
    fn email_and_known_client_keys_never_meet() {
        let email = Bucket::Email("maija@vm.fi".into()).key();
        let client = Bucket::KnownClient(uuid::Uuid::nil()).key();
        assert_eq!(email, "maija@vm.fi");
        assert_eq!(client, "CLIENT:00000000000000000000000000000000");
        assert_ne!(crate::accounts::normalize_email(&client), client);
        assert!(client.len() <= 254);
    }

    #[test]
    fn a_reservation_counts_the_window_back_from_now_and_locks_forward() {
        let r = policy().reservation(t0());
        assert_eq!(r.window_started_before, t0() - TimeDelta::seconds(600));
        assert_eq!(r.lock_until, t0() + TimeDelta::seconds(300));
        assert_eq!(r.max_failures, 3);
    }

    #[test]
    fn a_locked_bucket_says_how_long_the_lock_lasts() {
        let s = ThrottleState {
            window_started_at: t0(),
            failures: 3,
            locked_until: Some(t0() + TimeDelta::seconds(300)),
        };
        assert_eq!(
            policy().refusal(Some(&s), t0() + TimeDelta::seconds(60)),
            DomainError::LoginLocked { retry_after: Duration::from_secs(240) }
        );
    }

    #[test]
    fn a_full_bucket_without_a_lock_waits_for_the_worst_case() {
        let s = ThrottleState { window_started_at: t0(), failures: 3, locked_until: None };
        assert_eq!(
            policy().refusal(Some(&s), t0()),
            DomainError::LoginLocked { retry_after: Duration::from_secs(300) }
        );
        let ended = ThrottleState { locked_until: Some(t0()), ..s };
        assert_eq!(
            policy().refusal(Some(&ended), t0()),
            DomainError::LoginLocked { retry_after: Duration::from_secs(300) }
        );
    }

    #[test]
    fn an_absurd_policy_saturates_instead_of_overflowing() {
        let huge = ThrottlePolicy { max_failures: 1, window: Duration::MAX, lockout: Duration::MAX };
        let r = huge.reservation(t0());
        assert_eq!(r.window_started_before, DateTime::<Utc>::MIN_UTC);
        assert_eq!(r.lock_until, DateTime::<Utc>::MAX_UTC);
    }
}
