//! Brute-force protection per account: after `max_failures` failed logins within `window`,
//! the account's logins are refused for `lockout`, whoever tries. The state is keyed by the
//! normalised email, known or not, so that a lock-out does not tell whether an account exists.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::DomainError;

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

/// What is remembered of an email's recent failed logins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleState {
    pub window_started_at: DateTime<Utc>,
    pub failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// May a login for this email be tried now? Checked before the password is hashed, so a
/// locked account costs no argon2 time.
pub fn check_login_allowed(state: Option<&ThrottleState>, now: DateTime<Utc>) -> Result<(), DomainError> {
    match state.and_then(|s| s.locked_until) {
        Some(until) if until > now => Err(DomainError::LoginLocked {
            retry_after: until.signed_duration_since(now).to_std().unwrap_or_default(),
        }),
        _ => Ok(()),
    }
}

/// The state after one more failure at `now`: a failure outside the window starts a new
/// one; reaching `max_failures` locks the account until `now + lockout`.
pub fn record_failure(
    policy: &ThrottlePolicy,
    state: Option<ThrottleState>,
    now: DateTime<Utc>,
) -> ThrottleState {
    let window = TimeDelta::from_std(policy.window).unwrap_or(TimeDelta::MAX);
    let lockout = TimeDelta::from_std(policy.lockout).unwrap_or(TimeDelta::MAX);
    let mut next = match state {
        Some(s) if now.signed_duration_since(s.window_started_at) < window && !s.lock_expired(now) => s,
        _ => ThrottleState { window_started_at: now, failures: 0, locked_until: None },
    };
    next.failures = next.failures.saturating_add(1);
    if next.failures >= policy.max_failures {
        next.locked_until = now.checked_add_signed(lockout);
    }
    next
}

impl ThrottleState {
    /// A lock that has run out starts the count again from zero.
    fn lock_expired(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|until| until <= now)
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

    fn fail_times(n: u32, at: DateTime<Utc>) -> Option<ThrottleState> {
        (0..n).fold(None, |s, _| Some(record_failure(&policy(), s, at)))
    }

    #[test]
    fn a_fresh_email_may_log_in() {
        assert_eq!(check_login_allowed(None, t0()), Ok(()));
    }

    #[test]
    fn failures_below_the_limit_do_not_lock() {
        let s = fail_times(2, t0());
        assert_eq!(s.map(|s| s.failures), Some(2));
        assert_eq!(check_login_allowed(s.as_ref(), t0()), Ok(()));
    }

    #[test]
    fn the_limit_locks_for_the_lockout_and_says_how_long() {
        let s = fail_times(3, t0());
        let one_min_later = t0() + TimeDelta::seconds(60);
        assert_eq!(
            check_login_allowed(s.as_ref(), one_min_later),
            Err(DomainError::LoginLocked { retry_after: Duration::from_secs(240) })
        );
        // Exactly at the end of the lock-out, logins are allowed again.
        assert_eq!(check_login_allowed(s.as_ref(), t0() + TimeDelta::seconds(300)), Ok(()));
    }

    #[test]
    fn a_failure_after_the_window_starts_counting_again() {
        let s = fail_times(2, t0());
        let later = t0() + TimeDelta::seconds(600);
        let next = record_failure(&policy(), s, later);
        assert_eq!(next, ThrottleState { window_started_at: later, failures: 1, locked_until: None });
    }

    #[test]
    fn a_failure_after_an_expired_lock_starts_counting_again() {
        let s = fail_times(3, t0());
        let after_lock = t0() + TimeDelta::seconds(301);
        let next = record_failure(&policy(), s, after_lock);
        assert_eq!(next.failures, 1);
        assert_eq!(next.locked_until, None);
    }
}
