//! Thumbs-up (*peukut*): one per user per proposal, while the call takes them.

use crate::calls::Phase;
use crate::proposals::{ProposalFacts, Stage, Visibility};
use crate::{DomainError, UserId};

/// The viewer's standing against the call's per-user limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Allowance {
    /// The viewer's current thumbs in the call.
    pub given_in_call: u64,
    pub max_per_user: Option<u32>,
    /// A thumb already given is kept whatever the limit says.
    pub already_thumbed: bool,
}

impl Allowance {
    fn exhausted(&self) -> bool {
        !self.already_thumbed && self.max_per_user.is_some_and(|max| self.given_in_call >= u64::from(max))
    }
}

/// May the viewer give thumbs in this call now at all? The call's `viewer.can_thumb`.
pub fn check_call_takes_thumbs(phase: Phase, allowance: Allowance) -> Result<(), DomainError> {
    if !phase.takes_thumbs() {
        return Err(DomainError::CallNotAcceptingThumbs);
    }
    if allowance.exhausted() {
        return Err(DomainError::LimitReached);
    }
    Ok(())
}

/// The one answer to "may this viewer thumb it now?"; also feeds `viewer_can_thumb`.
pub fn check_can_thumb(
    phase: Phase,
    p: &ProposalFacts,
    viewer: UserId,
    allowance: Allowance,
) -> Result<(), DomainError> {
    if !phase.takes_thumbs() {
        return Err(DomainError::CallNotAcceptingThumbs);
    }
    if p.author_id == viewer {
        return Err(DomainError::OwnProposal);
    }
    if p.stage == Stage::Merged {
        return Err(DomainError::ProposalMerged);
    }
    if p.stage == Stage::Withdrawn {
        return Err(DomainError::ProposalWithdrawn);
    }
    if p.visibility != Visibility::Visible {
        return Err(DomainError::ProposalHidden);
    }
    check_call_takes_thumbs(phase, allowance)
}

/// A thumb can be taken back whenever the call takes thumbs, whatever became of the proposal.
pub fn check_can_unthumb(phase: Phase) -> Result<(), DomainError> {
    if phase.takes_thumbs() { Ok(()) } else { Err(DomainError::CallNotAcceptingThumbs) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(given: u64, max: u32, already_thumbed: bool) -> Allowance {
        Allowance { given_in_call: given, max_per_user: Some(max), already_thumbed }
    }

    #[test]
    fn a_thumb_already_given_is_not_refused_by_the_limit() {
        let me = UserId::new();
        assert_eq!(check_can_thumb(Phase::Open, &p(UserId::new()), me, limit(3, 3, true)), Ok(()));
        assert_eq!(check_call_takes_thumbs(Phase::Open, limit(3, 3, false)), Err(DomainError::LimitReached));
        assert_eq!(check_call_takes_thumbs(Phase::Voting, limit(2, 3, false)), Ok(()));
        assert_eq!(
            check_call_takes_thumbs(Phase::Review, Allowance::default()),
            Err(DomainError::CallNotAcceptingThumbs)
        );
    }

    fn p(author: UserId) -> ProposalFacts {
        ProposalFacts { author_id: author, stage: Stage::Submitted, visibility: Visibility::Visible }
    }

    #[test]
    fn thumbs_are_taken_while_open_and_voting() {
        let (author, me) = (UserId::new(), UserId::new());
        assert_eq!(check_can_thumb(Phase::Open, &p(author), me, Allowance::default()), Ok(()));
        assert_eq!(check_can_thumb(Phase::Voting, &p(author), me, Allowance::default()), Ok(()));
        for phase in [Phase::Draft, Phase::Upcoming, Phase::Review, Phase::Results, Phase::Archived] {
            assert_eq!(
                check_can_thumb(phase, &p(author), me, Allowance::default()),
                Err(DomainError::CallNotAcceptingThumbs)
            );
        }
    }

    #[test]
    fn an_author_cannot_thumb_their_own_proposal() {
        let me = UserId::new();
        assert_eq!(
            check_can_thumb(Phase::Open, &p(me), me, Allowance::default()),
            Err(DomainError::OwnProposal)
        );
    }

    #[test]
    fn withdrawn_and_hidden_proposals_take_no_new_thumbs() {
        let me = UserId::new();
        let withdrawn = ProposalFacts { stage: Stage::Withdrawn, ..p(UserId::new()) };
        let hidden = ProposalFacts { visibility: Visibility::Hidden, ..p(UserId::new()) };
        assert_eq!(
            check_can_thumb(Phase::Open, &withdrawn, me, Allowance::default()),
            Err(DomainError::ProposalWithdrawn)
        );
        assert_eq!(
            check_can_thumb(Phase::Open, &hidden, me, Allowance::default()),
            Err(DomainError::ProposalHidden)
        );
    }

    #[test]
    fn a_merged_proposal_takes_no_new_thumbs() {
        let merged = ProposalFacts { stage: Stage::Merged, ..p(UserId::new()) };
        assert_eq!(
            check_can_thumb(Phase::Open, &merged, UserId::new(), Allowance::default()),
            Err(DomainError::ProposalMerged)
        );
    }

    #[test]
    fn the_limit_counts_current_thumbs() {
        let me = UserId::new();
        assert_eq!(check_can_thumb(Phase::Open, &p(UserId::new()), me, limit(2, 3, false)), Ok(()));
        assert_eq!(
            check_can_thumb(Phase::Open, &p(UserId::new()), me, limit(3, 3, false)),
            Err(DomainError::LimitReached)
        );
    }

    #[test]
    fn thumbs_can_be_taken_back_while_the_call_takes_them() {
        assert_eq!(check_can_unthumb(Phase::Voting), Ok(()));
        assert_eq!(check_can_unthumb(Phase::Review), Err(DomainError::CallNotAcceptingThumbs));
    }
}
