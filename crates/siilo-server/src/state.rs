//! What every handler shares: built once at start-up, cheap to clone, and holding nothing
//! that another instance behind the same load balancer would need. The one cache, the
//! organisations, is dropped on every change by any instance ([`organisations`]).

pub mod organisations;

use std::sync::Arc;

use siilo_store::Db;

use crate::auth::{Passwords, Tokens};
use crate::config::Config;
use crate::health::DatabaseHealth;
use crate::routes::pagination::CursorKey;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: Tokens,
    pub passwords: Passwords,
    pub config: Arc<Config>,
    /// Signs list cursors (derived from the JWT secret).
    pub cursors: CursorKey,
    /// Every organisation, in memory (they change rarely; see [`organisations`]).
    pub organisations: organisations::OrganisationCache,
    /// The background database check that `GET /health` answers from (this instance's own).
    pub health: DatabaseHealth,
    /// Wakes this instance's mail worker after a commit that queued an email.
    pub mail: crate::mail::Mailer,
    /// Signs the one-click unsubscribe links of notification emails (derived from the JWT
    /// secret).
    pub unsubscribe: crate::mail::unsubscribe::UnsubscribeKey,
    /// The single sign-on client, when `SIILO_OIDC_ISSUER` is set: it keeps the provider's
    /// metadata and keys once fetched.
    pub oidc: Option<Arc<crate::auth::oidc::Oidc>>,
}
