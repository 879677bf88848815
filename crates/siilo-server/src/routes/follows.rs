//! Follows of proposals and calls: a follower hears of a proposal's revisions, comments and
//! decisions (`siilo_store::notifications::notify_followers`) and of a call's news. `PUT`
//! follows and `DELETE` stops, both idempotent, on what the viewer may see; authors and
//! commenters follow automatically. `GET /me/follows` lists what the viewer follows.

use std::collections::HashMap;

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use siilo_domain::calls::{self, Phase};
use siilo_domain::proposals::{Sight, proposal_sight};
use siilo_store::{begin_write, follows};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::{SignedIn, SignedInOrVisitor};
use crate::error::{ApiError, Problem};
use crate::routes::calls::{FinnishRequiredText, find_visible};
use crate::routes::paths::{CallPath, ProposalPath};
use crate::routes::proposals::visible_proposal;
use crate::state::AppState;

/// The most proposals, and the most calls, `GET /me/follows` lists (the latest follows).
pub const LIST_MAX: u64 = 200;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(follow_proposal)
        .service(unfollow_proposal)
        .service(follow_call)
        .service(unfollow_call)
        .service(list_follows);
}

/// Follow a proposal
///
/// The follower is notified of its new revisions, comments and published decision.
/// Following one already followed changes nothing.
#[utoipa::path(
    tag = "follows",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 204, description = "Following"),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or the viewer may not read it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/proposals/{id}/follow")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn follow_proposal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<HttpResponse, ApiError> {
    let maybe = SignedInOrVisitor::from(viewer.clone());
    visible_proposal(&state, path.id, &maybe, Sight::Full).await?;
    let txn = begin_write(&state.db).await?;
    follows::follow_proposal(&txn, path.id, viewer.id(), Utc::now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stop following a proposal
///
/// Unfollowing one not followed changes nothing.
#[utoipa::path(
    tag = "follows",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 204, description = "Not following"),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proposal, or the viewer may not read it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/proposals/{id}/follow")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn unfollow_proposal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<HttpResponse, ApiError> {
    let maybe = SignedInOrVisitor::from(viewer.clone());
    visible_proposal(&state, path.id, &maybe, Sight::Tombstone).await?;
    let txn = begin_write(&state.db).await?;
    follows::unfollow_proposal(&txn, path.id, viewer.id()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Follow a call
///
/// The follower is notified of the call's news. Following one already followed changes
/// nothing.
#[utoipa::path(
    tag = "follows",
    security(("bearer" = [])),
    params(CallPath),
    responses(
        (status = 204, description = "Following"),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call, or the viewer may not see it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/calls/{id}/follow")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn follow_call(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
) -> Result<HttpResponse, ApiError> {
    let maybe = SignedInOrVisitor::from(viewer.clone());
    find_visible(&state, &path.id.to_string(), &maybe).await?;
    let txn = begin_write(&state.db).await?;
    follows::follow_call(&txn, path.id, viewer.id(), Utc::now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stop following a call
///
/// Unfollowing one not followed changes nothing.
#[utoipa::path(
    tag = "follows",
    security(("bearer" = [])),
    params(CallPath),
    responses(
        (status = 204, description = "Not following"),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call, or the viewer may not see it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/calls/{id}/follow")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn unfollow_call(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
) -> Result<HttpResponse, ApiError> {
    let maybe = SignedInOrVisitor::from(viewer.clone());
    find_visible(&state, &path.id.to_string(), &maybe).await?;
    let txn = begin_write(&state.db).await?;
    follows::unfollow_call(&txn, path.id, viewer.id()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A followed proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowedProposal {
    pub id: Uuid,
    pub call_id: Uuid,
    pub number: i32,
    /// Empty when the viewer may no longer read it in full (hidden by a moderator).
    #[schema(example = "Yhteinen avustusrekisteri ministeriöille")]
    pub title: String,
    pub followed_at: DateTime<Utc>,
}

/// A followed call.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowedCall {
    pub id: Uuid,
    #[schema(example = "siilonmurtajat-2026")]
    pub slug: String,
    pub title: FinnishRequiredText,
    pub phase: Phase,
    pub followed_at: DateTime<Utc>,
}

/// What the viewer follows, latest follow first.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowList {
    /// At most 200, the latest followed; those the viewer may no longer see are left out.
    pub proposals: Vec<FollowedProposal>,
    /// At most 200, the latest followed; those the viewer may no longer see are left out.
    pub calls: Vec<FollowedCall>,
    /// Follows of proposals in all.
    pub proposal_total: u64,
    /// Follows of calls in all.
    pub call_total: u64,
}

/// List what I follow
///
/// The proposals and calls the signed-in user follows, the latest follow first; up to 200
/// of each (the totals count all).
#[utoipa::path(
    tag = "follows",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The viewer's followed proposals and calls", body = FollowList),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/follows")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn list_follows(
    state: web::Data<AppState>,
    viewer: SignedIn,
) -> Result<web::Json<FollowList>, ApiError> {
    let followed = follows::followed_by(&state.db, viewer.id(), LIST_MAX).await?;
    let audience = viewer.audience();
    let now = Utc::now();
    let mut call_ids: Vec<Uuid> = followed.calls.iter().map(|(id, _)| *id).collect();
    let proposal_ids: Vec<Uuid> = followed.proposals.iter().map(|(id, _)| *id).collect();
    let proposals = siilo_store::proposals::get_many(&state.db, &proposal_ids).await?;
    call_ids.extend(proposals.iter().map(|p| p.call_id));
    call_ids.sort_unstable();
    call_ids.dedup();
    let mut calls_by_id = HashMap::new();
    for id in call_ids {
        if let Some(c) = siilo_store::calls::get(&state.db, id).await? {
            calls_by_id.insert(id, c);
        }
    }
    let by_id: HashMap<Uuid, _> = proposals.into_iter().map(|p| (p.id, p)).collect();
    let proposals = followed
        .proposals
        .iter()
        .filter_map(|(id, since)| {
            let p = by_id.get(id)?;
            let call = calls_by_id.get(&p.call_id)?;
            let sight = proposal_sight(call.state.phase_at(now), &p.facts(), audience);
            (sight >= Sight::Tombstone).then(|| FollowedProposal {
                id: p.id,
                call_id: p.call_id,
                number: p.number,
                title: if sight == Sight::Full { p.title.clone() } else { String::new() },
                followed_at: *since,
            })
        })
        .collect();
    let calls = followed
        .calls
        .iter()
        .filter_map(|(id, since)| {
            let c = calls_by_id.get(id)?;
            let phase = c.state.phase_at(now);
            calls::is_visible(phase, audience.admin).then(|| FollowedCall {
                id: c.id,
                slug: c.slug.clone(),
                title: c.title.clone().into(),
                phase,
                followed_at: *since,
            })
        })
        .collect();
    Ok(web::Json(FollowList {
        proposals,
        calls,
        proposal_total: followed.proposal_total,
        call_total: followed.call_total,
    }))
}
