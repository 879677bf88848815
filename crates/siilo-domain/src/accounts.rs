//! Accounts: how an email address is normalised, what a password must not be, who may
//! register, and the language a user prefers.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::DomainError;

/// Shortest accepted password, in characters (OWASP ASVS 2.1.1).
pub const PASSWORD_MIN_CHARS: u64 = 12;
/// Longest accepted password, in characters: long passphrases are welcome, megabytes are not.
pub const PASSWORD_MAX_CHARS: u64 = 128;
/// The least strength a new password must have, as zxcvbn scores it: `Three` means an
/// estimated 10^8 guesses or more, out of reach of an online attack under the lock-out.
pub const PASSWORD_MIN_SCORE: zxcvbn::Score = zxcvbn::Score::Three;
/// Longest display name, in characters.
pub const DISPLAY_NAME_MAX_CHARS: u64 = 100;

/// The form an email address is stored and compared in: trimmed and lower-cased.
pub fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// The domain part of a normalised address (`vm.fi` of `maija@vm.fi`).
pub fn email_domain(email: &str) -> Option<&str> {
    email.rsplit_once('@').map(|(_, domain)| domain).filter(|d| !d.is_empty())
}

/// A display name as stored: surrounding whitespace trimmed, inner runs of whitespace
/// collapsed to one space, so that "  Maija   Meikäläinen " and "Maija Meikäläinen" are one.
pub fn normalize_display_name(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reading and signing in need no confirmed address; taking part does.
pub fn check_may_take_part(email_verified: bool) -> Result<(), DomainError> {
    if email_verified { Ok(()) } else { Err(DomainError::EmailUnverified) }
}

/// The stored `password_hash` of an account that has no password (made by single sign-on):
/// not a hash of anything, so no password verifies against it (as `!` in `/etc/shadow`).
pub const NO_PASSWORD: &str = "!";

/// The rules a new account must meet beyond the shape of its fields.
///
/// `email` is normalised; `allowed_domains` empty means any domain may register.
pub fn check_registration(
    email: &str,
    display_name: &str,
    password: &str,
    allowed_domains: &[String],
) -> Result<(), DomainError> {
    check_email_domain_allowed(email, allowed_domains)?;
    check_password_not_email(email, password)?;
    check_password_strength(password, &[email, display_name], "password")
}

/// Registration may be limited to the administration's own email domains. A subdomain of
/// an allowed domain is allowed too (`oph.fi` allows `edu.oph.fi`).
pub fn check_email_domain_allowed(email: &str, allowed: &[String]) -> Result<(), DomainError> {
    if allowed.is_empty() {
        return Ok(());
    }
    let Some(domain) = email_domain(email) else {
        return Err(DomainError::EmailDomainNotAllowed);
    };
    if allowed.iter().any(|a| domain_covers(a, domain)) {
        Ok(())
    } else {
        Err(DomainError::EmailDomainNotAllowed)
    }
}

/// Whether the email domain `domain` is `parent` or one of its subdomains (`oph.fi` covers
/// `oph.fi` and `edu.oph.fi`, not `noph.fi`).
pub fn domain_covers(parent: &str, domain: &str) -> bool {
    domain == parent || domain.strip_suffix(parent).is_some_and(|rest| rest.ends_with('.'))
}

/// Whether a (normalised) address belongs to a domain that signs in by single sign-on only
/// (`SIILO_SSO_ONLY_DOMAINS`, subdomains included).
pub fn is_sso_only(email: &str, sso_only_domains: &[String]) -> bool {
    email_domain(email).is_some_and(|domain| sso_only_domains.iter().any(|d| domain_covers(d, domain)))
}

/// Passwords (registering with one, signing in with one, setting one by a reset link) are
/// refused for the domains that sign in by single sign-on only (`password_login_disabled`).
pub fn check_password_sign_in(email: &str, sso_only_domains: &[String]) -> Result<(), DomainError> {
    if is_sso_only(email, sso_only_domains) { Err(DomainError::PasswordLoginDisabled) } else { Ok(()) }
}

/// A new password must differ from the current one, or changing it ends other sessions
/// for nothing.
pub fn check_password_changed(current: &str, new: &str) -> Result<(), DomainError> {
    if new == current { Err(DomainError::PasswordUnchanged) } else { Ok(()) }
}

/// A password equal to the account's email address (in any case) is the first one an
/// attacker tries.
pub fn check_password_not_email(email: &str, password: &str) -> Result<(), DomainError> {
    if normalize_email(password) == normalize_email(email) {
        Err(DomainError::PasswordEqualsEmail)
    } else {
        Ok(())
    }
}

/// A password must not be easy to guess: repeats (`aaaaaaaaaaaa`), sequences
/// (`123456789012`), common words and the account's own email or name are refused by the
/// zxcvbn estimator. `field` is the request field the password came in.
pub fn check_password_strength(
    password: &str,
    user_inputs: &[&str],
    field: &'static str,
) -> Result<(), DomainError> {
    // zxcvbn matches whole inputs: give it the words of the email and the name too, also
    // without their accents (`meikalainen` of `Meikäläinen`).
    let words: Vec<String> = user_inputs
        .iter()
        .flat_map(|input| std::iter::once(*input).chain(input.split(|c: char| !c.is_alphabetic())))
        .filter(|w| w.chars().count() >= 3)
        .flat_map(|w| [w.to_owned(), crate::search::fold(w)])
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if zxcvbn::zxcvbn(password, &words).score() >= PASSWORD_MIN_SCORE {
        Ok(())
    } else {
        Err(DomainError::PasswordTooWeak { field })
    }
}

/// The languages Siilo speaks; also a user's preference for the interface and emails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "lowercase", const_into_str)]
pub enum Language {
    #[default]
    Fi,
    Sv,
    En,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_password_must_differ_from_the_current_one() {
        assert_eq!(
            check_password_changed("vanha salasana 1", "vanha salasana 1"),
            Err(DomainError::PasswordUnchanged)
        );
        assert_eq!(check_password_changed("vanha salasana 1", "Vanha salasana 1"), Ok(()));
    }

    #[test]
    fn only_a_confirmed_address_takes_part() {
        assert_eq!(check_may_take_part(true), Ok(()));
        assert_eq!(check_may_take_part(false), Err(DomainError::EmailUnverified));
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(normalize_email("  Maija.Meikalainen@VM.fi \n"), "maija.meikalainen@vm.fi");
    }

    #[test]
    fn display_names_lose_extra_whitespace() {
        assert_eq!(normalize_display_name("  Maija \t  Meikäläinen "), "Maija Meikäläinen");
    }

    #[test]
    fn any_domain_registers_when_none_is_configured() {
        assert_eq!(check_email_domain_allowed("a@example.com", &[]), Ok(()));
    }

    #[test]
    fn only_configured_domains_and_their_subdomains_register() {
        let allowed = vec!["vm.fi".to_string(), "gov.fi".to_string()];
        assert_eq!(check_email_domain_allowed("a@vm.fi", &allowed), Ok(()));
        assert_eq!(check_email_domain_allowed("a@tilastot.gov.fi", &allowed), Ok(()));
        assert_eq!(
            check_email_domain_allowed("a@evilvm.fi", &allowed),
            Err(DomainError::EmailDomainNotAllowed)
        );
        assert_eq!(
            check_email_domain_allowed("a@vm.fi.example.com", &allowed),
            Err(DomainError::EmailDomainNotAllowed)
        );
        assert_eq!(
            check_email_domain_allowed("no-at-sign", &allowed),
            Err(DomainError::EmailDomainNotAllowed)
        );
    }

    #[test]
    fn sso_only_domains_cover_their_subdomains_and_refuse_passwords() {
        let sso = vec!["stm.fi".to_string()];
        assert!(is_sso_only("maija@stm.fi", &sso));
        assert!(is_sso_only("maija@thl.stm.fi", &sso));
        assert!(!is_sso_only("maija@xstm.fi", &sso));
        assert!(!is_sso_only("maija@stm.fi.example.com", &sso));
        assert!(!is_sso_only("maija@stm.fi", &[]));
        assert!(!is_sso_only("no-at-sign", &sso));
        assert_eq!(check_password_sign_in("maija@stm.fi", &sso), Err(DomainError::PasswordLoginDisabled));
        assert_eq!(check_password_sign_in("maija@vm.fi", &sso), Ok(()));
    }

    #[test]
    fn a_password_may_not_be_the_email_in_any_case() {
        assert_eq!(
            check_password_not_email("maija@vm.fi", " MAIJA@vm.fi"),
            Err(DomainError::PasswordEqualsEmail)
        );
        assert_eq!(check_password_not_email("maija@vm.fi", "maija@vm.fi!"), Ok(()));
    }

    #[test]
    fn registration_checks_domain_before_password() {
        let allowed = vec!["vm.fi".to_string()];
        assert_eq!(
            check_registration("a@x.fi", "A", "a@x.fi", &allowed),
            Err(DomainError::EmailDomainNotAllowed)
        );
        assert_eq!(
            check_registration("a@vm.fi", "A", "a@vm.fi", &allowed),
            Err(DomainError::PasswordEqualsEmail)
        );
        assert_eq!(check_registration("a@vm.fi", "A", "long enough secret", &allowed), Ok(()));
        assert_eq!(
            check_registration("a@vm.fi", "A", "aaaaaaaaaaaa", &allowed),
            Err(DomainError::PasswordTooWeak { field: "password" })
        );
    }

    #[test]
    fn guessable_passwords_are_too_weak() {
        for weak in ["aaaaaaaaaaaa", "123456789012", "            ", "ääääääääääää", "salasana1234"]
        {
            assert_eq!(
                check_password_strength(weak, &[], "password"),
                Err(DomainError::PasswordTooWeak { field: "password" }),
                "{weak:?}"
            );
        }
    }

    #[test]
    fn passphrases_and_the_demo_password_are_strong_enough() {
        for strong in
            ["siilo-demo-2026", "correct horse battery staple", "kesäpäivä järvellä", "äöåüéèçñßøæ€"]
        {
            assert_eq!(
                check_password_strength(strong, &["maija@vm.fi"], "new_password"),
                Ok(()),
                "{strong:?}"
            );
        }
    }

    #[test]
    fn the_account_s_own_name_makes_a_password_weaker() {
        let name = "maija.meikalainen.hiekkaranta@vm.fi";
        assert_eq!(check_password_strength("maijameikalainen", &[], "password"), Ok(()));
        assert_eq!(
            check_password_strength("maijameikalainen", &[name, "Maija Meikäläinen"], "password"),
            Err(DomainError::PasswordTooWeak { field: "password" })
        );
        assert_eq!(
            check_password_strength("maijameikalainen", &["mm2@vm.fi", "Maija Meikäläinen"], "password"),
            Err(DomainError::PasswordTooWeak { field: "password" })
        );
    }

    #[test]
    fn languages_parse_from_their_codes_only() {
        assert_eq!("sv".parse::<Language>(), Ok(Language::Sv));
        assert!("SV".parse::<Language>().is_err());
        assert!("de".parse::<Language>().is_err());
        crate::assert_stored_names_match_serde::<Language>();
    }
}
