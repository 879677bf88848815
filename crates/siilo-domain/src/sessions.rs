//! Sessions and refresh-token rotation. A login starts a session (a token family); each
//! refresh uses up one refresh token and issues the next. A used token presented again
//! means it was stolen or leaked, so the whole family ends.

use chrono::{DateTime, Utc};

use crate::DomainError;

/// What the store knows about a presented refresh token and its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshFacts {
    pub used_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    pub session_revoked_at: Option<DateTime<Utc>>,
    pub user_blocked: bool,
}

/// What to do with a presented refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshVerdict {
    /// Use it up and issue the next pair.
    Rotate,
    /// Refuse, and end the whole family first: the token was replayed.
    RevokeFamily,
    /// Refuse with this error; nothing to change.
    Refuse(DomainError),
}

impl RefreshVerdict {
    fn refuse(e: DomainError) -> Self {
        RefreshVerdict::Refuse(e)
    }
}

/// The one answer to "may this refresh token be exchanged now?". A block comes first:
/// blocking also ends the sessions, and the user's open tab should learn the reason, not
/// only that the session ended.
pub fn judge_refresh(f: &RefreshFacts, now: DateTime<Utc>) -> RefreshVerdict {
    if f.user_blocked {
        return RefreshVerdict::refuse(DomainError::AccountBlocked);
    }
    if f.session_revoked_at.is_some() {
        return RefreshVerdict::refuse(DomainError::SessionEnded);
    }
    if f.used_at.is_some() {
        return RefreshVerdict::RevokeFamily;
    }
    if f.expires_at <= now {
        return RefreshVerdict::refuse(DomainError::RefreshTokenExpired);
    }
    RefreshVerdict::Rotate
}

/// May a request with an access token of this session go through? The token's signature
/// and expiry are checked before; this is the live part, looked up on every request. A
/// block is named before the ended session it brings, as in [`judge_refresh`].
pub fn check_session_live(session_revoked: bool, user_blocked: bool) -> Result<(), DomainError> {
    if user_blocked {
        return Err(DomainError::AccountBlocked);
    }
    if session_revoked {
        return Err(DomainError::SessionEnded);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).single().unwrap_or_default()
    }

    fn fresh() -> RefreshFacts {
        RefreshFacts {
            used_at: None,
            expires_at: now() + TimeDelta::days(30),
            session_revoked_at: None,
            user_blocked: false,
        }
    }

    #[test]
    fn a_fresh_token_rotates() {
        assert_eq!(judge_refresh(&fresh(), now()), RefreshVerdict::Rotate);
    }

    #[test]
    fn a_used_token_revokes_its_family() {
        let f = RefreshFacts { used_at: Some(now()), ..fresh() };
        assert_eq!(judge_refresh(&f, now()), RefreshVerdict::RevokeFamily);
    }

    #[test]
    fn a_token_of_an_ended_session_is_refused_without_more_ado() {
        let f = RefreshFacts { used_at: Some(now()), session_revoked_at: Some(now()), ..fresh() };
        assert_eq!(judge_refresh(&f, now()), RefreshVerdict::Refuse(DomainError::SessionEnded));
    }

    #[test]
    fn a_token_expires_at_its_instant() {
        let f = RefreshFacts { expires_at: now(), ..fresh() };
        assert_eq!(judge_refresh(&f, now()), RefreshVerdict::Refuse(DomainError::RefreshTokenExpired));
        let f = RefreshFacts { expires_at: now() + TimeDelta::seconds(1), ..fresh() };
        assert_eq!(judge_refresh(&f, now()), RefreshVerdict::Rotate);
    }

    #[test]
    fn a_blocked_user_cannot_refresh() {
        let f = RefreshFacts { user_blocked: true, ..fresh() };
        assert_eq!(judge_refresh(&f, now()), RefreshVerdict::Refuse(DomainError::AccountBlocked));
        // Blocking ends the sessions too; the reason given is still the block.
        let ended = RefreshFacts { session_revoked_at: Some(now()), used_at: Some(now()), ..f };
        assert_eq!(judge_refresh(&ended, now()), RefreshVerdict::Refuse(DomainError::AccountBlocked));
    }

    #[test]
    fn live_sessions_of_unblocked_users_pass() {
        assert_eq!(check_session_live(false, false), Ok(()));
        assert_eq!(check_session_live(true, false), Err(DomainError::SessionEnded));
        assert_eq!(check_session_live(false, true), Err(DomainError::AccountBlocked));
        assert_eq!(check_session_live(true, true), Err(DomainError::AccountBlocked));
    }
}
