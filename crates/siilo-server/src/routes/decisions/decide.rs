//! An admin's decision on a proposal, and the list of a call's decisions.

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::evaluation::{self as rules, DecisionStage};
use siilo_domain::roles::Role;
use siilo_store::decisions::{self, Answer, DecisionFilter, NewDecision, Position};
use siilo_store::{begin_write, merging, notifications};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::{Decision, decision_notices};
use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::calls::find_visible;
use crate::routes::dto::{OrganisationRef, UserRef, optional_text};
use crate::routes::pagination;
use crate::routes::paths::{CallIdOrSlug, ProposalPath};
use crate::state::AppState;

/// The longest answer in one language.
const ANSWER_MAX_CHARS: u64 = 4000;

/// The public answer, each language optional (blank means none), at most 4000 characters.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionAnswerRequest {
    #[validate(length(max = ANSWER_MAX_CHARS))]
    #[schema(max_length = 4000, example = "Ehdotus valittiin kokeiluun.")]
    pub fi: Option<String>,
    #[validate(length(max = ANSWER_MAX_CHARS))]
    #[schema(max_length = 4000)]
    pub sv: Option<String>,
    #[validate(length(max = ANSWER_MAX_CHARS))]
    #[schema(max_length = 4000)]
    pub en: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub stage: DecisionStage,
    #[validate(nested)]
    pub answer: Option<DecisionAnswerRequest>,
}

/// Decide a proposal
///
/// Admins. While the call is in `review` or `results`, on a visible proposal that is neither
/// withdrawn nor merged. Replaces an earlier decision. Before the results are published the
/// decision shows only to admins and the call's evaluators; once they are published (phase
/// `results`) it takes effect at once: the proposal's stage is set and its author (and
/// credited co-authors) notified `decision_published`.
#[utoipa::path(
    tag = "decisions",
    security(("bearer" = [])),
    params(ProposalPath),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "The decision as stored", body = Decision),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_in_review`, `proposal_not_decidable`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/proposals/{id}/decision")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn put_decision(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    body: Body<DecisionRequest>,
) -> Result<web::Json<Decision>, ApiError> {
    viewer.require(Role::Admin)?;
    let Body(req) = body;
    let now = Utc::now();
    let answer = req.answer.map_or_else(Answer::default, |a| Answer {
        fi: optional_text(a.fi.as_deref()),
        sv: optional_text(a.sv.as_deref()),
        en: optional_text(a.en.as_deref()),
    });
    let txn = begin_write(&state.db).await?;
    let call_id = siilo_store::proposals::get(&txn, path.id).await?.ok_or(ApiError::NotFound)?.call_id;
    // Under the call's lock, publishing cannot slip between this check and the write.
    decisions::lock_call(&txn, call_id).await?.ok_or(ApiError::NotFound)?;
    let call = siilo_store::calls::get(&txn, call_id).await?.ok_or(ApiError::NotFound)?;
    let p = siilo_store::proposals::get(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_decide(call.state.phase_at(now), &p.facts())?;
    let new = NewDecision { proposal_id: p.id, call_id, stage: req.stage, answer, decided_by: viewer.id() };
    let decision = decisions::upsert(&txn, new, now).await?;
    let published = call.state.results_published;
    if published {
        decisions::set_stage_of(&txn, &[p.id], req.stage).await?;
        let credited = merging::credited_users(&txn, &[p.id]).await?;
        let recipients =
            std::iter::once(p.author_id).chain(p.coauthor_ids()).chain(credited.into_iter().map(|(_, u)| u));
        let notices = decision_notices(call_id, p.id, req.stage, recipients);
        notifications::create_many(&txn, &notices, now).await?;
    }
    txn.commit().await?;
    // Its notifications may have queued emails to send at once.
    state.mail.wake();
    Ok(web::Json(Decision::of(decision, published)))
}

/// Take a decision back
///
/// Admins, until the call's results are published.
#[utoipa::path(
    tag = "decisions",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 204, description = "The decision is gone"),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`, `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or no decision on it", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`results_published`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/proposals/{id}/decision")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn delete_decision(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let txn = begin_write(&state.db).await?;
    let call_id = siilo_store::proposals::get(&txn, path.id).await?.ok_or(ApiError::NotFound)?.call_id;
    let published_at = decisions::lock_call(&txn, call_id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_undecide(published_at.is_some())?;
    if !decisions::delete(&txn, path.id).await? {
        return Err(ApiError::NotFound);
    }
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecisionListParams {
    /// Only decisions of this stage.
    pub stage: Option<DecisionStage>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

/// The proposal a decision is about, as the results list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecidedProposal {
    pub id: Uuid,
    pub number: i32,
    pub title: String,
    pub author: UserRef,
    /// Organisations involved besides the author's own.
    pub organisations: Vec<OrganisationRef>,
    pub thumbs: u64,
    pub comments: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionItem {
    pub proposal: DecidedProposal,
    pub decision: Decision,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionPage {
    /// The call's results are published.
    pub published: bool,
    pub published_at: Option<DateTime<Utc>>,
    /// Selected, shortlisted, not selected, then by number. Empty for everyone but admins and
    /// the call's evaluators until the results are published.
    pub items: Vec<DecisionItem>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// How many decisions the list holds (0 when they are not shown to the viewer).
    pub total: u64,
}

/// List a call's decisions
///
/// Anyone who may see the call, once its results are published; before that only admins and
/// the call's evaluators see the items (everyone else gets `published: false` and no items).
/// Decisions on visible proposals, ordered selected, shortlisted, not selected, then by
/// proposal number.
#[utoipa::path(
    tag = "decisions",
    security((), ("bearer" = [])),
    params(CallIdOrSlug, DecisionListParams),
    responses(
        (status = 200, description = "One page of the call's decisions", body = DecisionPage),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
        (status = 422, description = "`validation_failed` (bad `limit`, `cursor` or `stage`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calls/{id}/decisions")]
#[tracing::instrument(skip_all, fields(call = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn list_decisions(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<CallIdOrSlug>,
    params: crate::extract::Query<DecisionListParams>,
) -> Result<web::Json<DecisionPage>, ApiError> {
    let call = find_visible(&state, &path.id, &viewer).await?;
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    let list = format!("decisions:{}:{:?}", call.id, params.stage);
    let after: Option<Position> = pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;
    let published = call.state.results_published;
    let evaluator = match viewer.evaluator_id() {
        Some(me) if !published && !viewer.is_admin() => {
            decisions::is_evaluator(&state.db, call.id, me).await?
        }
        _ => false,
    };
    if !rules::decision_visible(published, viewer.is_admin(), evaluator) {
        return Ok(web::Json(DecisionPage {
            published,
            published_at: call.results_published_at,
            items: Vec::new(),
            next_cursor: None,
            total: 0,
        }));
    }
    let filter = DecisionFilter { call_id: call.id, stage: params.stage };
    let total = decisions::total(&state.db, &filter).await?;
    let mut rows = decisions::page(&state.db, &filter, after, limit + 1).await?;
    let next_cursor = pagination::cut(&mut rows, limit, &state.cursors, &list, |(_, pos)| *pos);
    let ids: Vec<Uuid> = rows.iter().map(|(d, _)| d.proposal_id).collect();
    let records = siilo_store::proposals::get_many(&state.db, &ids).await?;
    let orgs = state.organisations.get(&state.db).await?;
    let items = rows
        .into_iter()
        .filter_map(|(d, _)| {
            let p = records.iter().find(|p| p.id == d.proposal_id)?;
            Some(DecisionItem {
                proposal: DecidedProposal {
                    id: p.id,
                    number: p.number,
                    title: p.title.clone(),
                    author: UserRef { id: p.author_id.0, display_name: p.author_name.clone() },
                    organisations: p
                        .organisation_ids
                        .iter()
                        .filter_map(|o| orgs.get(*o).map(OrganisationRef::from))
                        .collect(),
                    thumbs: p.thumb_count,
                    comments: p.comment_count,
                },
                decision: Decision::of(d, published),
            })
        })
        .collect();
    Ok(web::Json(DecisionPage {
        published,
        published_at: call.results_published_at,
        items,
        next_cursor,
        total,
    }))
}
