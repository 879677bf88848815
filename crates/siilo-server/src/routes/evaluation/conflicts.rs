//! Conflicts of interest: an evaluator who declares one on a proposal (their own
//! organisation's, say) cannot review it; their draft of it is removed.

use actix_web::{HttpResponse, delete, put, web};
use chrono::Utc;
use serde::Deserialize;
use siilo_domain::DomainError;
use siilo_store::begin_write;
use siilo_store::evaluation::{evaluators, reviews};
use utoipa::ToSchema;
use validator::Validate;

use super::review_place;
use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::dto::optional_text;
use crate::routes::paths::ProposalPath;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclareConflictRequest {
    /// Why, for the admins: at most 500 characters; a blank one is none.
    #[validate(length(max = 500))]
    #[schema(max_length = 500, example = "Ehdotus on oman virastoni.")]
    pub reason: Option<String>,
}

/// Declare a conflict of interest
///
/// An assigned evaluator of the proposal's call. They can then no longer review the
/// proposal; their draft of it is removed. Declaring again restates the reason.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(ProposalPath),
    request_body = DeclareConflictRequest,
    responses(
        (status = 204, description = "Declared"),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`not_assigned`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
        (status = 409, description = "`review_submitted`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/proposals/{id}/conflict")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn declare_conflict(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
    body: Body<DeclareConflictRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.id;
    let me = viewer.id().0;
    let place = review_place(&state, id, &viewer).await?;
    if !place.assigned {
        return Err(DomainError::NotAssigned.into());
    }
    let reason = optional_text(body.reason.as_deref());
    let txn = begin_write(&state.db).await?;
    reviews::lock_proposal(&txn, id).await?;
    // A submitted review stays: its author has seen the others' scores.
    if reviews::delete_draft(&txn, id, me).await? {
        return Err(DomainError::ReviewSubmitted.into());
    }
    evaluators::declare_conflict(&txn, place.call.id, id, me, reason, Utc::now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Withdraw a conflict of interest
///
/// The evaluator's own declaration. 404 when there is none.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(ProposalPath),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, response = Problem),
        (status = 404, description = "No such proposal, or no conflict declared on it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/proposals/{id}/conflict")]
#[tracing::instrument(skip_all, fields(proposal_id = %path.id, user_id = %viewer.id()))]
pub async fn withdraw_conflict(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<ProposalPath>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin_write(&state.db).await?;
    if !evaluators::withdraw_conflict(&txn, path.id, viewer.id().0).await? {
        return Err(ApiError::NotFound);
    }
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
