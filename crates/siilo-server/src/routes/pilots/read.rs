//! Reading pilots: the public showcase, and one pilot.

use actix_web::{get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use siilo_domain::pilots::PilotStatus;
use siilo_store::pilots::{self as store, PilotFilter};
use utoipa::IntoParams;
use uuid::Uuid;

use super::view::{self, Pilot, PilotPage};
use super::{PilotPath, role};
use crate::auth::SignedInOrVisitor;
use crate::error::{ApiError, ErrorCode, FieldError, Problem};
use crate::routes::pagination;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PilotListParams {
    pub status: Option<PilotStatus>,
    /// Only pilots this organisation owns or is a partner in.
    pub organisation_id: Option<Uuid>,
    /// Only pilots made from this call's proposals.
    pub call_id: Option<Uuid>,
    /// Only pilots starting in this year (1–9999).
    #[param(minimum = 1, maximum = 9999)]
    pub year: Option<i32>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page (of the same filters).
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

/// The list a showcase cursor belongs to: the filters are part of it, so a cursor of one
/// filtering is refused by another.
fn list_name(p: &PilotListParams) -> String {
    format!(
        "pilots:{}:{}:{}:{}",
        p.status.map(|s| s.into_str()).unwrap_or(""),
        p.organisation_id.map(|o| o.to_string()).unwrap_or_default(),
        p.call_id.map(|o| o.to_string()).unwrap_or_default(),
        p.year.map(|y| y.to_string()).unwrap_or_default(),
    )
}

/// List pilots
///
/// The public showcase of pilots (*kokeilut*), newest `starts_on` first (ties by id), with
/// filters. `organisation_id` matches the owner or a partner; `year` the year of `starts_on`.
#[utoipa::path(
    tag = "pilots",
    security((), ("bearer" = [])),
    params(PilotListParams),
    responses(
        (status = 200, description = "One page of pilots, newest start first", body = PilotPage),
        (status = 401, response = Problem),
        (status = 422, description = "`validation_failed` (bad `limit`, `year`, `cursor` or filter)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/pilots")]
#[tracing::instrument(skip_all)]
pub async fn list_pilots(
    state: web::Data<AppState>,
    _viewer: SignedInOrVisitor,
    params: crate::extract::Query<PilotListParams>,
) -> Result<web::Json<PilotPage>, ApiError> {
    let params = params.into_inner();
    let limit = pagination::limit(params.limit)?;
    if params.year.is_some_and(|y| !(1..=9999).contains(&y)) {
        return Err(ApiError::Validation(vec![
            FieldError::new("year", ErrorCode::Range, "must be between 1 and 9999")
                .limits(Some(1), Some(9999)),
        ]));
    }
    let list = list_name(&params);
    let after: Option<(NaiveDate, Uuid)> =
        pagination::decode(&state.cursors, &list, params.cursor.as_deref())?;
    let filter = PilotFilter {
        status: params.status,
        organisation_id: params.organisation_id,
        call_id: params.call_id,
        year: params.year,
    };
    let total = store::total(&state.db, &filter).await?;
    let mut rows = store::page(&state.db, &filter, after, limit + 1).await?;
    let next_cursor = pagination::cut(&mut rows, limit, &state.cursors, &list, |p| (p.starts_on, p.id));
    let orgs = state.organisations.get(&state.db).await?;
    Ok(web::Json(PilotPage {
        items: rows.into_iter().map(|r| view::summary(&orgs, r)).collect(),
        next_cursor,
        total,
    }))
}

/// Get a pilot
///
/// With its source proposals, the people credited, the team, the lessons once published, and
/// what the viewer may do.
#[utoipa::path(
    tag = "pilots",
    security((), ("bearer" = [])),
    params(PilotPath),
    responses(
        (status = 200, description = "The pilot", body = Pilot),
        (status = 401, response = Problem),
        (status = 404, response = Problem),
    )
)]
#[get("/pilots/{id}")]
#[tracing::instrument(skip_all, fields(pilot_id = %path.id))]
pub async fn get_pilot(
    state: web::Data<AppState>,
    viewer: SignedInOrVisitor,
    path: web::Path<PilotPath>,
) -> Result<web::Json<Pilot>, ApiError> {
    load(&state, path.id, &viewer).await.map(web::Json)
}

/// The pilot as `viewer` sees it; 404 when there is none.
pub(super) async fn load(state: &AppState, id: Uuid, viewer: &SignedInOrVisitor) -> Result<Pilot, ApiError> {
    let record = store::get(&state.db, id).await?.ok_or(ApiError::NotFound)?;
    let role = role(state, id, viewer.0.as_ref()).await?;
    let following = match viewer.id() {
        Some(me) => store::is_following(&state.db, id, me).await?,
        None => false,
    };
    let orgs = state.organisations.get(&state.db).await?;
    Ok(view::full(&orgs, record, role, following))
}
