//! The emailed links that need no sign-in: confirming an address (a new account's, or a new
//! one of an existing account) and resetting a forgotten password.

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use serde::Deserialize;
use siilo_domain::email_links::{self as rules, ResetFacts};
use siilo_domain::identity::LinkPurpose;
use siilo_domain::login_throttle::Bucket;
use siilo_domain::{DomainError, UserId, accounts, organisations};
use siilo_store::users::UserRecord;
use siilo_store::{DatabaseTransaction, begin_write, email_links, login_throttles, sessions, users};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::accounts::{allowed_organisations, notify_email_changed, send_link};
use crate::auth::Tokens;
use crate::error::{ApiError, Problem};
use crate::extract::Body;
use crate::state::AppState;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    /// The `token` of the emailed link (`/verify-email#token=…`).
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "hGq3vJ0m5cW1rX8bTzN2kLp7sYd4fA6eUo9iQ", min_length = 1, max_length = 200)]
    pub token: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[validate(length(min = 1, max = 254))]
    #[schema(example = "maija.meikalainen@vm.fi", min_length = 1, max_length = 254)]
    pub email: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirmRequest {
    /// The `token` of the emailed link (`/reset-password#token=…`).
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "hGq3vJ0m5cW1rX8bTzN2kLp7sYd4fA6eUo9iQ", min_length = 1, max_length = 200)]
    pub token: String,
    /// 12–128 characters, not the email address, and not too easy to guess
    /// (`password_too_weak`: zxcvbn score below 3 of 4).
    #[validate(length(min = 12, max = 128))]
    #[schema(example = "vielä pidempi ja parempi salasana", min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// Confirm an email address
///
/// Opens a link emailed by registration, `POST /me/verification-email` or `POST /me/email`.
/// A new account's address is confirmed: it may take part from now on and joins the
/// organisation chosen at registration, or else the most specific one of its domain. A new
/// address replaces the account's address, is confirmed, places the account in an
/// organisation of the new domain (the current one if it is among them), and a notice goes to
/// the old address. A link works once: used, unknown or replaced by a newer one it does not
/// (`link_invalid`, or `link_expired` when replaced or older than 48 hours).
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = VerifyEmailRequest,
    responses(
        (status = 204, description = "The address is confirmed"),
        (status = 400, description = "`link_invalid` (unknown, already used, or for another address than the account's now), `malformed_json`, `unreadable_body`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken`: another account took the new address meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`link_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
        (status = 429, response = Problem),
    )
)]
#[post("/verify-email")]
#[tracing::instrument(skip_all)]
pub async fn verify_email(
    state: web::Data<AppState>,
    body: Body<VerifyEmailRequest>,
) -> Result<HttpResponse, ApiError> {
    let hash = Tokens::hash_link(&body.token);
    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    let link = email_links::find(&txn, &hash).await?;
    let accepted = [LinkPurpose::VerifyEmail, LinkPurpose::ChangeEmail];
    let purpose = rules::check_link(link.as_ref().map(|l| l.facts()).as_ref(), &accepted, now)?;
    let link = link.ok_or(DomainError::LinkInvalid)?;
    let user = users::get(&txn, link.user_id).await?.ok_or(DomainError::LinkInvalid)?;
    if !email_links::use_once(&txn, link.id, now).await? {
        // Another request used it between our read and this write.
        return Err(DomainError::LinkInvalid.into());
    }
    match purpose {
        LinkPurpose::ChangeEmail => {
            if user.erased_at.is_some() {
                return Err(DomainError::LinkInvalid.into());
            }
            let allowed = allowed_organisations(&state, &link.email).await?;
            let organisation = organisations::placement(user.organisation_id, &allowed);
            users::change_email(&txn, user.id, &link.email, &user.display_name, organisation, now).await?;
            notify_email_changed(&txn, &user, &link.email, now).await?;
            txn.commit().await?;
            state.mail.wake();
            tracing::info!(user = %user.id, "email address changed");
        }
        LinkPurpose::VerifyEmail | LinkPurpose::PasswordReset => {
            rules::check_link_address(&link.email, &user.email, user.erased_at.is_some())?;
            confirm(&state, &txn, &user, link.organisation_id, now).await?;
            txn.commit().await?;
            tracing::info!(user = %user.id, "email address confirmed");
        }
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Confirms the user's present address: they join the organisation they hold already (an
/// admin may have placed them), else `chosen` when it is allowed for the address, else its
/// most specific one.
async fn confirm(
    state: &AppState,
    txn: &DatabaseTransaction,
    user: &UserRecord,
    chosen: Option<siilo_domain::OrganisationId>,
    now: chrono::DateTime<Utc>,
) -> Result<(), ApiError> {
    let organisation = match user.organisation_id {
        Some(held) => Some(held),
        None => organisations::placement(chosen, &allowed_organisations(state, &user.email).await?),
    };
    users::confirm_email(txn, user.id, organisation, now).await?;
    Ok(())
}

/// Ask for a password reset link
///
/// Emails a link that sets a new password (`POST /auth/password-reset/confirm`), valid for an
/// hour. The answer is the same, in about the same time, whether or not the address has an
/// account, so it tells nobody which addresses do. No email goes to an unknown, blocked or
/// erased account, to the domains of `SIILO_SSO_ONLY_DOMAINS`, nor a second one to the same
/// account within 60 seconds. The per-IP limit of `/auth/*` applies as for logins.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted: if the address has an account that may reset its password, a link is on its way"),
        (status = 400, response = Problem),
        (status = 415, response = Problem),
        (status = 422, response = Problem),
        (status = 429, description = "`rate_limited`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password-reset")]
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    body: Body<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let email = accounts::normalize_email(&body.email);
    let now = Utc::now();
    // The same statements run for an unknown address (on a user id that no row has), and no
    // password is hashed on either path: only the link and the email are written more.
    let txn = begin_write(&state.db).await?;
    let account = users::live_by_email(&txn, &email).await?;
    let key = account.as_ref().map_or(UserId(Uuid::nil()), |u| u.id);
    // Parallel requests for one account are judged one at a time (PostgreSQL `FOR UPDATE`).
    users::lock(&txn, key).await?;
    let last_sent = email_links::latest(&txn, key, LinkPurpose::PasswordReset).await?.map(|l| l.created_at);
    let sent = match account {
        Some(user) => {
            let facts = ResetFacts {
                blocked: user.blocked_at.is_some(),
                sso_only: accounts::is_sso_only(&user.email, &state.config.sso_only_domains),
                last_sent,
            };
            let sends = rules::sends_reset(facts, now);
            if sends {
                send_link(&txn, &user, LinkPurpose::PasswordReset, &user.email, None, now).await?;
            }
            sends
        }
        None => false,
    };
    txn.commit().await?;
    if sent {
        state.mail.wake();
    }
    tracing::info!(sent, "password reset asked for");
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password by a reset link
///
/// Sets the password, ends every session of the account (every signed-in device must sign in
/// again), confirms the address the link went to, and lifts a lock-out of logins to it. The
/// new password follows the rules of `POST /me/password`. A link works once, for an hour, and
/// only the latest one asked for.
#[utoipa::path(
    tag = "auth",
    security(()),
    request_body = PasswordResetConfirmRequest,
    responses(
        (status = 204, description = "The password is set; every session has ended"),
        (status = 400, description = "`link_invalid` (unknown, already used, or for another address than the account's now), `malformed_json`, `unreadable_body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`password_login_disabled`: the address's domain signs in by single sign-on only", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`link_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed`, `password_equals_email`, `password_too_weak`", body = Problem, content_type = "application/problem+json"),
        (status = 429, response = Problem),
    )
)]
#[post("/password-reset/confirm")]
#[tracing::instrument(skip_all)]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    body: Body<PasswordResetConfirmRequest>,
) -> Result<HttpResponse, ApiError> {
    let Body(req) = body;
    let hash = Tokens::hash_link(&req.token);
    // Judged before the slow hashing, and again (atomically) when the link is used up.
    let link = email_links::find(&state.db, &hash).await?;
    let facts = link.as_ref().map(|l| l.facts());
    rules::check_link(facts.as_ref(), &[LinkPurpose::PasswordReset], Utc::now())?;
    let link = link.ok_or(DomainError::LinkInvalid)?;
    let user = users::get(&state.db, link.user_id).await?.ok_or(DomainError::LinkInvalid)?;
    rules::check_link_address(&link.email, &user.email, user.erased_at.is_some())?;
    if user.blocked_at.is_some() {
        // No link goes to a blocked account; one sent before the block stops working.
        return Err(DomainError::LinkInvalid.into());
    }
    accounts::check_password_sign_in(&user.email, &state.config.sso_only_domains)?;
    accounts::check_password_not_email(&user.email, &req.new_password)?;
    accounts::check_password_strength(&req.new_password, &[&user.email, &user.display_name], "new_password")?;
    let password_hash = state.passwords.hash(req.new_password).await?;

    let now = Utc::now();
    let txn = begin_write(&state.db).await?;
    if !email_links::use_once(&txn, link.id, now).await? {
        return Err(DomainError::LinkInvalid.into());
    }
    users::set_password_hash(&txn, user.id, &password_hash, now).await?;
    let ended = sessions::revoke_all_of_user(&txn, user.id, None, now).await?;
    if user.email_verified_at.is_none() {
        // The link reached the address: that confirms it, with the organisation chosen at
        // registration if any.
        let chosen = email_links::latest(&txn, user.id, LinkPurpose::VerifyEmail)
            .await?
            .filter(|l| l.email == user.email)
            .and_then(|l| l.organisation_id);
        confirm(&state, &txn, &user, chosen, now).await?;
    }
    // The owner proved they read the address's mail: strangers' failed guesses no longer lock
    // them out.
    login_throttles::clear(&txn, &Bucket::Email(user.email.clone()).key()).await?;
    txn.commit().await?;
    tracing::info!(user = %user.id, ended, "password reset");
    Ok(HttpResponse::NoContent().finish())
}
