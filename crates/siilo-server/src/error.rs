//! Errors and how they reach the client.
//!
//! Each layer has one error type: the rules refuse with [`DomainError`], the store adds
//! [`StoreError`]/`DbErr`, and handlers return [`ApiError`], which this module maps once to
//! an RFC 9457 `application/problem+json` body with a stable snake_case `code`, one of
//! [`ErrorCode`] (which also gives the status). Clients switch on `code`, never on `detail`.
//! A 5xx logs its cause and shows none of it.

mod code;

pub use code::{ErrorCode, Scope, guide_tables, with_guide_tables};

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
    /// The field's condition, such as `required` (empty or blank), `length` and `range`
    /// (with `min`/`max`), `control_character`, `unknown_field`, or the code of a refusal
    /// about this field (`email_taken`).
    pub code: ErrorCode,
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
    pub fn new(field: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code, message: message.into(), min: None, max: None }
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
    pub code: ErrorCode,
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
    #[error("the request body could not be read")]
    UnreadableBody,
    #[error("{method} is not allowed here; allowed: {allow}")]
    MethodNotAllowed { method: String, allow: String },
    #[error("the body must be application/json")]
    UnsupportedMediaType,
    #[error("the body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("too many requests")]
    TooManyRequests { retry_after: Duration },
    #[error("the database does not answer; try again soon")]
    Unavailable,
    /// A database error that is not the database being unavailable (those become
    /// [`ApiError::Unavailable`] in `From<DbErr>`).
    #[error("database error: {0}")]
    Db(DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

/// How long a client is asked to wait when the database does not answer: a few health
/// checks' worth (see [`crate::health`]).
pub const UNAVAILABLE_RETRY_AFTER: Duration = Duration::from_secs(5);

/// A database that is gone, restarting or overwhelmed is a 503 `database_unavailable` (with
/// `Retry-After`), logged as a warning; any other database error is a 500.
impl From<DbErr> for ApiError {
    fn from(e: DbErr) -> Self {
        if siilo_store::database::is_unavailable(&e) {
            tracing::warn!(error = %e, "the database does not answer");
            ApiError::Unavailable
        } else {
            ApiError::Db(e)
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Rule(rule) => ApiError::Rule(rule),
            StoreError::Db(db) => ApiError::from(db),
        }
    }
}

impl ApiError {
    /// A 422 about one field.
    pub fn field(field: &str, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// The stable code a client switches on; also the reason given for a capability the
    /// viewer lacks (`viewer.submit_refusal`). Its [`ErrorCode::status`] is the status.
    pub fn code(&self) -> ErrorCode {
        use DomainError as D;
        use ErrorCode as C;
        match self {
            ApiError::Rule(rule) => match rule {
                D::EmailTaken => C::EmailTaken,
                D::EmailDomainNotAllowed => C::EmailDomainNotAllowed,
                D::PasswordEqualsEmail => C::PasswordEqualsEmail,
                D::PasswordTooWeak { .. } => C::PasswordTooWeak,
                D::PasswordUnchanged => C::PasswordUnchanged,
                D::InvalidCredentials => C::InvalidCredentials,
                D::WrongCurrentPassword => C::WrongCurrentPassword,
                D::AccountBlocked => C::AccountBlocked,
                D::LoginLocked { .. } => C::LoginLocked,
                D::RoleRequired(_) => C::RoleRequired,
                D::SelfLockout => C::SelfLockout,
                D::BlockReasonWithoutBlock => C::BlockedReasonRequiresBlock,
                D::SessionEnded => C::SessionEnded,
                D::RefreshTokenReused => C::RefreshTokenReused,
                D::RefreshTokenExpired => C::RefreshTokenExpired,
                D::UnknownOrganisation => C::UnknownOrganisation,
                D::OrganisationCodeTaken => C::OrganisationCodeTaken,
                D::EmailDomainTaken => C::EmailDomainTaken,
                D::WindowOrder { .. } => C::WindowOrder,
                D::SlugTaken => C::SlugTaken,
                D::CallArchived => C::CallArchived,
                D::CallNotOpen => C::CallNotOpen,
                D::CallNotAcceptingThumbs => C::CallNotAcceptingThumbs,
                D::CallNotAcceptingComments => C::CallNotAcceptingComments,
                D::OwnProposal => C::OwnProposal,
                D::ProposalWithdrawn => C::ProposalWithdrawn,
                D::ProposalHidden => C::ProposalHidden,
                D::LimitReached => C::LimitReached,
                D::NotAuthor => C::NotAuthor,
                D::ThemeNotInCall => C::ThemeNotInCall,
                D::CommentDeleted => C::CommentDeleted,
                D::ParentNotOnProposal => C::ParentNotOnProposal,
                D::SignInRequired => C::Unauthenticated,
                D::AlreadyReported => C::AlreadyReported,
                D::OwnContent => C::OwnContent,
                D::ContentNotVisible => C::ContentNotVisible,
                D::ActionNotApplicable => C::ActionNotApplicable,
                D::NoOpenReports => C::NoOpenReports,
                D::NotAppealable => C::NotAppealable,
                D::AlreadyAppealed => C::AlreadyAppealed,
                D::OwnModerationAction => C::OwnModerationAction,
                D::AppealDecided => C::AppealDecided,
                D::WrongPassword => C::WrongPassword,
                D::LastAdmin => C::LastAdmin,
                D::NotAssigned => C::NotAssigned,
                D::ConflictOfInterest => C::ConflictOfInterest,
                D::CallNotInReview => C::CallNotInReview,
                D::CriteriaLocked => C::CriteriaLocked,
                D::NoCriteria => C::NoCriteria,
                D::ReviewIncomplete => C::ReviewIncomplete,
                D::ReviewSubmitted => C::ReviewSubmitted,
                D::ResultsPublished => C::ResultsPublished,
                D::ProposalNotDecidable => C::ProposalNotDecidable,
                D::NotMergeable => C::NotMergeable,
                D::ProposalNotSelected => C::ProposalNotSelected,
                D::NotPilotTeam => C::NotPilotTeam,
                D::UserNotEvaluator => C::UserNotEvaluator,
                D::ProposalMerged => C::ProposalMerged,
                D::EmailUnverified => C::EmailUnverified,
                D::LinkInvalid => C::LinkInvalid,
                D::LinkExpired => C::LinkExpired,
                D::EmailAlreadyVerified => C::EmailAlreadyVerified,
                D::EmailRecentlySent { .. } => C::EmailRecentlySent,
                D::PasswordLoginDisabled => C::PasswordLoginDisabled,
                D::OrganisationNotAllowed => C::OrganisationNotAllowed,
                D::TermsNotAccepted => C::TermsNotAccepted,
                D::SsoNotConfigured => C::SsoNotConfigured,
                D::SsoStateInvalid => C::SsoStateInvalid,
                D::SsoTokenInvalid => C::SsoTokenInvalid,
                D::SsoEmailUnverified => C::SsoEmailUnverified,
                D::SsoEmailTaken => C::SsoEmailTaken,
                D::SsoProviderUnavailable => C::SsoProviderUnavailable,
                D::OrganisationParentInvalid => C::OrganisationParentInvalid,
                D::CoauthorAlreadyInvited => C::CoauthorAlreadyInvited,
                D::CoauthorNotAllowed => C::CoauthorNotAllowed,
                D::CoauthorLimitReached => C::CoauthorLimitReached,
                D::InvitationAnswered => C::InvitationAnswered,
                D::NotCallManager => C::NotCallManager,
                D::OrganisationRequired => C::OrganisationRequired,
            },
            ApiError::Validation(_) => C::ValidationFailed,
            ApiError::Unauthenticated(f) => match f {
                AuthFailure::MissingToken => C::Unauthenticated,
                AuthFailure::InvalidToken => C::InvalidToken,
                AuthFailure::TokenExpired => C::TokenExpired,
                AuthFailure::InvalidRefreshToken => C::InvalidRefreshToken,
            },
            ApiError::NotFound => C::NotFound,
            ApiError::MethodNotAllowed { .. } => C::MethodNotAllowed,
            ApiError::MalformedJson(_) => C::MalformedJson,
            ApiError::UnreadableBody => C::UnreadableBody,
            ApiError::UnsupportedMediaType => C::UnsupportedMediaType,
            ApiError::PayloadTooLarge { .. } => C::PayloadTooLarge,
            ApiError::TooManyRequests { .. } => C::RateLimited,
            ApiError::Unavailable => C::DatabaseUnavailable,
            ApiError::Db(_) | ApiError::Internal(_) => C::Internal,
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
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
            ApiError::Rule(rule) => rule
                .field()
                .map(|field| vec![FieldError::new(field, self.code(), rule.to_string())])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::Rule(DomainError::LoginLocked { retry_after })
            | ApiError::Rule(DomainError::EmailRecentlySent { retry_after })
            | ApiError::TooManyRequests { retry_after } => Some(*retry_after),
            ApiError::Unavailable => Some(UNAVAILABLE_RETRY_AFTER),
            _ => None,
        }
    }

    /// The problem body, for middleware that answers without a handler.
    pub fn problem(&self) -> Problem {
        let code = self.code();
        let status = code.status();
        Problem {
            type_: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: self.public_detail().into_owned(),
            code,
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
        self.code().status()
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() && !matches!(self, ApiError::Unavailable) {
            tracing::error!(error = %self, "request failed");
        } else if status.is_client_error() {
            tracing::debug!(status = status.as_u16(), code = %self.code(), "request refused");
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
        return vec![FieldError::new(path, ErrorCode::Required, "is required")];
    }
    list.iter()
        .map(|e| {
            let message = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| describe(e));
            let code = validator_code(&e.code);
            let error = FieldError::new(path, code, message);
            if matches!(code, ErrorCode::Length | ErrorCode::Range) {
                let limit = |name: &str| e.params.get(name).and_then(integer);
                error.limits(limit("min"), limit("max"))
            } else {
                error
            }
        })
        .collect()
}

/// The code of a `validator` rule: our rules use `validator`'s `length`, `range` and
/// `required` and our own `email` and `blank`, all codes of [`ErrorCode`] but `blank` (see
/// [`field_errors`]). A rule with another code would be a new rule without a code of its
/// own: it is logged and sent as a generic `validation_failed`.
fn validator_code(code: &str) -> ErrorCode {
    code.parse::<ErrorCode>().ok().filter(|c| c.scope() == Scope::Field).unwrap_or_else(|| {
        tracing::error!(code, "a validator rule without an error code of its own");
        ErrorCode::ValidationFailed
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_validator_rules_we_use_have_field_codes_and_others_are_generic() {
        assert_eq!(validator_code("length"), ErrorCode::Length);
        assert_eq!(validator_code("range"), ErrorCode::Range);
        assert_eq!(validator_code("email"), ErrorCode::Email);
        assert_eq!(validator_code("credit_card"), ErrorCode::ValidationFailed);
        // A problem code is no field rule's code.
        assert_eq!(validator_code("not_found"), ErrorCode::ValidationFailed);
    }

    #[test]
    fn a_blank_value_is_required_and_a_length_error_keeps_its_limits() {
        let mut blank = validator::ValidationError::new("blank");
        blank.message = Some("must not be blank".into());
        assert_eq!(field_errors("title", &[blank])[0].code, ErrorCode::Required);
        let mut long = validator::ValidationError::new("length");
        long.add_param("min".into(), &5);
        long.add_param("max".into(), &140);
        let errors = field_errors("title", &[long]);
        assert_eq!((errors[0].code, errors[0].min, errors[0].max), (ErrorCode::Length, Some(5), Some(140)));
    }

    #[test]
    fn a_refusal_about_a_field_names_it_with_the_refusal_s_code() {
        let problem = ApiError::Rule(DomainError::SlugTaken).problem();
        assert_eq!((problem.status, problem.code), (409, ErrorCode::SlugTaken));
        assert_eq!(problem.errors.len(), 1);
        assert_eq!(
            (problem.errors[0].field.as_str(), problem.errors[0].code),
            ("slug", ErrorCode::SlugTaken)
        );
    }
}
