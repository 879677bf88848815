//! A proposal's team: its author and the co-authors (*kanssakirjoittajat*) who accepted an
//! invitation. Who may invite, remove, answer and edit, and how many may be invited.
//!
//! - The author invites by email and removes invitations and co-authors; the author alone
//!   withdraws the proposal.
//! - An accepted co-author edits as the author does (while the call takes edits) and may
//!   leave; they count as the proposal's own for thumbs (`own_proposal`) and see it as its
//!   author does (pending or hidden).
//! - At most [`MAX_COAUTHORS`] co-authors and open invitations together.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::calls::Phase;
use crate::proposals::{Audience, ProposalFacts, Stage, check_call_takes_edits};
use crate::{DomainError, UserId};

/// Co-authors and open invitations a proposal may have at once.
pub const MAX_COAUTHORS: u64 = 10;

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum CoauthorStatus {
    /// Waiting for an answer (and, without an account yet, for the address to register).
    Invited,
    Accepted,
    Declined,
}

impl CoauthorStatus {
    /// Counts against [`MAX_COAUTHORS`] and blocks inviting the address again.
    pub fn is_open(self) -> bool {
        matches!(self, CoauthorStatus::Invited | CoauthorStatus::Accepted)
    }
}

/// What someone is to a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamRole {
    Author,
    /// An accepted co-author.
    Coauthor,
    Other,
}

impl TeamRole {
    /// `viewer`'s role on a proposal whose accepted co-authors are `coauthors`.
    pub fn of(p: &ProposalFacts, coauthors: &[UserId], viewer: UserId) -> TeamRole {
        if p.author_id == viewer {
            TeamRole::Author
        } else if coauthors.contains(&viewer) {
            TeamRole::Coauthor
        } else {
            TeamRole::Other
        }
    }

    pub fn in_team(self) -> bool {
        self != TeamRole::Other
    }
}

fn check_not_withdrawn(p: &ProposalFacts) -> Result<(), DomainError> {
    if matches!(p.stage, Stage::Withdrawn | Stage::Merged) {
        return Err(DomainError::ProposalWithdrawn);
    }
    Ok(())
}

/// Editing: the author or an accepted co-author, while the call takes edits, and not after
/// withdrawal or merging.
pub fn check_can_edit(phase: Phase, p: &ProposalFacts, role: TeamRole) -> Result<(), DomainError> {
    if !role.in_team() {
        return Err(DomainError::NotAuthor);
    }
    check_not_withdrawn(p)?;
    check_call_takes_edits(phase)
}

/// Inviting co-authors: the author alone, while the proposal is neither withdrawn nor merged.
pub fn check_can_invite(p: &ProposalFacts, role: TeamRole) -> Result<(), DomainError> {
    if role != TeamRole::Author {
        return Err(DomainError::NotAuthor);
    }
    check_not_withdrawn(p)
}

/// Accepting an invitation: not to a withdrawn or merged proposal.
pub fn check_can_join(p: &ProposalFacts) -> Result<(), DomainError> {
    check_not_withdrawn(p)
}

/// The invited address (normalised) against the author's own and the rows already there:
/// not the author's own address, not one invited or accepted already (a declined one may be
/// invited again), and room under [`MAX_COAUTHORS`] (`open` counts the invited and accepted
/// rows).
pub fn check_invitee(
    author_email: &str,
    email: &str,
    existing: Option<CoauthorStatus>,
    open: u64,
) -> Result<(), DomainError> {
    if email == author_email {
        return Err(DomainError::CoauthorNotAllowed);
    }
    if existing.is_some_and(CoauthorStatus::is_open) {
        return Err(DomainError::CoauthorAlreadyInvited);
    }
    if open >= MAX_COAUTHORS {
        return Err(DomainError::CoauthorLimitReached);
    }
    Ok(())
}

/// Removing an invitation or a co-author: the author removes any; the invited user removes
/// their own (leaving the team, or dropping an invitation). Nobody else.
pub fn check_can_remove(role: TeamRole, viewer: UserId, row_user: Option<UserId>) -> Result<(), DomainError> {
    if role == TeamRole::Author || row_user == Some(viewer) { Ok(()) } else { Err(DomainError::NotAuthor) }
}

/// Accepting or declining: only an open invitation.
pub fn check_can_answer(status: CoauthorStatus) -> Result<(), DomainError> {
    if status == CoauthorStatus::Invited { Ok(()) } else { Err(DomainError::InvitationAnswered) }
}

/// Thumbs: the team does not thumb its own proposal.
pub fn check_not_own(role: TeamRole) -> Result<(), DomainError> {
    if role.in_team() { Err(DomainError::OwnProposal) } else { Ok(()) }
}

/// A co-author sees a proposal as its author does: the audience the visibility rules judge.
pub fn team_audience(audience: Audience, p: &ProposalFacts, role: TeamRole) -> Audience {
    if role == TeamRole::Coauthor { Audience { id: Some(p.author_id), ..audience } } else { audience }
}

/// Who of the team hears of an event about the proposal: the author and the accepted
/// co-authors, each once, never the actor.
pub fn team_recipients(author: UserId, coauthors: &[UserId], actor: Option<UserId>) -> Vec<UserId> {
    let mut out: Vec<UserId> = Vec::with_capacity(coauthors.len() + 1);
    for u in std::iter::once(author).chain(coauthors.iter().copied()) {
        if Some(u) != actor && !out.contains(&u) {
            out.push(u);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposals::{Sight, Visibility, content_sight};

    fn facts(author: UserId) -> ProposalFacts {
        ProposalFacts { author_id: author, stage: Stage::Submitted, visibility: Visibility::Visible }
    }

    #[test]
    fn roles() {
        let (a, c, o) = (UserId::new(), UserId::new(), UserId::new());
        let p = facts(a);
        assert_eq!(TeamRole::of(&p, &[c], a), TeamRole::Author);
        assert_eq!(TeamRole::of(&p, &[c], c), TeamRole::Coauthor);
        assert_eq!(TeamRole::of(&p, &[c], o), TeamRole::Other);
    }

    #[test]
    fn the_team_edits_while_the_call_takes_edits() {
        let p = facts(UserId::new());
        assert_eq!(check_can_edit(Phase::Open, &p, TeamRole::Author), Ok(()));
        assert_eq!(check_can_edit(Phase::Open, &p, TeamRole::Coauthor), Ok(()));
        assert_eq!(check_can_edit(Phase::Open, &p, TeamRole::Other), Err(DomainError::NotAuthor));
        assert_eq!(check_can_edit(Phase::Voting, &p, TeamRole::Coauthor), Err(DomainError::CallNotOpen));
        let w = ProposalFacts { stage: Stage::Withdrawn, ..p };
        assert_eq!(check_can_edit(Phase::Open, &w, TeamRole::Coauthor), Err(DomainError::ProposalWithdrawn));
    }

    #[test]
    fn only_the_author_invites() {
        let p = facts(UserId::new());
        assert_eq!(check_can_invite(&p, TeamRole::Author), Ok(()));
        assert_eq!(check_can_invite(&p, TeamRole::Coauthor), Err(DomainError::NotAuthor));
        assert_eq!(check_can_invite(&p, TeamRole::Other), Err(DomainError::NotAuthor));
        let m = ProposalFacts { stage: Stage::Merged, ..p };
        assert_eq!(check_can_invite(&m, TeamRole::Author), Err(DomainError::ProposalWithdrawn));
    }

    #[test]
    fn invitees_are_checked() {
        use CoauthorStatus::*;
        assert_eq!(check_invitee("a@vm.fi", "a@vm.fi", None, 0), Err(DomainError::CoauthorNotAllowed));
        assert_eq!(
            check_invitee("a@vm.fi", "b@vm.fi", Some(Invited), 1),
            Err(DomainError::CoauthorAlreadyInvited)
        );
        assert_eq!(
            check_invitee("a@vm.fi", "b@vm.fi", Some(Accepted), 1),
            Err(DomainError::CoauthorAlreadyInvited)
        );
        assert_eq!(check_invitee("a@vm.fi", "b@vm.fi", Some(Declined), 0), Ok(()));
        assert_eq!(check_invitee("a@vm.fi", "b@vm.fi", None, MAX_COAUTHORS - 1), Ok(()));
        assert_eq!(
            check_invitee("a@vm.fi", "b@vm.fi", None, MAX_COAUTHORS),
            Err(DomainError::CoauthorLimitReached)
        );
    }

    #[test]
    fn removing_and_answering() {
        let (me, other) = (UserId::new(), UserId::new());
        assert_eq!(check_can_remove(TeamRole::Author, me, Some(other)), Ok(()));
        assert_eq!(check_can_remove(TeamRole::Author, me, None), Ok(()));
        assert_eq!(check_can_remove(TeamRole::Coauthor, me, Some(me)), Ok(()));
        assert_eq!(check_can_remove(TeamRole::Coauthor, me, Some(other)), Err(DomainError::NotAuthor));
        assert_eq!(check_can_remove(TeamRole::Other, me, None), Err(DomainError::NotAuthor));
        assert_eq!(check_can_answer(CoauthorStatus::Invited), Ok(()));
        assert_eq!(check_can_answer(CoauthorStatus::Accepted), Err(DomainError::InvitationAnswered));
        assert_eq!(check_can_answer(CoauthorStatus::Declined), Err(DomainError::InvitationAnswered));
    }

    #[test]
    fn co_authors_see_and_thumb_as_the_author() {
        let (a, c) = (UserId::new(), UserId::new());
        let p = ProposalFacts { visibility: Visibility::Pending, ..facts(a) };
        let me = Audience { id: Some(c), moderates: false, admin: false };
        assert_eq!(content_sight(&p, me), Sight::Nothing);
        assert_eq!(content_sight(&p, team_audience(me, &p, TeamRole::Coauthor)), Sight::Full);
        assert_eq!(team_audience(me, &p, TeamRole::Other), me);
        assert_eq!(check_not_own(TeamRole::Coauthor), Err(DomainError::OwnProposal));
        assert_eq!(check_not_own(TeamRole::Other), Ok(()));
    }

    #[test]
    fn the_team_hears_once_and_never_of_its_own_act() {
        let (a, c, d) = (UserId::new(), UserId::new(), UserId::new());
        assert_eq!(team_recipients(a, &[c, d], None), vec![a, c, d]);
        assert_eq!(team_recipients(a, &[c, d, c], Some(c)), vec![a, d]);
        assert_eq!(team_recipients(a, &[c], Some(a)), vec![c]);
    }

    #[test]
    fn stored_names_are_the_wire_names() {
        crate::assert_stored_names_match_serde::<CoauthorStatus>();
    }
}
