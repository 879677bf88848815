//! Thumbs-up (*peukutus*): `PUT` gives one, `DELETE` takes it back; both are idempotent.
//! The proposal and its call are read first, outside the write lock; the write transaction
//! holds only the insert (or delete) and the counter and trending update (plus, in a call
//! with a per-user limit, the user's lock and count), so the count is exact under any
//! concurrency and SQLite's single write lock is held briefly.

use actix_web::{delete, put, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use siilo_domain::calls::Phase;
use siilo_domain::proposals::{ProposalFacts, Sight, proposal_sight};
use siilo_domain::thumbs as thumb_rules;
use siilo_domain::thumbs::Allowance;
use siilo_store::ConnectionTrait;
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
        (status = 403, description = "`email_unverified`, `terms_not_accepted`, `own_proposal` (also for its co-authors)", body = Problem, content_type = "application/problem+json"),
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
    viewer.may_take_part(&state).await?;
    let id = path.id;
    let now = Utc::now();
    // The reads come before the write lock: what is judged here (phase, author, stage,
    // visibility) a racing write could change only an instant earlier or later.
    let (call, facts, phase) = thumbable(&state.db, id, &viewer, now).await?;
    let unlimited = Allowance::default();
    // Co-authors count as the proposal's own, as its author does.
    let coauthors = siilo_store::coauthors::accepted_ids(&state.db, id).await?;
    let role = siilo_domain::team::TeamRole::of(&facts, &coauthors, viewer.id());
    let judged = siilo_domain::team::check_not_own(role)
        .and_then(|()| thumb_rules::check_can_thumb(phase, &facts, viewer.id(), unlimited));
    if let Err(refusal) = judged {
        // A thumb already given stays given whatever became of the proposal: PUT is idempotent.
        return match thumbs::exists(&state.db, id, viewer.id()).await? {
            true => {
                Ok(web::Json(ThumbState { thumbed: true, thumb_count: thumbs::count(&state.db, id).await? }))
            }
            false => Err(refusal.into()),
        };
    }
    let txn = begin_write(&state.db).await?;
    if let Some(max) = call.settings.max_thumbs_per_user {
        // Parallel thumbs of one user must not all pass the limit check: the count is taken
        // under the user's lock, in the transaction that inserts.
        siilo_store::users::lock(&txn, viewer.id()).await?;
        let given = thumbs::count_by_user_in_call(&txn, call.id, viewer.id()).await?;
        let already_thumbed = given >= u64::from(max) && thumbs::exists(&txn, id, viewer.id()).await?;
        let allowance = Allowance { given_in_call: given, max_per_user: Some(max), already_thumbed };
        thumb_rules::check_call_takes_thumbs(phase, allowance)?;
    }
    let count = match thumbs::add(&txn, id, viewer.id(), now, call.created_at).await? {
        Some(count) => count,
        None => thumbs::count(&txn, id).await?,
    };
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
    let (call, _, phase) = thumbable(&state.db, id, &viewer, now).await?;
    thumb_rules::check_can_unthumb(phase)?;
    let txn = begin_write(&state.db).await?;
    let removed = thumbs::remove(&txn, id, viewer.id(), call.created_at).await?;
    let count = match removed {
        Some(count) => count,
        None => thumbs::count(&txn, id).await?,
    };
    txn.commit().await?;
    Ok(web::Json(ThumbState { thumbed: false, thumb_count: count }))
}

/// The proposal's call, facts and phase, if the viewer can see the proposal (404 otherwise).
async fn thumbable(
    db: &impl ConnectionTrait,
    id: Uuid,
    viewer: &SignedIn,
    now: DateTime<Utc>,
) -> Result<(CallRecord, ProposalFacts, Phase), ApiError> {
    let (call, facts) = siilo_store::proposals::facts(db, id).await?.ok_or(ApiError::NotFound)?;
    let phase = call.state.phase_at(now);
    if proposal_sight(phase, &facts, viewer.audience()) == Sight::Nothing {
        return Err(ApiError::NotFound);
    }
    Ok((call, facts, phase))
}
