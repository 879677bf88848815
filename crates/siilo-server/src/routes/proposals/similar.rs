//! Similar proposals: while a participant writes one (so they can thumb, comment or join an
//! existing proposal instead of submitting a duplicate), and a proposal's possible duplicates
//! for moderators (the input for merging). Both compare by the first meaningful words of the
//! text (`siilo_domain::search::SimilarQuery`) on the full-text index
//! (`siilo_store::search::similar`): a proposal is similar when it has any of them, inflected.

use actix_web::{get, post, web};
use serde::{Deserialize, Serialize};
use siilo_domain::DomainError;
use siilo_domain::proposals::{Sight, Stage, Visibility};
use siilo_domain::roles::Role;
use siilo_domain::search::SimilarQuery;
use siilo_store::proposals as store;
use siilo_store::search::{self, SimilarScope};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use super::visible_proposal;
use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, ErrorCode, FieldError, Problem};
use crate::extract::Body;
use crate::routes::calls::find_visible;
use crate::routes::paths::{CallIdOrSlug, ProposalPath};
use crate::state::AppState;

/// How many similar proposals an answer holds unless `limit` says otherwise.
const DEFAULT_LIMIT: u64 = 5;
/// The most `limit` allows.
const MAX_LIMIT: u64 = 10;

/// A draft's text, as far as it is written.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimilarProposalsRequest {
    /// The title as typed so far (may be empty).
    #[validate(length(max = 140))]
    #[schema(example = "Kirjastojen aukioloajat", max_length = 140)]
    pub title: String,
    #[validate(length(max = 500))]
    #[schema(example = "Pidennetään kirjastojen aukioloaikoja iltaisin.", max_length = 500)]
    pub summary: Option<String>,
    /// What problem, as typed so far.
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub challenge: Option<String>,
    /// What to try, as typed so far.
    #[validate(length(max = 10000))]
    #[schema(max_length = 10000)]
    pub idea: Option<String>,
    /// A proposal to leave out: the one being edited.
    pub exclude_id: Option<Uuid>,
    /// 1–10, default 5.
    #[validate(range(min = 1, max = 10))]
    #[schema(minimum = 1, maximum = 10, example = 5)]
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarParams {
    /// 1–10, default 5.
    #[param(minimum = 1, maximum = 10)]
    pub limit: Option<u64>,
}

/// A proposal like the text compared.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "number": 12, "title": "Kirjastot auki iltaisin", "summary": "Kirjastossa pidempi aukioloaika.", "thumb_count": 27, "comment_count": 5, "stage": "submitted", "visibility": "visible", "relevance": 607927}))]
pub struct SimilarProposal {
    pub id: Uuid,
    pub number: i32,
    pub title: String,
    pub summary: String,
    pub thumb_count: u64,
    pub comment_count: u64,
    pub stage: Stage,
    /// Always `visible` for participants; moderators also get pending, hidden and rejected ones.
    pub visibility: Visibility,
    /// How well it matches, higher first: only for comparing the items of one answer (the
    /// scale differs between database engines).
    pub relevance: i64,
}

/// The most similar proposals, most similar first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "number": 12, "title": "Kirjastot auki iltaisin", "summary": "Kirjastossa pidempi aukioloaika.", "thumb_count": 27, "comment_count": 5, "stage": "submitted", "visibility": "visible", "relevance": 607927}], "words": 2}))]
pub struct SimilarProposals {
    #[schema(max_items = 10)]
    pub items: Vec<SimilarProposal>,
    /// How many meaningful words of the text were compared (at most 16): 0 when it had none
    /// (only short words or stop words), and then `items` is empty.
    pub words: u32,
}

/// Finds the proposals of `scope` like `query` and reads what the answer shows of them.
async fn find(
    state: &AppState,
    scope: SimilarScope,
    query: &SimilarQuery,
) -> Result<SimilarProposals, ApiError> {
    let hits = search::similar(&state.db, scope, query).await?;
    let ids: Vec<Uuid> = hits.iter().map(|(id, _)| *id).collect();
    let records = store::get_many(&state.db, &ids).await?;
    let items = hits
        .iter()
        .filter_map(|(id, relevance)| {
            let p = records.iter().find(|p| p.id == *id)?;
            Some(SimilarProposal {
                id: p.id,
                number: p.number,
                title: p.title.clone(),
                summary: p.summary.clone(),
                thumb_count: p.thumb_count,
                comment_count: p.comment_count,
                stage: p.stage,
                visibility: p.visibility,
                relevance: *relevance,
            })
        })
        .collect();
    let words = u32::try_from(query.words().len()).unwrap_or(u32::MAX);
    Ok(SimilarProposals { items, words })
}

/// Find proposals similar to a draft
///
/// While writing a proposal: the call's proposals most like the text typed so far, so the
/// writer can thumb, comment or join one instead of submitting a duplicate. Changes nothing
/// (a POST only because the text may be long). The text is compared by its first 16 distinct
/// meaningful words (title first, then summary, challenge and idea; words of fewer than 3
/// letters, numbers and common Finnish, Swedish and English words left out); a proposal is
/// similar when it has any of them, inflected in Finnish, Swedish or English ("kirjastojen"
/// finds "kirjastossa"), a title match weighing most. Withdrawn and merged proposals never
/// show; pending, hidden and rejected ones only to moderators. A text without meaningful
/// words finds nothing (`words: 0`).
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(CallIdOrSlug),
    request_body = SimilarProposalsRequest,
    responses(
        (status = 200, description = "The most similar proposals, most similar first (none without meaningful words)", body = SimilarProposals),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed` (too long a text, a control character, a bad `limit`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calls/{id}/similar-proposals")]
#[tracing::instrument(skip_all, fields(call = %path.id, user_id = %viewer.id()))]
pub async fn similar_to_draft(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallIdOrSlug>,
    body: Body<SimilarProposalsRequest>,
) -> Result<web::Json<SimilarProposals>, ApiError> {
    let moderates = viewer.moderates();
    let call = find_visible(&state, &path.id, &SignedInOrVisitor::from(viewer)).await?;
    let Body(req) = body;
    let texts = [
        req.title.as_str(),
        req.summary.as_deref().unwrap_or_default(),
        req.challenge.as_deref().unwrap_or_default(),
        req.idea.as_deref().unwrap_or_default(),
    ];
    let query = SimilarQuery::from_texts(&texts);
    let scope = SimilarScope {
        call_id: call.id,
        exclude_id: req.exclude_id,
        withheld_too: moderates,
        limit: req.limit.unwrap_or(DEFAULT_LIMIT),
    };
    Ok(web::Json(find(&state, scope, &query).await?))
}

/// A proposal's possible duplicates
///
/// For moderators: the proposals of its call most like it (by its own title, summary,
/// challenge and idea, compared as in "Find proposals similar to a draft"), pending, hidden
/// and rejected ones included, withdrawn and merged ones left out: the input for merging.
#[utoipa::path(
    tag = "moderation",
    security(("bearer" = [])),
    params(ProposalPath, SimilarParams),
    responses(
        (status = 200, description = "Its possible duplicates, most similar first", body = SimilarProposals),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required` (moderators and admins only), `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 422, description = "`validation_failed` (a bad `limit`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/proposals/{id}/similar")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn possible_duplicates(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    params: crate::extract::Query<SimilarParams>,
) -> Result<web::Json<SimilarProposals>, ApiError> {
    // The request is checked before the role, as a body is (`validation_failed` first).
    let limit = match params.limit {
        None => DEFAULT_LIMIT,
        Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
        Some(_) => {
            return Err(ApiError::Validation(vec![
                FieldError::new("limit", ErrorCode::Range, format!("must be between 1 and {MAX_LIMIT}"))
                    .limits(Some(1), i64::try_from(MAX_LIMIT).ok()),
            ]));
        }
    };
    if !viewer.moderates() {
        return Err(DomainError::RoleRequired(Role::Moderator).into());
    }
    let viewer = SignedInOrVisitor::from(viewer);
    let (_, p) = visible_proposal(&state, path.id, &viewer, Sight::Full).await?;
    let query = SimilarQuery::from_texts(&[&p.title, &p.summary, &p.challenge, &p.idea]);
    let scope = SimilarScope { call_id: p.call_id, exclude_id: Some(p.id), withheld_too: true, limit };
    Ok(web::Json(find(&state, scope, &query).await?))
}
