//! Single-use email links (confirm an address, confirm a new address, reset a password): when
//! one still works, and how often one may be sent.
//!
//! A link is a random token mailed to an address; only its hash is stored. It works once,
//! until it expires ([`LinkPurpose::lifetime`]), and only for its own purpose. Sending a new
//! link of a purpose makes the user's older unused ones of that purpose stop working, so only
//! the latest email counts.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::DomainError;
use crate::identity::LinkPurpose;

/// The least time between two links of one purpose to one account: a resend asked for sooner
/// is refused (`email_recently_sent`), a password reset asked for sooner is silently not sent.
pub const RESEND_COOLDOWN: Duration = Duration::from_secs(60);

/// What the rules need to know of a stored link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkFacts {
    pub purpose: LinkPurpose,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// When a link of `purpose` sent at `now` stops working.
pub fn expires_at(purpose: LinkPurpose, now: DateTime<Utc>) -> DateTime<Utc> {
    chrono::TimeDelta::from_std(purpose.lifetime())
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(now)
}

/// The one answer to "does this link work now, here?": `link` is what the store found for the
/// token (`None`: unknown), `accepted` the purposes the route takes. An unknown link, one of
/// another purpose and one used already are `link_invalid` (they look the same from outside);
/// one past its time (or replaced by a newer one) is `link_expired`.
pub fn check_link(
    link: Option<&LinkFacts>,
    accepted: &[LinkPurpose],
    now: DateTime<Utc>,
) -> Result<LinkPurpose, DomainError> {
    let link = link.filter(|l| accepted.contains(&l.purpose)).ok_or(DomainError::LinkInvalid)?;
    if link.used_at.is_some() {
        return Err(DomainError::LinkInvalid);
    }
    if link.expires_at <= now {
        return Err(DomainError::LinkExpired);
    }
    Ok(link.purpose)
}

/// A link works only for the address it was sent to: once the account's address has changed
/// (or the account was erased), a link to the old one proves nothing about the account.
pub fn check_link_address(link_email: &str, account_email: &str, erased: bool) -> Result<(), DomainError> {
    if erased || link_email != account_email { Err(DomainError::LinkInvalid) } else { Ok(()) }
}

/// How long until another link of a purpose may be sent, when the last one went at
/// `last_sent`: `None` when it may go now.
pub fn cooldown_left(last_sent: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<Duration> {
    let last = last_sent?;
    let wait = RESEND_COOLDOWN.checked_sub(now.signed_duration_since(last).to_std().unwrap_or_default())?;
    (!wait.is_zero()).then_some(wait)
}

/// A new link may be asked for once the last one of its purpose is [`RESEND_COOLDOWN`] old
/// (`email_recently_sent`, saying how long to wait).
pub fn check_cooldown(last_sent: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<(), DomainError> {
    match cooldown_left(last_sent, now) {
        Some(retry_after) => Err(DomainError::EmailRecentlySent { retry_after }),
        None => Ok(()),
    }
}

/// A confirmation link is sent again only to an address not yet confirmed.
pub fn check_not_verified(verified: bool) -> Result<(), DomainError> {
    if verified { Err(DomainError::EmailAlreadyVerified) } else { Ok(()) }
}

/// What decides whether a password reset email goes to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetFacts {
    pub blocked: bool,
    /// The address's domain signs in by single sign-on only.
    pub sso_only: bool,
    /// When the account's last reset link was sent, if ever.
    pub last_sent: Option<DateTime<Utc>>,
}

/// Whether a password reset link is sent. The answer to the request is the same either way,
/// so that it tells nobody whether an address has an account: a blocked account, an address
/// that signs in by single sign-on only, and a second request within [`RESEND_COOLDOWN`] are
/// silently skipped (the last so that the form cannot flood an inbox).
pub fn sends_reset(facts: ResetFacts, now: DateTime<Utc>) -> bool {
    !facts.blocked && !facts.sso_only && cooldown_left(facts.last_sent, now).is_none()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).single().unwrap_or_default()
    }

    fn secs(s: i64) -> chrono::TimeDelta {
        chrono::TimeDelta::seconds(s)
    }

    fn link(purpose: LinkPurpose) -> LinkFacts {
        LinkFacts { purpose, expires_at: expires_at(purpose, t0()), used_at: None }
    }

    #[test]
    fn a_fresh_link_works_for_its_own_purpose_only() {
        let verify = link(LinkPurpose::VerifyEmail);
        let confirming = [LinkPurpose::VerifyEmail, LinkPurpose::ChangeEmail];
        assert_eq!(check_link(Some(&verify), &confirming, t0()), Ok(LinkPurpose::VerifyEmail));
        assert_eq!(
            check_link(Some(&verify), &[LinkPurpose::PasswordReset], t0()),
            Err(DomainError::LinkInvalid)
        );
        let reset = link(LinkPurpose::PasswordReset);
        assert_eq!(check_link(Some(&reset), &confirming, t0()), Err(DomainError::LinkInvalid));
        assert_eq!(check_link(None, &confirming, t0()), Err(DomainError::LinkInvalid));
    }

    #[test]
    fn a_used_link_is_invalid_and_an_old_one_expired() {
        let accepted = [LinkPurpose::PasswordReset];
        let reset = link(LinkPurpose::PasswordReset);
        let used = LinkFacts { used_at: Some(t0() + secs(5)), ..reset };
        assert_eq!(check_link(Some(&used), &accepted, t0() + secs(10)), Err(DomainError::LinkInvalid));
        // Used and expired both: it was spent, which is what the user needs to hear.
        assert_eq!(check_link(Some(&used), &accepted, t0() + secs(7200)), Err(DomainError::LinkInvalid));
        assert_eq!(check_link(Some(&reset), &accepted, t0() + secs(3599)), Ok(LinkPurpose::PasswordReset));
        assert_eq!(check_link(Some(&reset), &accepted, t0() + secs(3600)), Err(DomainError::LinkExpired));
    }

    #[test]
    fn links_live_for_their_purpose_s_lifetime() {
        assert_eq!(expires_at(LinkPurpose::VerifyEmail, t0()), t0() + secs(48 * 3600));
        assert_eq!(expires_at(LinkPurpose::ChangeEmail, t0()), t0() + secs(48 * 3600));
        assert_eq!(expires_at(LinkPurpose::PasswordReset, t0()), t0() + secs(3600));
    }

    #[test]
    fn a_link_works_only_for_the_address_it_went_to() {
        assert_eq!(check_link_address("maija@vm.fi", "maija@vm.fi", false), Ok(()));
        assert_eq!(check_link_address("maija@vm.fi", "maija@stm.fi", false), Err(DomainError::LinkInvalid));
        assert_eq!(check_link_address("maija@vm.fi", "maija@vm.fi", true), Err(DomainError::LinkInvalid));
    }

    #[test]
    fn a_link_is_sent_again_only_after_the_cooldown() {
        assert_eq!(check_cooldown(None, t0()), Ok(()));
        assert_eq!(
            check_cooldown(Some(t0()), t0() + secs(15)),
            Err(DomainError::EmailRecentlySent { retry_after: Duration::from_secs(45) })
        );
        assert_eq!(check_cooldown(Some(t0()), t0() + secs(60)), Ok(()));
        assert_eq!(check_cooldown(Some(t0()), t0() + secs(600)), Ok(()));
        // A clock that went back counts as no time passed.
        assert_eq!(cooldown_left(Some(t0() + secs(5)), t0()), Some(RESEND_COOLDOWN));
    }

    #[test]
    fn only_an_unconfirmed_address_gets_its_link_again() {
        assert_eq!(check_not_verified(false), Ok(()));
        assert_eq!(check_not_verified(true), Err(DomainError::EmailAlreadyVerified));
    }

    #[test]
    fn reset_links_skip_blocked_sso_only_and_recently_sent_accounts() {
        let open = ResetFacts { blocked: false, sso_only: false, last_sent: None };
        assert!(sends_reset(open, t0()));
        assert!(!sends_reset(ResetFacts { blocked: true, ..open }, t0()));
        assert!(!sends_reset(ResetFacts { sso_only: true, ..open }, t0()));
        assert!(!sends_reset(ResetFacts { last_sent: Some(t0() - secs(59)), ..open }, t0()));
        assert!(sends_reset(ResetFacts { last_sent: Some(t0() - secs(60)), ..open }, t0()));
    }
}
