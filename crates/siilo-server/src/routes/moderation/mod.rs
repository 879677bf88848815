//! Moderation: moderators' actions, appeals and the audit log.
//!
//! - [`actions`]: `POST /moderation/actions`;
//! - [`appeals`]: appealing an action, and deciding an appeal;
//! - [`log`]: `GET /moderation/log`.

use utoipa_actix_web::service_config::ServiceConfig;

pub mod actions;
pub mod appeals;
pub mod log;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(actions::create_action)
        .service(appeals::create_appeal)
        .service(appeals::decide_appeal)
        .service(log::list_log);
}
