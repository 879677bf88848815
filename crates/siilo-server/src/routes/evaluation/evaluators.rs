//! A call's evaluators: admins assign and remove them (audit-logged); an evaluator lists the
//! calls they evaluate.

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use siilo_domain::calls::Phase;
use siilo_domain::evaluation::takes_reviews;
use siilo_domain::moderation::{LogAction, LogTarget};
use siilo_domain::roles::Role;
use siilo_domain::{DomainError, OrganisationId};
use siilo_store::begin_write;
use siilo_store::evaluation::evaluators::{self as store, EvaluatorRecord};
use siilo_store::moderation_log::{self, NewLogEntry};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::routes::calls::FinnishRequiredText;
use crate::routes::dto::{OrganisationRef, UserRef};
use crate::routes::paths::{CallPath, EvaluatorPath};
use crate::state::AppState;
use crate::state::organisations::Organisations;

/// An evaluator of a call and their work on it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Evaluator {
    pub user: UserRef,
    pub organisation: Option<OrganisationRef>,
    pub assigned_at: DateTime<Utc>,
    /// Reviews submitted in the call.
    pub submitted: u64,
    /// Reviews started and not submitted.
    pub drafts: u64,
    /// Conflicts of interest declared in the call.
    pub conflicts: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluatorList {
    pub items: Vec<Evaluator>,
}

fn item(e: EvaluatorRecord, orgs: &Organisations) -> Evaluator {
    Evaluator {
        user: UserRef { id: e.user_id, display_name: e.display_name },
        organisation: e.organisation_id.and_then(|o| orgs.get(OrganisationId(o))).map(OrganisationRef::from),
        assigned_at: e.assigned_at,
        submitted: e.submitted,
        drafts: e.drafts,
        conflicts: e.conflicts,
    }
}

/// List a call's evaluators
///
/// Admins and the call's managers. By name, with what each has done in the call.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(CallPath),
    responses(
        (status = 200, description = "The call's evaluators", body = EvaluatorList),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[get("/calls/{id}/evaluators")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn list_evaluators(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
) -> Result<web::Json<EvaluatorList>, ApiError> {
    viewer.may_manage_call(&state, path.id).await?;
    siilo_store::calls::get(&state.db, path.id).await?.ok_or(ApiError::NotFound)?;
    let orgs = state.organisations.get(&state.db).await?;
    let items = store::list(&state.db, path.id, None).await?.into_iter().map(|e| item(e, &orgs)).collect();
    Ok(web::Json(EvaluatorList { items }))
}

/// Assign an evaluator
///
/// Admins and the call's managers. The user must hold the `evaluator` role. 201 when assigned now, 200 when
/// already assigned. Logged as `evaluator_assigned`.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(EvaluatorPath),
    responses(
        (status = 200, description = "Already assigned", body = Evaluator),
        (status = 201, description = "Assigned", body = Evaluator),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call or user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`user_not_evaluator`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/calls/{id}/evaluators/{user_id}")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, evaluator = %path.user_id, user_id = %viewer.id()))]
pub async fn assign_evaluator(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<EvaluatorPath>,
) -> Result<HttpResponse, ApiError> {
    let EvaluatorPath { id: call_id, user_id } = path.into_inner();
    viewer.may_manage_call(&state, call_id).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    siilo_store::calls::get(&txn, call_id).await?.ok_or(ApiError::NotFound)?;
    let user = siilo_store::users::get(&txn, user_id.into()).await?.ok_or(ApiError::NotFound)?;
    if user.erased_at.is_some() {
        return Err(ApiError::NotFound);
    }
    if !user.roles.has(Role::Evaluator) {
        return Err(DomainError::UserNotEvaluator.into());
    }
    let assigned = store::assign(&txn, call_id, user_id, viewer.id().0, now).await?;
    if assigned {
        let mut entry =
            NewLogEntry::new(LogAction::EvaluatorAssigned, Some(viewer.id()), LogTarget::User, user_id);
        entry.call_id = Some(call_id);
        entry.data = json!({ "call_id": call_id });
        moderation_log::append(&txn, entry, now).await?;
    }
    let record =
        store::list(&txn, call_id, Some(user_id)).await?.into_iter().next().ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    let orgs = state.organisations.get(&state.db).await?;
    let body = item(record, &orgs);
    Ok(if assigned { HttpResponse::Created().json(body) } else { HttpResponse::Ok().json(body) })
}

/// Remove an evaluator
///
/// Admins and the call's managers. Their submitted reviews stay counted. Logged as `evaluator_removed`.
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    params(EvaluatorPath),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = Problem),
        (status = 403, description = "`not_call_manager`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call, or the user is not its evaluator", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/calls/{id}/evaluators/{user_id}")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, evaluator = %path.user_id, user_id = %viewer.id()))]
pub async fn remove_evaluator(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<EvaluatorPath>,
) -> Result<HttpResponse, ApiError> {
    let EvaluatorPath { id: call_id, user_id } = path.into_inner();
    viewer.may_manage_call(&state, call_id).await?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    if !store::unassign(&txn, call_id, user_id).await? {
        return Err(ApiError::NotFound);
    }
    let mut entry =
        NewLogEntry::new(LogAction::EvaluatorRemoved, Some(viewer.id()), LogTarget::User, user_id);
    entry.call_id = Some(call_id);
    entry.data = json!({ "call_id": call_id });
    moderation_log::append(&txn, entry, now).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A call as the evaluator's list names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationCall {
    pub id: Uuid,
    pub slug: String,
    pub title: FinnishRequiredText,
    pub phase: Phase,
}

/// What the evaluator has to do in one call.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyEvaluation {
    pub call: EvaluationCall,
    /// Proposals to review: visible, not withdrawn or merged.
    pub proposals: u64,
    pub submitted: u64,
    pub drafts: u64,
    pub conflicts: u64,
    /// The call takes reviews now.
    pub reviews_open: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyEvaluationList {
    pub items: Vec<MyEvaluation>,
}

/// List my evaluations
///
/// The calls the signed-in user evaluates, the latest assigned first (empty for others).
#[utoipa::path(
    tag = "evaluation",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The calls the viewer evaluates", body = MyEvaluationList),
        (status = 401, response = Problem),
    )
)]
#[get("/me/evaluations")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn list_my_evaluations(
    state: web::Data<AppState>,
    viewer: SignedIn,
) -> Result<web::Json<MyEvaluationList>, ApiError> {
    let now = Utc::now();
    let mut items = Vec::new();
    for w in store::workloads(&state.db, viewer.id().0).await? {
        let Some(call) = siilo_store::calls::get(&state.db, w.call_id).await? else { continue };
        let phase = call.state.phase_at(now);
        if phase == Phase::Draft {
            continue;
        }
        let proposals = store::eligible_proposals(&state.db, call.id).await?;
        items.push(MyEvaluation {
            call: EvaluationCall { id: call.id, slug: call.slug, title: call.title.into(), phase },
            proposals,
            submitted: w.submitted,
            drafts: w.drafts,
            conflicts: w.conflicts,
            reviews_open: takes_reviews(phase, call.settings.reviews_in_voting),
        });
    }
    Ok(web::Json(MyEvaluationList { items }))
}
