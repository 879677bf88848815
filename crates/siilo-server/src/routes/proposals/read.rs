//! Reading proposals: a call's list in fair order, and one proposal.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use rand::RngExt;
use serde::{Deserialize, Serialize};
use siilo_domain::OrganisationId;
use siilo_domain::ordering::{self, ProposalSort, SortKey};
use siilo_domain::proposals::{Sight, Stage};
use siilo_domain::search::SearchQuery;
use siilo_store::proposals::{self as store, ProposalFilter};
use utoipa::IntoParams;
use uuid::Uuid;

use super::view::{Context, Proposal, ProposalPage};
use super::visible_proposal;
use crate::auth::SignedInOrVisitor;
use crate::error::{ApiError, ErrorCode, Problem};
use crate::routes::calls::find_visible;
use crate::routes::pagination;
use crate::routes::paths::{CallIdOrSlug, ProposalPath};
use crate::state::AppState;

/// The longest `q`: eight words of 64 characters with room between them.
const MAX_QUERY_CHARS: usize = 500;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalListParams {
    /// Only proposals of this theme.
    pub theme: Option<Uuid>,
    /// Only proposals involving this organisation (or written by its staff).
    pub organisation: Option<Uuid>,
    pub stage: Option<Stage>,
    /// Only the viewer's own proposals.
    pub mine: Option<bool>,
    /// Words to find in the title, summary, challenge or idea (full-text search). A word is
    /// a run of letters and digits; everything else separates words and is never query
    /// syntax. Every word must match; a word matches the same word inflected in Finnish,
    /// Swedish or English ("kokeiluja" finds "kokeilu", "kommunerna" finds "kommun"), or the
    /// start of a word ("rekist" finds "rekisteri"); case and accents are ignored. The first
    /// 8 distinct words count, each cut to 64 characters; a `q` without any word matches
    /// nothing. Hidden proposals are searched only for their author and moderators. With
    /// `q`, the default order is `relevance`. At most 500 characters.
    #[param(max_length = 500)]
    pub q: Option<String>,
    /// `random` (default), `top`, `newest`, `most_commented`, `trending`, `reach` (most
    /// administrative branches first), or `relevance` (best match of `q` first, a title
    /// match above one in the text; the default with `q`, and only with `q`: without it,
    /// `search_required`).
    pub sort: Option<ProposalSort>,
    /// Only proposals reaching at least this many administrative branches (1–100);
    /// `min_reach=2` keeps the cross-administrative ones.
    #[param(minimum = 1, maximum = 100)]
    pub min_reach: Option<u32>,
    /// The seed of the `random` order (0–4294967295); a new one is drawn when left out.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64)]
    pub seed: Option<u32>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page (it carries the sort and seed: another `sort` or
    /// `seed` given with it is `invalid_cursor`).
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ListCursor {
    sort: ProposalSort,
    seed: u32,
    /// When the list began: a list left open too long starts again.
    at: DateTime<Utc>,
    /// The last position of the previous page.
    key: SortKey,
}

/// List a call's proposals
///
/// Filtered and ordered; the default order is a fair shuffle (`random`) whose `seed` comes
/// back with the page, so that every proposal shows exactly once across pages (seeds that
/// agree modulo 8 share a shuffle). `top` and `most_commented` order by count, `reach` by
/// the number of distinct administrative branches involved or interested, `newest` by
/// number, each with ties broken by number. `trending` weighs each thumb by
/// `0.5^(age in hours / 24)`, with no cut-off (a thumb of a week ago weighs 1/128). Pages
/// follow each other by position, so a proposal that moves while the list is read (a thumb,
/// a comment) may show twice or not at all; a random list never moves. `q` searches the
/// proposals' text in full (see `q`), best match first unless another `sort` is asked for.
#[utoipa::path(
    tag = "proposals",
    security((), ("bearer" = [])),
    params(CallIdOrSlug, ProposalListParams),
    responses(
        (status = 200, description = "One page of the call's proposals in the order asked for, with the shuffle's `seed`", body = ProposalPage),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
        (status = 422, description = "`validation_failed` (bad `limit`, `cursor` or filter, or `sort=relevance` without `q`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calls/{id}/proposals")]
#[tracing::instrument(skip_all, fields(call = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn list_proposals(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<CallIdOrSlug>,
    params: crate::extract::Query<ProposalListParams>,
) -> Result<web::Json<ProposalPage>, ApiError> {
    let call = find_visible(&state, &path.id, &viewer).await?;
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    let list = format!("proposals:{}", call.id);
    let cursor: Option<ListCursor> = pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;
    if let Some(c) = &cursor {
        // A cursor carries its sort and seed: another one asked for alongside it, or a
        // position that order could not have given out, is not a next page.
        let conflicts = params.sort.is_some_and(|s| s != c.sort) || params.seed.is_some_and(|s| s != c.seed);
        if conflicts || !ordering::position_fits(c.sort, c.key, c.at, Utc::now()) {
            return Err(pagination::invalid());
        }
    }
    if params.q.as_ref().is_some_and(|q| q.chars().count() > MAX_QUERY_CHARS) {
        return Err(ApiError::field("q", ErrorCode::Length, "must be at most 500 characters long"));
    }
    let search = params.q.as_deref().and_then(SearchQuery::parse);
    let default_sort = if search.is_some() { ProposalSort::Relevance } else { ProposalSort::default() };
    let sort = cursor.as_ref().map(|c| c.sort).or(params.sort).unwrap_or(default_sort);
    if sort.needs_search() && search.is_none() {
        return Err(ApiError::field(
            "sort",
            ErrorCode::SearchRequired,
            "relevance orders by the search: give q",
        ));
    }
    let seed = cursor.as_ref().map(|c| c.seed).or(params.seed).unwrap_or_else(|| rand::rng().random());
    let at = cursor.as_ref().map_or_else(Utc::now, |c| c.at);
    if params.mine == Some(true) && viewer.id().is_none() {
        return Err(ApiError::Unauthenticated(crate::error::AuthFailure::MissingToken));
    }
    let min_reach = match params.min_reach {
        None => None,
        Some(n @ 1..=100) => i32::try_from(n).ok(),
        Some(_) => {
            return Err(ApiError::Validation(vec![
                crate::error::FieldError::new("min_reach", ErrorCode::Range, "must be between 1 and 100")
                    .limits(Some(1), Some(100)),
            ]));
        }
    };
    let filter = ProposalFilter {
        call_id: call.id,
        theme_id: params.theme,
        organisation_id: params.organisation.map(OrganisationId),
        stage: params.stage,
        author_id: if params.mine == Some(true) { viewer.id() } else { None },
        search,
        min_reach,
        pending_visible_to: viewer.id(),
        moderator: viewer.audience().moderates,
    };
    // One more row than the page shows whether another page follows.
    let total = store::total(&state.db, &filter).await?;
    let mut rows =
        store::page(&state.db, &filter, sort, seed, cursor.map(|c| c.key), limit + 1, total).await?;
    let next_cursor = pagination::cut(&mut rows, limit, &state.cursors, &list, |(_, key)| ListCursor {
        sort,
        seed,
        at,
        key: *key,
    });
    let ids: Vec<Uuid> = rows.iter().map(|(id, _)| *id).collect();
    let records = store::get_many(&state.db, &ids).await?;
    let ctx = Context::load(&state, &viewer, &call, &ids).await?;
    Ok(web::Json(ProposalPage {
        items: records.iter().map(|p| ctx.summary(&call, p)).collect(),
        next_cursor,
        total,
        sort,
        seed: (sort == ProposalSort::Random).then_some(seed),
    }))
}

/// Get a proposal
///
/// With its author, thumbs and what the viewer may do with it. A pending proposal shows
/// only to its author and moderators; a hidden one shows as a tombstone to others.
#[utoipa::path(
    tag = "proposals",
    security((), ("bearer" = [])),
    params(ProposalPath),
    responses((status = 200, description = "The proposal, with what the viewer may do with it", body = Proposal), (status = 401, response = Problem), (status = 404, response = Problem))
)]
#[get("/proposals/{id}")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn get_proposal(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<Proposal>, ApiError> {
    let (call, p) = visible_proposal(&state, path.id, &viewer, Sight::Tombstone).await?;
    let ctx = Context::load(&state, &viewer, &call, &[p.id]).await?.with_pilot(&state, p.id).await?;
    let extras = crate::routes::decisions::view::extras(&state, &viewer, &call, &p).await?;
    let mut full = ctx.full(&call, p.clone());
    crate::routes::interests::fill(&state, &viewer, &call, &p, &mut full).await?;
    full.decision = extras.decision;
    full.merged_into = extras.merged_into;
    full.credits = extras.credits;
    Ok(web::Json(full))
}
