//! The API under `/api/v1`, a module per resource. Each handler's `#[utoipa::path]` and its
//! actix route macro sit together, so the contract and the routes come from one place.

use actix_governor::{Governor, GovernorConfig};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use crate::rate_limit::ClientIp;

pub mod auth;
pub mod calls;
pub mod comments;
pub mod dto;
pub mod health;
pub mod me;
pub mod notifications;
pub mod organisations;
pub mod pagination;
pub mod proposals;
pub mod thumbs;
pub mod users;

/// Registers every `/api/v1` route; `/auth/*` sits behind the per-IP rate limit.
pub fn configure(
    auth_limit: GovernorConfig<ClientIp, actix_governor::governor::middleware::NoOpMiddleware>,
) -> impl FnOnce(&mut ServiceConfig) {
    move |cfg| {
        cfg.service(
            scope::scope("/auth")
                .wrap(Governor::new(&auth_limit))
                .service(auth::register)
                .service(auth::login)
                .service(auth::refresh)
                .service(auth::logout),
        )
        .service(health::health)
        .service(me::get_me)
        .service(me::update_me)
        .service(me::change_password)
        .service(users::list_users)
        .service(users::update_user)
        .service(organisations::list_organisations)
        .service(organisations::get_organisation)
        .service(organisations::create_organisation)
        .service(organisations::update_organisation)
        .configure(calls::configure)
        .configure(proposals::configure)
        .configure(thumbs::configure)
        .configure(comments::configure)
        .configure(notifications::configure);
    }
}
