//! Writing proposals: submitting, editing (every edit keeps a revision) and withdrawing.

use std::collections::HashSet;

use actix_web::{HttpResponse, patch, post, web};
use chrono::Utc;
use serde::Deserialize;
use siilo_domain::accounts::Language;
use siilo_domain::organisations::{UnknownOrganisationAt, involved_organisations};
use siilo_domain::proposals::{self as rules, Sight, Stage};
use siilo_domain::team::{self, TeamRole};
use siilo_domain::{OrganisationId, calls};
use siilo_store::begin_write;
use siilo_store::calls::CallRecord;
use siilo_store::proposals::{self as store, NewProposal, ProposalText};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use super::view::{Context, Proposal};
use super::visible_proposal;
use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::content::{ProposalDraft, proposal_text};
use crate::error::{ApiError, ErrorCode, Problem};
use crate::extract::Body;
use crate::routes::calls::find_visible;
use crate::routes::dto::not_blank;
use crate::routes::paths::{CallIdOrSlug, ProposalPath};
use crate::state::AppState;

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
    calls::check_theme_in_call(d.theme_id, call.themes.iter().map(|t| t.id))?;
    let known: HashSet<OrganisationId> =
        siilo_store::organisations::list(&state.db).await?.into_iter().map(|o| o.id).collect();
    let requested: Vec<OrganisationId> = d.organisation_ids.iter().copied().map(OrganisationId).collect();
    let organisation_ids = involved_organisations(&requested, author_org, |id| known.contains(&id)).map_err(
        |UnknownOrganisationAt(i)| {
            ApiError::field(
                &format!("organisation_ids[{i}]"),
                ErrorCode::UnknownOrganisation,
                "no organisation has this id",
            )
        },
    )?;
    Ok(proposal_text(ProposalDraft {
        title: d.title,
        summary: d.summary,
        challenge: d.challenge,
        idea: d.idea,
        theme_id: d.theme_id,
        organisation_ids,
    }))
}

/// Submit a proposal
///
/// While the call is open. It gets the next number of the call; in a pre-moderated call it
/// waits (`visibility: pending`) until a moderator approves it.
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(CallIdOrSlug),
    request_body = CreateProposalRequest,
    responses(
        (status = 201, description = "Submitted, with the next number in its call", body = Proposal),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_open`, `limit_reached`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `theme_not_in_call`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calls/{id}/proposals")]
#[tracing::instrument(skip_all, fields(call = %path.id, user_id = %viewer.id()))]
pub async fn create_proposal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallIdOrSlug>,
    body: Body<CreateProposalRequest>,
) -> Result<HttpResponse, ApiError> {
    viewer.may_take_part(&state).await?;
    let maybe = SignedInOrVisitor::from(viewer.clone());
    let call = find_visible(&state, &path.id, &maybe).await?;
    let Body(req) = body;
    let phase = call.state.phase_at(Utc::now());
    rules::check_call_takes_submissions(phase)?;
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
    siilo_store::follows::follow_proposal(&txn, proposal_id, viewer.id(), now).await?;
    txn.commit().await?;
    tracing::info!(proposal = %proposal_id, call = %call.id, number, "proposal submitted");

    let p = store::get(&state.db, proposal_id).await?.ok_or(ApiError::NotFound)?;
    let ctx = Context::load(&state, &maybe, &call, &[p.id]).await?;
    let mut full = ctx.full(&call, p.clone());
    crate::routes::interests::fill(&state, &maybe, &call, &p, &mut full).await?;
    Ok(HttpResponse::Created().json(full))
}

/// Edit a proposal
///
/// By its author or an accepted co-author while the call is open; every edit keeps a
/// revision, which records who edited. Fields left out stay.
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(ProposalPath),
    request_body = UpdateProposalRequest,
    responses(
        (status = 200, description = "The proposal as edited; the earlier version is kept as a revision", body = Proposal),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`email_unverified`, `terms_not_accepted`, `not_author`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_open`, `proposal_withdrawn`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `theme_not_in_call`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/proposals/{id}")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn update_proposal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    body: Body<UpdateProposalRequest>,
) -> Result<web::Json<Proposal>, ApiError> {
    viewer.may_take_part(&state).await?;
    let maybe = SignedInOrVisitor::from(viewer.clone());
    let (call, current) = visible_proposal(&state, path.id, &maybe, Sight::Tombstone).await?;
    let role = TeamRole::of(&current.facts(), &current.coauthor_ids(), viewer.id());
    team::check_can_edit(call.state.phase_at(Utc::now()), &current.facts(), role)?;
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
    // The author's organisation stays implied, whoever of the team edits.
    let text = prepare(&state, &call, current.author_organisation_id, draft).await?;

    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (call_now, facts) = store::facts(&txn, current.id).await?.ok_or(ApiError::NotFound)?;
    let coauthors = siilo_store::coauthors::accepted_ids(&txn, current.id).await?;
    team::check_can_edit(
        call_now.state.phase_at(now),
        &facts,
        TeamRole::of(&facts, &coauthors, viewer.id()),
    )?;
    store::update_text(&txn, current.id, viewer.id(), req.language, &text, now).await?;
    // Every follower but the editor hears of the new revision (the team included).
    let revised = siilo_store::notifications::FollowerNotice {
        kind: siilo_domain::notifications::NotificationKind::ProposalRevised,
        actor_id: Some(viewer.id()),
        comment_id: None,
        data: serde_json::json!({}),
        except: &[viewer.id()],
        except_team: false,
    };
    let told = siilo_store::notifications::notify_followers(&txn, &[current.id], &revised, now).await?;
    txn.commit().await?;
    if told > 0 {
        state.mail.wake();
    }

    let p = store::get(&state.db, current.id).await?.ok_or(ApiError::NotFound)?;
    let ctx = Context::load(&state, &maybe, &call, &[p.id]).await?;
    let mut full = ctx.full(&call, p.clone());
    crate::routes::interests::fill(&state, &maybe, &call, &p, &mut full).await?;
    Ok(web::Json(full))
}

/// Withdraw a proposal
///
/// By its author alone (not its co-authors) while the call is open. Its thumbs stay; it
/// takes no new ones.
#[utoipa::path(
    tag = "proposals",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 200, description = "The proposal, withdrawn", body = Proposal),
        (status = 401, response = Problem),
        (status = 403, description = "`not_author`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_open`, `proposal_withdrawn`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/proposals/{id}/withdraw")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn withdraw_proposal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<Proposal>, ApiError> {
    let maybe = SignedInOrVisitor::from(viewer.clone());
    let (call, current) = visible_proposal(&state, path.id, &maybe, Sight::Tombstone).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (call_now, facts) = store::facts(&txn, current.id).await?.ok_or(ApiError::NotFound)?;
    rules::check_can_edit(call_now.state.phase_at(now), &facts, viewer.id())?;
    store::set_stage(&txn, current.id, Stage::Withdrawn, now).await?;
    // A pending proposal withdrawn needs no moderator any more.
    siilo_store::moderation_queue::leave_if_pending(&txn, current.id).await?;
    txn.commit().await?;
    let p = store::get(&state.db, current.id).await?.ok_or(ApiError::NotFound)?;
    let ctx = Context::load(&state, &maybe, &call, &[p.id]).await?;
    Ok(web::Json(ctx.full(&call, p)))
}
