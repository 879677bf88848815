//! Following a pilot: a follower hears of its updates and lessons. `followers` stays exact
//! under any concurrency (`siilo_store::pilots::follow`).

use actix_web::{HttpResponse, delete, put, web};
use chrono::Utc;
use siilo_store::begin_write;
use siilo_store::pilots as store;

use super::PilotPath;
use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// Follow a pilot
///
/// Following one already followed changes nothing.
#[utoipa::path(
    tag = "pilots",
    security(("bearer" = [])),
    params(PilotPath),
    responses(
        (status = 204, description = "Following"),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[put("/pilots/{id}/follow")]
#[tracing::instrument(skip_all, fields(pilot_id = %path.id, user_id = %viewer.id()))]
pub async fn follow_pilot(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<PilotPath>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin_write(&state.db).await?;
    store::title(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    store::follow(&txn, path.id, viewer.id(), Utc::now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stop following a pilot
///
/// Unfollowing one not followed changes nothing.
#[utoipa::path(
    tag = "pilots",
    security(("bearer" = [])),
    params(PilotPath),
    responses(
        (status = 204, description = "Not following"),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[delete("/pilots/{id}/follow")]
#[tracing::instrument(skip_all, fields(pilot_id = %path.id, user_id = %viewer.id()))]
pub async fn unfollow_pilot(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<PilotPath>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin_write(&state.db).await?;
    store::title(&txn, path.id).await?.ok_or(ApiError::NotFound)?;
    store::unfollow(&txn, path.id, viewer.id()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
