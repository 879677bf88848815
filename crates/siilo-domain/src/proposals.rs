//! Proposals (*ehdotukset*): who may submit, see, edit and withdraw them, and when.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::calls::Phase;
use crate::{DomainError, UserId};

/// Where a proposal is on its way to a pilot; separate from whether it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum Stage {
    Submitted,
    Shortlisted,
    Selected,
    NotSelected,
    Withdrawn,
    Merged,
}

/// Whether a proposal shows to others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum Visibility {
    /// Waiting for a moderator (calls in pre-moderation).
    Pending,
    Visible,
    /// Hidden by a moderator or by reports: a tombstone shows in its place.
    Hidden,
}

/// What the rules need to know about a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposalFacts {
    pub author_id: UserId,
    pub stage: Stage,
    pub visibility: Visibility,
}

/// Who is looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Looker {
    pub id: Option<UserId>,
    /// Moderators and admins see what others do not.
    pub moderates: bool,
}

impl Looker {
    pub const VISITOR: Looker = Looker { id: None, moderates: false };
}

/// May this viewer read the proposal in full? Its author and moderators always may; others
/// only when it is visible. A hidden proposal still shows its tombstone to everyone.
pub fn can_read_in_full(p: &ProposalFacts, looker: Looker) -> bool {
    p.visibility == Visibility::Visible || looker.moderates || looker.id == Some(p.author_id)
}

/// Does it show in a list at all? Pending proposals show only to their author and moderators;
/// hidden ones show as tombstones.
pub fn is_listed(p: &ProposalFacts, looker: Looker) -> bool {
    p.visibility != Visibility::Pending || looker.moderates || looker.id == Some(p.author_id)
}

/// The one answer to "may this user submit a proposal to this call now?".
pub fn check_can_submit(
    phase: Phase,
    own_in_call: u64,
    max_per_user: Option<u32>,
) -> Result<(), DomainError> {
    if !phase.takes_submissions() {
        return Err(DomainError::CallNotOpen);
    }
    if max_per_user.is_some_and(|max| own_in_call >= u64::from(max)) {
        return Err(DomainError::LimitReached);
    }
    Ok(())
}

/// Does the call take edits of proposals now at all?
pub fn check_call_takes_edits(phase: Phase) -> Result<(), DomainError> {
    if phase.takes_edits() { Ok(()) } else { Err(DomainError::CallNotOpen) }
}

/// Editing and withdrawing: the author, while submissions are open, and not after withdrawal.
pub fn check_can_edit(phase: Phase, p: &ProposalFacts, viewer: UserId) -> Result<(), DomainError> {
    if p.author_id != viewer {
        return Err(DomainError::NotAuthor);
    }
    if matches!(p.stage, Stage::Withdrawn | Stage::Merged) {
        return Err(DomainError::ProposalWithdrawn);
    }
    check_call_takes_edits(phase)
}

/// How a new proposal starts: at once visible, or waiting for a moderator in a
/// pre-moderated call.
pub fn initial_visibility(mode: crate::calls::ModerationMode) -> Visibility {
    match mode {
        crate::calls::ModerationMode::Post => Visibility::Visible,
        crate::calls::ModerationMode::Pre => Visibility::Pending,
    }
}

/// Proposals that count against `max_proposals_per_user`: all but withdrawn ones, so that
/// an author who withdraws may submit another.
pub fn counts_against_limit(stage: Stage) -> bool {
    stage != Stage::Withdrawn
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(author: UserId) -> ProposalFacts {
        ProposalFacts { author_id: author, stage: Stage::Submitted, visibility: Visibility::Visible }
    }

    #[test]
    fn submissions_need_an_open_call_and_room_under_the_limit() {
        assert_eq!(check_can_submit(Phase::Open, 0, None), Ok(()));
        assert_eq!(check_can_submit(Phase::Upcoming, 0, None), Err(DomainError::CallNotOpen));
        assert_eq!(check_can_submit(Phase::Voting, 0, None), Err(DomainError::CallNotOpen));
        assert_eq!(check_can_submit(Phase::Open, 1, Some(2)), Ok(()));
        assert_eq!(check_can_submit(Phase::Open, 2, Some(2)), Err(DomainError::LimitReached));
    }

    #[test]
    fn only_the_author_edits_and_only_while_open() {
        let me = UserId::new();
        let p = facts(me);
        assert_eq!(check_can_edit(Phase::Open, &p, me), Ok(()));
        assert_eq!(check_can_edit(Phase::Open, &p, UserId::new()), Err(DomainError::NotAuthor));
        assert_eq!(check_can_edit(Phase::Voting, &p, me), Err(DomainError::CallNotOpen));
        let withdrawn = ProposalFacts { stage: Stage::Withdrawn, ..p };
        assert_eq!(check_can_edit(Phase::Open, &withdrawn, me), Err(DomainError::ProposalWithdrawn));
    }

    #[test]
    fn pending_and_hidden_proposals_show_to_their_author_and_moderators() {
        let author = UserId::new();
        let pending = ProposalFacts { visibility: Visibility::Pending, ..facts(author) };
        let hidden = ProposalFacts { visibility: Visibility::Hidden, ..facts(author) };
        let other = Looker { id: Some(UserId::new()), moderates: false };
        let owner = Looker { id: Some(author), moderates: false };
        let moderator = Looker { id: Some(UserId::new()), moderates: true };
        assert!(!is_listed(&pending, other));
        assert!(!is_listed(&pending, Looker::VISITOR));
        assert!(is_listed(&pending, owner) && is_listed(&pending, moderator));
        assert!(is_listed(&hidden, Looker::VISITOR), "a tombstone shows");
        assert!(!can_read_in_full(&hidden, other));
        assert!(can_read_in_full(&hidden, owner) && can_read_in_full(&hidden, moderator));
    }

    #[test]
    fn pre_moderated_calls_hold_new_proposals_back() {
        use crate::calls::ModerationMode;
        assert_eq!(initial_visibility(ModerationMode::Post), Visibility::Visible);
        assert_eq!(initial_visibility(ModerationMode::Pre), Visibility::Pending);
    }

    #[test]
    fn stages_round_trip_through_their_names() {
        for s in [
            Stage::Submitted,
            Stage::Shortlisted,
            Stage::Selected,
            Stage::NotSelected,
            Stage::Withdrawn,
            Stage::Merged,
        ] {
            assert_eq!(s.into_str().parse::<Stage>(), Ok(s));
        }
        assert_eq!(Stage::NotSelected.into_str(), "not_selected");
        assert_eq!("hidden".parse::<Visibility>(), Ok(Visibility::Hidden));
        assert!("gone".parse::<Visibility>().is_err());
    }

    #[test]
    fn stored_names_are_the_wire_names() {
        crate::assert_stored_names_match_serde::<Stage>();
        crate::assert_stored_names_match_serde::<Visibility>();
    }
}
