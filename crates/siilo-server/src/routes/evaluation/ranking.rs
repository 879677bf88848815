//! The ranking of a call's proposals and its review progress, for the call's evaluators and
//! admins. Both are computed in the database; a page costs the same few statements whatever
//! its size.

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use siilo_domain::OrganisationId;
use siilo_domain::evaluation::{DecisionStage, disagreement};
use siilo_domain::proposals::{Stage, Visibility};
use siilo_store::evaluation::evaluators::{self as assignments};
use siilo_store::evaluation::ranking::{self as store, MyStand, Position, RankingSort};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::check_call_access;
use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::routes::dto::{OrganisationRef, UserRef};
use crate::routes::pagination;
use crate::routes::paths::CallPath;
use crate::state::AppState;

/// What the ranking sorts by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RankingOrder {
    /// The weighted score, highest first; proposals without one after, by number.
    #[default]
    Score,
    /// Most thumbs first.
    Thumbs,
    /// Most comments first.
    Comments,
    /// The widest disagreement first; proposals without reviews after, by number.
    Spread,
    /// By number.
    Number,
}

impl From<RankingOrder> for RankingSort {
    fn from(o: RankingOrder) -> Self {
        match o {
            RankingOrder::Score => RankingSort::Score,
            RankingOrder::Thumbs => RankingSort::Thumbs,
            RankingOrder::Comments => RankingSort::Comments,
            RankingOrder::Spread => RankingSort::Spread,
            RankingOrder::Number => RankingSort::Number,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RankingParams {
    /// `score` (default), `thumbs`, `comments`, `spread` or `number`.
    #[param(inline)]
    pub sort: Option<RankingOrder>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

/// A proposal as the ranking names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankedProposal {
    pub id: Uuid,
    pub number: i32,
    pub title: String,
    pub stage: Stage,
    pub visibility: Visibility,
    pub author: UserRef,
    /// The organisations the proposal involves.
    pub organisations: Vec<OrganisationRef>,
    pub theme_id: Option<Uuid>,
}

/// One criterion's submitted scores on a proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionScores {
    pub criterion_id: Uuid,
    pub mean: f64,
    pub min: i32,
    pub max: i32,
}

/// How many submitted reviews recommend what.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationCounts {
    pub shortlist: u64,
    pub maybe: u64,
    pub reject: u64,
}

/// A decision's public answer per language.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionAnswer {
    pub fi: Option<String>,
    pub sv: Option<String>,
    pub en: Option<String>,
}

/// The admin's decision on a proposal (shown to admins and evaluators before publishing).
#[derive(Debug, Serialize, ToSchema)]
pub struct RankingDecision {
    pub stage: DecisionStage,
    pub answer: DecisionAnswer,
}

/// The viewer's own stand on a proposal.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MyReviewState {
    Draft,
    Submitted,
    Conflict,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RankingItem {
    pub proposal: RankedProposal,
    /// Submitted reviews.
    pub review_count: u64,
    /// Evaluators of the call who have neither submitted a review of it nor declared a
    /// conflict.
    pub missing_reviews: u64,
    /// The mean of the submitted reviews' weighted scores; `null` without reviews or while
    /// hidden from the viewer.
    pub score: Option<f64>,
    /// The largest (max − min) over the criteria of the submitted scores.
    pub spread: Option<i32>,
    /// `spread` ≥ 2.
    pub disagreement: bool,
    pub criteria: Vec<CriterionScores>,
    pub recommendations: Option<RecommendationCounts>,
    pub thumbs: u64,
    pub comments: u64,
    /// Cross-administrative reach: distinct administrative branches involved or interested.
    pub reach: u32,
    pub decision: Option<RankingDecision>,
    /// The scores are withheld: the viewer, an evaluator, has not submitted their review of
    /// the proposal (nor declared a conflict).
    pub scores_hidden: bool,
    pub my_review: Option<MyReviewState>,
}

/// One page of the ranking.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankingPage {
    pub items: Vec<RankingItem>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// Proposals ranked in all: visible, not withdrawn or merged.
    pub total: u64,
    /// Evaluators assigned to the call.
    pub evaluators: u64,
}

/// Rank a call's proposals
///
/// The call's assigned evaluators, its managers and admins. Every visible proposal that is neither
/// withdrawn nor merged, with its review figures, thumbs, comments and organisations.
///
/// **Scores.** A review's weighted score is Σ w_c·s_c / Σ w_c over the call's criteria c
/// (weights w_c, scores s_c of 1–5). A proposal's `score` is the mean of its submitted
/// reviews' weighted scores. Its `spread` is the largest (max − min) over the criteria of
/// the submitted scores, and `disagreement` is `spread` ≥ 2.
///
/// **Blindness.** For an evaluator, a proposal they have not yet reviewed (submitted) nor
/// declared a conflict on has `score`, `spread`, `criteria` and `recommendations` withheld
/// (`scores_hidden: true`), and in `sort=score|spread` such proposals come after the others,
/// by number, so that the order reveals nothing.
///
/// **Order.** `score` (default) and `spread`: highest first, then number; proposals without
/// a value after, by number. `thumbs`, `comments`: most first, then number. `number`.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(CallPath, RankingParams),
    responses(
        (status = 200, description = "One page of the ranking", body = RankingPage),
        (status = 401, response = Problem),
        (status = 403, description = "`not_assigned`, `role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 422, description = "`validation_failed` (bad `sort`, `limit` or `cursor`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calls/{id}/ranking")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn get_ranking(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
    params: crate::extract::Query<RankingParams>,
) -> Result<web::Json<RankingPage>, ApiError> {
    let call_id = path.id;
    let me = viewer.id().0;
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    let sort = params.sort.unwrap_or_default();
    let assigned = super::acts_as_evaluator(&state, call_id, &viewer).await?;
    let manages = !assigned && viewer.manages_call(&state, call_id).await?;
    check_call_access(&viewer, assigned, manages)?;
    siilo_store::calls::get(&state.db, call_id).await?.ok_or(ApiError::NotFound)?;
    // An evaluator's view is blind; a non-reviewing admin's is not.
    let blind_for = assigned.then_some(me);
    let list = format!("ranking:{call_id}:{sort:?}:{blind_for:?}");
    let after: Option<Position> = pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;
    let total = assignments::eligible_proposals(&state.db, call_id).await?;
    let evaluators = assignments::count_of(&state.db, call_id).await?;
    let mut rows = store::page(&state.db, call_id, sort.into(), blind_for, after, limit + 1).await?;
    let next_cursor = pagination::cut(&mut rows, limit, &state.cursors, &list, |r| r.position);
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let proposals = siilo_store::proposals::get_many(&state.db, &ids).await?;
    let mut details = store::details(&state.db, &ids, me).await?;
    let orgs = state.organisations.get(&state.db).await?;
    let mut items = Vec::with_capacity(rows.len());
    for (row, p) in rows.into_iter().zip(proposals) {
        let mine = details.mine.get(&p.id).copied();
        let revealed = blind_for.is_none() || matches!(mine, Some(MyStand::Submitted | MyStand::Conflict));
        let conflicts = details.conflicts.get(&p.id).copied().unwrap_or(0);
        let criteria = details.criteria.remove(&p.id).unwrap_or_default();
        let recs = details.recommendations.get(&p.id).copied().unwrap_or_default();
        let decision = details.decisions.remove(&p.id).and_then(|d| {
            d.stage.parse::<DecisionStage>().ok().map(|stage| RankingDecision {
                stage,
                answer: DecisionAnswer { fi: d.answer_fi, sv: d.answer_sv, en: d.answer_en },
            })
        });
        items.push(RankingItem {
            review_count: row.review_count,
            missing_reviews: evaluators.saturating_sub(row.review_count.saturating_add(conflicts)),
            score: row.review_score.filter(|_| revealed),
            spread: row.review_spread.filter(|_| revealed),
            disagreement: revealed && disagreement(row.review_spread),
            criteria: if revealed {
                criteria
                    .into_iter()
                    .map(|c| CriterionScores {
                        criterion_id: c.criterion_id,
                        mean: c.mean,
                        min: c.min,
                        max: c.max,
                    })
                    .collect()
            } else {
                Vec::new()
            },
            recommendations: revealed.then_some(RecommendationCounts {
                shortlist: recs[0],
                maybe: recs[1],
                reject: recs[2],
            }),
            thumbs: p.thumb_count,
            comments: p.comment_count,
            reach: row.reach,
            decision,
            scores_hidden: !revealed,
            my_review: mine.map(|m| match m {
                MyStand::Draft => MyReviewState::Draft,
                MyStand::Submitted => MyReviewState::Submitted,
                MyStand::Conflict => MyReviewState::Conflict,
            }),
            proposal: RankedProposal {
                id: p.id,
                number: p.number,
                author: UserRef { id: p.author_id.0, display_name: p.author_name },
                organisations: p
                    .organisation_ids
                    .iter()
                    .filter_map(|o: &OrganisationId| orgs.get(*o))
                    .map(OrganisationRef::from)
                    .collect(),
                title: p.title,
                stage: p.stage,
                visibility: p.visibility,
                theme_id: p.theme_id,
            },
        });
    }
    Ok(web::Json(RankingPage { items, next_cursor, total, evaluators }))
}

/// One evaluator's progress in a call.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluatorProgress {
    pub user: UserRef,
    pub submitted: u64,
    pub drafts: u64,
    pub conflicts: u64,
    /// Proposals left to review: those neither submitted nor conflicted.
    pub remaining: u64,
}

/// Who has reviewed what in a call.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewProgress {
    /// Proposals to review: visible, not withdrawn or merged.
    pub proposals: u64,
    /// Proposals every evaluator has reviewed (or declared a conflict on).
    pub fully_reviewed: u64,
    /// Proposals without any submitted review.
    pub without_reviews: u64,
    pub evaluators: Vec<EvaluatorProgress>,
}

/// Show a call's review progress
///
/// The call's assigned evaluators, its managers and admins. Counted in the database.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(CallPath),
    responses(
        (status = 200, description = "The call's review progress", body = ReviewProgress),
        (status = 401, response = Problem),
        (status = 403, description = "`not_assigned`, `role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[get("/calls/{id}/review-progress")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn get_review_progress(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
) -> Result<web::Json<ReviewProgress>, ApiError> {
    let call_id = path.id;
    let assigned = super::acts_as_evaluator(&state, call_id, &viewer).await?;
    let manages = !assigned && viewer.manages_call(&state, call_id).await?;
    check_call_access(&viewer, assigned, manages)?;
    siilo_store::calls::get(&state.db, call_id).await?.ok_or(ApiError::NotFound)?;
    let evaluators = assignments::list(&state.db, call_id, None).await?;
    let p = store::progress(&state.db, call_id, evaluators.len() as u64).await?;
    Ok(web::Json(ReviewProgress {
        proposals: p.proposals,
        fully_reviewed: p.fully_reviewed,
        without_reviews: p.without_reviews,
        evaluators: evaluators
            .into_iter()
            .map(|e| EvaluatorProgress {
                remaining: p.proposals.saturating_sub(e.submitted.saturating_add(e.conflicts)),
                user: UserRef { id: e.user_id, display_name: e.display_name },
                submitted: e.submitted,
                drafts: e.drafts,
                conflicts: e.conflicts,
            })
            .collect(),
    }))
}
