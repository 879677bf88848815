//! Comments: on a proposal, with one level of replies, while the call takes them.

use crate::calls::Phase;
use crate::proposals::{ProposalFacts, Stage, Visibility};
use crate::{DomainError, UserId};

/// Does the call take comments now at all? The call's `viewer.can_comment`.
pub fn check_call_takes_comments(phase: Phase) -> Result<(), DomainError> {
    if phase.takes_comments() { Ok(()) } else { Err(DomainError::CallNotAcceptingComments) }
}

/// May anyone comment on this proposal now?
pub fn check_can_comment(phase: Phase, p: &ProposalFacts) -> Result<(), DomainError> {
    check_call_takes_comments(phase)?;
    if p.stage == Stage::Merged {
        return Err(DomainError::ProposalMerged);
    }
    if p.stage == Stage::Withdrawn {
        return Err(DomainError::ProposalWithdrawn);
    }
    if p.visibility != Visibility::Visible {
        return Err(DomainError::ProposalHidden);
    }
    Ok(())
}

/// What the rules need to know about a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentFacts {
    pub author_id: UserId,
    pub deleted: bool,
}

/// Editing and deleting: its author, while the call takes comments, and not once deleted.
pub fn check_can_change(phase: Phase, c: &CommentFacts, viewer: UserId) -> Result<(), DomainError> {
    if c.author_id != viewer {
        return Err(DomainError::NotAuthor);
    }
    if c.deleted {
        return Err(DomainError::CommentDeleted);
    }
    if !phase.takes_comments() {
        return Err(DomainError::CallNotAcceptingComments);
    }
    Ok(())
}

/// Replies are one level deep: a reply to a reply hangs on the top comment.
pub fn thread_root<Id: Copy>(parent: Id, parents_parent: Option<Id>) -> Id {
    parents_parent.unwrap_or(parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> ProposalFacts {
        ProposalFacts { author_id: UserId::new(), stage: Stage::Submitted, visibility: Visibility::Visible }
    }

    #[test]
    fn comments_are_taken_while_open_and_voting() {
        assert_eq!(check_can_comment(Phase::Open, &p()), Ok(()));
        assert_eq!(check_can_comment(Phase::Voting, &p()), Ok(()));
        assert_eq!(check_can_comment(Phase::Review, &p()), Err(DomainError::CallNotAcceptingComments));
        assert_eq!(check_can_comment(Phase::Upcoming, &p()), Err(DomainError::CallNotAcceptingComments));
    }

    #[test]
    fn withdrawn_and_hidden_proposals_take_no_comments() {
        let w = ProposalFacts { stage: Stage::Withdrawn, ..p() };
        assert_eq!(check_can_comment(Phase::Open, &w), Err(DomainError::ProposalWithdrawn));
        let h = ProposalFacts { visibility: Visibility::Hidden, ..p() };
        assert_eq!(check_can_comment(Phase::Open, &h), Err(DomainError::ProposalHidden));
    }

    #[test]
    fn a_merged_proposal_takes_no_comments() {
        let m = ProposalFacts { stage: Stage::Merged, ..p() };
        assert_eq!(check_can_comment(Phase::Voting, &m), Err(DomainError::ProposalMerged));
    }

    #[test]
    fn only_the_author_changes_a_live_comment() {
        let me = UserId::new();
        let c = CommentFacts { author_id: me, deleted: false };
        assert_eq!(check_can_change(Phase::Voting, &c, me), Ok(()));
        assert_eq!(check_can_change(Phase::Voting, &c, UserId::new()), Err(DomainError::NotAuthor));
        assert_eq!(check_can_change(Phase::Review, &c, me), Err(DomainError::CallNotAcceptingComments));
        let gone = CommentFacts { deleted: true, ..c };
        assert_eq!(check_can_change(Phase::Open, &gone, me), Err(DomainError::CommentDeleted));
    }

    #[test]
    fn a_reply_to_a_reply_hangs_on_the_top_comment() {
        assert_eq!(thread_root(2, Some(1)), 1);
        assert_eq!(thread_root(1, None), 1);
    }
}
