//! Blind reviews: an assigned evaluator writes a draft, then submits it (final). Before
//! submitting their own, they see no other evaluator's scores on the proposal; after, all.

use actix_web::{get, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::DomainError;
use siilo_domain::evaluation::{
    self as rules, Recommendation, ReviewFacts, ReviewStatus, SCORE_MAX, SCORE_MIN, scores_revealed,
};
use siilo_store::begin_write;
use siilo_store::evaluation::criteria::{self as criteria_store, CriterionRecord};
use siilo_store::evaluation::evaluators;
use siilo_store::evaluation::reviews::{self as store, Draft, ReviewRecord};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::{Criterion, ReviewPlace, review_place, standing, weights};
use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorCode, FieldError, Problem};
use crate::extract::Body;
use crate::routes::dto::{UserRef, optional_text};
use crate::routes::paths::ProposalPath;
use crate::state::AppState;

/// A score on one criterion.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub criterion_id: Uuid,
    /// 1–5.
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5, example = 4)]
    pub score: i32,
}

/// One evaluator's review of a proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct Review {
    pub id: Uuid,
    pub evaluator: UserRef,
    pub status: ReviewStatus,
    pub recommendation: Option<Recommendation>,
    /// The evaluator's private note (evaluators and admins only).
    pub note: Option<String>,
    pub scores: Vec<Score>,
    /// Σ weight·score / Σ weight over the call's criteria; `null` until every criterion is
    /// scored.
    pub weighted_score: Option<f64>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// The evaluator's declared conflict of interest.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConflictView {
    pub reason: Option<String>,
    pub declared_at: DateTime<Utc>,
}

/// A proposal's reviews as the viewer may see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalReviews {
    pub criteria: Vec<Criterion>,
    /// The viewer's own review.
    pub mine: Option<Review>,
    /// Other evaluators' submitted reviews, once revealed to the viewer.
    pub others: Vec<Review>,
    /// The others are withheld: the viewer has not submitted their own review yet.
    pub others_hidden: bool,
    pub conflict: Option<ConflictView>,
    /// The viewer may write or submit their review now; if not, `review_refusal` says why.
    pub can_review: bool,
    pub review_refusal: Option<ErrorCode>,
}

fn view(r: ReviewRecord, criteria: &[CriterionRecord]) -> Review {
    let w = weights(criteria);
    let complete =
        !criteria.is_empty() && criteria.iter().all(|c| r.scores.iter().any(|(id, _)| *id == c.id));
    let weighted: Vec<(f64, i32)> = r.scores.iter().filter_map(|(c, s)| w.get(c).map(|w| (*w, *s))).collect();
    Review {
        id: r.id,
        evaluator: UserRef { id: r.evaluator_id, display_name: r.evaluator_name },
        status: r.status,
        recommendation: r.recommendation,
        note: r.note,
        scores: r.scores.into_iter().map(|(criterion_id, score)| Score { criterion_id, score }).collect(),
        weighted_score: if complete { rules::weighted_score(&weighted) } else { None },
        updated_at: r.updated_at,
        submitted_at: r.submitted_at,
    }
}

fn facts(place: &ReviewPlace, has_criteria: bool, conflict: bool, mine: Option<ReviewStatus>) -> ReviewFacts {
    ReviewFacts {
        phase: place.call.state.phase_at(Utc::now()),
        reviews_in_voting: place.call.settings.reviews_in_voting,
        assigned: place.assigned,
        conflict,
        stage: place.facts.stage,
        visibility: place.facts.visibility,
        has_criteria,
        mine,
    }
}

/// Read a proposal's reviews
///
/// The call's assigned evaluators and admins. Blind: other evaluators' submitted reviews
/// show only once the viewer's own is submitted (or the viewer declared a conflict, or is an
/// admin who does not review); until then `others` is empty and `others_hidden` true.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 200, description = "The reviews the viewer may see", body = ProposalReviews),
        (status = 401, response = Problem),
        (status = 403, description = "`not_assigned`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[get("/proposals/{id}/reviews")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn get_reviews(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<ProposalReviews>, ApiError> {
    let id = path.id;
    let me = viewer.id().0;
    let place = review_place(&state, id, &viewer).await?;
    if !place.assigned && !viewer.is_admin() {
        return Err(DomainError::NotAssigned.into());
    }
    let criteria = criteria_store::list(&state.db, place.call.id).await?;
    let mine = store::mine(&state.db, id, me).await?;
    let conflict = evaluators::conflict(&state.db, id, me).await?;
    let mine_status = mine.as_ref().map(|r| r.status);
    let revealed = scores_revealed(standing(place.assigned, mine_status, conflict.is_some()));
    let others = if revealed {
        store::submitted(&state.db, id).await?.into_iter().filter(|r| r.evaluator_id != me).collect()
    } else {
        Vec::new()
    };
    let refusal =
        rules::check_can_review(&facts(&place, !criteria.is_empty(), conflict.is_some(), mine_status)).err();
    Ok(web::Json(ProposalReviews {
        mine: mine.map(|r| view(r, &criteria)),
        others: others.into_iter().map(|r| view(r, &criteria)).collect(),
        others_hidden: !revealed,
        conflict: conflict.map(|c| ConflictView { reason: c.reason, declared_at: c.declared_at }),
        can_review: refusal.is_none(),
        review_refusal: refusal.map(|e| ApiError::Rule(e).code()),
        criteria: criteria.into_iter().map(Criterion::from).collect(),
    }))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveReviewRequest {
    /// Scores on any of the call's criteria (each at most once); the draft's scores become
    /// exactly these. At most 10, as a call has at most 10 criteria.
    #[validate(length(max = 10), nested)]
    #[schema(max_items = 10)]
    pub scores: Vec<Score>,
    pub recommendation: Option<Recommendation>,
    /// A private note for the evaluators and admins: at most 4000 characters.
    #[validate(length(max = 4000))]
    #[schema(max_length = 4000, example = "Hyvä idea, mutta aikataulu on tiukka.")]
    pub note: Option<String>,
}

/// Each score names a criterion of the call, once.
fn check_scores(scores: &[Score], criteria: &[CriterionRecord]) -> Result<Vec<(Uuid, i32)>, ApiError> {
    let mut errors = Vec::new();
    let mut seen: Vec<Uuid> = Vec::new();
    for (i, s) in scores.iter().enumerate() {
        if !criteria.iter().any(|c| c.id == s.criterion_id) || seen.contains(&s.criterion_id) {
            errors.push(FieldError::new(
                format!("scores[{i}].criterion_id"),
                ErrorCode::UnknownCriterion,
                "is not a criterion of this call, or is scored twice",
            ));
        }
        if !rules::score_in_range(s.score) {
            errors.push(
                FieldError::new(format!("scores[{i}].score"), ErrorCode::Range, "must be between 1 and 5")
                    .limits(Some(i64::from(SCORE_MIN)), Some(i64::from(SCORE_MAX))),
            );
        }
        seen.push(s.criterion_id);
    }
    if errors.is_empty() {
        Ok(scores.iter().map(|s| (s.criterion_id, s.score)).collect())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Save my review as a draft
///
/// An assigned evaluator without a conflict on the proposal, while the call takes reviews
/// (`review`, or `voting` when the call has `reviews_in_voting`), of a visible proposal that
/// is neither withdrawn nor merged. Replaces the draft's scores, recommendation and note.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(ProposalPath),
    request_body = SaveReviewRequest,
    responses(
        (status = 200, description = "The draft as saved", body = Review),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_assigned`, `conflict_of_interest`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_in_review`, `no_criteria`, `review_submitted`, `proposal_not_decidable`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed` (`unknown_criterion`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/proposals/{id}/reviews/mine")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn save_my_review(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    body: Body<SaveReviewRequest>,
) -> Result<web::Json<Review>, ApiError> {
    let id = path.id;
    let me = viewer.id().0;
    let Body(req) = body;
    let place = review_place(&state, id, &viewer).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let criteria = criteria_store::list(&txn, place.call.id).await?;
    let conflict = evaluators::conflict(&txn, id, me).await?.is_some();
    let mine = store::mine(&txn, id, me).await?.map(|r| r.status);
    rules::check_can_review(&facts(&place, !criteria.is_empty(), conflict, mine))?;
    let scores = check_scores(&req.scores, &criteria)?;
    let draft =
        Draft { scores, recommendation: req.recommendation, note: optional_text(req.note.as_deref()) };
    let saved = store::save_draft(&txn, place.call.id, id, me, draft, now)
        .await?
        .ok_or(ApiError::Rule(DomainError::ReviewSubmitted))?;
    txn.commit().await?;
    Ok(web::Json(view(saved, &criteria)))
}

/// Submit my review
///
/// Final: a submitted review never changes. It needs a score on every criterion and a
/// recommendation (422 `review_incomplete`). In the same transaction the proposal's
/// `review_count`, `review_score` and `review_spread` are recomputed. A second submission is
/// 409 `review_submitted`, also when two arrive at once.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 200, description = "The review, submitted", body = Review),
        (status = 401, response = Problem),
        (status = 403, description = "`not_assigned`, `conflict_of_interest`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or no draft to submit", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`call_not_in_review`, `no_criteria`, `review_submitted`, `proposal_not_decidable`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`review_incomplete`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/proposals/{id}/reviews/mine/submit")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn submit_my_review(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<Review>, ApiError> {
    let id = path.id;
    let me = viewer.id().0;
    let place = review_place(&state, id, &viewer).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    // The call's shared lock keeps the criteria as they are; the proposal's lock orders
    // submissions of its reviews, so that each recomputes from all before it.
    criteria_store::lock_call(&txn, place.call.id, false).await?;
    store::lock_proposal(&txn, id).await?;
    let criteria = criteria_store::list(&txn, place.call.id).await?;
    let conflict = evaluators::conflict(&txn, id, me).await?.is_some();
    let mine = store::mine(&txn, id, me).await?;
    rules::check_can_review(&facts(&place, !criteria.is_empty(), conflict, mine.as_ref().map(|r| r.status)))?;
    let mine = mine.ok_or(ApiError::NotFound)?;
    let ids: Vec<Uuid> = criteria.iter().map(|c| c.id).collect();
    let scored: Vec<Uuid> = mine.scores.iter().map(|(c, _)| *c).collect();
    rules::check_complete(&ids, &scored, mine.recommendation)?;
    if !store::submit(&txn, mine.id, now).await? {
        return Err(DomainError::ReviewSubmitted.into());
    }
    store::recompute(&txn, id, &weights(&criteria)).await?;
    let submitted = store::mine(&txn, id, me).await?.ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(web::Json(view(submitted, &criteria)))
}
