//! Moderation: the queue of what waits for a moderator, their actions, appeals and the audit
//! log. Moderators and admins only (403 `role_required` otherwise), but for appealing, which
//! is the content's author's.
//!
//! - [`queue`]: `GET /moderation/queue`;
//! - [`actions`]: `POST /moderation/actions`;
//! - [`appeals`]: appealing an action, and deciding an appeal;
//! - [`log`]: `GET /moderation/log`.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod actions;
pub mod appeals;
pub mod log;
pub mod queue;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(queue::configure)
        .service(actions::create_action)
        .service(appeals::create_appeal)
        .service(appeals::decide_appeal)
        .service(log::list_log);
}
