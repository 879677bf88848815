//! Request body and query extraction with the error shape of the rest of the API: a JSON
//! body must say it is JSON, fit the size limit, parse, have no unknown fields, and pass
//! its `validator` rules; each failure is its own problem+json.

use std::future::Future;
use std::pin::Pin;

use actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError};
use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::{ApiError, FieldError};

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

/// Parses `bytes` as `T`, naming the offending field for data errors.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_data() {
            let message = inner.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
            let (field, code) = if let Some(unknown) = unknown_field(&message) {
                // The path already ends at the unknown key.
                (if path == "." { unknown } else { path }, "unknown_field")
            } else if message.starts_with("missing field") {
                let missing = message.split('`').nth(1).unwrap_or_default();
                (if path == "." { missing.to_owned() } else { format!("{path}.{missing}") }, "required")
            } else {
                (if path == "." { String::new() } else { path }, "invalid_type")
            };
            ApiError::Validation(vec![FieldError { field, code: code.into(), message }])
        } else {
            ApiError::MalformedJson(inner.to_string())
        }
    })
}

fn unknown_field(message: &str) -> Option<String> {
    message.strip_prefix("unknown field `").and_then(|rest| rest.split('`').next()).map(str::to_owned)
}

impl<T: DeserializeOwned + Validate + 'static> FromRequest for Body<T> {
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
                _ => ApiError::BadRequest {
                    code: "unreadable_body",
                    detail: "The request body could not be read.".into(),
                },
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
        ApiError::Validation(vec![FieldError { field, code: "invalid_query".into(), message }])
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
    ApiError::Validation(vec![FieldError { field: String::new(), code: "invalid_query".into(), message }])
        .into()
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
