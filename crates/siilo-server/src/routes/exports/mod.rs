//! Exports and statistics of a call.
//!
//! - [`export`]: `GET /calls/{id}/export`, the proposals as CSV or JSON, streamed, for
//!   admins and the call's evaluators (blind where they have not reviewed);
//! - [`stats`]: `GET /calls/{id}/stats`, public participation figures.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod export;
pub mod stats;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export::export_call).service(stats::call_stats);
}
