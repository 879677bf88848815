//! Thumbs-up (*peukutus*): `PUT` gives one, `DELETE` takes it back; both are idempotent.
//! The insert and the counter update share one write transaction, so the count is exact
//! under any concurrency.

use actix_web::{delete, put, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use siilo_domain::calls::Phase;
use siilo_domain::proposals::{ProposalFacts, Sight, proposal_sight};
use siilo_domain::thumbs as thumb_rules;
use siilo_domain::thumbs::Allowance;
use siilo_store::DatabaseTransaction;
use siilo_store::calls::CallRecord;
use siilo_store::{begin_write, thumbs};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::routes::paths::ProposalPath;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(thumb_proposal).service(unthumb_proposal);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ThumbState {
    pub thumbed: bool,
    pub thumb_count: u64,
}

/// Thumb a proposal up
///
/// While the call takes thumbs (`open`, `voting`), never one's own proposal, not a
/// withdrawn or hidden one, within the call's per-user limit. Thumbing twice is harmless.
#[utoipa::path(
    tag = "thumbs",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 200, description = "Thumbed (also when it already was), with the new count", body = ThumbState),
        (status = 401, response = Problem),
        (status = 403, description = "`own_proposal`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_accepting_thumbs`, `proposal_withdrawn`, `proposal_hidden`, `limit_reached`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/proposals/{id}/thumb")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn thumb_proposal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<ThumbState>, ApiError> {
    let id = path.id;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (call, facts, phase) = thumbable(&txn, id, &viewer, now).await?;
    if !thumbs::exists(&txn, id, viewer.id()).await? {
        let given = match call.settings.max_thumbs_per_user {
            Some(_) => {
                // Parallel thumbs of one user must not all pass the limit check.
                siilo_store::users::lock(&txn, viewer.id()).await?;
                thumbs::count_by_user_in_call(&txn, call.id, viewer.id()).await?
            }
            None => 0,
        };
        let allowance = Allowance {
            given_in_call: given,
            max_per_user: call.settings.max_thumbs_per_user,
            already_thumbed: false,
        };
        thumb_rules::check_can_thumb(phase, &facts, viewer.id(), allowance)?;
        thumbs::add(&txn, id, viewer.id(), now).await?;
    }
    let count = thumbs::count(&txn, id).await?;
    txn.commit().await?;
    Ok(web::Json(ThumbState { thumbed: true, thumb_count: count }))
}

/// Take a thumb back
///
/// While the call takes thumbs. Taking back a thumb not given is harmless.
#[utoipa::path(
    tag = "thumbs",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 200, description = "Not thumbed (also when it was not), with the new count", body = ThumbState),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
        (status = 409, description = "`call_not_accepting_thumbs`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/proposals/{id}/thumb")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn unthumb_proposal(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<web::Json<ThumbState>, ApiError> {
    let id = path.id;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let (_, _, phase) = thumbable(&txn, id, &viewer, now).await?;
    thumb_rules::check_can_unthumb(phase)?;
    thumbs::remove(&txn, id, viewer.id()).await?;
    let count = thumbs::count(&txn, id).await?;
    txn.commit().await?;
    Ok(web::Json(ThumbState { thumbed: false, thumb_count: count }))
}

/// The proposal's call, facts and phase, if the viewer can see the proposal (404 otherwise).
async fn thumbable(
    txn: &DatabaseTransaction,
    id: Uuid,
    viewer: &SignedIn,
    now: DateTime<Utc>,
) -> Result<(CallRecord, ProposalFacts, Phase), ApiError> {
    let (call, facts) = siilo_store::proposals::facts(txn, id).await?.ok_or(ApiError::NotFound)?;
    let phase = call.state.phase_at(now);
    if proposal_sight(phase, &facts, viewer.audience()) == Sight::Nothing {
        return Err(ApiError::NotFound);
    }
    Ok((call, facts, phase))
}
