//! Proposals (*ehdotukset*): submitting, reading, listing in fair order, editing with
//! revisions, and withdrawing.

use std::collections::{HashMap, HashSet};

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, TimeDelta, Utc};
use rand::RngExt;
use serde::{Deserialize, Serialize};
use siilo_domain::accounts::Language;
use siilo_domain::ordering::{self, ProposalSort, SortFacts, SortKey};
use siilo_domain::proposals::{self as rules, Looker, Stage, Visibility};
use siilo_domain::thumbs::Allowance;
use siilo_domain::{DomainError, OrganisationId, calls, search, thumbs as thumb_rules};
use siilo_store::calls::CallRecord;
use siilo_store::organisations::OrganisationRecord;
use siilo_store::proposals::{self as store, NewProposal, ProposalFilter, ProposalRecord, ProposalText};
use siilo_store::{begin_write, thumbs};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{MaybeViewer, Viewer};
use crate::error::{ApiError, ErrorCode, Problem};
use crate::extract::Body;
use crate::markdown::to_safe_html;
use crate::routes::calls::find_visible;
use crate::routes::dto::{OrganisationRef, not_blank};
use crate::routes::pagination;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_proposals)
        .service(create_proposal)
        .service(get_proposal)
        .service(update_proposal)
        .service(withdraw_proposal)
        .service(list_revisions);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Author {
    pub id: Uuid,
    pub display_name: String,
    pub organisation: Option<OrganisationRef>,
}

/// A proposal as lists show it. A proposal the viewer may not read in full (hidden by a
/// moderator) keeps its number and counts but shows no text.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "call_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "number": 12, "title": "Yhteinen avustusrekisteri ministeriöille", "summary": "Kootaan ministeriöiden avustukset yhteen rekisteriin.", "theme_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d05", "language": "fi", "stage": "submitted", "visibility": "visible", "author": {"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "display_name": "Maija Meikäläinen", "organisation": {"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}}}, "organisations": [{"id": "0193a4e0-0000-7000-8000-000000000010", "code": "STM", "name": {"fi": "Sosiaali- ja terveysministeriö", "sv": "Social- och hälsovårdsministeriet", "en": "Ministry of Social Affairs and Health"}, "short_name": {"fi": "STM", "sv": "SHM", "en": "STM"}}], "thumb_count": 27, "comment_count": 5, "viewer_thumbed": false, "viewer_can_thumb": true, "thumb_refusal": null, "created_at": "2026-11-20T09:15:00Z", "updated_at": "2026-11-21T14:02:00Z"}))]
pub struct ProposalSummary {
    pub id: Uuid,
    pub call_id: Uuid,
    /// Unique within the call: #1, #2, ...
    pub number: i32,
    pub title: String,
    pub summary: String,
    pub theme_id: Option<Uuid>,
    pub language: Language,
    pub stage: Stage,
    pub visibility: Visibility,
    pub author: Author,
    /// Organisations involved besides the author's own.
    pub organisations: Vec<OrganisationRef>,
    pub thumb_count: u64,
    /// Its comments and replies, deleted ones not counted: the one comment count that
    /// clients show.
    pub comment_count: u64,
    pub viewer_thumbed: bool,
    pub viewer_can_thumb: bool,
    /// Why the viewer cannot thumb it (an error code), when they cannot.
    pub thumb_refusal: Option<ErrorCode>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A proposal in full.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a4f5-1a2b-7c3d-8e4f-5a6b7c8d9e02", "call_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d01", "number": 12, "title": "Yhteinen avustusrekisteri ministeriöille", "summary": "Kootaan ministeriöiden avustukset yhteen rekisteriin.", "theme_id": "0193a4f2-7c1e-7d3a-9b2e-5f6a7b8c9d05", "language": "fi", "stage": "submitted", "visibility": "visible", "author": {"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "display_name": "Maija Meikäläinen", "organisation": {"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}}}, "organisations": [{"id": "0193a4e0-0000-7000-8000-000000000010", "code": "STM", "name": {"fi": "Sosiaali- ja terveysministeriö", "sv": "Social- och hälsovårdsministeriet", "en": "Ministry of Social Affairs and Health"}, "short_name": {"fi": "STM", "sv": "SHM", "en": "STM"}}], "thumb_count": 27, "comment_count": 5, "viewer_thumbed": false, "viewer_can_thumb": true, "thumb_refusal": null, "created_at": "2026-11-20T09:15:00Z", "updated_at": "2026-11-21T14:02:00Z", "challenge": "Avustustiedot ovat **hajallaan** eri ministeriöissä.", "challenge_html": "<p>Avustustiedot ovat <strong>hajallaan</strong> eri ministeriöissä.</p>", "idea": "Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.", "idea_html": "<p>Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.</p>", "viewer_can_edit": false, "edit_refusal": "not_author", "viewer_can_comment": true, "comment_refusal": null}))]
pub struct Proposal {
    #[serde(flatten)]
    pub summary: ProposalSummary,
    /// What problem: the text as written (Markdown).
    pub challenge: String,
    /// What to try: the text as written (Markdown).
    pub idea: String,
    /// `challenge` rendered to sanitised HTML.
    pub challenge_html: String,
    /// `idea` rendered to sanitised HTML.
    pub idea_html: String,
    /// The author may edit and withdraw it now.
    pub viewer_can_edit: bool,
    /// Why the viewer cannot edit or withdraw it (an error code), when they cannot.
    pub edit_refusal: Option<ErrorCode>,
    pub viewer_can_comment: bool,
    /// Why the viewer cannot comment on it (an error code), when they cannot.
    pub comment_refusal: Option<ErrorCode>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalPage {
    pub items: Vec<ProposalSummary>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// How many proposals match the filters.
    pub total: u64,
    pub sort: ProposalSort,
    /// The shuffle of the `random` order (0–4294967295); send it back as `seed` to keep the order.
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64, example = 3061471325_i64)]
    pub seed: Option<u32>,
}

struct Context {
    orgs: HashMap<OrganisationId, OrganisationRecord>,
    thumbed: HashSet<Uuid>,
    own_thumbs: u64,
    looker: Looker,
    viewer: Option<siilo_domain::UserId>,
    now: DateTime<Utc>,
}

impl Context {
    async fn load(
        state: &AppState,
        viewer: &MaybeViewer,
        call: &CallRecord,
        ids: &[Uuid],
    ) -> Result<Context, ApiError> {
        let orgs =
            siilo_store::organisations::list(&state.db).await?.into_iter().map(|o| (o.id, o)).collect();
        let (thumbed, own_thumbs) = match viewer.id() {
            Some(me) => {
                let thumbed = thumbs::thumbed_by(&state.db, me, ids).await?;
                let own = match call.settings.max_thumbs_per_user {
                    Some(_) => thumbs::count_by_user_in_call(&state.db, call.id, me).await?,
                    None => 0,
                };
                (thumbed, own)
            }
            None => (HashSet::new(), 0),
        };
        Ok(Context {
            orgs,
            thumbed,
            own_thumbs,
            looker: viewer.looker(),
            viewer: viewer.id(),
            now: Utc::now(),
        })
    }

    fn org(&self, id: OrganisationId) -> Option<OrganisationRef> {
        self.orgs.get(&id).map(OrganisationRef::from)
    }

    fn summary(&self, call: &CallRecord, p: &ProposalRecord) -> ProposalSummary {
        let full = rules::can_read_in_full(&p.facts(), self.looker);
        let phase = call.state.phase_at(self.now);
        let thumbed = self.thumbed.contains(&p.id);
        let allowance = Allowance {
            given_in_call: self.own_thumbs,
            max_per_user: call.settings.max_thumbs_per_user,
            already_thumbed: thumbed,
        };
        let thumb = match self.viewer {
            None => calls::check_visitor(thumb_rules::check_call_takes_thumbs(phase, Allowance::default())),
            Some(me) => thumb_rules::check_can_thumb(phase, &p.facts(), me, allowance),
        }
        .map_err(|e| ApiError::Rule(e).code());
        ProposalSummary {
            id: p.id,
            call_id: p.call_id,
            number: p.number,
            title: if full { p.title.clone() } else { String::new() },
            summary: if full { p.summary.clone() } else { String::new() },
            theme_id: p.theme_id,
            language: p.language,
            stage: p.stage,
            visibility: p.visibility,
            author: Author {
                id: p.author_id.0,
                display_name: p.author_name.clone(),
                organisation: p.author_organisation_id.and_then(|o| self.org(o)),
            },
            organisations: p.organisation_ids.iter().filter_map(|o| self.org(*o)).collect(),
            thumb_count: p.thumb_count,
            comment_count: p.comment_count,
            viewer_thumbed: thumbed,
            viewer_can_thumb: thumb.is_ok(),
            thumb_refusal: thumb.err(),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }

    fn full(&self, call: &CallRecord, p: ProposalRecord) -> Proposal {
        let summary = self.summary(call, &p);
        let readable = rules::can_read_in_full(&p.facts(), self.looker);
        let phase = call.state.phase_at(self.now);
        let code = |e: DomainError| ApiError::Rule(e).code();
        let (edit, comment) = match self.viewer {
            None => (
                calls::check_visitor(rules::check_call_takes_edits(phase)).map_err(code),
                calls::check_visitor(siilo_domain::comments::check_call_takes_comments(phase)).map_err(code),
            ),
            Some(me) => (
                rules::check_can_edit(phase, &p.facts(), me).map_err(code),
                siilo_domain::comments::check_can_comment(phase, &p.facts()).map_err(code),
            ),
        };
        let text = |s: String| if readable { s } else { String::new() };
        Proposal {
            summary,
            challenge: text(p.challenge),
            idea: text(p.idea),
            challenge_html: text(p.challenge_html),
            idea_html: text(p.idea_html),
            viewer_can_edit: edit.is_ok(),
            edit_refusal: edit.err(),
            viewer_can_comment: comment.is_ok(),
            comment_refusal: comment.err(),
        }
    }
}

/// Loads a proposal and its call as the viewer may see them (404 otherwise).
async fn visible_proposal(
    state: &AppState,
    id: Uuid,
    viewer: &MaybeViewer,
) -> Result<(CallRecord, ProposalRecord), ApiError> {
    let p = store::get(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let call = find_visible(state, &p.call_id.to_string(), viewer).await?;
    if !rules::is_listed(&p.facts(), viewer.looker()) {
        return Err(ApiError::NotFound);
    }
    Ok((call, p))
}

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
    /// Words to find in the title, summary, challenge or idea; case and accents are ignored.
    pub q: Option<String>,
    /// `random` (default), `top`, `newest`, `most_commented` or `trending`.
    pub sort: Option<ProposalSort>,
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
    /// The instant trending scores are computed at, so pages agree with each other.
    at: DateTime<Utc>,
    key: SortKey,
}

/// List a call's proposals
///
/// Filtered and ordered; the default order is a fair shuffle (`random`) whose `seed` comes
/// back with the page, so that every proposal shows exactly once across pages. `trending`
/// weighs each thumb by `0.5^(age in hours / 24)` over the last week.
#[utoipa::path(
    tag = "proposals",
    security((), ("bearer" = [])),
    params(("id" = String, Path, description = "Call id or slug"), ProposalListParams),
    responses(
        (status = 200, description = "One page of the call's proposals in the order asked for, with the shuffle's `seed`", body = ProposalPage),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
        (status = 422, description = "`validation_failed` (bad `limit`, `cursor` or filter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calls/{id}/proposals")]
pub async fn list_proposals(
    state: web::Data<AppState>,
    viewer: MaybeViewer,
    id: web::Path<String>,
    params: crate::extract::Query<ProposalListParams>,
) -> Result<web::Json<ProposalPage>, ApiError> {
    let call = find_visible(&state, &id, &viewer).await?;
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
    let sort = cursor.as_ref().map(|c| c.sort).or(params.sort).unwrap_or_default();
    let seed = cursor.as_ref().map(|c| c.seed).or(params.seed).unwrap_or_else(|| rand::rng().random());
    let at = cursor.as_ref().map_or_else(Utc::now, |c| c.at);
    if params.mine == Some(true) && viewer.id().is_none() {
        return Err(ApiError::Unauthenticated(crate::error::AuthFailure::MissingToken));
    }
    let filter = ProposalFilter {
        call_id: call.id,
        theme_id: params.theme,
        organisation_id: params.organisation.map(OrganisationId),
        stage: params.stage,
        author_id: if params.mine == Some(true) { viewer.id() } else { None },
        terms: params.q.as_deref().map(search::query_terms).unwrap_or_default(),
        pending_visible_to: viewer.id(),
        moderator: viewer.looker().moderates,
    };
    let rows = store::sort_rows(&state.db, &filter).await?;
    let mut scores: HashMap<Uuid, f64> = HashMap::new();
    if sort == ProposalSort::Trending {
        let since = at
            .checked_sub_signed(TimeDelta::hours(ordering::TRENDING_HORIZON_HOURS))
            .ok_or_else(pagination::invalid)?;
        for (proposal_id, given) in thumbs::recent_in_call(&state.db, call.id, since).await? {
            *scores.entry(proposal_id).or_default() += ordering::thumb_weight(given, at);
        }
    }
    let facts: Vec<SortFacts> = rows
        .iter()
        .map(|r| SortFacts {
            id: r.id,
            number: r.number,
            thumb_count: r.thumb_count,
            comment_count: r.comment_count,
            trending_score: scores.get(&r.id).copied().unwrap_or(0.0),
        })
        .collect();
    let page_size = usize::try_from(limit).unwrap_or(usize::MAX);
    let (page, more) = ordering::page(sort, seed, &facts, cursor.map(|c| c.key), page_size);
    let next_cursor = if more {
        page.last().map(|(key, _)| {
            pagination::encode(&state.cursors, &list, &ListCursor { sort, seed, at, key: *key })
        })
    } else {
        None
    };
    let ids: Vec<Uuid> = page.iter().map(|(_, f)| f.id).collect();
    let records = store::get_many(&state.db, &ids).await?;
    let ctx = Context::load(&state, &viewer, &call, &ids).await?;
    Ok(web::Json(ProposalPage {
        items: records.iter().map(|p| ctx.summary(&call, p)).collect(),
        next_cursor,
        total: rows.len() as u64,
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
    params(("id" = Uuid, Path, description = "Proposal id")),
    responses((status = 200, description = "The proposal, with what the viewer may do with it", body = Proposal), (status = 401, response = Problem), (status = 404, response = Problem))
)]
#[get("/proposals/{id}")]
pub async fn get_proposal(
    state: web::Data<AppState>,
    viewer: MaybeViewer,
    id: web::Path<Uuid>,
) -> Result<web::Json<Proposal>, ApiError> {
    let (call, p) = visible_proposal(&state, id.into_inner(), &viewer).await?;
    let ctx = Context::load(&state, &viewer, &call, &[p.id]).await?;
    Ok(web::Json(ctx.full(&call, p)))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProposalRequest {
    #[validate(length(min = 5, max = 140), custom(function = "not_blank"))]
    #[schema(
        example = "Yhteinen avustusrekisteri ministeriöille",
        min_length = 5,
        max_length = 140,
        pattern = r"\S"
    )]
    pub title: String,
    #[validate(length(min = 1, max = 500), custom(function = "not_blank"))]
    #[schema(
        example = "Kootaan ministeriöiden avustukset yhteen rekisteriin.",
        min_length = 1,
        max_length = 500,
        pattern = r"\S"
    )]
    pub summary: String,
    /// What problem; plain text or Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(
        example = "Avustustiedot ovat **hajallaan** eri ministeriöissä.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub challenge: String,
    /// What to try; plain text or Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(
        example = "Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.",
        min_length = 1,
        max_length = 10000,
        pattern = r"\S"
    )]
    pub idea: String,
    /// One of the call's themes.
    pub theme_id: Option<Uuid>,
    /// Organisations involved; the author's own is implied.
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub organisation_ids: Vec<Uuid>,
    /// The language it is written in; defaults to the author's.
    pub language: Option<Language>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProposalRequest {
    #[validate(length(min = 5, max = 140), custom(function = "not_blank"))]
    #[schema(
        example = "Yhteinen avustusrekisteri kaikille ministeriöille",
        min_length = 5,
        max_length = 140,
        pattern = r"\S"
    )]
    pub title: Option<String>,
    #[validate(length(min = 1, max = 500), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub summary: Option<String>,
    /// Plain text or Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub challenge: Option<String>,
    /// Plain text or Markdown.
    #[validate(length(min = 1, max = 10000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub idea: Option<String>,
    /// `null` removes the theme.
    #[serde(default, deserialize_with = "crate::routes::dto::present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub theme_id: Option<Option<Uuid>>,
    /// Replaces the list.
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub organisation_ids: Option<Vec<Uuid>>,
    pub language: Option<Language>,
}

struct Draft {
    title: String,
    summary: String,
    challenge: String,
    idea: String,
    theme_id: Option<Uuid>,
    organisation_ids: Vec<Uuid>,
}

/// Checks the theme and organisations against the call and renders the text once.
async fn prepare(
    state: &AppState,
    call: &CallRecord,
    author_org: Option<OrganisationId>,
    d: Draft,
) -> Result<ProposalText, ApiError> {
    if let Some(theme) = d.theme_id
        && !call.themes.iter().any(|t| t.id == theme)
    {
        return Err(DomainError::ThemeNotInCall.into());
    }
    let known: HashSet<OrganisationId> =
        siilo_store::organisations::list(&state.db).await?.into_iter().map(|o| o.id).collect();
    let mut organisation_ids: Vec<OrganisationId> = Vec::new();
    for (i, id) in d.organisation_ids.iter().copied().map(OrganisationId).enumerate() {
        if !known.contains(&id) {
            return Err(ApiError::field(
                &format!("organisation_ids[{i}]"),
                ErrorCode::UnknownOrganisation,
                "no organisation has this id",
            ));
        }
        if Some(id) != author_org && !organisation_ids.contains(&id) {
            organisation_ids.push(id);
        }
    }
    let title = d.title.trim().to_owned();
    let summary = d.summary.trim().to_owned();
    let search_text = search::fold(&[title.as_str(), &summary, &d.challenge, &d.idea].join(" "));
    Ok(ProposalText {
        challenge_html: to_safe_html(&d.challenge),
        idea_html: to_safe_html(&d.idea),
        title,
        summary,
        challenge: d.challenge,
        idea: d.idea,
        search_text,
        theme_id: d.theme_id,
        organisation_ids,
    })
}

/// Submit a proposal
///
/// While the call is open. It gets the next number of the call; in a pre-moderated call it
/// waits (`visibility: pending`) until a moderator approves it.
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Call id or slug")),
    request_body = CreateProposalRequest,
    responses(
        (status = 201, description = "Submitted, with the next number in its call", body = Proposal),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_open`, `limit_reached`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `theme_not_in_call`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calls/{id}/proposals")]
pub async fn create_proposal(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<String>,
    body: Body<CreateProposalRequest>,
) -> Result<HttpResponse, ApiError> {
    let maybe = MaybeViewer(Some(viewer.clone()));
    let call = find_visible(&state, &id, &maybe).await?;
    let Body(req) = body;
    let phase = call.state.phase_at(Utc::now());
    rules::check_can_submit(phase, 0, None)?;
    let language = req.language.unwrap_or(viewer.user.language);
    let draft = Draft {
        title: req.title,
        summary: req.summary,
        challenge: req.challenge,
        idea: req.idea,
        theme_id: req.theme_id,
        organisation_ids: req.organisation_ids,
    };
    let text = prepare(&state, &call, viewer.user.organisation_id, draft).await?;
    let visibility = rules::initial_visibility(call.settings.moderation_mode);

    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    if call.settings.max_proposals_per_user.is_some() {
        // Parallel submissions of one author must not all pass the limit check.
        siilo_store::users::lock(&txn, viewer.id()).await?;
    }
    let own = store::count_by_author(&txn, call.id, viewer.id()).await?;
    rules::check_can_submit(call.state.phase_at(now), own, call.settings.max_proposals_per_user)?;
    let number = siilo_store::calls::next_proposal_number(&txn, call.id).await?;
    let new = NewProposal { call_id: call.id, number, author_id: viewer.id(), language, visibility, text };
    let proposal_id = store::create(&txn, new, now).await?;
    txn.commit().await?;
    tracing::info!(proposal = %proposal_id, call = %call.id, number, "proposal submitted");

    let p = store::get(&state.db, proposal_id).await?.ok_or(ApiError::NotFound)?;
    let ctx = Context::load(&state, &maybe, &call, &[p.id]).await?;
    Ok(HttpResponse::Created().json(ctx.full(&call, p)))
}

/// Edit a proposal
///
/// By its author while the call is open; every edit keeps a revision. Fields left out stay.
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Proposal id")),
    request_body = UpdateProposalRequest,
    responses(
        (status = 200, description = "The proposal as edited; the earlier version is kept as a revision", body = Proposal),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_author`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_open`, `proposal_withdrawn`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `theme_not_in_call`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/proposals/{id}")]
pub async fn update_proposal(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<Uuid>,
    body: Body<UpdateProposalRequest>,
) -> Result<web::Json<Proposal>, ApiError> {
    let maybe = MaybeViewer(Some(viewer.clone()));
    let (call, current) = visible_proposal(&state, id.into_inner(), &maybe).await?;
    rules::check_can_edit(call.state.phase_at(Utc::now()), &current.facts(), viewer.id())?;
    let Body(req) = body;
    let draft = Draft {
        title: req.title.unwrap_or_else(|| current.title.clone()),
        summary: req.summary.unwrap_or_else(|| current.summary.clone()),
        challenge: req.challenge.unwrap_or_else(|| current.challenge.clone()),
        idea: req.idea.unwrap_or_else(|| current.idea.clone()),
        theme_id: req.theme_id.unwrap_or(current.theme_id),
        organisation_ids: req
            .organisation_ids
            .unwrap_or_else(|| current.organisation_ids.iter().map(|o| o.0).collect()),
    };
    let text = prepare(&state, &call, viewer.user.organisation_id, draft).await?;

    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (call_now, facts) = store::facts(&txn, current.id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_edit(call_now.state.phase_at(now), &facts, viewer.id())?;
    store::update_text(&txn, current.id, viewer.id(), req.language, &text, now).await?;
    txn.commit().await?;

    let p = store::get(&state.db, current.id).await?.ok_or(ApiError::NotFound)?;
    let ctx = Context::load(&state, &maybe, &call, &[p.id]).await?;
    Ok(web::Json(ctx.full(&call, p)))
}

/// Withdraw a proposal
///
/// By its author while the call is open. Its thumbs stay; it takes no new ones.
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Proposal id")),
    responses(
        (status = 200, description = "The proposal, withdrawn", body = Proposal),
        (status = 401, response = Problem),
        (status = 403, description = "`not_author`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_open`, `proposal_withdrawn`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/proposals/{id}/withdraw")]
pub async fn withdraw_proposal(
    state: web::Data<AppState>,
    viewer: Viewer,
    id: web::Path<Uuid>,
) -> Result<web::Json<Proposal>, ApiError> {
    let maybe = MaybeViewer(Some(viewer.clone()));
    let (call, current) = visible_proposal(&state, id.into_inner(), &maybe).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (call_now, facts) = store::facts(&txn, current.id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_edit(call_now.state.phase_at(now), &facts, viewer.id())?;
    store::set_stage(&txn, current.id, Stage::Withdrawn, now).await?;
    txn.commit().await?;
    let p = store::get(&state.db, current.id).await?.ok_or(ApiError::NotFound)?;
    let ctx = Context::load(&state, &maybe, &call, &[p.id]).await?;
    Ok(web::Json(ctx.full(&call, p)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Revision {
    /// 1 is the proposal as submitted.
    pub revision: i32,
    pub editor_id: Uuid,
    pub title: String,
    pub summary: String,
    pub challenge: String,
    pub idea: String,
    pub theme_id: Option<Uuid>,
    pub organisation_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionList {
    /// Oldest first.
    pub items: Vec<Revision>,
}

/// List a proposal's revisions
///
/// Every version of the text, oldest first, for whoever may read the proposal in full.
#[utoipa::path(
    tag = "proposals",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "Proposal id")),
    responses((status = 200, description = "The proposal's earlier versions", body = RevisionList), (status = 401, response = Problem), (status = 404, response = Problem))
)]
#[get("/proposals/{id}/revisions")]
pub async fn list_revisions(
    state: web::Data<AppState>,
    viewer: MaybeViewer,
    id: web::Path<Uuid>,
) -> Result<web::Json<RevisionList>, ApiError> {
    let (_, p) = visible_proposal(&state, id.into_inner(), &viewer).await?;
    if !rules::can_read_in_full(&p.facts(), viewer.looker()) {
        return Err(ApiError::NotFound);
    }
    let items = store::revisions(&state.db, p.id)
        .await?
        .into_iter()
        .map(|r| Revision {
            revision: r.revision,
            editor_id: r.editor_id.0,
            title: r.title,
            summary: r.summary,
            challenge: r.challenge,
            idea: r.idea,
            theme_id: r.theme_id,
            organisation_ids: r.organisation_ids,
            created_at: r.created_at,
        })
        .collect();
    Ok(web::Json(RevisionList { items }))
}
