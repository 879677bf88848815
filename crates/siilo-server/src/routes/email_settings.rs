//! Notifications by email: the signed-in user's settings (each kind `immediately`, in the
//! `daily_digest`, or `off`), and the one-click unsubscribe that every notification email and
//! digest links to, which needs no sign-in: its token says whom and what
//! ([`crate::mail::unsubscribe`]).

use actix_web::{get, post, put, web};
use serde::{Deserialize, Serialize};
use siilo_domain::DomainError;
use siilo_domain::email_notifications;
use siilo_domain::identity::EmailDelivery;
use siilo_domain::notifications::NotificationKind;
use siilo_store::{begin_write, email_preferences, users};
use strum::IntoEnumIterator;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use crate::auth::SignedIn;
use crate::error::{ApiError, Problem};
use crate::extract::{Body, Query};
use crate::mail::unsubscribe::{MAX_TOKEN_CHARS, Unsubscribe};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_email_settings)
        .service(update_email_settings)
        .service(describe_unsubscribe)
        .service(unsubscribe);
}

/// How one kind of notification reaches the user by email.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "comment_on_proposal", "delivery": "immediately"}))]
pub struct EmailSetting {
    pub kind: NotificationKind,
    pub delivery: EmailDelivery,
}

/// Every kind of notification with how it reaches the user by email: their choice, or the
/// default `daily_digest`.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailSettings {
    /// One item per kind, in a fixed order.
    pub settings: Vec<EmailSetting>,
}

/// The kinds to change; the others stay as they are.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"settings": [{"kind": "comment_on_proposal", "delivery": "immediately"}, {"kind": "pilot_update", "delivery": "off"}]}))]
pub struct UpdateEmailSettingsRequest {
    /// At most 50; a kind named twice takes its last value.
    #[validate(length(max = 50))]
    #[schema(max_items = 50)]
    pub settings: Vec<EmailSetting>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeParams {
    /// The token of an email's unsubscribe link.
    #[param(max_length = 128)]
    pub token: String,
}

/// What an unsubscribe link turns off.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"kind": "comment_on_proposal"}))]
pub struct UnsubscribeScope {
    /// The kind of notification it turns off; `null` for every kind (a digest's link).
    pub kind: Option<NotificationKind>,
}

async fn settings_of(
    db: &impl siilo_store::ConnectionTrait,
    user: siilo_domain::UserId,
) -> Result<EmailSettings, ApiError> {
    let chosen = email_preferences::chosen(db, user).await?;
    let settings = email_notifications::settings(&chosen)
        .into_iter()
        .map(|(kind, delivery)| EmailSetting { kind, delivery })
        .collect();
    Ok(EmailSettings { settings })
}

/// My email settings
///
/// How each kind of notification reaches me by email: `immediately`, in one `daily_digest`
/// (the default) after 07:00 Finnish time (the server's `SIILO_DIGEST_HOUR`), or `off` (in the
/// app only). An address that is not confirmed gets no notification emails.
#[utoipa::path(
    tag = "email",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One setting per notification kind", body = EmailSettings),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/email-settings")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn get_email_settings(
    state: web::Data<AppState>,
    viewer: SignedIn,
) -> Result<web::Json<EmailSettings>, ApiError> {
    Ok(web::Json(settings_of(&state.db, viewer.id()).await?))
}

/// Change my email settings
///
/// Sets how the kinds named reach me by email; the kinds not named stay as they are. Answers
/// with every kind's setting after the change.
#[utoipa::path(
    tag = "email",
    security(("bearer" = [])),
    request_body = UpdateEmailSettingsRequest,
    responses(
        (status = 200, description = "Every kind's setting after the change", body = EmailSettings),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, description = "`account_blocked`", body = Problem, content_type = "application/problem+json"),
        (status = 415, response = Problem),
        (status = 422, description = "`validation_failed` (an unknown `kind` or `delivery`, or too many items)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/email-settings")]
#[tracing::instrument(skip_all, fields(user_id = %viewer.id()))]
pub async fn update_email_settings(
    state: web::Data<AppState>,
    viewer: SignedIn,
    body: Body<UpdateEmailSettingsRequest>,
) -> Result<web::Json<EmailSettings>, ApiError> {
    let Body(req) = body;
    let changes: Vec<_> = req.settings.iter().map(|s| (s.kind, s.delivery)).collect();
    let txn = begin_write(&state.db).await?;
    email_preferences::choose(&txn, viewer.id(), &changes).await?;
    let settings = settings_of(&txn, viewer.id()).await?;
    txn.commit().await?;
    Ok(web::Json(settings))
}

/// The account and kinds a token turns off: `link_invalid` for a token this server did not
/// give out, and for an account that is gone.
async fn checked(state: &AppState, token: &str) -> Result<Unsubscribe, ApiError> {
    let what = state.unsubscribe.verify(token).ok_or(DomainError::LinkInvalid)?;
    match users::get(&state.db, what.user).await? {
        Some(user) if user.erased_at.is_none() => Ok(what),
        _ => Err(DomainError::LinkInvalid.into()),
    }
}

/// What an unsubscribe link does
///
/// Says which kind of notification email the token of an email's unsubscribe link turns
/// off (`null`: every kind), without turning it off: the page `/unsubscribe#token=…` asks
/// before it does. No sign-in: the token is the permission.
#[utoipa::path(
    tag = "email",
    security(()),
    params(UnsubscribeParams),
    responses(
        (status = 200, description = "What the link would turn off", body = UnsubscribeScope),
        (status = 400, description = "`link_invalid`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (no `token`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/email/unsubscribe")]
#[tracing::instrument(skip_all)]
pub async fn describe_unsubscribe(
    state: web::Data<AppState>,
    params: Query<UnsubscribeParams>,
) -> Result<web::Json<UnsubscribeScope>, ApiError> {
    let what = checked(&state, &params.token).await?;
    Ok(web::Json(UnsubscribeScope { kind: what.kind }))
}

/// Unsubscribe
///
/// Turns off (`off`) the kind of notification email that the token of an email's unsubscribe
/// link names, or every kind for a digest's link; the profile's email settings turn them back
/// on. Takes no body, or the one-click form body `List-Unsubscribe=One-Click` that a mail
/// client posts to the address of the `List-Unsubscribe` header (RFC 8058). Doing it twice
/// changes nothing more. No sign-in: the token is the permission.
#[utoipa::path(
    tag = "email",
    security(()),
    params(UnsubscribeParams),
    responses(
        (status = 200, description = "Turned off", body = UnsubscribeScope),
        (status = 400, description = "`link_invalid`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (no `token`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/email/unsubscribe")]
#[tracing::instrument(skip_all)]
pub async fn unsubscribe(
    state: web::Data<AppState>,
    params: Query<UnsubscribeParams>,
) -> Result<web::Json<UnsubscribeScope>, ApiError> {
    let what = checked(&state, &params.token).await?;
    let changes: Vec<(NotificationKind, EmailDelivery)> = match what.kind {
        Some(kind) => vec![(kind, EmailDelivery::Off)],
        None => NotificationKind::iter().map(|k| (k, EmailDelivery::Off)).collect(),
    };
    email_preferences::choose(&state.db, what.user, &changes).await?;
    tracing::info!(user = %what.user, kind = ?what.kind, "unsubscribed from notification emails");
    Ok(web::Json(UnsubscribeScope { kind: what.kind }))
}

// The token parameter's declared limit is the key's.
const _: () = assert!(MAX_TOKEN_CHARS == 128);
