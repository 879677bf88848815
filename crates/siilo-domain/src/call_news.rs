//! A call's news (*Ajankohtaista*): who may post, when, and who hears of it.
//!
//! Posting publishes at once; there is no scheduled news. Results can still call for news, so
//! every call but an archived one takes news (a draft too, to have it ready on publication);
//! only a published call tells its followers, and never the poster. Edits and deletions tell
//! nobody.

use crate::DomainError;
use crate::calls::Phase;

/// The longest title, in characters, per language.
pub const TITLE_MAX: usize = 200;
/// The longest body (Markdown), in characters, per language.
pub const BODY_MAX: usize = 10_000;

/// Whether the call takes a new, changed or deleted news item: not once archived
/// (`call_archived`). Who may is [`crate::calls::check_may_manage`]'s question, asked first.
pub fn check_call_takes_news(phase: Phase) -> Result<(), DomainError> {
    if phase == Phase::Archived { Err(DomainError::CallArchived) } else { Ok(()) }
}

/// Whether posting news in a call in `phase` notifies its followers: only once it is
/// published (a draft's followers cannot see it). Archived calls take no news at all.
pub fn notifies_followers(phase: Phase) -> bool {
    !matches!(phase, Phase::Draft | Phase::Archived)
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn every_call_but_an_archived_one_takes_news() {
        for phase in Phase::iter() {
            let expected = if phase == Phase::Archived { Err(DomainError::CallArchived) } else { Ok(()) };
            assert_eq!(check_call_takes_news(phase), expected, "{phase}");
        }
    }

    #[test]
    fn only_a_published_call_tells_its_followers() {
        assert!(!notifies_followers(Phase::Draft));
        assert!(!notifies_followers(Phase::Archived));
        for phase in [Phase::Upcoming, Phase::Open, Phase::Voting, Phase::Review, Phase::Results] {
            assert!(notifies_followers(phase), "{phase}");
        }
    }
}
