//! Pilots (*kokeilut*): experiments made from selected proposals, their team, progress and
//! lessons learned.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::proposals::{Stage, Visibility};
use crate::{DomainError, UserId};

/// Where a pilot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum PilotStatus {
    Planned,
    Running,
    Evaluating,
    Completed,
    Cancelled,
}

/// Who someone is to a pilot: what they may change follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PilotRole {
    /// An administrator: may change anything.
    Admin,
    /// A member of the pilot's team (named by an admin): posts updates, writes the lessons,
    /// and edits the pilot's own description.
    Team,
    /// Anyone else: reads.
    Other,
}

impl PilotRole {
    /// An admin is an admin even when also on the team.
    pub fn of(admin: bool, on_team: bool) -> PilotRole {
        match (admin, on_team) {
            (true, _) => PilotRole::Admin,
            (false, true) => PilotRole::Team,
            (false, false) => PilotRole::Other,
        }
    }

    /// May edit the pilot (some fields for the team, all for an admin).
    pub fn can_edit(self) -> bool {
        self != PilotRole::Other
    }
}

/// The fields a change of a pilot touches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PilotChange {
    // What the team may change.
    pub title: bool,
    pub goal: bool,
    pub status: bool,
    pub starts_on: bool,
    pub ends_on: bool,
    pub contact: bool,
    // What only an admin may change.
    pub proposals: bool,
    pub language: bool,
    pub owner_organisation: bool,
    pub partner_organisations: bool,
    pub team: bool,
}

impl PilotChange {
    /// Touches something only an admin may change: the pilot's sources, language,
    /// organisations or team.
    pub fn needs_admin(&self) -> bool {
        self.proposals || self.language || self.owner_organisation || self.partner_organisations || self.team
    }
}

/// May `role` make `change`? Admins change anything; the team its title, goal, status, dates
/// and contact; anyone else nothing (`not_pilot_team`).
pub fn check_can_change(role: PilotRole, change: &PilotChange) -> Result<(), DomainError> {
    match role {
        PilotRole::Admin => Ok(()),
        PilotRole::Team if !change.needs_admin() => Ok(()),
        PilotRole::Team | PilotRole::Other => Err(DomainError::NotPilotTeam),
    }
}

/// May `role` post a progress update, delete one, or write the lessons? The team and admins.
pub fn check_can_post(role: PilotRole) -> Result<(), DomainError> {
    if role.can_edit() { Ok(()) } else { Err(DomainError::NotPilotTeam) }
}

/// May a pilot be made from a proposal? Only from one `selected` in its call's published
/// results (and showing to all): otherwise `proposal_not_selected`.
pub fn check_source(
    stage: Stage,
    visibility: Visibility,
    results_published: bool,
) -> Result<(), DomainError> {
    if stage == Stage::Selected && visibility == Visibility::Visible && results_published {
        Ok(())
    } else {
        Err(DomainError::ProposalNotSelected)
    }
}

/// A pilot's end comes before its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatesOutOfOrder;

/// A pilot ends on or after the day it starts (an open end is fine).
pub fn check_dates(starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> Result<(), DatesOutOfOrder> {
    match ends_on {
        Some(end) if end < starts_on => Err(DatesOutOfOrder),
        _ => Ok(()),
    }
}

/// Who is told that a pilot was made from their proposals and follows it from the start:
/// the source proposals' authors and those credited on them, each once, in the order given.
pub fn credited_once(people: impl IntoIterator<Item = UserId>) -> Vec<UserId> {
    let mut seen = std::collections::HashSet::new();
    people.into_iter().filter(|u| seen.insert(*u)).collect()
}

/// Who hears of a new update or of the lessons: the pilot's followers, except whoever wrote it.
pub fn follower_recipients(followers: &[UserId], actor: UserId) -> Vec<UserId> {
    credited_once(followers.iter().copied().filter(|u| *u != actor))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_the_json_names() {
        crate::assert_stored_names_match_serde::<PilotStatus>();
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap()
    }

    #[test]
    fn an_admin_on_the_team_is_still_an_admin() {
        assert_eq!(PilotRole::of(true, true), PilotRole::Admin);
        assert_eq!(PilotRole::of(false, true), PilotRole::Team);
        assert_eq!(PilotRole::of(false, false), PilotRole::Other);
        assert!(!PilotRole::Other.can_edit());
    }

    #[test]
    fn the_team_changes_the_description_but_not_the_sources_organisations_or_team() {
        let text = PilotChange {
            title: true,
            goal: true,
            status: true,
            starts_on: true,
            ends_on: true,
            contact: true,
            ..Default::default()
        };
        assert_eq!(check_can_change(PilotRole::Team, &text), Ok(()));
        for admin_only in [
            PilotChange { proposals: true, ..Default::default() },
            PilotChange { language: true, ..Default::default() },
            PilotChange { owner_organisation: true, ..Default::default() },
            PilotChange { partner_organisations: true, ..Default::default() },
            PilotChange { team: true, title: true, ..Default::default() },
        ] {
            assert_eq!(check_can_change(PilotRole::Team, &admin_only), Err(DomainError::NotPilotTeam));
            assert_eq!(check_can_change(PilotRole::Admin, &admin_only), Ok(()));
        }
    }

    #[test]
    fn others_change_nothing_and_post_nothing() {
        assert_eq!(
            check_can_change(PilotRole::Other, &PilotChange::default()),
            Err(DomainError::NotPilotTeam)
        );
        assert_eq!(check_can_post(PilotRole::Other), Err(DomainError::NotPilotTeam));
        assert_eq!(check_can_post(PilotRole::Team), Ok(()));
        assert_eq!(check_can_post(PilotRole::Admin), Ok(()));
    }

    #[test]
    fn only_a_proposal_selected_in_published_results_makes_a_pilot() {
        assert_eq!(check_source(Stage::Selected, Visibility::Visible, true), Ok(()));
        let no = Err(DomainError::ProposalNotSelected);
        assert_eq!(check_source(Stage::Selected, Visibility::Visible, false), no);
        assert_eq!(check_source(Stage::Shortlisted, Visibility::Visible, true), no);
        assert_eq!(check_source(Stage::Submitted, Visibility::Visible, true), no);
        assert_eq!(check_source(Stage::Selected, Visibility::Hidden, true), no);
    }

    #[test]
    fn a_pilot_ends_on_or_after_its_start() {
        assert_eq!(check_dates(day(10), None), Ok(()));
        assert_eq!(check_dates(day(10), Some(day(10))), Ok(()));
        assert_eq!(check_dates(day(10), Some(day(9))), Err(DatesOutOfOrder));
    }

    #[test]
    fn followers_hear_once_and_never_of_their_own_post() {
        let (a, b, c) = (UserId::new(), UserId::new(), UserId::new());
        assert_eq!(follower_recipients(&[a, b, a, c], b), vec![a, c]);
        assert_eq!(credited_once([a, a, c]), vec![a, c]);
    }
}
