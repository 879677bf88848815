//! Merging duplicates (*yhdistäminen*): a moderator or admin merges one proposal (the source)
//! into another of the same call (the target). The source becomes `merged` with a link to the
//! target; its thumbs move to the target, one per user; its author is credited on the target.

use uuid::Uuid;

use crate::calls::Phase;
use crate::proposals::Stage;
use crate::{DomainError, UserId};

/// What the merge rules need to know about each of the two proposals, read under their locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeFacts {
    pub id: Uuid,
    pub call_id: Uuid,
    pub author_id: UserId,
    pub stage: Stage,
}

/// The longest reason a merge takes.
pub const REASON_MAX_CHARS: u64 = 1000;

/// May `source` be merged into `target` now? Two distinct proposals of the same call, neither
/// withdrawn nor merged already, in a call that is neither a draft nor archived.
pub fn check_can_merge(phase: Phase, source: &MergeFacts, target: &MergeFacts) -> Result<(), DomainError> {
    if source.id == target.id || source.call_id != target.call_id {
        return Err(DomainError::NotMergeable);
    }
    if matches!(phase, Phase::Draft | Phase::Archived) {
        return Err(DomainError::NotMergeable);
    }
    let ended = |s: Stage| matches!(s, Stage::Withdrawn | Stage::Merged);
    if ended(source.stage) || ended(target.stage) {
        return Err(DomainError::NotMergeable);
    }
    Ok(())
}

/// Does a thumb given to the source move to the target? Not the target author's own (no one
/// thumbs their own proposal), and not a second one of a user who thumbed both: a user counts
/// once.
pub fn thumb_moves(voter: UserId, target_author: UserId, already_thumbed_target: bool) -> bool {
    voter != target_author && !already_thumbed_target
}

/// Who is told of a merge: both authors, once each, but not the one who merged.
pub fn notified(source_author: UserId, target_author: UserId, actor: UserId) -> Vec<UserId> {
    let mut out = Vec::with_capacity(2);
    for a in [source_author, target_author] {
        if a != actor && !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

/// Who is credited on the target: the source's author, unless they wrote the target too.
pub fn credited(source_author: UserId, target_author: UserId) -> Option<UserId> {
    (source_author != target_author).then_some(source_author)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(call: Uuid, stage: Stage) -> MergeFacts {
        MergeFacts { id: Uuid::now_v7(), call_id: call, author_id: UserId::new(), stage }
    }

    #[test]
    fn two_live_proposals_of_one_call_merge() {
        let call = Uuid::now_v7();
        let (a, b) = (facts(call, Stage::Submitted), facts(call, Stage::Shortlisted));
        for phase in [Phase::Upcoming, Phase::Open, Phase::Voting, Phase::Review, Phase::Results] {
            assert_eq!(check_can_merge(phase, &a, &b), Ok(()));
        }
    }

    #[test]
    fn merges_that_make_no_sense_are_refused() {
        let call = Uuid::now_v7();
        let a = facts(call, Stage::Submitted);
        assert_eq!(check_can_merge(Phase::Open, &a, &a), Err(DomainError::NotMergeable), "itself");
        let elsewhere = facts(Uuid::now_v7(), Stage::Submitted);
        assert_eq!(check_can_merge(Phase::Open, &a, &elsewhere), Err(DomainError::NotMergeable));
        for stage in [Stage::Merged, Stage::Withdrawn] {
            let ended = facts(call, stage);
            assert_eq!(check_can_merge(Phase::Open, &ended, &a), Err(DomainError::NotMergeable));
            assert_eq!(check_can_merge(Phase::Open, &a, &ended), Err(DomainError::NotMergeable));
        }
        let b = facts(call, Stage::Submitted);
        for phase in [Phase::Draft, Phase::Archived] {
            assert_eq!(check_can_merge(phase, &a, &b), Err(DomainError::NotMergeable));
        }
    }

    #[test]
    fn a_user_who_thumbed_both_counts_once_and_the_target_author_not_at_all() {
        let (voter, author) = (UserId::new(), UserId::new());
        assert!(thumb_moves(voter, author, false));
        assert!(!thumb_moves(voter, author, true));
        assert!(!thumb_moves(author, author, false));
    }

    #[test]
    fn both_authors_are_told_once_but_not_the_actor() {
        let (a, b, m) = (UserId::new(), UserId::new(), UserId::new());
        assert_eq!(notified(a, b, m), vec![a, b]);
        assert_eq!(notified(a, b, a), vec![b]);
        assert_eq!(notified(a, a, m), vec![a]);
        assert_eq!(credited(a, b), Some(a));
        assert_eq!(credited(a, a), None);
    }
}
