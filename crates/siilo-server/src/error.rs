//! Errors and how they reach the client.
//!
//! Each layer has one error type: the rules refuse with [`DomainError`], the store adds
//! [`StoreError`]/`DbErr`, and handlers return [`ApiError`], which this module maps once to
//! an RFC 9457 `application/problem+json` body with a stable snake_case `code`. Clients
//! switch on `code`, never on `detail`. A 5xx logs its cause and shows none of it.

use std::borrow::Cow;
use std::time::Duration;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use siilo_domain::DomainError;
use siilo_store::{DbErr, StoreError};
use utoipa::{ToResponse, ToSchema};

/// One field's problem in a rejected request.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    /// The field, as a dotted path into the request (`name.fi`, `email_domains[1]`, `limit`).
    pub field: String,
    /// Stable machine-readable condition, such as `required` (empty or blank), `length`
    /// and `range` (with `min`/`max`), `email`, `control_character` (a control character in
    /// a text, query parameter or path segment; tab and line breaks are allowed only in
    /// multi-line texts), `invalid_cursor`, `invalid_type`, `unknown_field`.
    pub code: String,
    /// A human-readable explanation in English.
    pub message: String,
    /// For `length` (in characters) and `range`: the smallest allowed; omitted when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub min: Option<i64>,
    /// For `length` (in characters) and `range`: the largest allowed; omitted when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub max: Option<i64>,
}

impl FieldError {
    /// A field error without limits.
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code: code.into(), message: message.into(), min: None, max: None }
    }

    /// The same error, stating the limits the value must keep.
    pub fn limits(self, min: Option<i64>, max: Option<i64>) -> Self {
        FieldError { min, max, ..self }
    }
}

/// A problem detail (RFC 9457). `code` is stable; `errors` lists field problems of a 422.
#[derive(Debug, Serialize, ToSchema, ToResponse)]
#[response(
    description = "A problem (RFC 9457), with a stable `code`",
    content_type = "application/problem+json"
)]
pub struct Problem {
    /// Always `about:blank`: the `code` tells problems apart.
    #[serde(rename = "type")]
    #[schema(example = "about:blank")]
    pub type_: &'static str,
    #[schema(example = "Unprocessable Entity")]
    pub title: String,
    #[schema(example = 422)]
    pub status: u16,
    #[schema(example = "The request has invalid fields.")]
    pub detail: String,
    #[schema(example = "validation_failed")]
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Why a request carries no usable identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// No `Authorization: Bearer` header.
    MissingToken,
    /// Not a token we signed, tampered with, of a wrong algorithm, or not a JWT at all.
    InvalidToken,
    TokenExpired,
    /// The refresh token is not one we know.
    InvalidRefreshToken,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Rule(#[from] DomainError),
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("{0:?}")]
    Unauthenticated(AuthFailure),
    #[error("not found")]
    NotFound,
    #[error("the body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("{detail}")]
    BadRequest { code: &'static str, detail: String },
    #[error("the body must be application/json")]
    UnsupportedMediaType,
    #[error("the body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("too many requests")]
    TooManyRequests { retry_after: Duration },
    #[error("the database does not answer")]
    Unavailable,
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Rule(rule) => ApiError::Rule(rule),
            StoreError::Db(db) => ApiError::Db(db),
        }
    }
}

impl ApiError {
    /// A 422 about one field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// The stable code a client switches on; also the reason given for a capability the
    /// viewer lacks (`viewer.submit_refusal`).
    pub fn code(&self) -> &'static str {
        self.status_and_code().1
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        use DomainError as D;
        match self {
            ApiError::Rule(rule) => match rule {
                D::EmailTaken => (StatusCode::CONFLICT, "email_taken"),
                D::EmailDomainNotAllowed => (StatusCode::UNPROCESSABLE_ENTITY, "email_domain_not_allowed"),
                D::PasswordEqualsEmail => (StatusCode::UNPROCESSABLE_ENTITY, "password_equals_email"),
                D::PasswordTooWeak { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "password_too_weak"),
                D::PasswordUnchanged => (StatusCode::UNPROCESSABLE_ENTITY, "password_unchanged"),
                D::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
                D::WrongCurrentPassword => (StatusCode::UNPROCESSABLE_ENTITY, "wrong_current_password"),
                D::AccountBlocked => (StatusCode::FORBIDDEN, "account_blocked"),
                D::LoginLocked { .. } => (StatusCode::TOO_MANY_REQUESTS, "login_locked"),
                D::RoleRequired(_) => (StatusCode::FORBIDDEN, "role_required"),
                D::SelfLockout => (StatusCode::CONFLICT, "self_lockout"),
                D::BlockReasonWithoutBlock => {
                    (StatusCode::UNPROCESSABLE_ENTITY, "blocked_reason_requires_block")
                }
                D::SessionEnded => (StatusCode::UNAUTHORIZED, "session_ended"),
                D::RefreshTokenReused => (StatusCode::UNAUTHORIZED, "refresh_token_reused"),
                D::RefreshTokenExpired => (StatusCode::UNAUTHORIZED, "refresh_token_expired"),
                D::UnknownOrganisation => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_organisation"),
                D::OrganisationCodeTaken => (StatusCode::CONFLICT, "organisation_code_taken"),
                D::EmailDomainTaken => (StatusCode::CONFLICT, "email_domain_taken"),
                D::WindowOrder { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "window_order"),
                D::SlugTaken => (StatusCode::CONFLICT, "slug_taken"),
                D::CallArchived => (StatusCode::CONFLICT, "call_archived"),
                D::CallNotOpen => (StatusCode::CONFLICT, "call_not_open"),
                D::CallNotAcceptingThumbs => (StatusCode::CONFLICT, "call_not_accepting_thumbs"),
                D::CallNotAcceptingComments => (StatusCode::CONFLICT, "call_not_accepting_comments"),
                D::OwnProposal => (StatusCode::FORBIDDEN, "own_proposal"),
                D::ProposalWithdrawn => (StatusCode::CONFLICT, "proposal_withdrawn"),
                D::ProposalHidden => (StatusCode::CONFLICT, "proposal_hidden"),
                D::LimitReached => (StatusCode::CONFLICT, "limit_reached"),
                D::NotAuthor => (StatusCode::FORBIDDEN, "not_author"),
                D::ThemeNotInCall => (StatusCode::UNPROCESSABLE_ENTITY, "theme_not_in_call"),
                D::CommentDeleted => (StatusCode::CONFLICT, "comment_deleted"),
                D::ParentNotOnProposal => (StatusCode::UNPROCESSABLE_ENTITY, "parent_not_on_proposal"),
                D::SignInRequired => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            },
            ApiError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            ApiError::Unauthenticated(f) => (
                StatusCode::UNAUTHORIZED,
                match f {
                    AuthFailure::MissingToken => "unauthenticated",
                    AuthFailure::InvalidToken => "invalid_token",
                    AuthFailure::TokenExpired => "token_expired",
                    AuthFailure::InvalidRefreshToken => "invalid_refresh_token",
                },
            ),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::MalformedJson(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            ApiError::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            ApiError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ApiError::PayloadTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable"),
            ApiError::Db(_) | ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    fn public_detail(&self) -> Cow<'static, str> {
        match self {
            ApiError::Db(_) | ApiError::Internal(_) => {
                "Something went wrong on our side. It has been logged; please try again.".into()
            }
            ApiError::Unauthenticated(AuthFailure::MissingToken) => {
                "Sign in: this needs an `Authorization: Bearer` access token.".into()
            }
            ApiError::Unauthenticated(AuthFailure::InvalidToken) => "The access token is not valid.".into(),
            ApiError::Unauthenticated(AuthFailure::TokenExpired) => {
                "The access token has expired; refresh it with the refresh token.".into()
            }
            ApiError::Unauthenticated(AuthFailure::InvalidRefreshToken) => {
                "The refresh token is not valid; sign in again.".into()
            }
            ApiError::NotFound => "There is nothing here.".into(),
            other => {
                let mut s = other.to_string();
                if let Some(first) = s.get(..1) {
                    s = first.to_uppercase() + s.get(1..).unwrap_or("");
                }
                if !s.ends_with('.') {
                    s.push('.');
                }
                s.into()
            }
        }
    }

    fn field_errors(&self) -> Vec<FieldError> {
        match self {
            ApiError::Validation(errors) => errors.clone(),
            ApiError::Rule(rule) => {
                let (_, code) = self.status_and_code();
                rule.field()
                    .map(|field| vec![FieldError::new(field, code, rule.to_string())])
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::Rule(DomainError::LoginLocked { retry_after })
            | ApiError::TooManyRequests { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    /// The problem body, for middleware that answers without a handler.
    pub fn problem(&self) -> Problem {
        let (status, code) = self.status_and_code();
        Problem {
            type_: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.public_detail().into_owned(),
            code: code.to_owned(),
            errors: self.field_errors(),
        }
    }
}

/// A problem+json response with this status and body.
pub fn problem_response(status: StatusCode, problem: &Problem) -> HttpResponse {
    HttpResponse::build(status).content_type("application/problem+json").json(problem)
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() && !matches!(self, ApiError::Unavailable) {
            tracing::error!(error = %self, "request failed");
        } else if status.is_client_error() {
            tracing::debug!(status = status.as_u16(), code = self.code(), "request refused");
        }
        let mut res = HttpResponse::build(status);
        res.content_type("application/problem+json");
        if status == StatusCode::UNAUTHORIZED {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let Some(wait) = self.retry_after() {
            // Round up: "retry in 0 seconds" would invite an immediate retry that fails.
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            res.insert_header((header::RETRY_AFTER, secs.max(1).to_string()));
        }
        res.json(self.problem())
    }
}

/// Field errors from `validator`, flattened to dotted paths.
impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut out = Vec::new();
        flatten_validation("", &errors, &mut out);
        out.sort_by(|a, b| a.field.cmp(&b.field));
        ApiError::Validation(out)
    }
}

fn flatten_validation(prefix: &str, errors: &validator::ValidationErrors, out: &mut Vec<FieldError>) {
    use validator::ValidationErrorsKind as K;
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            K::Field(list) => out.extend(field_errors(&path, list)),
            K::Struct(inner) => flatten_validation(&path, inner, out),
            K::List(items) => {
                for (i, inner) in items {
                    flatten_validation(&format!("{path}[{i}]"), inner, out);
                }
            }
        }
    }
}

/// One field's `validator` errors as clients get them: an empty or blank value is a single
/// `required` error, whatever other rule it also breaks; `length` and `range` errors carry
/// their limits as `min`/`max`.
fn field_errors(path: &str, list: &[validator::ValidationError]) -> Vec<FieldError> {
    let empty_string = |e: &validator::ValidationError| {
        e.params.get("value").and_then(serde_json::Value::as_str).is_some_and(str::is_empty)
    };
    if list.iter().any(|e| e.code == "required" || e.code == "blank" || empty_string(e)) {
        return vec![FieldError::new(path, "required", "is required")];
    }
    list.iter()
        .map(|e| {
            let message = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| describe(e));
            let error = FieldError::new(path, e.code.to_string(), message);
            if e.code == "length" || e.code == "range" {
                let limit = |name: &str| e.params.get(name).and_then(integer);
                error.limits(limit("min"), limit("max"))
            } else {
                error
            }
        })
        .collect()
}

/// A limit as an integer; `validator` keeps range limits as floats.
fn integer(v: &serde_json::Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
}

/// An English sentence for a validator error that has no message of its own.
fn describe(e: &validator::ValidationError) -> String {
    let param = |name: &str| e.params.get(name).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be {min}–{max} characters long"),
            (Some(min), None) => format!("must be at least {min} characters long"),
            (None, Some(max)) => format!("must be at most {max} characters long"),
            _ => "has the wrong length".into(),
        },
        "range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            _ => "is out of range".into(),
        },
        "email" => "must be an email address".into(),
        "url" => "must be a URL".into(),
        "required" => "is required".into(),
        other => format!("is not valid ({other})"),
    }
}
