//! Evaluation (*arviointi*): a call's criteria, its evaluators, their blind reviews, and the
//! decisions an admin publishes all at once with the results.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr, VariantNames};

use uuid::Uuid;

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

/// May reviews be written in a call in this phase? `review`, and `voting` when the call says
/// so (`reviews_in_voting`).
pub fn takes_reviews(phase: Phase, reviews_in_voting: bool) -> bool {
    phase == Phase::Review || (phase == Phase::Voting && reviews_in_voting)
}

/// What the review rules need to know of one proposal and the evaluator.
#[derive(Debug, Clone, Copy)]
pub struct ReviewFacts {
    pub phase: Phase,
    pub reviews_in_voting: bool,
    /// The evaluator is assigned to the proposal's call.
    pub assigned: bool,
    /// The evaluator declared a conflict of interest on the proposal.
    pub conflict: bool,
    pub stage: Stage,
    pub visibility: Visibility,
    /// The call has at least one criterion.
    pub has_criteria: bool,
    /// The evaluator's own review, if any.
    pub mine: Option<ReviewStatus>,
}

/// The one answer to "may this evaluator write (or submit) their review of this proposal
/// now?": assigned, no conflict, the phase takes reviews, the proposal shows and is still in
/// the running, the call has criteria, and their review is not already submitted.
pub fn check_can_review(f: &ReviewFacts) -> Result<(), DomainError> {
    if !f.assigned {
        return Err(DomainError::NotAssigned);
    }
    if f.conflict {
        return Err(DomainError::ConflictOfInterest);
    }
    if !takes_reviews(f.phase, f.reviews_in_voting) {
        return Err(DomainError::CallNotInReview);
    }
    if f.visibility != Visibility::Visible || matches!(f.stage, Stage::Withdrawn | Stage::Merged) {
        return Err(DomainError::ProposalNotDecidable);
    }
    if !f.has_criteria {
        return Err(DomainError::NoCriteria);
    }
    if f.mine == Some(ReviewStatus::Submitted) {
        return Err(DomainError::ReviewSubmitted);
    }
    Ok(())
}

/// Criteria can change until the first review of the call is submitted, and not in an
/// archived call.
pub fn check_criteria_editable(phase: Phase, any_submitted: bool) -> Result<(), DomainError> {
    if phase == Phase::Archived {
        return Err(DomainError::CallArchived);
    }
    if any_submitted {
        return Err(DomainError::CriteriaLocked);
    }
    Ok(())
}

/// Is the score in 1–5?
pub fn score_in_range(score: i32) -> bool {
    (SCORE_MIN..=SCORE_MAX).contains(&score)
}

/// A review is submitted complete: a score on every one of the call's criteria and a
/// recommendation.
pub fn check_complete(
    criteria: &[Uuid],
    scored: &[Uuid],
    recommendation: Option<Recommendation>,
) -> Result<(), DomainError> {
    if recommendation.is_none() || criteria.is_empty() || !criteria.iter().all(|c| scored.contains(c)) {
        return Err(DomainError::ReviewIncomplete);
    }
    Ok(())
}

/// A review's weighted score: Σ w·s / Σ w over the scored criteria (a submitted review has
/// them all). `None` without any weight.
pub fn weighted_score(scores: &[(f64, i32)]) -> Option<f64> {
    let total: f64 = scores.iter().map(|(w, _)| *w).sum();
    if scores.is_empty() || total <= 0.0 {
        return None;
    }
    Some(scores.iter().map(|(w, s)| w * f64::from(*s)).sum::<f64>() / total)
}

/// A proposal's score: the mean of its submitted reviews' weighted scores.
pub fn proposal_score(review_scores: &[f64]) -> Option<f64> {
    if review_scores.is_empty() {
        return None;
    }
    let n = review_scores.len() as f64;
    Some(review_scores.iter().sum::<f64>() / n)
}

/// The spread: the largest (max − min) over the criteria of the submitted scores, given as
/// `(criterion, score)` pairs. `None` without scores.
pub fn spread(scores: &[(Uuid, i32)]) -> Option<i32> {
    let mut by: std::collections::HashMap<Uuid, (i32, i32)> = std::collections::HashMap::new();
    for (c, s) in scores {
        let e = by.entry(*c).or_insert((*s, *s));
        e.0 = e.0.min(*s);
        e.1 = e.1.max(*s);
    }
    by.values().map(|(lo, hi)| hi - lo).max()
}

/// Evaluators disagree when their scores on one criterion differ by two or more.
pub fn disagreement(spread: Option<i32>) -> bool {
    spread.is_some_and(|s| s >= DISAGREEMENT_SPREAD)
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

    fn facts() -> ReviewFacts {
        ReviewFacts {
            phase: Phase::Review,
            reviews_in_voting: false,
            assigned: true,
            conflict: false,
            stage: Stage::Submitted,
            visibility: Visibility::Visible,
            has_criteria: true,
            mine: None,
        }
    }

    #[test]
    fn an_assigned_evaluator_reviews_during_review() {
        assert_eq!(check_can_review(&facts()), Ok(()));
        assert_eq!(check_can_review(&ReviewFacts { mine: Some(ReviewStatus::Draft), ..facts() }), Ok(()));
    }

    #[test]
    fn refusals_come_in_order() {
        let f = facts();
        assert_eq!(check_can_review(&ReviewFacts { assigned: false, ..f }), Err(DomainError::NotAssigned));
        assert_eq!(
            check_can_review(&ReviewFacts { conflict: true, ..f }),
            Err(DomainError::ConflictOfInterest)
        );
        assert_eq!(
            check_can_review(&ReviewFacts { phase: Phase::Voting, ..f }),
            Err(DomainError::CallNotInReview)
        );
        assert_eq!(
            check_can_review(&ReviewFacts { phase: Phase::Results, ..f }),
            Err(DomainError::CallNotInReview)
        );
        assert_eq!(check_can_review(&ReviewFacts { has_criteria: false, ..f }), Err(DomainError::NoCriteria));
        assert_eq!(
            check_can_review(&ReviewFacts { mine: Some(ReviewStatus::Submitted), ..f }),
            Err(DomainError::ReviewSubmitted)
        );
        assert_eq!(
            check_can_review(&ReviewFacts { stage: Stage::Merged, ..f }),
            Err(DomainError::ProposalNotDecidable)
        );
    }

    #[test]
    fn voting_takes_reviews_only_when_the_call_says_so() {
        assert!(!takes_reviews(Phase::Voting, false));
        assert!(takes_reviews(Phase::Voting, true));
        assert!(takes_reviews(Phase::Review, false));
        assert!(!takes_reviews(Phase::Open, true));
        assert_eq!(
            check_can_review(&ReviewFacts { phase: Phase::Voting, reviews_in_voting: true, ..facts() }),
            Ok(())
        );
    }

    #[test]
    fn criteria_lock_at_the_first_submission() {
        assert_eq!(check_criteria_editable(Phase::Review, false), Ok(()));
        assert_eq!(check_criteria_editable(Phase::Review, true), Err(DomainError::CriteriaLocked));
        assert_eq!(check_criteria_editable(Phase::Archived, false), Err(DomainError::CallArchived));
    }

    #[test]
    fn a_complete_review_scores_every_criterion_and_recommends() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(check_complete(&[a, b], &[b, a], Some(Recommendation::Maybe)), Ok(()));
        assert_eq!(
            check_complete(&[a, b], &[a], Some(Recommendation::Maybe)),
            Err(DomainError::ReviewIncomplete)
        );
        assert_eq!(check_complete(&[a, b], &[a, b], None), Err(DomainError::ReviewIncomplete));
        assert_eq!(
            check_complete(&[], &[], Some(Recommendation::Reject)),
            Err(DomainError::ReviewIncomplete)
        );
        assert!(score_in_range(1) && score_in_range(5) && !score_in_range(0) && !score_in_range(6));
    }

    #[test]
    fn scores_are_weighted_means() {
        // weights 2 and 1: (2·5 + 1·2) / 3 = 4
        assert_eq!(weighted_score(&[(2.0, 5), (1.0, 2)]), Some(4.0));
        assert_eq!(weighted_score(&[]), None);
        assert_eq!(proposal_score(&[4.0, 3.0]), Some(3.5));
        assert_eq!(proposal_score(&[]), None);
    }

    #[test]
    fn spread_is_the_widest_criterion_and_two_is_a_disagreement() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(spread(&[(a, 5), (a, 4), (b, 1), (b, 3)]), Some(2));
        assert_eq!(spread(&[(a, 5), (b, 1)]), Some(0));
        assert_eq!(spread(&[]), None);
        assert!(disagreement(Some(2)));
        assert!(!disagreement(Some(1)));
        assert!(!disagreement(None));
    }

    use strum::IntoEnumIterator;
}

#[cfg(test)]
mod decision_tests {
    use super::*;

    fn proposal_facts(stage: Stage, visibility: Visibility) -> ProposalFacts {
        ProposalFacts { author_id: crate::UserId::new(), stage, visibility }
    }

    #[test]
    fn decisions_are_made_in_review_and_results_on_live_proposals() {
        let live = proposal_facts(Stage::Submitted, Visibility::Visible);
        assert_eq!(check_can_decide(Phase::Review, &live), Ok(()));
        assert_eq!(check_can_decide(Phase::Results, &live), Ok(()));
        for phase in [Phase::Draft, Phase::Upcoming, Phase::Open, Phase::Voting, Phase::Archived] {
            assert_eq!(check_can_decide(phase, &live), Err(DomainError::CallNotInReview));
        }
        for p in [
            proposal_facts(Stage::Withdrawn, Visibility::Visible),
            proposal_facts(Stage::Merged, Visibility::Visible),
            proposal_facts(Stage::Submitted, Visibility::Hidden),
            proposal_facts(Stage::Submitted, Visibility::Pending),
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
}
