//! Registration, login, token refresh and logout.

use actix_governor::{Governor, GovernorConfig};
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use siilo_domain::accounts::{self, Language};
use siilo_domain::identity::LinkPurpose;
use siilo_domain::legal::AcceptedVersions;
use siilo_domain::login_throttle::Bucket;
use siilo_domain::roles::Roles;
use siilo_domain::sessions::{RefreshVerdict, judge_refresh};
use siilo_domain::{DomainError, OrganisationId, SessionId, UserId, organisations};
use siilo_store::users::NewUser;
use siilo_store::{begin_write, sessions, users};
use utoipa::ToSchema;
use utoipa_actix_web::{scope, service_config::ServiceConfig};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Tokens;
use crate::error::{ApiError, AuthFailure, Problem};
use crate::extract::Body;
use crate::rate_limit::ClientIp;
use crate::routes::dto::{Me, email_address, not_blank};
use crate::routes::me::me_of;
use crate::state::AppState;

pub mod email_links;

/// Registers `/auth/*` behind the per-IP rate limit `limit`.
pub fn configure(
    limit: GovernorConfig<ClientIp, actix_governor::governor::middleware::NoOpMiddleware>,
) -> impl FnOnce(&mut ServiceConfig) {
    move |cfg| {
        cfg.service(
            scope::scope("/auth")
                .wrap(Governor::new(&limit))
                .service(register)
                .service(login)
                .service(refresh)
                .service(logout)
                .service(email_links::verify_email)
                .service(email_links::request_password_reset)
                .service(email_links::confirm_password_reset)
                .configure(crate::routes::sso::configure),
        );
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    #[validate(length(max = 254), custom(function = "email_address"))]
    #[schema(example = "maija.meikalainen@vm.fi", format = Email, max_length = 254)]
    pub email: String,
    /// 12–128 characters, not the email address, and not too easy to guess
    /// (`password_too_weak`: the zxcvbn strength estimate scores it below 3 of 4; repeats,
    /// sequences, common words and the account's own email or name score low).
    #[validate(length(min = 12, max = 128))]
    #[schema(example = "pitkä ja hyvä salasana", min_length = 12, max_length = 128)]
    pub password: String,
    /// 1–100 characters, not only spaces.
    #[validate(length(min = 1, max = 100), custom(function = "not_blank"))]
    #[schema(example = "Maija Meikäläinen", min_length = 1, max_length = 100, pattern = r"\S")]
    pub display_name: String,
    /// One of the organisations of the address's domain (`GET /organisations` lists their
    /// domains; an address of `vero.vm.fi` may pick one of `vero.vm.fi` or `vm.fi`), applied
    /// when the address is confirmed. When left out, the most specific of them, if any.
    pub organisation_id: Option<Uuid>,
    /// Defaults to `fi`.
    pub language: Option<Language>,
    /// The versions of the terms of use and the privacy notice the user was shown and
    /// accepted (`GET /legal/terms`, `GET /legal/privacy`): each must be the current one
    /// (`terms_not_accepted`). One left out is asked for later (`Me.must_accept`).
    #[validate(range(min = 1, max = 1_000_000))]
    #[schema(example = 1, minimum = 1, maximum = 1_000_000)]
    pub accepted_terms_version: Option<i32>,
    #[validate(range(min = 1, max = 1_000_000))]
    #[schema(example = 1, minimum = 1, maximum = 1_000_000)]
    pub accepted_privacy_version: Option<i32>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 254))]
    #[schema(example = "maija.meikalainen@vm.fi", min_length = 1, max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 128))]
    #[schema(example = "pitkä ja hyvä salasana", min_length = 1, max_length = 128)]
    pub password: String,
    /// The `known_client_token` this client was given at its last sign-in to this account,
    /// if any. A stranger's failed logins lock out unknown clients only: with this token
    /// the owner's own client still signs in, counted on its own. An invalid, expired or
    /// other account's token is ignored.
    #[validate(length(max = 1000))]
    #[schema(max_length = 1000)]
    pub known_client_token: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token of the latest pair; it is used up by this call.
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "hGq3vJ0m5cW1rX8bTzN2kLp7sYd4fA6eUo9iQ", min_length = 1, max_length = 200)]
    pub refresh_token: String,
}

/// A token pair and the account it is for.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMTkzYTRmMCJ9.c2lnbmF0dXJl", "token_type": "Bearer", "expires_in": 900, "refresh_token": "hGq3vJ0m5cW1rX8bTzN2kLp7sYd4fA6eUo9iQ", "refresh_expires_in": 2592000, "known_client_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJzaWlsby1rbm93bi1jbGllbnQifQ.c2lnbmF0dXJl", "user": {"id": "0193a4f0-5e6f-7a8b-9c0d-1e2f3a4b5c03", "email": "maija.meikalainen@vm.fi", "display_name": "Maija Meikäläinen", "organisation": {"id": "0193a4e0-0000-7000-8000-000000000004", "code": "VM", "name": {"fi": "Valtiovarainministeriö", "sv": "Finansministeriet", "en": "Ministry of Finance"}, "short_name": {"fi": "VM", "sv": "FM", "en": "VM"}}, "language": "fi", "roles": ["participant"], "unread_notifications": 2, "created_at": "2026-11-02T10:00:00Z", "email_verified": true, "pending_email": null, "has_password": true, "must_accept": [], "manages": {"call_ids": [], "organisation_ids": []}}}))]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: u64,
    /// Opaque; exchange it at `/auth/refresh` for a new pair. Each one works once.
    pub refresh_token: String,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: u64,
    /// Keep it (for 180 days) and send it with the next login to this account: it lets this
    /// client sign in while the account is locked out for clients that have not signed in
    /// before.
    pub known_client_token: String,
    pub user: Me,
}

pub(crate) async fn token_response(
    state: &AppState,
    user: UserId,
    session: SessionId,
    refresh_token: String,
    now: DateTime<Utc>,
) -> Result<TokenResponse, ApiError> {
    let access_token = state.tokens.issue_access(user, session, now)?;
    let known_client_token = state.tokens.issue_known_client(user, now)?;
    let record = users::get(&state.db, user).await?.ok_or(ApiError::Rule(DomainError::SessionEnded))?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: state.tokens.access_ttl.as_secs(),
        refresh_token,
        refresh_expires_in: state.tokens.refresh_ttl.as_secs(),
        known_client_token,
        user: me_of(&state.db, &record).await?,
    })
}

/// Token responses must not be kept by caches or the browser's back/forward store.
pub(crate) fn no_store(mut builder: actix_web::HttpResponseBuilder, body: &TokenResponse) -> HttpResponse {
    builder.insert_header(CacheControl(vec![CacheDirective::NoStore])).json(body)
}

pub(crate) fn refresh_expiry(state: &AppState, now: DateTime<Utc>) -> DateTime<Utc> {
    chrono::TimeDelta::from_std(state.tokens.refresh_ttl)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(now)
}

/// The organisation a new account asks to join: it must exist (`unknown_organisation`) and
/// be one of those of the address's domain (`organisation_not_allowed`). It is kept on the
/// confirmation link and applied when the address is confirmed.
async fn organisation_choice(
    state: &AppState,
    email: &str,
    named: Option<Uuid>,
) -> Result<Option<OrganisationId>, ApiError> {
    let Some(id) = named.map(OrganisationId) else { return Ok(None) };
    organisations::check_known(siilo_store::organisations::exists(&state.db, id).await?)?;
    let allowed = crate::accounts::allowed_organisations(state, email).await?;
    organisations::check_organisation_choice(Some(id), &allowed)?;
    Ok(Some(id))
}

/// Register
///
/// Creates a participant account and signs it in. The email is trimmed and lower-cased;
/// when `SIILO_ALLOWED_EMAIL_DOMAINS` is set, only those domains may register, and the
/// domains of `SIILO_SSO_ONLY_DOMAINS` register by single sign-on only
/// (`password_login_disabled`). A link to confirm the address is emailed to it: until it is
/// opened (`POST /auth/verify-email`) the account reads and signs in but does not take part
/// (`email_unverified`) and has no organisation.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered and signed in", body = TokenResponse),
        (status = 400, response = Problem),
        (status = 403, description = "`password_login_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`terms_not_accepted` (not the current versions)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 413, response = Problem),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `password_equals_email`, `password_too_weak`, `email_domain_not_allowed`, `unknown_organisation`, `organisation_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 429, response = Problem),
    )
)]
#[post("/register")]
#[tracing::instrument(skip_all)]
pub async fn register(
    state: web::Data<AppState>,
    body: Body<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let Body(req) = body;
    let email = accounts::normalize_email(&req.email);
    let display_name = accounts::normalize_display_name(&req.display_name);
    accounts::check_password_sign_in(&email, &state.config.sso_only_domains)?;
    accounts::check_registration(&email, &display_name, &req.password, &state.config.allowed_email_domains)?;
    let organisation_choice = organisation_choice(&state, &email, req.organisation_id).await?;
    let password_hash = state.passwords.hash(req.password).await?;

    let now = Utc::now();
    let issued = Tokens::new_refresh();
    let txn = begin_write(&state.db).await?;
    let accepted =
        AcceptedVersions { terms: req.accepted_terms_version, privacy: req.accepted_privacy_version };
    siilo_domain::legal::check_offer(accepted, siilo_store::legal::current_versions(&txn).await?)?;
    let user = users::create(
        &txn,
        NewUser {
            email: &email,
            password_hash: &password_hash,
            display_name: &display_name,
            // Until the address is confirmed, the domain proves nothing.
            organisation_id: None,
            language: req.language.unwrap_or_default(),
            roles: &Roles::new([]),
            email_verified: false,
        },
        now,
    )
    .await?;
    siilo_store::legal::accept(&txn, user.id, accepted).await?;
    let session = sessions::start(&txn, user.id, &issued.hash, refresh_expiry(&state, now), now).await?;
    crate::accounts::send_link(&txn, &user, LinkPurpose::VerifyEmail, &email, organisation_choice, now)
        .await?;
    txn.commit().await?;
    state.mail.wake();
    tracing::info!(user = %user.id, "registered");

    let body = token_response(&state, user.id, session, issued.token, now).await?;
    Ok(no_store(HttpResponse::Created(), &body))
}

/// Log in
///
/// Exchanges an email and password for a token pair. A wrong password and an unknown email
/// get the same answer in about the same time. After `SIILO_RATE_LIMIT_LOGIN_FAILURES`
/// (default 10) wrong passwords for one email within `SIILO_RATE_LIMIT_LOGIN_WINDOW`
/// (default 15 min), logins from clients that have not signed in to the account before are
/// refused for `SIILO_RATE_LIMIT_LOGIN_LOCKOUT` (default 15 min; `login_locked`, with
/// `Retry-After`), counting parallel attempts exactly. A client that sends the
/// `known_client_token` of its earlier sign-in to this account is counted on its own with
/// the same limits, so that strangers cannot lock the owner out. Wrong `current_password`s
/// at `POST /me/password` count with the email's failures. The domains of
/// `SIILO_SSO_ONLY_DOMAINS` sign in by single sign-on only (`password_login_disabled`).
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in: a new session with its token pair and the account", body = TokenResponse),
        (status = 400, response = Problem),
        (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_blocked`, `password_login_disabled`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
        (status = 429, description = "`login_locked` or `rate_limited`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/login")]
#[tracing::instrument(skip_all)]
pub async fn login(state: web::Data<AppState>, body: Body<LoginRequest>) -> Result<HttpResponse, ApiError> {
    let Body(req) = body;
    let email = accounts::normalize_email(&req.email);
    // By the domain alone, so it says nothing of whether the account exists.
    accounts::check_password_sign_in(&email, &state.config.sso_only_domains)?;
    let credentials = users::credentials_by_email(&state.db, &email).await?;
    let bucket = bucket_of(&state, &email, credentials.as_ref(), req.known_client_token.as_deref());
    let stored = credentials.as_ref().map(|c| c.password_hash.clone());
    let verified = crate::auth::judge_password(&state, &bucket, stored, req.password).await?;
    let credentials = match credentials {
        Some(c) if verified => c,
        _ => return Err(DomainError::InvalidCredentials.into()),
    };
    if credentials.blocked {
        return Err(DomainError::AccountBlocked.into());
    }

    let now = Utc::now();
    let issued = Tokens::new_refresh();
    let txn = begin_write(&state.db).await?;
    let session =
        sessions::start(&txn, credentials.user_id, &issued.hash, refresh_expiry(&state, now), now).await?;
    txn.commit().await?;
    let body = token_response(&state, credentials.user_id, session, issued.token, now).await?;
    Ok(no_store(HttpResponse::Ok(), &body))
}

/// The lock-out bucket of a login: the client's own when it presents a valid known-client
/// token of this very account, the email's otherwise.
fn bucket_of(
    state: &AppState,
    email: &str,
    credentials: Option<&users::Credentials>,
    known_client_token: Option<&str>,
) -> Bucket {
    known_client_token
        .and_then(|t| state.tokens.verify_known_client(t))
        .filter(|claims| credentials.is_some_and(|c| c.user_id.0 == claims.sub))
        .map_or_else(|| Bucket::Email(email.to_owned()), |claims| Bucket::KnownClient(claims.jti))
}

/// Refresh tokens
///
/// Uses up a refresh token and returns a new pair of the same session. Presenting a
/// refresh token that was already used ends its whole session (`refresh_token_reused`):
/// one of the two holders is not the user.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair of the same session; the refresh token sent is used up", body = TokenResponse),
        (status = 400, response = Problem),
        (status = 401, description = "`invalid_refresh_token`, `refresh_token_reused`, `refresh_token_expired`, `session_ended`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
        (status = 429, response = Problem),
    )
)]
#[post("/refresh")]
#[tracing::instrument(skip_all)]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Body<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let hash = Tokens::hash_refresh(&body.refresh_token);
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let presented = sessions::find_refresh(&txn, &hash)
        .await?
        .ok_or(ApiError::Unauthenticated(AuthFailure::InvalidRefreshToken))?;
    let reused = match judge_refresh(&presented.facts, now) {
        RefreshVerdict::Refuse(e) => return Err(e.into()),
        RefreshVerdict::RevokeFamily => true,
        // Another request may have used it between our read and this write.
        RefreshVerdict::Rotate => !sessions::use_refresh_token(&txn, presented.token_id, now).await?,
    };
    if reused {
        sessions::revoke(&txn, presented.session_id, now).await?;
        txn.commit().await?;
        tracing::warn!(session = %presented.session_id, "refresh token replayed; session ended");
        return Err(DomainError::RefreshTokenReused.into());
    }
    let next = Tokens::new_refresh();
    sessions::add_refresh_token(&txn, presented.session_id, &next.hash, refresh_expiry(&state, now), now)
        .await?;
    sessions::touch(&txn, presented.session_id, now).await?;
    txn.commit().await?;
    let body = token_response(&state, presented.user_id, presented.session_id, next.token, now).await?;
    Ok(no_store(HttpResponse::Ok(), &body))
}

/// Log out
///
/// Ends the session of this refresh token: its refresh tokens and access tokens stop
/// working at once. Answers 204 also for a token that is unknown or already ended.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "The session is ended"),
        (status = 400, response = Problem),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
        (status = 429, response = Problem),
    )
)]
#[post("/logout")]
#[tracing::instrument(skip_all)]
pub async fn logout(
    state: web::Data<AppState>,
    body: Body<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let hash = Tokens::hash_refresh(&body.refresh_token);
    if let Some(presented) = sessions::find_refresh(&state.db, &hash).await? {
        sessions::revoke(&state.db, presented.session_id, Utc::now()).await?;
    }
    Ok(HttpResponse::NoContent().finish())
}
