//! Evaluation (*arviointi*): a call's criteria, its evaluators, their blind reviews, and the
//! decisions an admin publishes all at once with the results.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::DomainError;
use crate::calls::Phase;
use crate::proposals::{ProposalFacts, Stage, Visibility};

/// The lowest and highest score on a criterion.
pub const SCORE_MIN: i32 = 1;
pub const SCORE_MAX: i32 = 5;

/// Scores on one criterion that differ by this much or more flag a disagreement.
pub const DISAGREEMENT_SPREAD: i32 = 2;

/// What an evaluator recommends for a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum Recommendation {
    Shortlist,
    Maybe,
    Reject,
}

/// A review is a draft (its author's alone) until it is submitted; a submitted review never
/// changes, since its author has then seen the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum ReviewStatus {
    Draft,
    Submitted,
}

/// The outcome an admin decides for a proposal; it shows when the results are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(EnumString, IntoStaticStr, Display, EnumIter, VariantNames)]
#[strum(serialize_all = "snake_case", const_into_str)]
pub enum DecisionStage {
    Shortlisted,
    Selected,
    NotSelected,
}

impl From<DecisionStage> for Stage {
    fn from(d: DecisionStage) -> Self {
        match d {
            DecisionStage::Shortlisted => Stage::Shortlisted,
            DecisionStage::Selected => Stage::Selected,
            DecisionStage::NotSelected => Stage::NotSelected,
        }
    }
}

/// Where the viewer stands towards one proposal's reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewerStanding {
    /// An admin who is not reviewing: sees every submitted review.
    Admin,
    /// An assigned evaluator whose own review of the proposal is not yet submitted.
    Pending,
    /// An assigned evaluator who submitted their review of the proposal.
    Submitted,
    /// An assigned evaluator who declared a conflict of interest on the proposal: they will
    /// not review it, so nothing they see can sway them.
    Conflicted,
}

/// Blind review: an evaluator sees other evaluators' scores on a proposal (and anything
/// computed from them: the ranking's score and spread, the export's score columns) only
/// once their own review of it is submitted, or when they cannot review it.
pub fn scores_revealed(standing: ReviewerStanding) -> bool {
    !matches!(standing, ReviewerStanding::Pending)
}

/// May an admin decide (or change the decision on) this proposal now? While the call is in
/// `review` or `results`, on a proposal that shows and is neither withdrawn nor merged.
pub fn check_can_decide(phase: Phase, p: &ProposalFacts) -> Result<(), DomainError> {
    if !matches!(phase, Phase::Review | Phase::Results) {
        return Err(DomainError::CallNotInReview);
    }
    if matches!(p.stage, Stage::Withdrawn | Stage::Merged) || p.visibility != Visibility::Visible {
        return Err(DomainError::ProposalNotDecidable);
    }
    Ok(())
}

/// A decision can be taken back only until the results are published.
pub fn check_can_undecide(results_published: bool) -> Result<(), DomainError> {
    if results_published { Err(DomainError::ResultsPublished) } else { Ok(()) }
}

/// Results are published once, from the `review` phase.
pub fn check_can_publish_results(phase: Phase) -> Result<(), DomainError> {
    match phase {
        Phase::Review => Ok(()),
        Phase::Results => Err(DomainError::ResultsPublished),
        _ => Err(DomainError::CallNotInReview),
    }
}

/// Who sees a decision: everyone once the call's results are published; before that only
/// admins and the call's evaluators, so that nothing leaks before the results are out.
pub fn decision_visible(results_published: bool, admin: bool, evaluator_of_call: bool) -> bool {
    results_published || admin || evaluator_of_call
}

/// The order decisions are listed in: selected, shortlisted, not selected.
pub fn decision_rank(stage: DecisionStage) -> i32 {
    match stage {
        DecisionStage::Selected => 0,
        DecisionStage::Shortlisted => 1,
        DecisionStage::NotSelected => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_the_json_names() {
        crate::assert_stored_names_match_serde::<Recommendation>();
        crate::assert_stored_names_match_serde::<ReviewStatus>();
        crate::assert_stored_names_match_serde::<DecisionStage>();
    }

    #[test]
    fn a_decision_names_a_stage_of_the_same_name() {
        for d in DecisionStage::iter() {
            let name: &'static str = d.into();
            let stage: &'static str = Stage::from(d).into();
            assert_eq!(name, stage);
        }
    }

    #[test]
    fn an_evaluator_sees_no_other_scores_before_submitting() {
        assert!(!scores_revealed(ReviewerStanding::Pending));
        assert!(scores_revealed(ReviewerStanding::Submitted));
        assert!(scores_revealed(ReviewerStanding::Conflicted));
        assert!(scores_revealed(ReviewerStanding::Admin));
    }

    fn facts(stage: Stage, visibility: Visibility) -> ProposalFacts {
        ProposalFacts { author_id: crate::UserId::new(), stage, visibility }
    }

    #[test]
    fn decisions_are_made_in_review_and_results_on_live_proposals() {
        let live = facts(Stage::Submitted, Visibility::Visible);
        assert_eq!(check_can_decide(Phase::Review, &live), Ok(()));
        assert_eq!(check_can_decide(Phase::Results, &live), Ok(()));
        for phase in [Phase::Draft, Phase::Upcoming, Phase::Open, Phase::Voting, Phase::Archived] {
            assert_eq!(check_can_decide(phase, &live), Err(DomainError::CallNotInReview));
        }
        for p in [
            facts(Stage::Withdrawn, Visibility::Visible),
            facts(Stage::Merged, Visibility::Visible),
            facts(Stage::Submitted, Visibility::Hidden),
            facts(Stage::Submitted, Visibility::Pending),
        ] {
            assert_eq!(check_can_decide(Phase::Review, &p), Err(DomainError::ProposalNotDecidable));
        }
    }

    #[test]
    fn results_are_published_once_from_review() {
        assert_eq!(check_can_publish_results(Phase::Review), Ok(()));
        assert_eq!(check_can_publish_results(Phase::Results), Err(DomainError::ResultsPublished));
        assert_eq!(check_can_publish_results(Phase::Voting), Err(DomainError::CallNotInReview));
        assert_eq!(check_can_undecide(false), Ok(()));
        assert_eq!(check_can_undecide(true), Err(DomainError::ResultsPublished));
    }

    #[test]
    fn decisions_show_to_participants_only_once_published() {
        assert!(!decision_visible(false, false, false));
        assert!(decision_visible(false, true, false));
        assert!(decision_visible(false, false, true));
        assert!(decision_visible(true, false, false));
    }

    #[test]
    fn decisions_list_selected_first() {
        assert!(decision_rank(DecisionStage::Selected) < decision_rank(DecisionStage::Shortlisted));
        assert!(decision_rank(DecisionStage::Shortlisted) < decision_rank(DecisionStage::NotSelected));
    }

    use strum::IntoEnumIterator;
}
