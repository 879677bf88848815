//! Single sign-on: what a verified answer of the organisation's OpenID Connect provider does.
//!
//! The server has already checked the ID token (signature, issuer, audience, expiry, nonce);
//! what is left is whose account it opens. An identity (issuer + subject) that is linked
//! signs in its account. Otherwise the provider's email address decides, and only when the
//! provider vouches for it (`email_verified`): the account with that address is linked when
//! its address is confirmed in Siilo too, refused while it is not (whoever registered it may
//! not own it), and made anew when there is none.

use crate::accounts::{self, Language};
use crate::{DomainError, UserId};

/// The longest display name a provider's claims give a new account, as for registration.
const NAME_MAX_CHARS: usize = accounts::DISPLAY_NAME_MAX_CHARS as usize;

/// An account as the sign-in decision sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    pub id: UserId,
    /// Whether the account's address is confirmed in Siilo.
    pub email_verified: bool,
    pub blocked: bool,
}

/// What the provider says of the person's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimedEmail<'a> {
    /// Normalised ([`accounts::normalize_email`]); `None` when the provider gave none.
    pub email: Option<&'a str>,
    /// The provider's `email_verified`; absent counts as `false`.
    pub verified: bool,
}

/// What to do with a verified sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInDecision {
    /// The identity is linked to this account: sign it in.
    SignIn(UserId),
    /// Link the identity to this account (same confirmed address), then sign it in.
    Link(UserId),
    /// Make a new account with the provider's address, confirmed, link the identity to it and
    /// sign it in.
    Create,
}

/// Decides whose account a provider's verified answer opens.
///
/// - `linked`: the account the identity (issuer + subject) is linked to, if any; it signs in
///   whatever address the provider now gives (the subject is what identifies a person, an
///   address can change hands), unless it is blocked;
/// - `by_email`: the live account that holds the provider's address, if any;
/// - `allowed_domains`: `SIILO_ALLOWED_EMAIL_DOMAINS`, which limits new accounts here as it
///   does registration (empty: any domain).
///
/// Refusals: `account_blocked`; `sso_email_unverified` when the provider does not vouch for
/// the address (or gives none); `sso_email_taken` when the only account with that address has
/// not confirmed it; `email_domain_not_allowed` for a new account outside the allowed domains.
pub fn decide_sign_in(
    linked: Option<Account>,
    claimed: ClaimedEmail<'_>,
    by_email: Option<Account>,
    allowed_domains: &[String],
) -> Result<SignInDecision, DomainError> {
    if let Some(account) = linked {
        return if account.blocked {
            Err(DomainError::AccountBlocked)
        } else {
            Ok(SignInDecision::SignIn(account.id))
        };
    }
    let email = match claimed.email {
        Some(email) if claimed.verified && accounts::email_domain(email).is_some() => email,
        _ => return Err(DomainError::SsoEmailUnverified),
    };
    match by_email {
        Some(account) if !account.email_verified => Err(DomainError::SsoEmailTaken),
        Some(account) if account.blocked => Err(DomainError::AccountBlocked),
        Some(account) => Ok(SignInDecision::Link(account.id)),
        None => {
            accounts::check_email_domain_allowed(email, allowed_domains)?;
            Ok(SignInDecision::Create)
        }
    }
}

/// What a provider says of the person besides the address, for a new account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProfileClaims<'a> {
    pub name: Option<&'a str>,
    pub given_name: Option<&'a str>,
    pub family_name: Option<&'a str>,
    pub preferred_username: Option<&'a str>,
    /// A BCP 47 tag such as `fi`, `sv-FI` or `en-GB`.
    pub locale: Option<&'a str>,
}

/// The display name of an account made by single sign-on: the provider's `name`, else its
/// given and family names, else its preferred username, else the address's local part;
/// normalised as a registered name is and cut to 100 characters.
pub fn display_name_for(email: &str, claims: &ProfileClaims<'_>) -> String {
    let joined = [claims.given_name, claims.family_name].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let local = email.split_once('@').map_or(email, |(local, _)| local);
    let name = [claims.name, Some(joined.as_str()), claims.preferred_username, Some(local)]
        .into_iter()
        .flatten()
        .map(accounts::normalize_display_name)
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| email.to_owned());
    name.chars().take(NAME_MAX_CHARS).collect()
}

/// The language of an account made by single sign-on: the provider's `locale` when it is
/// Finnish, Swedish or English, else Finnish.
pub fn language_for(claims: &ProfileClaims<'_>) -> Language {
    let primary = claims
        .locale
        .and_then(|l| l.split(['-', '_']).next())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    primary.parse().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn account(verified: bool, blocked: bool) -> Account {
        Account { id: UserId(Uuid::now_v7()), email_verified: verified, blocked }
    }

    const MAIJA: ClaimedEmail<'static> = ClaimedEmail { email: Some("maija@vm.fi"), verified: true };

    #[test]
    fn a_linked_identity_signs_in_its_account_whatever_the_address() {
        let linked = account(true, false);
        let other = account(true, false);
        assert_eq!(
            decide_sign_in(Some(linked), MAIJA, Some(other), &[]),
            Ok(SignInDecision::SignIn(linked.id))
        );
        let unverified = ClaimedEmail { email: Some("maija@vm.fi"), verified: false };
        assert_eq!(
            decide_sign_in(Some(linked), unverified, None, &[]),
            Ok(SignInDecision::SignIn(linked.id))
        );
        let none = ClaimedEmail { email: None, verified: false };
        assert_eq!(decide_sign_in(Some(linked), none, None, &[]), Ok(SignInDecision::SignIn(linked.id)));
    }

    #[test]
    fn a_blocked_account_does_not_sign_in() {
        let blocked = account(true, true);
        assert_eq!(decide_sign_in(Some(blocked), MAIJA, None, &[]), Err(DomainError::AccountBlocked));
        assert_eq!(decide_sign_in(None, MAIJA, Some(blocked), &[]), Err(DomainError::AccountBlocked));
    }

    #[test]
    fn an_address_the_provider_does_not_vouch_for_is_refused() {
        for claimed in [
            ClaimedEmail { email: Some("maija@vm.fi"), verified: false },
            ClaimedEmail { email: None, verified: true },
            ClaimedEmail { email: Some("maija"), verified: true },
        ] {
            for by_email in [None, Some(account(true, false))] {
                assert_eq!(
                    decide_sign_in(None, claimed, by_email, &[]),
                    Err(DomainError::SsoEmailUnverified),
                    "{claimed:?}"
                );
            }
        }
    }

    #[test]
    fn an_account_with_the_same_confirmed_address_is_linked() {
        let existing = account(true, false);
        assert_eq!(decide_sign_in(None, MAIJA, Some(existing), &[]), Ok(SignInDecision::Link(existing.id)));
    }

    #[test]
    fn an_account_that_has_not_confirmed_the_address_is_not_taken_over() {
        let squatter = account(false, false);
        assert_eq!(decide_sign_in(None, MAIJA, Some(squatter), &[]), Err(DomainError::SsoEmailTaken));
    }

    #[test]
    fn a_new_address_makes_an_account_within_the_allowed_domains() {
        assert_eq!(decide_sign_in(None, MAIJA, None, &[]), Ok(SignInDecision::Create));
        assert_eq!(decide_sign_in(None, MAIJA, None, &["vm.fi".into()]), Ok(SignInDecision::Create));
        assert_eq!(
            decide_sign_in(None, MAIJA, None, &["om.fi".into()]),
            Err(DomainError::EmailDomainNotAllowed)
        );
    }

    #[test]
    fn the_display_name_comes_from_the_best_claim_there_is() {
        let email = "maija.meikalainen@vm.fi";
        let full = ProfileClaims {
            name: Some("  Maija   Meikäläinen "),
            given_name: Some("M"),
            family_name: Some("K"),
            preferred_username: Some("mm"),
            locale: None,
        };
        assert_eq!(display_name_for(email, &full), "Maija Meikäläinen");
        let parts = ProfileClaims {
            name: Some("  "),
            given_name: Some("Maija"),
            family_name: Some("Meikäläinen"),
            ..Default::default()
        };
        assert_eq!(display_name_for(email, &parts), "Maija Meikäläinen");
        let username = ProfileClaims { preferred_username: Some("maijam"), ..Default::default() };
        assert_eq!(display_name_for(email, &username), "maijam");
        assert_eq!(display_name_for(email, &ProfileClaims::default()), "maija.meikalainen");
        let long = "ä".repeat(300);
        let long = ProfileClaims { name: Some(&long), ..Default::default() };
        assert_eq!(display_name_for(email, &long).chars().count(), 100);
    }

    #[test]
    fn the_language_follows_the_locale_when_siilo_speaks_it() {
        let lang = |locale| language_for(&ProfileClaims { locale, ..Default::default() });
        assert_eq!(lang(Some("sv-FI")), Language::Sv);
        assert_eq!(lang(Some("en_GB")), Language::En);
        assert_eq!(lang(Some("FI")), Language::Fi);
        assert_eq!(lang(Some("de-DE")), Language::Fi);
        assert_eq!(lang(None), Language::Fi);
    }
}
