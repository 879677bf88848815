//! Evaluation (*arviointi*): a call's criteria, its evaluators, their blind reviews, and the
//! decisions an admin publishes all at once with the results.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use crate::proposals::Stage;

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

    use strum::IntoEnumIterator;
}
