//! Call managers (*haun vastuuhenkilöt*): admins grant a user the running of one call, or of
//! every call an organisation hosts, and take it away. Each grant and revocation is in the
//! audit log (`call_manager_granted`, `call_manager_revoked`; target: the user, the scope in
//! `data`). What a manager may then do is `SignedIn::may_manage_call`'s.

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use siilo_domain::OrganisationId;
use siilo_domain::moderation::{LogAction, LogTarget};
use siilo_domain::roles::Role;
use siilo_store::begin_write;
use siilo_store::call_managers::{self as store, ManagerRecord, Scope};
use siilo_store::moderation_log::{self, NewLogEntry};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::routes::dto::{OrganisationRef, UserRef};
use crate::routes::paths::{CallManagerPath, CallPath, OrganisationManagerPath, OrganisationPath};
use crate::state::AppState;
use crate::state::organisations::Organisations;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_call_managers)
        .service(grant_call_manager)
        .service(revoke_call_manager)
        .service(list_organisation_managers)
        .service(grant_organisation_manager)
        .service(revoke_organisation_manager);
}

/// A call manager, as admins see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallManager {
    pub user: UserRef,
    #[schema(example = "maija.meikalainen@kela.fi")]
    pub email: String,
    /// The manager's own organisation.
    pub organisation: Option<OrganisationRef>,
    pub granted_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CallManagerList {
    /// The earliest granted first.
    pub items: Vec<CallManager>,
}

fn item(m: ManagerRecord, orgs: &Organisations) -> CallManager {
    CallManager {
        user: UserRef { id: m.user_id, display_name: m.display_name },
        email: m.email,
        organisation: m.organisation_id.and_then(|o| orgs.get(OrganisationId(o))).map(OrganisationRef::from),
        granted_at: m.granted_at,
    }
}

async fn scope_exists(
    state: &AppState,
    db: &impl siilo_store::ConnectionTrait,
    scope: Scope,
) -> Result<(), ApiError> {
    let found = match scope {
        Scope::Call(id) => siilo_store::calls::get(db, id).await?.is_some(),
        Scope::Organisation(id) => {
            state.organisations.get(&state.db).await?.get(OrganisationId(id)).is_some()
        }
    };
    if found { Ok(()) } else { Err(ApiError::NotFound) }
}

async fn list(state: &AppState, viewer: &SignedIn, scope: Scope) -> Result<CallManagerList, ApiError> {
    viewer.require(Role::Admin)?;
    scope_exists(state, &state.db, scope).await?;
    let orgs = state.organisations.get(&state.db).await?;
    let items = store::list(&state.db, scope).await?.into_iter().map(|m| item(m, &orgs)).collect();
    Ok(CallManagerList { items })
}

fn entry(action: LogAction, viewer: &SignedIn, user_id: Uuid, scope: Scope) -> NewLogEntry {
    let mut entry = NewLogEntry::new(action, Some(viewer.id()), LogTarget::User, user_id);
    match scope {
        Scope::Call(id) => {
            entry.call_id = Some(id);
            entry.data = json!({ "scope": "call", "call_id": id });
        }
        Scope::Organisation(id) => entry.data = json!({ "scope": "organisation", "organisation_id": id }),
    }
    entry
}

async fn grant(
    state: &AppState,
    viewer: &SignedIn,
    user_id: Uuid,
    scope: Scope,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    scope_exists(state, &txn, scope).await?;
    let user = siilo_store::users::get(&txn, user_id.into()).await?.ok_or(ApiError::NotFound)?;
    // An erased account is no one any more, and a blocked one cannot sign in: neither runs a call.
    if user.erased_at.is_some() || user.blocked_at.is_some() {
        return Err(ApiError::NotFound);
    }
    let granted = store::grant(&txn, user_id, scope, viewer.id().0, now).await?;
    if granted {
        moderation_log::append(&txn, entry(LogAction::CallManagerGranted, viewer, user_id, scope), now)
            .await?;
    }
    let record = store::list(&txn, scope)
        .await?
        .into_iter()
        .find(|m| m.user_id == user_id)
        .ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    let orgs = state.organisations.get(&state.db).await?;
    let body = item(record, &orgs);
    Ok(if granted { HttpResponse::Created().json(body) } else { HttpResponse::Ok().json(body) })
}

async fn revoke(
    state: &AppState,
    viewer: &SignedIn,
    user_id: Uuid,
    scope: Scope,
) -> Result<HttpResponse, ApiError> {
    viewer.require(Role::Admin)?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    if !store::revoke(&txn, user_id, scope).await? {
        return Err(ApiError::NotFound);
    }
    moderation_log::append(&txn, entry(LogAction::CallManagerRevoked, viewer, user_id, scope), now).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List a call's managers
///
/// Admins only. The users granted the running of this one call (managers of its host
/// organisation's calls are listed under the organisation).
#[utoipa::path(
    tag = "call-managers",
    security(("bearer" = [])),
    params(CallPath),
    responses(
        (status = 200, description = "The call's managers", body = CallManagerList),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[get("/calls/{id}/managers")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, user_id = %viewer.id()))]
pub async fn list_call_managers(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallPath>,
) -> Result<web::Json<CallManagerList>, ApiError> {
    Ok(web::Json(list(&state, &viewer, Scope::Call(path.id)).await?))
}

/// Make a user a manager of a call
///
/// Admins only. The manager may then edit, publish and archive the call, manage its themes,
/// criteria and evaluators, and read its ranking, review progress and export; nothing else.
/// 201 when granted now, 200 when already granted. Logged as `call_manager_granted`.
#[utoipa::path(
    tag = "call-managers",
    security(("bearer" = [])),
    params(CallManagerPath),
    responses(
        (status = 200, description = "Already a manager of the call", body = CallManager),
        (status = 201, description = "Granted", body = CallManager),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call, or no such user (an erased or blocked account is none)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/calls/{id}/managers/{user_id}")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, manager = %path.user_id, user_id = %viewer.id()))]
pub async fn grant_call_manager(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallManagerPath>,
) -> Result<HttpResponse, ApiError> {
    grant(&state, &viewer, path.user_id, Scope::Call(path.id)).await
}

/// Take a call from its manager
///
/// Admins only. Takes effect at the manager's next request. Logged as
/// `call_manager_revoked`.
#[utoipa::path(
    tag = "call-managers",
    security(("bearer" = [])),
    params(CallManagerPath),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The user is not a manager of the call", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/calls/{id}/managers/{user_id}")]
#[tracing::instrument(skip_all, fields(call_id = %path.id, manager = %path.user_id, user_id = %viewer.id()))]
pub async fn revoke_call_manager(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<CallManagerPath>,
) -> Result<HttpResponse, ApiError> {
    revoke(&state, &viewer, path.user_id, Scope::Call(path.id)).await
}

/// List an organisation's call managers
///
/// Admins only. The users who run every call the organisation hosts.
#[utoipa::path(
    tag = "call-managers",
    security(("bearer" = [])),
    params(OrganisationPath),
    responses(
        (status = 200, description = "The managers of the organisation's calls", body = CallManagerList),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, response = Problem),
    )
)]
#[get("/organisations/{id}/managers")]
#[tracing::instrument(skip_all, fields(organisation_id = %path.id, user_id = %viewer.id()))]
pub async fn list_organisation_managers(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<OrganisationPath>,
) -> Result<web::Json<CallManagerList>, ApiError> {
    Ok(web::Json(list(&state, &viewer, Scope::Organisation(path.id)).await?))
}

/// Make a user a manager of an organisation's calls
///
/// Admins only. The manager may create calls hosted by the organisation and run every call
/// it hosts, as a call's manager does. 201 when granted now, 200 when already granted.
/// Logged as `call_manager_granted`.
#[utoipa::path(
    tag = "call-managers",
    security(("bearer" = [])),
    params(OrganisationManagerPath),
    responses(
        (status = 200, description = "Already a manager of the organisation's calls", body = CallManager),
        (status = 201, description = "Granted", body = CallManager),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or no such user (an erased or blocked account is none)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/organisations/{id}/managers/{user_id}")]
#[tracing::instrument(skip_all, fields(organisation_id = %path.id, manager = %path.user_id, user_id = %viewer.id()))]
pub async fn grant_organisation_manager(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<OrganisationManagerPath>,
) -> Result<HttpResponse, ApiError> {
    grant(&state, &viewer, path.user_id, Scope::Organisation(path.id)).await
}

/// Take an organisation's calls from their manager
///
/// Admins only. Takes effect at the manager's next request. Logged as
/// `call_manager_revoked`.
#[utoipa::path(
    tag = "call-managers",
    security(("bearer" = [])),
    params(OrganisationManagerPath),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, response = Problem),
        (status = 403, description = "`role_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The user is not a manager of the organisation's calls", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organisations/{id}/managers/{user_id}")]
#[tracing::instrument(skip_all, fields(organisation_id = %path.id, manager = %path.user_id, user_id = %viewer.id()))]
pub async fn revoke_organisation_manager(
    state: web::Data<AppState>,
    viewer: SignedIn,
    path: web::Path<OrganisationManagerPath>,
) -> Result<HttpResponse, ApiError> {
    revoke(&state, &viewer, path.user_id, Scope::Organisation(path.id)).await
}
