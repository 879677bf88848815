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
/// Answers 200 when the server and its database answer; 503 when the database does not.
#[utoipa::path(
    tag = "health",
    security(()),
    responses(
        (status = 200, description = "The server runs and its database answers", body = Health),
        (status = 503, response = crate::error::Problem),
    )
)]
#[get("/health")]
#[tracing::instrument(skip_all)]
pub async fn health(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    siilo_store::database::ping(&state.db).await.map_err(|e| {
        tracing::warn!(error = %e, "health check: database does not answer");
        ApiError::Unavailable
    })?;
    Ok(web::Json(Health { status: "ok", database: siilo_store::database::engine(&state.db) }))
}
