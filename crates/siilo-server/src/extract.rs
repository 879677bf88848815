//! Request body and query extraction with the error shape of the rest of the API: a JSON
//! body must say it is JSON, fit the size limit, be exactly one JSON object (nothing after
//! it), hold no control characters in its texts, have no unknown fields, and pass its
//! `validator` rules; each failure is its own problem+json. Query parameters and path
//! segments get the same control-character check in [`plain_parameters`].

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, ResponseError, dev::Payload, http::header, web};
use serde::de::DeserializeOwned;
use serde_json::Value;
use siilo_domain::text::{TextKind, forbidden_control};
use utoipa::ToSchema;
use validator::Validate;

use crate::error::{ApiError, ErrorCode, FieldError};

/// A JSON request body of type `T`, parsed and validated.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<T> std::ops::Deref for Body<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    let Some(ct) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn limit(req: &HttpRequest) -> usize {
    req.app_data::<web::Data<crate::state::AppState>>().map(|s| s.config.max_body_bytes).unwrap_or(256 * 1024)
}

/// Body fields that may run over several lines (tabs and line breaks allowed): a string
/// under one of these keys, at any depth (`description.fi`). Every other text is one line.
pub const MULTI_LINE_FIELDS: &[&str] = &[
    "summary",
    "challenge",
    "idea",
    "body",
    "description",
    "goal",
    "worked",
    "not_worked",
    "recommendations",
];

/// Parses `bytes` as exactly one JSON object of type `T`: nothing may follow the document,
/// the document must be an object (derived structs would also take an array), and no text
/// in it may hold a control character. Data errors name the offending field.
pub fn parse_json<T: DeserializeOwned + ToSchema>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut document: Value =
        serde_json::from_slice(bytes).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    if !document.is_object() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "",
            ErrorCode::InvalidType,
            "the body must be a JSON object",
        )]));
    }
    let mut errors = Vec::new();
    control_characters(&document, String::new(), TextKind::SingleLine, &mut errors);
    // Derived structs also take an array of their fields in order; the contract says where an
    // object belongs, so an array there is refused like any other wrong type.
    let schemas = request_schemas();
    match schemas.get(T::name().as_ref()) {
        Some(schema) => arrays_for_objects(&document, schema, schemas, String::new(), 0, &mut errors),
        None => return Err(ApiError::internal(format!("no schema for the request body {}", T::name()))),
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // JSON and the contract's `integer` do not tell 105 from 105.0; serde does, so a whole
    // number written with a fraction is read as the integer it is (found by schemathesis).
    let normalised;
    let bytes = if integral_floats(&mut document) {
        normalised = serde_json::to_vec(&document).map_err(|e| ApiError::internal(e.to_string()))?;
        normalised.as_slice()
    } else {
        bytes
    };
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value = typed(de)?;
    de.end().map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    Ok(value)
}

/// Turns each number of `value` that has a fraction of zero (`105.0`, `1e2`) and fits in the
/// exactly representable range into an integer; true when it changed any.
fn integral_floats(value: &mut Value) -> bool {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() <= EXACT => {
                #[allow(clippy::cast_possible_truncation)] // whole and within ±2^53: exact
                let whole = f as i64;
                *value = Value::from(whole);
                true
            }
            _ => false,
        },
        // Every item is visited: `any` would stop at the first change.
        Value::Array(items) => items.iter_mut().map(integral_floats).filter(|changed| *changed).count() > 0,
        Value::Object(fields) => {
            fields.values_mut().map(integral_floats).filter(|changed| *changed).count() > 0
        }
        Value::Null | Value::Bool(_) | Value::String(_) => false,
    }
}

/// Builds the schemas the body check reads, so that the first request does not.
pub fn warm_up() {
    request_schemas();
}

/// The contract's component schemas, as JSON, built once.
fn request_schemas() -> &'static serde_json::Map<String, Value> {
    static SCHEMAS: OnceLock<serde_json::Map<String, Value>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        serde_json::to_value(crate::openapi::document())
            .ok()
            .and_then(|doc| doc.get("components")?.get("schemas")?.as_object().cloned())
            .unwrap_or_default()
    })
}

/// `schema` with its `$ref` followed (to a depth, so a cycle cannot loop).
fn resolved<'a>(schema: &'a Value, schemas: &'a serde_json::Map<String, Value>) -> &'a Value {
    let mut current = schema;
    for _ in 0..8 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix("#/components/schemas/").and_then(|name| schemas.get(name)) {
                Some(next) => current = next,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

/// The alternatives a schema allows: itself, or each branch of its `oneOf`/`anyOf`.
fn alternatives<'a>(schema: &'a Value, schemas: &'a serde_json::Map<String, Value>) -> Vec<&'a Value> {
    let schema = resolved(schema, schemas);
    match schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
        Some(branches) => branches.iter().map(|b| resolved(b, schemas)).collect(),
        None => vec![schema],
    }
}

fn has_type(schema: &Value, name: &str) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(ts)) => ts.iter().any(|t| t.as_str() == Some(name)),
        _ => false,
    }
}

/// Collects an `invalid_type` error wherever `value` holds an array that the schema wants to
/// be an object, walking object properties and array items.
fn arrays_for_objects(
    value: &Value,
    schema: &Value,
    schemas: &serde_json::Map<String, Value>,
    path: String,
    depth: usize,
    errors: &mut Vec<FieldError>,
) {
    if depth > 16 {
        return;
    }
    let options = alternatives(schema, schemas);
    match value {
        Value::Array(items) => {
            if let Some(list) = options.iter().find(|o| has_type(o, "array")) {
                if let Some(item_schema) = list.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        let field = format!("{path}[{i}]");
                        arrays_for_objects(item, item_schema, schemas, field, depth + 1, errors);
                    }
                }
            } else if options.iter().any(|o| has_type(o, "object")) {
                errors.push(FieldError::new(
                    path,
                    ErrorCode::InvalidType,
                    "must be a JSON object, not an array",
                ));
            }
        }
        Value::Object(fields) => {
            let Some(object) = options.iter().find(|o| has_type(o, "object")) else { return };
            let Some(properties) = object.get("properties").and_then(Value::as_object) else { return };
            for (key, item) in fields {
                if let Some(property) = properties.get(key) {
                    let field = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                    arrays_for_objects(item, property, schemas, field, depth + 1, errors);
                }
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// A 422 item for a text holding `c`.
fn control_error(field: String, c: char) -> FieldError {
    FieldError::new(
        field,
        ErrorCode::ControlCharacter,
        format!("must not contain the control character U+{:04X}", u32::from(c)),
    )
}

/// Collects a `control_character` error for each string in `value` that breaks the rule.
fn control_characters(value: &Value, path: String, kind: TextKind, errors: &mut Vec<FieldError>) {
    match value {
        Value::String(text) => {
            if let Some(c) = forbidden_control(text, kind) {
                errors.push(control_error(path, c));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                control_characters(item, format!("{path}[{i}]"), kind, errors);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let field = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                if let Some(c) = forbidden_control(key, TextKind::SingleLine) {
                    errors.push(control_error(field.clone(), c));
                    continue;
                }
                let kind = if MULTI_LINE_FIELDS.contains(&key.as_str()) { TextKind::MultiLine } else { kind };
                control_characters(item, field, kind, errors);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn typed<'de, T: DeserializeOwned>(
    de: &mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>,
) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_data() {
            let message = inner.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
            let (field, code) = if let Some(unknown) = unknown_field(&message) {
                // The path already ends at the unknown key.
                (if path == "." { unknown } else { path }, ErrorCode::UnknownField)
            } else if message.starts_with("missing field") {
                let missing = message.split('`').nth(1).unwrap_or_default();
                (
                    if path == "." { missing.to_owned() } else { format!("{path}.{missing}") },
                    ErrorCode::Required,
                )
            } else {
                (if path == "." { String::new() } else { path }, ErrorCode::InvalidType)
            };
            ApiError::Validation(vec![FieldError::new(field, code, message)])
        } else {
            ApiError::MalformedJson(inner.to_string())
        }
    })
}

fn unknown_field(message: &str) -> Option<String> {
    message.strip_prefix("unknown field `").and_then(|rest| rest.split('`').next()).map(str::to_owned)
}

impl<T: DeserializeOwned + Validate + ToSchema + 'static> FromRequest for Body<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(req);
        let max = limit(req);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let bytes = bytes.await.map_err(|e| match e.as_error::<PayloadError>() {
                Some(PayloadError::Overflow) => ApiError::PayloadTooLarge { limit: max },
                _ if e.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE =>
                {
                    ApiError::PayloadTooLarge { limit: max }
                }
                _ => ApiError::UnreadableBody,
            })?;
            let value: T = parse_json(&bytes)?;
            value.validate()?;
            Ok(Body(value))
        })
    }
}

/// Query parameters of type `T`. Unlike `web::Query`, a value that does not parse (`seed`
/// above `u32`, an unknown `sort`) is a 422 that names its parameter.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Parses a query string as `T`, naming the parameter that does not fit.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let field = if path == "." { String::new() } else { path };
        ApiError::Validation(vec![FieldError::new(field, ErrorCode::InvalidQuery, message)])
    })
}

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

/// Malformed path segments (an id that is not a UUID) are a plain 404: no such resource.
pub fn path_error(_err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound.into()
}

/// Query strings that do not parse are a 422 naming the parameter when it can.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let message = match &err {
        QueryPayloadError::Deserialize(e) => e.to_string(),
        other => other.to_string(),
    };
    ApiError::Validation(vec![FieldError::new("", ErrorCode::InvalidQuery, message)]).into()
}

/// `web::Json` is not used for bodies (see [`Body`]), but its errors keep the shape too.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    match err {
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Overflow { limit } | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            ApiError::PayloadTooLarge { limit }
        }
        other => ApiError::MalformedJson(other.to_string()),
    }
    .into()
}

/// Refuses control characters in `/api/` query parameters (after URL decoding) and path
/// segments, with a 422 naming the parameter, before any handler sees them: they are one-line
/// texts by [`forbidden_control`], like every other client text.
pub async fn plain_parameters(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if !req.path().starts_with("/api/") {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let errors = parameter_errors(req.request());
    if errors.is_empty() {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let res = ApiError::Validation(errors).error_response();
    Ok(req.into_response(res).map_into_right_body())
}

fn parameter_errors(req: &HttpRequest) -> Vec<FieldError> {
    let mut errors = Vec::new();
    // Named after the route's placeholder (`/calls/{id}` → `id`) where a route matches.
    let pattern = req.match_pattern().unwrap_or_default();
    let mut names = pattern.split('/');
    for segment in req.path().split('/') {
        let name = names.next().and_then(|p| p.strip_prefix('{')).map(|p| {
            let p = p.trim_end_matches('}');
            p.split(':').next().unwrap_or(p).to_owned()
        });
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        if let Some(c) = forbidden_control(&decoded, TextKind::SingleLine) {
            errors.push(control_error(name.unwrap_or_else(|| "path".into()), c));
        }
    }
    for (key, value) in form_urlencoded::parse(req.query_string().as_bytes()) {
        if let Some(c) = forbidden_control(&key, TextKind::SingleLine)
            .or_else(|| forbidden_control(&value, TextKind::SingleLine))
        {
            errors.push(control_error(key.into_owned(), c));
        }
    }
    errors
}
