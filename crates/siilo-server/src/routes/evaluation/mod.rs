//! Evaluation (*arviointi*): a call's criteria and evaluators, conflicts of interest, blind
//! reviews, the ranking and the review progress. The rules are `siilo_domain::evaluation`'s.
//!
//! - [`criteria`]: `GET`/`PUT /calls/{id}/criteria`;
//! - [`evaluators`]: assigning evaluators, and `GET /me/evaluations`;
//! - [`conflicts`]: `PUT`/`DELETE /proposals/{id}/conflict`;
//! - [`reviews`]: reading reviews, writing one's draft, submitting it;
//! - [`ranking`]: `GET /calls/{id}/ranking` and `GET /calls/{id}/review-progress`.

use chrono::Utc;
use siilo_domain::DomainError;
use siilo_domain::evaluation::{ReviewStatus, ReviewerStanding};
use siilo_domain::proposals::{ProposalFacts, Sight, proposal_sight};
use siilo_domain::roles::Role;
use siilo_store::calls::CallRecord;
use siilo_store::evaluation::criteria::CriterionRecord;
use siilo_store::evaluation::evaluators as assignments;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

pub mod conflicts;
pub mod criteria;
pub mod evaluators;
pub mod ranking;
pub mod reviews;

pub use criteria::Criterion;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(criteria::get_criteria)
        .service(criteria::replace_criteria)
        .service(evaluators::list_evaluators)
        .service(evaluators::assign_evaluator)
        .service(evaluators::remove_evaluator)
        .service(evaluators::list_my_evaluations)
        .service(conflicts::declare_conflict)
        .service(conflicts::withdraw_conflict)
        .service(reviews::get_reviews)
        .service(reviews::save_my_review)
        .service(reviews::submit_my_review)
        .service(ranking::get_ranking)
        .service(ranking::get_review_progress);
}

/// A proposal as the review routes see it: its call, its facts, and whether the viewer is
/// one of the call's evaluators. 404 when the viewer may not see the proposal at all.
pub(crate) struct ReviewPlace {
    pub call: CallRecord,
    pub facts: ProposalFacts,
    pub assigned: bool,
}

pub(crate) async fn review_place(
    state: &AppState,
    id: Uuid,
    viewer: &SignedIn,
) -> Result<ReviewPlace, ApiError> {
    let (call, facts) = siilo_store::proposals::facts(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    if proposal_sight(call.state.phase_at(Utc::now()), &facts, viewer.audience()) == Sight::Nothing {
        return Err(ApiError::NotFound);
    }
    let assigned = acts_as_evaluator(state, call.id, viewer).await?;
    Ok(ReviewPlace { call, facts, assigned })
}

/// Does the viewer act as one of the call's evaluators: assigned to it and still holding the
/// evaluator role? A role taken away ends the access at once, though the assignment stays.
pub(crate) async fn acts_as_evaluator(
    state: &AppState,
    call_id: Uuid,
    viewer: &SignedIn,
) -> Result<bool, ApiError> {
    if !viewer.user.roles.has(Role::Evaluator) {
        return Ok(false);
    }
    Ok(assignments::is_assigned(&state.db, call_id, viewer.id().0).await?)
}

/// Ranking and progress: the call's evaluators, its managers and admins (`manages`). An
/// evaluator of another call is `not_assigned`, anyone else `role_required`.
pub(crate) fn check_call_access(viewer: &SignedIn, assigned: bool, manages: bool) -> Result<(), DomainError> {
    if assigned || manages {
        Ok(())
    } else if viewer.user.roles.has(Role::Evaluator) {
        Err(DomainError::NotAssigned)
    } else {
        Err(DomainError::RoleRequired(Role::Evaluator))
    }
}

/// Where the viewer stands towards one proposal's reviews, for `scores_revealed`.
pub(crate) fn standing(assigned: bool, mine: Option<ReviewStatus>, conflict: bool) -> ReviewerStanding {
    if conflict {
        ReviewerStanding::Conflicted
    } else if mine == Some(ReviewStatus::Submitted) {
        ReviewerStanding::Submitted
    } else if assigned {
        ReviewerStanding::Pending
    } else {
        ReviewerStanding::Admin
    }
}

/// The weights of the call's criteria by id.
pub(crate) fn weights(criteria: &[CriterionRecord]) -> std::collections::HashMap<Uuid, f64> {
    criteria.iter().map(|c| (c.id, c.weight)).collect()
}
