//! When the outbox tries a failed email again: each pause doubles from the configured first
//! one, up to an hour, and after [`MAX_ATTEMPTS`] the email is given up.

use std::time::Duration;

/// How many times an email is tried before it is marked failed.
pub const MAX_ATTEMPTS: u32 = 8;

/// The longest pause between two attempts.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(3600);

/// The pause after the failed attempt number `attempts` (1 for the first), when `first` is
/// the first pause: `first · 2^(attempts − 1)`, at most [`MAX_RETRY_DELAY`]; `None` once
/// `attempts` reaches [`MAX_ATTEMPTS`] (give up).
pub fn retry_delay(first: Duration, attempts: u32) -> Option<Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = attempts.saturating_sub(1).min(31);
    Some(first.saturating_mul(1 << doublings).min(MAX_RETRY_DELAY))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pause_doubles_up_to_an_hour_then_the_email_is_given_up() {
        let first = Duration::from_secs(30);
        let pauses: Vec<_> = (1..MAX_ATTEMPTS).map(|a| retry_delay(first, a)).collect();
        assert_eq!(pauses, [30, 60, 120, 240, 480, 960, 1920].map(|s| Some(Duration::from_secs(s))).to_vec());
        assert_eq!(retry_delay(first, MAX_ATTEMPTS), None);
        assert_eq!(retry_delay(first, 100), None);
        assert_eq!(retry_delay(Duration::from_secs(600), 7), Some(MAX_RETRY_DELAY));
    }

    #[test]
    fn a_zeroth_attempt_waits_the_first_pause() {
        assert_eq!(retry_delay(Duration::from_millis(200), 0), Some(Duration::from_millis(200)));
    }
}
