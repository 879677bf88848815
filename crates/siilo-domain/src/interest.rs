//! "We'd join this" (*Lähtisimme mukaan*): a signed-in user tells a proposal's team that
//! they, and optionally their organisation, would take part in its experiment.

use crate::calls::Phase;
use crate::proposals::{ProposalFacts, Stage, Visibility};
use crate::{DomainError, OrganisationId, UserId};

/// The longest note, in characters, after [`normalise_note`].
pub const NOTE_MAX_CHARS: usize = 300;

/// The one answer to "may this viewer declare interest in this proposal now?"; also fills
/// `viewer_can_declare_interest` and `interest_refusal`. `team` is whether the viewer is an
/// accepted co-author (the author is known from `p`): nobody joins their own proposal.
pub fn check_can_declare_interest(
    phase: Phase,
    p: &ProposalFacts,
    viewer: UserId,
    team: bool,
) -> Result<(), DomainError> {
    if p.author_id == viewer || team {
        return Err(DomainError::OwnProposal);
    }
    if phase == Phase::Archived {
        return Err(DomainError::CallArchived);
    }
    match p.stage {
        Stage::Merged => return Err(DomainError::ProposalMerged),
        Stage::Withdrawn => return Err(DomainError::ProposalWithdrawn),
        _ => {}
    }
    if p.visibility != Visibility::Visible {
        return Err(DomainError::ProposalHidden);
    }
    Ok(())
}

/// Speaking for one's organisation needs one on the account.
pub fn check_on_behalf(on_behalf: bool, organisation: Option<OrganisationId>) -> Result<(), DomainError> {
    if on_behalf && organisation.is_none() {
        return Err(DomainError::OrganisationRequired);
    }
    Ok(())
}

/// A note is one short paragraph: every run of whitespace (line breaks included) becomes one
/// space, the ends are trimmed, and an empty note is no note.
pub fn normalise_note(note: Option<&str>) -> Option<String> {
    let folded = note?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!folded.is_empty()).then_some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(author: UserId) -> ProposalFacts {
        ProposalFacts { author_id: author, stage: Stage::Submitted, visibility: Visibility::Visible }
    }

    #[test]
    fn anyone_but_the_team_may_declare_interest_in_a_visible_proposal() {
        let (author, other) = (UserId::new(), UserId::new());
        assert_eq!(check_can_declare_interest(Phase::Open, &facts(author), other, false), Ok(()));
        assert_eq!(check_can_declare_interest(Phase::Results, &facts(author), other, false), Ok(()));
        assert_eq!(
            check_can_declare_interest(Phase::Open, &facts(author), author, false),
            Err(DomainError::OwnProposal)
        );
        assert_eq!(
            check_can_declare_interest(Phase::Open, &facts(author), other, true),
            Err(DomainError::OwnProposal)
        );
    }

    #[test]
    fn withdrawn_merged_hidden_and_archived_proposals_take_no_interest() {
        let (author, other) = (UserId::new(), UserId::new());
        let with = |stage, visibility| ProposalFacts { author_id: author, stage, visibility };
        let check = |p: &ProposalFacts, phase| check_can_declare_interest(phase, p, other, false);
        assert_eq!(
            check(&with(Stage::Withdrawn, Visibility::Visible), Phase::Open),
            Err(DomainError::ProposalWithdrawn)
        );
        assert_eq!(
            check(&with(Stage::Merged, Visibility::Visible), Phase::Open),
            Err(DomainError::ProposalMerged)
        );
        assert_eq!(
            check(&with(Stage::Submitted, Visibility::Hidden), Phase::Open),
            Err(DomainError::ProposalHidden)
        );
        assert_eq!(
            check(&with(Stage::Submitted, Visibility::Pending), Phase::Open),
            Err(DomainError::ProposalHidden)
        );
        assert_eq!(check(&facts(author), Phase::Archived), Err(DomainError::CallArchived));
    }

    #[test]
    fn on_behalf_needs_an_organisation() {
        let org = Some(OrganisationId(uuid::Uuid::nil()));
        assert_eq!(check_on_behalf(true, org), Ok(()));
        assert_eq!(check_on_behalf(false, None), Ok(()));
        assert_eq!(check_on_behalf(true, None), Err(DomainError::OrganisationRequired));
    }

    #[test]
    fn a_note_is_one_trimmed_paragraph_or_nothing() {
        assert_eq!(normalise_note(Some("  Meillä on\n\ndata  ")), Some("Meillä on data".into()));
        assert_eq!(normalise_note(Some(" \n\t ")), None);
        assert_eq!(normalise_note(None), None);
    }
}
