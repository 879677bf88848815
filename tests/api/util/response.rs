//! A response read at once: status, headers and body, with typed readers.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::views::Problem;

#[derive(Debug, Clone)]
pub struct Response {
    /// `METHOD path`, for assertion messages.
    request: String,
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Response {
    pub(super) async fn read(request: String, res: reqwest::Response) -> Response {
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.bytes().await.expect("the response body is read").to_vec();
        Response { request, status, headers, body }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's value as text, if it is there.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `content-type` header, or `""`.
    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body deserialised as `T`, whatever the status.
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        match serde_json::from_slice(&self.body) {
            Ok(v) => v,
            Err(e) => panic!(
                "{} answered {} with a body that is not a {}: {e}\n{}",
                self.request,
                self.status,
                std::any::type_name::<T>(),
                self.text()
            ),
        }
    }

    /// The body as untyped JSON, for the rare test that looks at the wire's shape itself.
    #[track_caller]
    pub fn value(&self) -> serde_json::Value {
        self.json()
    }

    /// Asserts a 2xx status and deserialises the body as `T`.
    #[track_caller]
    pub fn good<T: DeserializeOwned>(&self) -> T {
        assert!(self.status.is_success(), "{} answered {}: {}", self.request, self.status, self.text());
        self.json()
    }

    /// Asserts `200 OK` and deserialises the body as `T`.
    #[track_caller]
    pub fn ok<T: DeserializeOwned>(&self) -> T {
        self.expect(StatusCode::OK).json()
    }

    /// Asserts `201 Created` and deserialises the body as `T`.
    #[track_caller]
    pub fn created<T: DeserializeOwned>(&self) -> T {
        self.expect(StatusCode::CREATED).json()
    }

    /// Asserts `status` and returns the response, for chaining: `res.expect(StatusCode::CREATED).json()`.
    #[track_caller]
    pub fn expect(&self, status: StatusCode) -> &Response {
        assert_eq!(self.status, status, "{} answered: {}", self.request, self.text());
        self
    }

    /// Reads the body as problem+json, asserting the content type, `status` agreeing with the
    /// response, `type` `about:blank`, and a title and detail.
    #[track_caller]
    pub fn problem(&self) -> Problem {
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "{} answered {}: {}",
            self.request,
            self.status,
            self.text()
        );
        let p: Problem = self.json();
        assert_eq!(p.status, self.status.as_u16());
        assert_eq!(p.type_, "about:blank");
        assert!(!p.title.is_empty() && !p.detail.is_empty(), "a problem has a title and a detail: {p:?}");
        p
    }

    /// Asserts `status` and a problem with `code`; returns the problem for further checks.
    #[track_caller]
    pub fn refused(&self, status: StatusCode, code: &str) -> Problem {
        assert_eq!(self.status, status, "{} answered: {}", self.request, self.text());
        let p = self.problem();
        assert_eq!(p.code, code, "{} answered: {}", self.request, self.text());
        p
    }
}
