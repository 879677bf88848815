//! The API under `/api/v1`, a module per resource, each registering its routes with its own
//! `configure`. Each handler's `#[utoipa::path]` and its actix route macro sit together, so
//! the contract and the routes come from one place; path parameters are documented once, in
//! [`paths`].

use actix_governor::GovernorConfig;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::rate_limit::ClientIp;

pub mod auth;
pub mod call_managers;
pub mod calls;
pub mod coauthors;
pub mod comments;
pub mod decisions;
pub mod dto;
pub mod email_settings;
pub mod evaluation;
pub mod exports;
pub mod follows;
pub mod health;
pub mod interests;
pub mod legal;
pub mod me;
pub mod moderation;
pub mod notifications;
pub mod organisations;
pub mod pagination;
pub mod paths;
pub mod personal_data;
pub mod pilots;
pub mod proposals;
pub mod reports;
pub mod sso;
pub mod thumbs;
pub mod users;

/// Registers every `/api/v1` route; `/auth/*` sits behind the per-IP rate limit.
pub fn configure(
    auth_limit: GovernorConfig<ClientIp, actix_governor::governor::middleware::NoOpMiddleware>,
) -> impl FnOnce(&mut ServiceConfig) {
    move |cfg| {
        cfg.configure(auth::configure(auth_limit))
            .configure(health::configure)
            .configure(me::configure)
            .configure(email_settings::configure)
            .configure(personal_data::configure)
            .configure(users::configure)
            .configure(organisations::configure)
            .configure(calls::configure)
            .configure(call_managers::configure)
            .configure(exports::configure)
            .configure(proposals::configure)
            .configure(coauthors::configure)
            .configure(thumbs::configure)
            .configure(interests::configure)
            .configure(follows::configure)
            .configure(comments::configure)
            .configure(notifications::configure)
            .configure(reports::configure)
            .configure(moderation::configure)
            .configure(decisions::configure)
            .configure(pilots::configure)
            .configure(evaluation::configure)
            .configure(legal::configure);
    }
}
