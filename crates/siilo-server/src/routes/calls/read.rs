//! Reading calls: the list and one call, as the viewer may see them.

use std::collections::HashMap;

use actix_web::{get, web};
use chrono::Utc;
use serde::Deserialize;
use siilo_domain::calls::{self, Phase};
use siilo_store::calls::{self as store, CallCounts, CallRecord};
use utoipa::IntoParams;
use uuid::Uuid;

use super::view::{Call, CallList, one, view};
use crate::auth::SignedInOrVisitor;
use crate::error::{ApiError, Problem};
use crate::routes::paths::CallIdOrSlug;
use crate::state::AppState;

/// Finds a call by id or slug, as the viewer may see it: drafts are for those who manage them.
pub async fn find_visible(
    state: &AppState,
    id_or_slug: &str,
    viewer: &SignedInOrVisitor,
) -> Result<CallRecord, ApiError> {
    let call = match Uuid::parse_str(id_or_slug) {
        Ok(id) => store::get(&state.db, id).await?,
        Err(_) => store::get_by_slug(&state.db, id_or_slug).await?,
    }
    .ok_or(ApiError::NotFound)?;
    let phase = call.state.phase_at(Utc::now());
    let manages = match (&viewer.0, phase) {
        (Some(v), Phase::Draft) => v.manages_call(state, call.id).await?,
        _ => false,
    };
    if !calls::is_visible(phase, manages) {
        return Err(ApiError::NotFound);
    }
    Ok(call)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallListParams {
    /// Only calls in this phase.
    pub phase: Option<Phase>,
}

/// List calls
///
/// Published calls, the latest opening first; admins also see drafts, and call managers the
/// drafts they manage. Not paginated: there are a few calls a year.
#[utoipa::path(
    tag = "calls",
    security((), ("bearer" = [])),
    params(CallListParams),
    responses((status = 200, description = "The calls the viewer may see, the latest opening first", body = CallList), (status = 401, response = Problem), (status = 422, response = Problem))
)]
#[get("/calls")]
#[tracing::instrument(skip_all, fields(user_id = viewer.id().map(tracing::field::display)))]
pub async fn list_calls(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    params: crate::extract::Query<CallListParams>,
) -> Result<web::Json<CallList>, ApiError> {
    let now = Utc::now();
    // The drafts the viewer may see: all for an admin, their own for a call manager.
    let managed: Option<Vec<Uuid>> = match &viewer.0 {
        Some(v) if !v.is_admin() => {
            Some(siilo_store::call_managers::managed_call_ids(&state.db, v.id().0).await?)
        }
        _ => None,
    };
    let drafts = viewer.is_admin() || managed.as_ref().is_some_and(|m| !m.is_empty());
    let all = store::list(&state.db, drafts).await?;
    let wanted: Vec<CallRecord> = all
        .into_iter()
        .filter(|c| {
            let phase = c.state.phase_at(now);
            let sees_draft = viewer.is_admin() || managed.as_ref().is_some_and(|m| m.contains(&c.id));
            calls::is_visible(phase, sees_draft) && params.phase.is_none_or(|p| phase == p)
        })
        .collect();
    let ids: Vec<Uuid> = wanted.iter().map(|c| c.id).collect();
    let mut counts: HashMap<Uuid, CallCounts> = store::counts(&state.db, &ids).await?;
    let mut items = Vec::with_capacity(wanted.len());
    for call in wanted {
        let c = counts.remove(&call.id).unwrap_or_default();
        items.push(view(&state, call, c, &viewer, now).await?);
    }
    Ok(web::Json(CallList { items }))
}

/// Get a call
///
/// By id or slug, with its phase, themes, counts and what the viewer may do in it.
#[utoipa::path(
    tag = "calls",
    security((), ("bearer" = [])),
    params(CallIdOrSlug),
    responses((status = 200, description = "The call, with its phase, themes, counts and what the viewer may do in it", body = Call), (status = 401, response = Problem), (status = 404, response = Problem))
)]
#[get("/calls/{id}")]
#[tracing::instrument(skip_all, fields(call = %path.id, user_id = viewer.id().map(tracing::field::display)))]
pub async fn get_call(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<CallIdOrSlug>,
) -> Result<web::Json<Call>, ApiError> {
    let call = find_visible(&state, &path.id, &viewer).await?;
    Ok(web::Json(one(&state, call, &viewer).await?))
}
