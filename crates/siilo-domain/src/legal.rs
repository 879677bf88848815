//! The legal pages (privacy notice, accessibility statement, terms of use): which versions a
//! user still has to accept, whether an acceptance names the current ones, and the limits of
//! a new version's texts.
//!
//! Pages are versioned: publishing never edits a version, it adds the next one. A user takes
//! part only with the current version of each accepted page ([`LegalKind::is_accepted`]);
//! a kind with no published version asks nothing.

use crate::DomainError;
use crate::identity::LegalKind;

/// The most characters of a page's title, per language.
pub const TITLE_MAX: usize = 200;
/// The most characters of a page's Markdown body, per language: a long privacy notice is
/// about 15,000; three languages of this stay within the default request body limit.
pub const BODY_MAX: usize = 30_000;

/// A version of each page a user accepts: what a user has accepted, what is current, or
/// what an acceptance offers. `None`: none (not accepted, none published, not offered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AcceptedVersions {
    pub terms: Option<i32>,
    pub privacy: Option<i32>,
}

impl AcceptedVersions {
    /// The version of `kind`; `None` for a page nobody accepts.
    pub const fn of(&self, kind: LegalKind) -> Option<i32> {
        match kind {
            LegalKind::Terms => self.terms,
            LegalKind::Privacy => self.privacy,
            LegalKind::Accessibility => None,
        }
    }
}

/// The pages whose current version `accepted` lacks, in [`LegalKind`]'s order (privacy, then
/// terms). An older version, or none, is not enough; a kind with nothing published asks nothing.
pub fn must_accept(accepted: AcceptedVersions, current: AcceptedVersions) -> Vec<LegalKind> {
    [LegalKind::Privacy, LegalKind::Terms]
        .into_iter()
        .filter(|&kind| current.of(kind).is_some_and(|v| accepted.of(kind) != Some(v)))
        .collect()
}

/// Refuses (`terms_not_accepted`) a user who has not accepted the current version of every
/// accepted page.
pub fn check_accepted(accepted: AcceptedVersions, current: AcceptedVersions) -> Result<(), DomainError> {
    if must_accept(accepted, current).is_empty() { Ok(()) } else { Err(DomainError::TermsNotAccepted) }
}

/// An acceptance must name the current version of each page it names: one shown before a
/// newer version was published is refused (`terms_not_accepted`), so that nobody accepts a
/// text they were not shown. A page left out (`None`) is not accepted by it.
pub fn check_offer(offered: AcceptedVersions, current: AcceptedVersions) -> Result<(), DomainError> {
    let stale = [LegalKind::Privacy, LegalKind::Terms]
        .into_iter()
        .any(|kind| offered.of(kind).is_some_and(|v| current.of(kind) != Some(v)));
    if stale { Err(DomainError::TermsNotAccepted) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn versions(terms: Option<i32>, privacy: Option<i32>) -> AcceptedVersions {
        AcceptedVersions { terms, privacy }
    }

    #[test]
    fn the_current_versions_ask_nothing_more() {
        let current = versions(Some(2), Some(1));
        assert_eq!(must_accept(current, current), vec![]);
        assert_eq!(check_accepted(current, current), Ok(()));
    }

    #[test]
    fn a_new_version_of_one_page_asks_for_that_page_only() {
        let current = versions(Some(2), Some(1));
        let accepted = versions(Some(1), Some(1));
        assert_eq!(must_accept(accepted, current), vec![LegalKind::Terms]);
        assert_eq!(check_accepted(accepted, current), Err(DomainError::TermsNotAccepted));
    }

    #[test]
    fn nothing_accepted_asks_for_both_privacy_first() {
        let current = versions(Some(1), Some(1));
        assert_eq!(
            must_accept(AcceptedVersions::default(), current),
            vec![LegalKind::Privacy, LegalKind::Terms]
        );
    }

    #[test]
    fn a_page_never_published_asks_nothing() {
        assert_eq!(must_accept(AcceptedVersions::default(), AcceptedVersions::default()), vec![]);
        assert_eq!(must_accept(versions(None, Some(1)), versions(None, Some(1))), vec![]);
    }

    #[test]
    fn a_newer_version_than_the_current_one_is_not_the_current_one() {
        // Only a page rolled back by hand could get here; it asks again rather than passing.
        assert_eq!(
            must_accept(versions(Some(3), Some(1)), versions(Some(2), Some(1))),
            vec![LegalKind::Terms]
        );
    }

    #[test]
    fn an_offer_must_name_the_current_versions() {
        let current = versions(Some(2), Some(1));
        assert_eq!(check_offer(current, current), Ok(()));
        assert_eq!(check_offer(versions(Some(1), Some(1)), current), Err(DomainError::TermsNotAccepted));
        assert_eq!(check_offer(versions(Some(2), Some(2)), current), Err(DomainError::TermsNotAccepted));
        assert_eq!(
            check_offer(versions(Some(1), None), versions(None, None)),
            Err(DomainError::TermsNotAccepted)
        );
    }

    #[test]
    fn an_offer_may_leave_a_page_out() {
        let current = versions(Some(2), Some(1));
        assert_eq!(check_offer(AcceptedVersions::default(), current), Ok(()));
        assert_eq!(check_offer(versions(Some(2), None), current), Ok(()));
    }

    #[test]
    fn the_accessibility_statement_has_no_accepted_version() {
        assert_eq!(versions(Some(1), Some(1)).of(LegalKind::Accessibility), None);
    }
}
