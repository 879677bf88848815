use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
    #[schema(example = "sqlite")]
    pub database: &'static str,
}

/// Health check
///
/// Answers 200 when the server runs and its database answers; 503 `database_unavailable` (with
/// `Retry-After`) when it does not. The database is checked in the background every second and
/// this answers from the last check, so it costs no database round trip: a failed check, or
/// none for a few seconds, answers 503.
#[utoipa::path(
    tag = "health",
    security(()),
    responses(
        (status = 200, description = "The server runs and its database answers", body = Health),
        (status = 503, response = crate::error::Problem),
    )
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    if !state.health.is_healthy() {
        return Err(ApiError::Unavailable);
    }
    Ok(web::Json(Health { status: "ok", database: siilo_store::database::engine(&state.db) }))
}
