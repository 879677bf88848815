//! Moderation: the queue of what waits for a moderator, their actions, appeals and the log.
//! Moderators and admins only (403 `role_required` otherwise).

use utoipa_actix_web::service_config::ServiceConfig;

pub mod queue;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(queue::configure);
}
