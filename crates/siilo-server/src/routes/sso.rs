//! Single sign-on with the organisation's OpenID Connect provider: `/auth/sso`,
//! `/auth/sso/start` and `/auth/sso/callback`, behind the `/auth` rate limit.
//!
//! The web client asks `start` for the provider's authorization URL and sends the browser
//! there; the provider sends it back to the web client's `{public_url}/sso/callback`, which
//! posts the `code` and `state` it got to `callback` and receives a token pair as from a
//! login. The attempt (state hash, nonce, PKCE verifier) waits in the database for ten
//! minutes and is used once, so any instance behind a load balancer can finish it.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::accounts::{self, NO_PASSWORD};
use siilo_domain::roles::Roles;
use siilo_domain::sso::{self, ClaimedEmail, ProfileClaims, SignInDecision};
use siilo_domain::{DomainError, OrganisationId, UserId, organisations};
use siilo_store::users::NewUser;
use siilo_store::{DatabaseTransaction, begin_write, oidc, sessions, users};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use crate::auth::Tokens;
use crate::auth::oidc::{Oidc, VerifiedIdentity, hash_state};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::auth::{TokenResponse, no_store, refresh_expiry, token_response};
use crate::state::AppState;

/// How long a sign-in attempt may take, from `start` to `callback`.
pub const FLOW_LIFETIME: TimeDelta = TimeDelta::minutes(10);

/// Registers the single sign-on routes (inside the `/auth` scope).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(sso_info).service(sso_start).service(sso_callback);
}

/// Whether the sign-in page offers single sign-on.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"enabled": true, "name": "Valtori", "sso_only_domains": ["vm.fi"]}))]
pub struct SsoInfo {
    pub enabled: bool,
    /// What the button calls the provider (`SIILO_OIDC_NAME`); `null` when not enabled.
    pub name: Option<String>,
    /// Email domains (with their subdomains) whose accounts sign in by single sign-on only:
    /// their password logins, registrations and resets are refused
    /// (`password_login_disabled`). The client can steer such users to the button.
    pub sso_only_domains: Vec<String>,
}

/// Starting a sign-in takes nothing.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({}))]
pub struct SsoStartRequest {}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"authorization_url": "https://login.example.fi/authorize?response_type=code&client_id=siilo&state=hGq3vJ0m5cW1rX8bTzN2kLp7sYd4fA6eUo9iQ&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&redirect_uri=https%3A%2F%2Fsiilo.example.fi%2Fsso%2Fcallback&scope=openid+email+profile&nonce=n-0S6_WzA2Mj"}))]
pub struct SsoStartResponse {
    /// Send the browser here. The provider sends it back to `{public_url}/sso/callback` with
    /// `code` and `state` in the query (or `error` when the person cancelled).
    pub authorization_url: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SsoCallbackRequest {
    /// The `code` the provider gave the callback page.
    #[validate(length(min = 1, max = 4096))]
    #[schema(example = "SplxlOBeZQQYbYS6WxSbIA", min_length = 1, max_length = 4096)]
    pub code: String,
    /// The `state` the provider gave back, as it came.
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "hGq3vJ0m5cW1rX8bTzN2kLp7sYd4fA6eUo9iQ", min_length = 1, max_length = 200)]
    pub state: String,
}

fn configured(state: &AppState) -> Result<&Oidc, ApiError> {
    state.oidc.as_deref().ok_or(ApiError::Rule(DomainError::SsoNotConfigured))
}

/// Single sign-on
///
/// Whether single sign-on is offered, what to call it, and which email domains must use it.
#[utoipa::path(
    tag = "sso",
    security(()),
    responses(
        (status = 200, description = "Whether single sign-on is offered", body = SsoInfo),
        (status = 429, response = Problem),
    )
)]
#[get("/sso")]
#[tracing::instrument(skip_all)]
pub async fn sso_info(state: web::Data<AppState>) -> web::Json<SsoInfo> {
    web::Json(SsoInfo {
        enabled: state.oidc.is_some(),
        name: state.oidc.as_ref().map(|o| o.display_name().to_owned()),
        sso_only_domains: state.config.sso_only_domains.clone(),
    })
}

/// Start single sign-on
///
/// Begins a sign-in with the organisation's identity provider: the provider's authorization
/// URL, with a new single-use `state`, a nonce and a PKCE challenge, asking for
/// `openid email profile`. The attempt works for ten minutes.
#[utoipa::path(
    tag = "sso",
    security(()),
    request_body = SsoStartRequest,
    responses(
        (status = 200, description = "Where to send the browser", body = SsoStartResponse),
        (status = 400, response = Problem),
        (status = 404, description = "`sso_not_configured`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
        (status = 429, response = Problem),
        (status = 502, description = "`sso_provider_unavailable`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sso/start")]
#[tracing::instrument(skip_all)]
pub async fn sso_start(
    state: web::Data<AppState>,
    body: Body<SsoStartRequest>,
) -> Result<HttpResponse, ApiError> {
    let Body(SsoStartRequest {}) = body;
    let oidc = configured(&state)?;
    let started = oidc.start().await?;
    let now = Utc::now();
    let flow = oidc::NewFlow {
        state_hash: &hash_state(&started.state),
        nonce: &started.nonce,
        pkce_verifier: &started.pkce_verifier,
        return_to: None,
        expires_at: now + FLOW_LIFETIME,
    };
    oidc::purge_expired_flows(&state.db, now).await?;
    oidc::create_flow(&state.db, flow, now).await?;
    let body = SsoStartResponse { authorization_url: started.authorization_url };
    Ok(HttpResponse::Ok()
        .insert_header(actix_web::http::header::CacheControl(vec![
            actix_web::http::header::CacheDirective::NoStore,
        ]))
        .json(body))
}

/// Finish single sign-on
///
/// Exchanges the provider's `code` for its ID token, checks the token (signature by the
/// provider's keys, issuer, audience, expiry, the attempt's nonce) and signs in as
/// `/auth/login` does:
///
/// - the account linked to this provider identity, if there is one;
/// - else the account with the provider's email address, when the provider has verified it
///   and the account has confirmed it too: the identity is linked to it;
/// - else a new account: the provider's address (confirmed), its name, the organisation of
///   the address's domain, and no password (`Me.has_password` is false; a reset link sets
///   one).
///
/// The `state` works once: a second callback with it is `sso_state_invalid`, as is one after
/// ten minutes.
#[utoipa::path(
    tag = "sso",
    security(()),
    request_body = SsoCallbackRequest,
    responses(
        (status = 200, description = "Signed in: a new session with its token pair and the account", body = TokenResponse),
        (status = 400, description = "`sso_state_invalid`: the attempt is unknown, used or expired; or the body is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`sso_token_invalid`: the provider refused the code, or its ID token did not verify", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`sso_email_unverified`: the provider has not verified the address; `account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`sso_not_configured`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`sso_email_taken`: an account that has not confirmed the address holds it; `email_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`; `email_domain_not_allowed` for a new account outside `SIILO_ALLOWED_EMAIL_DOMAINS`", body = Problem, content_type = "application/problem+json"),
        (status = 429, response = Problem),
        (status = 502, description = "`sso_provider_unavailable`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sso/callback")]
#[tracing::instrument(skip_all)]
pub async fn sso_callback(
    state: web::Data<AppState>,
    body: Body<SsoCallbackRequest>,
) -> Result<HttpResponse, ApiError> {
    let Body(req) = body;
    let oidc = configured(&state)?;
    // Taken before anything else, in a statement of its own: a used state stays used
    // whatever happens next.
    let flow = oidc::take_flow(&state.db, &hash_state(&req.state), Utc::now())
        .await?
        .ok_or(ApiError::Rule(DomainError::SsoStateInvalid))?;
    let identity = oidc.finish(req.code, flow.nonce, flow.pkce_verifier).await?;

    let email = identity.email.as_deref().map(accounts::normalize_email);
    // Read before the write transaction, which holds SQLite's write lock.
    let organisation = match &email {
        Some(email) => organisation_of(&state, email).await?,
        None => None,
    };
    let now = Utc::now();
    let issued = Tokens::new_refresh();
    let txn = begin_write(&state.db).await?;
    let (user, decision) = sign_in_user(&state, &txn, &identity, email, organisation, now).await?;
    let session = sessions::start(&txn, user, &issued.hash, refresh_expiry(&state, now), now).await?;
    txn.commit().await?;
    tracing::info!(user = %user, decision = ?decision, "signed in by single sign-on");

    let body = token_response(&state, user, session, issued.token, now).await?;
    Ok(no_store(HttpResponse::Ok(), &body))
}

/// The account `identity` opens, linked or made as the domain decides. `email` is the
/// identity's, normalised; `organisation` is its domain's, for a new account.
async fn sign_in_user(
    state: &AppState,
    txn: &DatabaseTransaction,
    identity: &VerifiedIdentity,
    email: Option<String>,
    organisation: Option<OrganisationId>,
    now: DateTime<Utc>,
) -> Result<(UserId, SignInDecision), ApiError> {
    let linked = oidc::linked_account(txn, &identity.issuer, &identity.subject).await?;
    let by_email = match (&linked, &email) {
        (None, Some(email)) => oidc::account_by_email(txn, email).await?,
        _ => None,
    };
    let claimed = ClaimedEmail { email: email.as_deref(), verified: identity.email_verified };
    let decision = sso::decide_sign_in(linked, claimed, by_email, &state.config.allowed_email_domains)?;
    let user = match decision {
        SignInDecision::SignIn(user) => user,
        SignInDecision::Link(user) => {
            oidc::link(txn, &identity.issuer, &identity.subject, user, now).await?;
            user
        }
        SignInDecision::Create => {
            // The decision makes an account only for a verified address.
            let email = email.ok_or(ApiError::Rule(DomainError::SsoEmailUnverified))?;
            let profile = ProfileClaims {
                name: identity.name.as_deref(),
                given_name: identity.given_name.as_deref(),
                family_name: identity.family_name.as_deref(),
                preferred_username: identity.preferred_username.as_deref(),
                locale: identity.locale.as_deref(),
            };
            let created = users::create(
                txn,
                NewUser {
                    email: &email,
                    password_hash: NO_PASSWORD,
                    display_name: &sso::display_name_for(&email, &profile),
                    organisation_id: organisation,
                    language: sso::language_for(&profile),
                    roles: &Roles::new([]),
                    email_verified: true,
                },
                now,
            )
            .await?;
            oidc::link(txn, &identity.issuer, &identity.subject, created.id, now).await?;
            created.id
        }
    };
    Ok((user, decision))
}

/// The organisation whose email domain is the most specific match of the address, if any.
async fn organisation_of(state: &AppState, email: &str) -> Result<Option<OrganisationId>, ApiError> {
    let Some(domain) = accounts::email_domain(email) else { return Ok(None) };
    let all = state.organisations.get(&state.db).await?;
    let domains: Vec<String> = all.all().iter().flat_map(|o| o.email_domains.iter().cloned()).collect();
    let Some(best) = organisations::matching_domain(domain, &domains) else { return Ok(None) };
    Ok(all.all().iter().find(|o| o.email_domains.iter().any(|d| d == best)).map(|o| o.id))
}
