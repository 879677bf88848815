//! Thumbs-up (*peukut*): one per user per proposal, while the call takes them.

use crate::calls::Phase;
use crate::proposals::{ProposalFacts, Stage, Visibility};
use crate::{DomainError, UserId};

/// The one answer to "may this viewer thumb it now?"; also feeds `viewer_can_thumb`.
/// `own_thumbs_in_call` counts the viewer's current thumbs in the call, for the limit.
pub fn check_can_thumb(
    phase: Phase,
    p: &ProposalFacts,
    viewer: UserId,
    own_thumbs_in_call: u64,
    max_per_user: Option<u32>,
) -> Result<(), DomainError> {
    if !phase.takes_thumbs() {
        return Err(DomainError::CallNotAcceptingThumbs);
    }
    if p.author_id == viewer {
        return Err(DomainError::OwnProposal);
    }
    if matches!(p.stage, Stage::Withdrawn | Stage::Merged) {
        return Err(DomainError::ProposalWithdrawn);
    }
    if p.visibility != Visibility::Visible {
        return Err(DomainError::ProposalHidden);
    }
    if max_per_user.is_some_and(|max| own_thumbs_in_call >= u64::from(max)) {
        return Err(DomainError::LimitReached);
    }
    Ok(())
}

/// A thumb can be taken back whenever the call takes thumbs, whatever became of the proposal.
pub fn check_can_unthumb(phase: Phase) -> Result<(), DomainError> {
    if phase.takes_thumbs() { Ok(()) } else { Err(DomainError::CallNotAcceptingThumbs) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(author: UserId) -> ProposalFacts {
        ProposalFacts { author_id: author, stage: Stage::Submitted, visibility: Visibility::Visible }
    }

    #[test]
    fn thumbs_are_taken_while_open_and_voting() {
        let (author, me) = (UserId::new(), UserId::new());
        assert_eq!(check_can_thumb(Phase::Open, &p(author), me, 0, None), Ok(()));
        assert_eq!(check_can_thumb(Phase::Voting, &p(author), me, 0, None), Ok(()));
        for phase in [Phase::Draft, Phase::Upcoming, Phase::Review, Phase::Results, Phase::Archived] {
            assert_eq!(
                check_can_thumb(phase, &p(author), me, 0, None),
                Err(DomainError::CallNotAcceptingThumbs)
            );
        }
    }

    #[test]
    fn an_author_cannot_thumb_their_own_proposal() {
        let me = UserId::new();
        assert_eq!(check_can_thumb(Phase::Open, &p(me), me, 0, None), Err(DomainError::OwnProposal));
    }

    #[test]
    fn withdrawn_and_hidden_proposals_take_no_new_thumbs() {
        let me = UserId::new();
        let withdrawn = ProposalFacts { stage: Stage::Withdrawn, ..p(UserId::new()) };
        let hidden = ProposalFacts { visibility: Visibility::Hidden, ..p(UserId::new()) };
        assert_eq!(
            check_can_thumb(Phase::Open, &withdrawn, me, 0, None),
            Err(DomainError::ProposalWithdrawn)
        );
        assert_eq!(check_can_thumb(Phase::Open, &hidden, me, 0, None), Err(DomainError::ProposalHidden));
    }

    #[test]
    fn the_limit_counts_current_thumbs() {
        let me = UserId::new();
        assert_eq!(check_can_thumb(Phase::Open, &p(UserId::new()), me, 2, Some(3)), Ok(()));
        assert_eq!(
            check_can_thumb(Phase::Open, &p(UserId::new()), me, 3, Some(3)),
            Err(DomainError::LimitReached)
        );
    }

    #[test]
    fn thumbs_can_be_taken_back_while_the_call_takes_them() {
        assert_eq!(check_can_unthumb(Phase::Voting), Ok(()));
        assert_eq!(check_can_unthumb(Phase::Review), Err(DomainError::CallNotAcceptingThumbs));
    }
}
