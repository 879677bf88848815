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
    /// Kept from the call by a moderator (pre-moderation): like pending, only its author and
    /// moderators see it.
    Rejected,
}

impl Visibility {
    /// Pending and rejected proposals are withheld: only their author and moderators know of
    /// them.
    pub fn is_withheld(self) -> bool {
        matches!(self, Visibility::Pending | Visibility::Rejected)
    }

    /// The stored names of the withheld visibilities, for the store's filters.
    pub const WITHHELD: [&'static str; 2] = [Visibility::Pending.into_str(), Visibility::Rejected.into_str()];
}

/// What the rules need to know about a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposalFacts {
    pub author_id: UserId,
    pub stage: Stage,
    pub visibility: Visibility,
}

/// Whoever a proposal is shown to, reduced to what the visibility rules need: their id when
/// signed in (`None` for a visitor), and their standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Audience {
    /// The signed-in user; `None` for a visitor.
    pub id: Option<UserId>,
    /// Moderators and admins see pending and hidden content.
    pub moderates: bool,
    /// Admins also see calls in draft.
    pub admin: bool,
}

impl Audience {
    /// Someone who is not signed in.
    pub const VISITOR: Audience = Audience { id: None, moderates: false, admin: false };
}

/// How much of a proposal its audience gets to see. Ordered: each level includes the one
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Sight {
    /// Nothing: for this audience the proposal does not exist (404).
    Nothing,
    /// Its number and counts, without its text: a hidden proposal's tombstone.
    Tombstone,
    /// All of it.
    Full,
}

/// The one answer to "what may this audience see of this proposal?". Nothing of a proposal
/// in a call they may not see (a draft is for admins only); a pending proposal only to its
/// author and moderators; a hidden one in full to its author and moderators, and as a
/// tombstone to everyone else. Reading and thumbing need at least [`Sight::Tombstone`];
/// comments and revisions need [`Sight::Full`].
pub fn proposal_sight(call_phase: Phase, p: &ProposalFacts, audience: Audience) -> Sight {
    if !crate::calls::is_visible(call_phase, audience.admin) {
        return Sight::Nothing;
    }
    content_sight(p, audience)
}

/// [`proposal_sight`] once its call is known to show to the audience (a notification about
/// a proposal: nobody is notified of proposals in a draft call).
pub fn content_sight(p: &ProposalFacts, audience: Audience) -> Sight {
    let privileged = audience.moderates || audience.id == Some(p.author_id);
    match p.visibility {
        Visibility::Visible => Sight::Full,
        _ if privileged => Sight::Full,
        Visibility::Hidden => Sight::Tombstone,
        Visibility::Pending | Visibility::Rejected => Sight::Nothing,
    }
}

/// Does the call take submissions now at all? The call's `viewer.can_submit` before the
/// viewer's own count is known.
pub fn check_call_takes_submissions(phase: Phase) -> Result<(), DomainError> {
    if phase.takes_submissions() { Ok(()) } else { Err(DomainError::CallNotOpen) }
}

/// The one answer to "may this user submit a proposal to this call now?".
pub fn check_can_submit(
    phase: Phase,
    own_in_call: u64,
    max_per_user: Option<u32>,
) -> Result<(), DomainError> {
    check_call_takes_submissions(phase)?;
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
    fn submissions_are_taken_only_while_the_call_is_open() {
        assert_eq!(check_call_takes_submissions(Phase::Open), Ok(()));
        for phase in <Phase as strum::IntoEnumIterator>::iter().filter(|p| *p != Phase::Open) {
            assert_eq!(check_call_takes_submissions(phase), Err(DomainError::CallNotOpen), "{phase:?}");
        }
    }

    fn audiences(author: UserId) -> [Audience; 4] {
        let other = Audience { id: Some(UserId::new()), moderates: false, admin: false };
        let owner = Audience { id: Some(author), moderates: false, admin: false };
        let moderator = Audience { id: Some(UserId::new()), moderates: true, admin: false };
        [Audience::VISITOR, other, owner, moderator]
    }

    #[test]
    fn pending_and_hidden_proposals_show_to_their_author_and_moderators() {
        let author = UserId::new();
        let pending = ProposalFacts { visibility: Visibility::Pending, ..facts(author) };
        let hidden = ProposalFacts { visibility: Visibility::Hidden, ..facts(author) };
        let rejected = ProposalFacts { visibility: Visibility::Rejected, ..facts(author) };
        let [visitor, other, owner, moderator] = audiences(author);
        let sight = |p: &ProposalFacts, a: Audience| proposal_sight(Phase::Open, p, a);
        assert_eq!(sight(&rejected, other), Sight::Nothing);
        assert_eq!(sight(&rejected, visitor), Sight::Nothing);
        assert!(sight(&rejected, owner) == Sight::Full && sight(&rejected, moderator) == Sight::Full);
        assert_eq!(sight(&pending, other), Sight::Nothing);
        assert_eq!(sight(&pending, visitor), Sight::Nothing);
        assert!(sight(&pending, owner) > Sight::Nothing && sight(&pending, moderator) > Sight::Nothing);
        assert_eq!(sight(&hidden, visitor), Sight::Tombstone, "a tombstone shows");
        assert_eq!(sight(&hidden, other), Sight::Tombstone);
        assert!(sight(&hidden, owner) == Sight::Full && sight(&hidden, moderator) == Sight::Full);
        for a in [visitor, other, owner, moderator] {
            assert_eq!(sight(&facts(author), a), Sight::Full);
        }
    }

    #[test]
    fn proposals_of_a_draft_call_show_to_admins_only() {
        let author = UserId::new();
        let admin = Audience { id: Some(UserId::new()), moderates: true, admin: true };
        assert_eq!(proposal_sight(Phase::Draft, &facts(author), admin), Sight::Full);
        for a in audiences(author) {
            assert_eq!(proposal_sight(Phase::Draft, &facts(author), a), Sight::Nothing);
        }
        // Once its call shows, a proposal shows as `content_sight` says.
        let hidden = ProposalFacts { visibility: Visibility::Hidden, ..facts(author) };
        for a in audiences(author) {
            assert_eq!(proposal_sight(Phase::Voting, &hidden, a), content_sight(&hidden, a));
        }
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
