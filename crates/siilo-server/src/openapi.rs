//! The OpenAPI document: generated from the handlers' `#[utoipa::path]` attributes as the
//! routes are registered, so the contract cannot drift from the code. `siilo openapi` prints
//! it and `openapi/openapi.json` is its committed copy.

use std::time::Duration;

use actix_web::App;
use serde_json::{Map, Value, json};
use siilo_domain::DomainError;
use siilo_domain::roles::Role;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{OpenApi as OpenApiDoc, Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{AppExt, scope};

use crate::error::{ApiError, AuthFailure, ErrorCode, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Siilo API",
        description = "Siilo runs idea calls for the public administration: employees propose \
            cross-administrative experiments, colleagues thumb them up and comment, evaluators \
            shortlist the best, and pilots report what they learned.\n\n\
            Errors are RFC 9457 problem details (`application/problem+json`) with a stable \
            `code`; validation errors list `{field, code, message}` in `errors`. Lists are \
            paginated with an opaque `cursor`.\n\n\
            Client developers: the guide `docs/api.md` in Siilo's repository tells how to sign in \
            and keep a session, page through lists, handle each error `code`, rate limits, CORS, \
            and the conventions for time and language, with `curl` examples.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    components(responses(Problem)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Registration, login, token refresh, logout"),
        (name = "sso", description = "Single sign-on with the organisation's OpenID Connect provider"),
        (name = "me", description = "The signed-in user's own account"),
        (name = "email", description = "Notification emails: how each kind reaches a user (immediately, in the daily digest, or off), and the one-click unsubscribe of their links"),
        (name = "users", description = "Account administration (admins)"),
        (name = "organisations", description = "Ministries and agencies"),
        (name = "calls", description = "Idea calls (haut), their phases and themes"),
        (name = "call-managers", description = "Call managers (haun vastuuhenkilöt): admins delegate the running of one call, or of an organisation's calls"),
        (name = "proposals", description = "Proposals (ehdotukset): submitting, listing, editing, withdrawing"),
        (name = "thumbs", description = "Thumbs-up (peukutus)"),
        (name = "interests", description = "\"We'd join this\" (Lähtisimme mukaan): cross-administrative interest in a proposal"),
        (name = "follows", description = "Following proposals and calls, and what the viewer follows"),
        (name = "comments", description = "Comments and replies on proposals"),
        (name = "notifications", description = "In-app notifications"),
        (name = "reports", description = "Reporting proposals and comments to the moderators"),
        (name = "moderation", description = "The moderation queue, moderators' actions, appeals and the audit log"),
        (name = "decisions", description = "Decisions on proposals, publishing a call's results, merging duplicates"),
        (name = "pilots", description = "Pilots (kokeilut): the showcase, updates, lessons learned and following"),
        (name = "evaluation", description = "Criteria, evaluators, conflicts of interest, blind reviews, the ranking and review progress"),
        (name = "health", description = "Liveness and database check"),
        (name = "exports", description = "A call's proposals as CSV or JSON, for admins and its evaluators"),
        (name = "legal", description = "The privacy notice, the accessibility statement and the terms of use: reading, publishing new versions, accepting them"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".into());
        scheme.description = Some(
            "The `access_token` of `/auth/login`, `/auth/register` or `/auth/refresh`. The tokens \
             follow RFC8725 (JSON Web Token Best Current Practices): one algorithm (HS256) is \
             accepted, the issuer and expiry are checked, and each kind of token the server signs \
             has its own issuer, so that one cannot pass for another."
                .into(),
        );
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// Adds what every operation shares once the routes have added their paths: any
/// operation can fail on our side, so each lists a 500 problem; and every problem response
/// gets a description of its status and examples of its codes (see [`problem_responses`]).
pub fn complete(mut openapi: OpenApiDoc) -> OpenApiDoc {
    for item in openapi.paths.paths.values_mut() {
        for op in [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete]
            .into_iter()
            .flatten()
        {
            op.responses
                .responses
                .entry("500".into())
                .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Problem")));
        }
    }
    let Ok(mut value) = serde_json::to_value(&openapi) else { return openapi };
    control_free_texts(&mut value);
    problem_responses(&mut value);
    serde_json::from_value(value).unwrap_or(openapi)
}

/// The control characters no text may hold (`siilo_domain::text::forbidden_control`), as the
/// inside of a character class: every one in a one-line text, and all but tab and line breaks
/// in the multi-line fields of [`crate::extract::MULTI_LINE_FIELDS`].
const ONE_LINE_CONTROLS: &str = r"\u0000-\u001f\u007f-\u009f";
const MULTI_LINE_CONTROLS: &str = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f";

/// The pattern of a text free of `controls`, and not blank when `not_blank`. It ends with
/// `(?![\s\S])` rather than `$`, which some dialects (Python's) also match before a final
/// line break.
fn control_free(controls: &str, not_blank: bool) -> String {
    if not_blank {
        format!(r"^[^{controls}]*[^\s{controls}][^{controls}]*(?![\s\S])")
    } else {
        format!(r"^[^{controls}]*(?![\s\S])")
    }
}

/// Says in the contract what the server refuses with `control_character`: each free text of
/// a request body, and each text parameter, gets a pattern without them; and an
/// operation with parameters lists the 422 that a control character in one of them gets.
fn control_free_texts(doc: &mut Value) {
    let mut targets: Vec<(String, &'static str)> = Vec::new();
    bounded_uuids(doc);
    let schemas = doc.pointer("/components/schemas").cloned().unwrap_or(Value::Null);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (method, op) in item.iter_mut() {
            let base = format!("/paths/{}/{method}", path.replace('~', "~0").replace('/', "~1"));
            let body = "/requestBody/content/application~1json/schema";
            if let Some(schema) = op.pointer(body) {
                texts_in(schema, &schemas, format!("{base}{body}"), ONE_LINE_CONTROLS, 0, &mut targets);
            }
            let mut has_parameters = false;
            if let Some(parameters) = op.get("parameters").and_then(Value::as_array) {
                for (i, p) in parameters.iter().enumerate() {
                    if matches!(p.get("in").and_then(Value::as_str), Some("path" | "query")) {
                        has_parameters = true;
                        let pointer = format!("{base}/parameters/{i}/schema");
                        texts_in(&p["schema"], &schemas, pointer, ONE_LINE_CONTROLS, 0, &mut targets);
                    }
                }
            }
            if has_parameters && let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut)
            {
                responses.entry("422").or_insert_with(|| json!({ "$ref": "#/components/responses/Problem" }));
            }
        }
    }
    // A component reached twice is changed once; the first way in names its kind.
    let mut seen = std::collections::HashSet::new();
    targets.retain(|(pointer, _)| seen.insert(pointer.clone()));
    for (pointer, controls) in targets {
        if let Some(Value::Object(schema)) = doc.pointer_mut(&pointer) {
            let not_blank = schema.get("pattern").is_some_and(|p| p == r"\S");
            schema.insert("pattern".into(), Value::String(control_free(controls, not_blank)));
        }
    }
}

/// Gives every UUID its length, so that no schema leaves a text unbounded: the server reads
/// and writes UUIDs in their hyphenated form of 36 characters.
fn bounded_uuids(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("format").is_some_and(|f| f == "uuid") && !map.contains_key("maxLength") {
                map.insert("maxLength".into(), json!(36));
            }
            map.values_mut().for_each(bounded_uuids);
        }
        Value::Array(items) => items.iter_mut().for_each(bounded_uuids),
        _ => {}
    }
}

/// Collects the pointer of each free text in `schema` (at `pointer`) with the control
/// characters it may not hold, following `$ref`s into the component schemas.
fn texts_in(
    schema: &Value,
    schemas: &Value,
    pointer: String,
    class: &'static str,
    depth: usize,
    targets: &mut Vec<(String, &'static str)>,
) {
    if depth > 16 {
        return;
    }
    if let Some(name) =
        schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        if let Some(target) = schemas.get(name) {
            texts_in(target, schemas, format!("/components/schemas/{name}"), class, depth + 1, targets);
        }
        return;
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for (i, branch) in schema.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
            texts_in(branch, schemas, format!("{pointer}/{key}/{i}"), class, depth + 1, targets);
        }
    }
    let is = |t: &str| match schema.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(ts)) => ts.iter().any(|s| s == t),
        _ => false,
    };
    if let Some(items) = schema.get("items") {
        texts_in(items, schemas, format!("{pointer}/items"), class, depth + 1, targets);
    }
    for (key, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
        let class = if crate::extract::MULTI_LINE_FIELDS.contains(&key.as_str()) {
            MULTI_LINE_CONTROLS
        } else {
            class
        };
        texts_in(property, schemas, format!("{pointer}/properties/{key}"), class, depth + 1, targets);
    }
    // A format, an enum or a pattern of ASCII classes already rules control characters out;
    // `\S` (not blank) does not.
    let free = schema.get("format").is_none()
        && schema.get("enum").is_none()
        && schema.get("pattern").is_none_or(|p| p == r"\S");
    if is("string") && free {
        targets.push((pointer, class));
    }
}

/// The generic problem response of each status: its component name, what it means, and the
/// codes an operation that lists it without naming codes may answer with.
const STATUSES: [(&str, &str, &str, &[ErrorCode]); 13] = [
    (
        "400",
        "BadRequest",
        "The body is not one well-formed JSON document",
        &[ErrorCode::MalformedJson, ErrorCode::UnreadableBody],
    ),
    (
        "401",
        "Unauthorized",
        "No usable access token: missing, not ours, expired, or its session has ended",
        &[
            ErrorCode::Unauthenticated,
            ErrorCode::InvalidToken,
            ErrorCode::TokenExpired,
            ErrorCode::SessionEnded,
        ],
    ),
    (
        "403",
        "Forbidden",
        "The signed-in user may not do this: blocked, or without the role it needs",
        &[ErrorCode::AccountBlocked, ErrorCode::RoleRequired],
    ),
    ("404", "NotFound", "No such resource, or not one the viewer may see", &[ErrorCode::NotFound]),
    ("409", "Conflict", "The resource's current state does not allow this now", &[ErrorCode::CallNotOpen]),
    ("410", "Gone", "The emailed link has expired or was replaced by a newer one", &[ErrorCode::LinkExpired]),
    ("413", "PayloadTooLarge", "The body is larger than the server takes", &[ErrorCode::PayloadTooLarge]),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not sent as `application/json`",
        &[ErrorCode::UnsupportedMediaType],
    ),
    (
        "422",
        "UnprocessableEntity",
        "A field or parameter breaks a rule; `errors` names each with its own `code`",
        &[ErrorCode::ValidationFailed],
    ),
    (
        "429",
        "TooManyRequests",
        "Too many requests; `Retry-After` says how many seconds to wait",
        &[ErrorCode::RateLimited],
    ),
    (
        "500",
        "InternalServerError",
        "Something failed on the server's side; it is logged",
        &[ErrorCode::Internal],
    ),
    (
        "502",
        "BadGateway",
        "A service the server relies on (the single sign-on provider) does not answer",
        &[ErrorCode::SsoProviderUnavailable],
    ),
    ("503", "ServiceUnavailable", "The database does not answer", &[ErrorCode::DatabaseUnavailable]),
];

/// One real error of each code: the contract's examples are the bodies the server sends.
fn sample_errors() -> Vec<ApiError> {
    use DomainError as D;
    let rules = [
        D::EmailTaken,
        D::EmailDomainNotAllowed,
        D::PasswordEqualsEmail,
        D::PasswordTooWeak { field: "password" },
        D::PasswordUnchanged,
        D::InvalidCredentials,
        D::WrongCurrentPassword,
        D::AccountBlocked,
        D::LoginLocked { retry_after: Duration::from_secs(900) },
        D::RoleRequired(Role::Admin),
        D::SelfLockout,
        D::BlockReasonWithoutBlock,
        D::SessionEnded,
        D::RefreshTokenReused,
        D::RefreshTokenExpired,
        D::UnknownOrganisation,
        D::OrganisationCodeTaken,
        D::EmailDomainTaken,
        D::WindowOrder { field: "submissions_close_at" },
        D::SlugTaken,
        D::CallArchived,
        D::CallNotOpen,
        D::CallNotAcceptingThumbs,
        D::CallNotAcceptingComments,
        D::OwnProposal,
        D::ProposalWithdrawn,
        D::ProposalHidden,
        D::LimitReached,
        D::NotAuthor,
        D::ThemeNotInCall,
        D::CommentDeleted,
        D::ParentNotOnProposal,
        D::AlreadyReported,
        D::OwnContent,
        D::ContentNotVisible,
        D::ActionNotApplicable,
        D::NoOpenReports,
        D::NotAppealable,
        D::AlreadyAppealed,
        D::OwnModerationAction,
        D::AppealDecided,
        D::WrongPassword,
        D::LastAdmin,
        D::NotAssigned,
        D::ConflictOfInterest,
        D::CallNotInReview,
        D::CriteriaLocked,
        D::NoCriteria,
        D::ReviewIncomplete,
        D::ReviewSubmitted,
        D::ResultsPublished,
        D::ProposalNotDecidable,
        D::NotMergeable,
        D::ProposalNotSelected,
        D::NotPilotTeam,
        D::UserNotEvaluator,
        D::ProposalMerged,
        D::EmailUnverified,
        D::LinkInvalid,
        D::LinkExpired,
        D::EmailAlreadyVerified,
        D::EmailRecentlySent { retry_after: Duration::from_secs(60) },
        D::PasswordLoginDisabled,
        D::OrganisationNotAllowed,
        D::TermsNotAccepted,
        D::SsoNotConfigured,
        D::SsoStateInvalid,
        D::SsoTokenInvalid,
        D::SsoEmailUnverified,
        D::SsoEmailTaken,
        D::SsoProviderUnavailable,
        D::OrganisationParentInvalid,
        D::CoauthorAlreadyInvited,
        D::CoauthorNotAllowed,
        D::CoauthorLimitReached,
        D::InvitationAnswered,
        D::NotCallManager,
        D::OrganisationRequired,
    ];
    let mut errors: Vec<ApiError> = rules.into_iter().map(ApiError::Rule).collect();
    errors.extend([
        ApiError::Unauthenticated(AuthFailure::MissingToken),
        ApiError::Unauthenticated(AuthFailure::InvalidToken),
        ApiError::Unauthenticated(AuthFailure::TokenExpired),
        ApiError::Unauthenticated(AuthFailure::InvalidRefreshToken),
        ApiError::NotFound,
        ApiError::MalformedJson("trailing characters at line 1 column 3".into()),
        ApiError::UnreadableBody,
        ApiError::UnsupportedMediaType,
        ApiError::PayloadTooLarge { limit: 262_144 },
        ApiError::TooManyRequests { retry_after: Duration::from_secs(60) },
        ApiError::Unavailable,
        ApiError::Internal(String::new()),
    ]);
    errors
}

/// The example of `code`, with `validation` standing for `validation_failed` so that it
/// names a field of the operation at hand.
fn example_of(code: ErrorCode, validation: &ApiError) -> Option<Value> {
    let error = if code == ErrorCode::ValidationFailed {
        Some(validation.problem())
    } else {
        sample_errors().into_iter().find(|e| e.code() == code).map(|e| e.problem())
    }?;
    let problem = serde_json::to_value(error).ok()?;
    Some(json!({ "summary": problem.get("detail").cloned(), "value": problem }))
}

/// The codes a response's description names in backticks, in order.
fn named_codes(description: &str) -> Vec<ErrorCode> {
    description.split('`').skip(1).step_by(2).filter_map(|word| word.parse().ok()).collect()
}

/// A fitting `validation_failed` for an operation: the first text field of its body with
/// a length limit, else its `limit` parameter, else its first body field.
fn validation_sample(op: &Value, schemas: &Value) -> ApiError {
    let body = op
        .pointer("/requestBody/content/application~1json/schema/$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .and_then(|name| schemas.get(name))
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object);
    if let Some(properties) = body {
        let limited = properties.iter().find_map(|(name, p)| {
            let max = p.get("maxLength").and_then(Value::as_u64)?;
            let min = p.get("minLength").and_then(Value::as_u64).unwrap_or(0);
            Some((name, min, max))
        });
        if let Some((name, min, max)) = limited {
            return ApiError::field(name, ErrorCode::Length, format!("must be {min}–{max} characters long"));
        }
        if let Some(name) = properties.keys().next() {
            return ApiError::field(name, ErrorCode::InvalidType, "has the wrong type");
        }
    }
    let has_limit = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| ps.iter().any(|p| p["name"] == "limit"));
    if has_limit {
        ApiError::field("limit", ErrorCode::Range, "must be between 1 and 100")
    } else {
        ApiError::field("id", ErrorCode::InvalidQuery, "has the wrong type")
    }
}

/// Replaces the one generic `Problem` response with a response per status, and gives every
/// problem response a description of what its status means and an example body of each code
/// it names (or, when it names none, of its status's usual codes).
fn problem_responses(doc: &mut Value) {
    let schemas = doc.pointer("/components/schemas").cloned().unwrap_or(Value::Null);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for op in item.values_mut() {
            let validation = validation_sample(op, &schemas);
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else { continue };
            for (status, response) in responses.iter_mut() {
                let Some(&(_, name, meaning, usual)) = STATUSES.iter().find(|s| s.0 == status) else {
                    continue;
                };
                if response.get("$ref").is_some_and(|r| r == "#/components/responses/Problem") {
                    *response = json!({ "$ref": format!("#/components/responses/{name}") });
                    continue;
                }
                if response.pointer("/content/application~1problem+json").is_none() {
                    continue;
                }
                let description =
                    response.get("description").and_then(Value::as_str).unwrap_or("").to_owned();
                let named: Vec<ErrorCode> = named_codes(&description)
                    .into_iter()
                    .filter(|c| {
                        *c == ErrorCode::ValidationFailed || sample_errors().iter().any(|e| e.code() == *c)
                    })
                    .collect();
                let codes = if named.is_empty() { usual.to_vec() } else { named };
                let examples: Map<String, Value> = codes
                    .iter()
                    .filter_map(|c| Some((c.to_string(), example_of(*c, &validation)?)))
                    .collect();
                if let Some(content) = response.pointer_mut("/content/application~1problem+json") {
                    content["examples"] = Value::Object(examples);
                }
                if description.starts_with('`') {
                    response["description"] = Value::String(format!("{meaning}. Codes: {description}"));
                }
            }
        }
    }
    // Only the responses some operation names (Spectral's oas3-unused-component).
    let used = doc.get("paths").map(Value::to_string).unwrap_or_default();
    let mut components = Map::new();
    for (_, name, meaning, usual) in STATUSES {
        if !used.contains(&format!("\"#/components/responses/{name}\"")) {
            continue;
        }
        let validation = ApiError::field("title", ErrorCode::Length, "must be 5–140 characters long");
        let examples: Map<String, Value> =
            usual.iter().filter_map(|c| Some((c.to_string(), example_of(*c, &validation)?))).collect();
        components.insert(
            name.to_owned(),
            json!({
                "description": format!("{meaning}."),
                "content": { "application/problem+json": {
                    "schema": { "$ref": "#/components/schemas/Problem" },
                    "examples": examples,
                }},
            }),
        );
    }
    if let Some(c) = doc.get_mut("components").and_then(Value::as_object_mut) {
        c.insert("responses".into(), Value::Object(components));
    }
}

/// The document as the running server serves it.
pub fn document() -> OpenApiDoc {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(
            scope::scope("/api/v1").configure(crate::routes::configure(crate::rate_limit::auth_limit(600))),
        )
        .split_for_parts();
    complete(api)
}

/// The document as pretty JSON with a final newline, as committed.
pub fn to_pretty_json(doc: &OpenApiDoc) -> String {
    let mut s = doc.to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError;
    use strum::IntoEnumIterator;

    use super::*;
    use crate::error::Scope;

    #[test]
    fn every_error_is_a_problem_code_and_every_problem_code_has_an_example() {
        let samples = sample_errors();
        for e in &samples {
            assert!(matches!(e.code().scope(), Scope::Problem(_)), "{e:?} has the field code {}", e.code());
            assert_eq!(e.status_code(), e.problem().status, "{e:?}");
        }
        // `validation_failed` is sampled per operation; a 405 comes from no operation.
        let unsampled = [ErrorCode::ValidationFailed, ErrorCode::MethodNotAllowed];
        for code in ErrorCode::iter().filter(|c| matches!(c.scope(), Scope::Problem(_))) {
            assert!(
                unsampled.contains(&code) || samples.iter().any(|e| e.code() == code),
                "no sample error has the code {code}"
            );
        }
    }
}
