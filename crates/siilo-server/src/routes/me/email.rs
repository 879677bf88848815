//! The signed-in user's email address: sending the confirmation link again, and changing the
//! address (confirmed by a link to the new one before it takes effect).

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use serde::Deserialize;
use siilo_domain::email_links as rules;
use siilo_domain::identity::LinkPurpose;
use siilo_domain::login_throttle::Bucket;
use siilo_domain::{DomainError, accounts};
use siilo_store::{begin_write, email_links, users};
use utoipa::ToSchema;
use validator::Validate;

use crate::accounts::send_link;
use crate::auth::{SignedIn, judge_password};
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::routes::dto::email_address;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailRequest {
    /// The new address; trimmed and lower-cased.
    #[validate(length(max = 254), custom(function = "email_address"))]
    #[schema(example = "maija.meikalainen@stm.fi", format = Email, max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 128))]
    #[schema(example = "pitkä ja hyvä salasana", min_length = 1, max_length = 128)]
    pub current_password: String,
}

/// Send the confirmation link again
///
/// Emails a new link that confirms the account's address; the links sent before stop working.
/// One a minute at most (`email_recently_sent`, with `Retry-After`).
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 202, description = "A new link is on its way"),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_already_verified`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`email_recently_sent`, with `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/verification-email")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn send_verification_email(
    state: web::Data<AppState>,
    viewer: SignedIn,
) -> Result<HttpResponse, ApiError> {
    rules::check_not_verified(viewer.user.email_verified_at.is_some())?;
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    // Parallel requests are judged one at a time (PostgreSQL `FOR UPDATE`).
    users::lock(&txn, viewer.id()).await?;
    let last = email_links::latest(&txn, viewer.id(), LinkPurpose::VerifyEmail).await?;
    rules::check_cooldown(last.as_ref().map(|l| l.created_at), now)?;
    // The organisation chosen at registration rides on every link to the same address.
    let chosen = last.filter(|l| l.email == viewer.user.email).and_then(|l| l.organisation_id);
    send_link(&txn, &viewer.user, LinkPurpose::VerifyEmail, &viewer.user.email, chosen, now).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(HttpResponse::Accepted().finish())
}

/// Change my email address
///
/// Needs the current password (a wrong one counts as a failed login, as at
/// `POST /me/password`). Emails a link to the new address; the account's address changes only
/// when it is opened (`POST /auth/verify-email`), and a notice then goes to the old one.
/// Until then `Me.pending_email` shows the new address; asking again replaces it. The new
/// address must be free (`email_taken`) and, when `SIILO_ALLOWED_EMAIL_DOMAINS` is set, of
/// those domains. One link a minute at most (`email_recently_sent`, with `Retry-After`).
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = ChangeEmailRequest,
    responses(
        (status = 202, description = "A link is on its way to the new address"),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `wrong_current_password`, `email_domain_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`login_locked`, or `email_recently_sent` with `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/email")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn change_email(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<ChangeEmailRequest>,
) -> Result<HttpResponse, ApiError> {
    let Body(req) = body;
    let stored = users::password_hash(&state.db, viewer.id()).await?;
    // A stolen access token must not become a way to take the account over by its address.
    let bucket = Bucket::Email(viewer.user.email.clone());
    if !judge_password(&state, &bucket, stored, req.current_password).await? {
        return Err(DomainError::WrongCurrentPassword.into());
    }
    let email = accounts::normalize_email(&req.email);
    accounts::check_email_domain_allowed(&email, &state.config.allowed_email_domains)?;
    if users::email_exists(&state.db, &email).await? {
        return Err(DomainError::EmailTaken.into());
    }
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    users::lock(&txn, viewer.id()).await?;
    let last = email_links::latest(&txn, viewer.id(), LinkPurpose::ChangeEmail).await?;
    rules::check_cooldown(last.map(|l| l.created_at), now)?;
    send_link(&txn, &viewer.user, LinkPurpose::ChangeEmail, &email, None, now).await?;
    txn.commit().await?;
    state.mail.wake();
    tracing::info!(user = %viewer.id(), "email change asked for");
    Ok(HttpResponse::Accepted().finish())
}
