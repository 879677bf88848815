//! The error contract every client relies on: each refusal is `application/problem+json`
//! with the right status and a stable `code`, and every answer carries the same headers.
//! Refusals that come before any database work run once, on SQLite.

use reqwest::header::{
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ALLOW, CONTENT_TYPE, ORIGIN,
};
use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use serde_json::json;

use crate::util::{Db, PASSWORD, Response, TestApp, both_dbs};

const FRONTEND: &str = "http://localhost:5173";

/// Sends `body` as it is, with the given content type (none when `None`).
async fn send_raw(
    app: &TestApp,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> Response {
    let mut req = app.anon().request(method, path).body(body.to_owned());
    if let Some(ct) = content_type {
        req = req.header(CONTENT_TYPE.as_str(), ct);
    }
    req.send().await
}

/// `POST /auth/register` with `body` as it is.
async fn register(app: &TestApp, body: &serde_json::Value) -> Response {
    app.anon().post("/api/v1/auth/register", body).await
}

fn registration() -> serde_json::Value {
    json!({ "email": "maija@vm.fi", "password": PASSWORD, "display_name": "Maija" })
}

/// The methods of an `Allow` header, sorted.
fn allowed(res: &Response) -> Vec<String> {
    let raw = res.header(ALLOW.as_str()).expect("an Allow header");
    let mut methods: Vec<String> = raw.split(',').map(|m| m.trim().to_owned()).collect();
    methods.sort();
    methods
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_malformed_json_problem() {
    let app = TestApp::spawn_sqlite().await;

    let res =
        send_raw(&app, Method::POST, "/api/v1/auth/login", Some("application/json"), "{\"email\": ").await;

    let p = res.refused(StatusCode::BAD_REQUEST, "malformed_json");
    assert!(p.errors.is_empty());
}

#[apply(both_dbs)]
async fn a_body_not_declared_as_json_is_an_unsupported_media_type(db: Db) {
    let app = TestApp::spawn(db).await;
    let json = registration().to_string();

    let text = send_raw(&app, Method::POST, "/api/v1/auth/register", Some("text/plain"), &json).await;
    let none = send_raw(&app, Method::POST, "/api/v1/auth/register", None, &json).await;

    text.refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    none.refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let with_charset =
        send_raw(&app, Method::POST, "/api/v1/auth/register", Some("application/json; charset=utf-8"), &json)
            .await;
    assert_eq!(with_charset.status(), StatusCode::CREATED, "a charset parameter is still JSON");
}

#[apply(both_dbs)]
async fn a_body_over_the_size_limit_is_refused(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.max_body_bytes = 1024;
    })
    .await;
    let mut big = registration();
    big["display_name"] = json!("x".repeat(2048));
    assert!(big.to_string().len() > 2048);

    let res = register(&app, &big).await;

    res.refused(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let small = register(&app, &registration()).await;
    assert_eq!(small.status(), StatusCode::CREATED, "a body under the limit is fine");
}

#[apply(both_dbs)]
async fn an_unknown_field_is_named_in_a_validation_problem(db: Db) {
    let app = TestApp::spawn(db).await;
    let mut body = registration();
    body["is_admin"] = json!(true);

    let res = register(&app, &body).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["is_admin:unknown_field"]);
    let login =
        app.anon().post("/api/v1/auth/login", &json!({ "email": "maija@vm.fi", "password": PASSWORD })).await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED, "no account");
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_a_validation_problem() {
    let app = TestApp::spawn_sqlite().await;
    let mut body = registration();
    body["email"] = json!(42);

    let res = register(&app, &body).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.errors.len(), 1, "{:?}", p.fields());
    assert_eq!(p.errors[0].field, "email");
}

#[tokio::test]
async fn a_missing_required_field_is_named_in_a_validation_problem() {
    let app = TestApp::spawn_sqlite().await;
    let mut body = registration();
    body.as_object_mut().expect("an object").remove("password");

    let res = register(&app, &body).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["password:required"]);
}

#[tokio::test]
async fn an_unknown_route_is_not_found() {
    let app = TestApp::spawn_sqlite().await;

    let visitor = app.anon();

    for path in ["/api/v1/nope", "/nope", "/api/v2/health"] {
        let res = visitor.get(path).await;

        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(res.problem().code, "not_found", "{path}");
    }
    visitor.post("/api/v1/nope", &json!({})).await.refused(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn a_wrong_method_on_a_route_is_not_allowed_and_says_which_are() {
    let app = TestApp::spawn_sqlite().await;

    for (method, path, expected) in [
        (Method::PUT, "/api/v1/me", vec!["DELETE", "GET", "PATCH"]),
        (Method::GET, "/api/v1/auth/login", vec!["POST"]),
        (Method::PUT, "/api/v1/organisations", vec!["GET", "POST"]),
        (Method::PUT, "/api/v1/users/0190b5d2-5f4c-7c1e-9a3b-2d4e6f8a0b1c", vec!["DELETE", "PATCH"]),
    ] {
        let res = app.anon().request(method.clone(), path).send().await;

        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(allowed(&res), expected, "{method} {path}");
        assert_eq!(res.problem().code, "method_not_allowed", "{method} {path}");
    }
}

#[apply(both_dbs)]
async fn every_response_carries_a_request_id_and_security_headers(db: Db) {
    let app = TestApp::spawn(db).await;

    let visitor = app.anon();

    let responses = [
        ("health", visitor.get("/api/v1/health").await),
        ("organisations", visitor.get("/api/v1/organisations").await),
        ("401", visitor.get("/api/v1/me").await),
        ("404", visitor.get("/nope").await),
        ("405", visitor.request(Method::DELETE, "/api/v1/me").send().await),
        ("422", register(&app, &json!({})).await),
        ("docs", visitor.get("/api/openapi.json").await),
    ];

    let mut ids = Vec::new();
    for (what, res) in &responses {
        let id = res.header("x-request-id");
        assert!(id.is_some_and(|id| !id.is_empty()), "{what} has an x-request-id");
        ids.extend(id.map(str::to_owned));
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"), "{what}");
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), responses.len(), "each request has its own id");
}

#[apply(both_dbs)]
async fn cors_lets_the_configured_origin_in_and_no_other(db: Db) {
    let app = TestApp::spawn_with(db, |c: &mut siilo_server::Config| {
        c.cors_origins = vec![FRONTEND.into()];
    })
    .await;
    let browser = app.anon();
    let preflight = |origin: &'static str| {
        browser
            .request(Method::OPTIONS, "/api/v1/auth/login")
            .header(ORIGIN.as_str(), origin)
            .header(ACCESS_CONTROL_REQUEST_METHOD.as_str(), "POST")
            .header(ACCESS_CONTROL_REQUEST_HEADERS.as_str(), "content-type")
            .send()
    };

    let ours = preflight(FRONTEND).await;
    let theirs = preflight("http://evil.example").await;

    assert!(ours.status().is_success(), "{}", ours.status());
    assert_eq!(ours.header(ACCESS_CONTROL_ALLOW_ORIGIN.as_str()), Some(FRONTEND));
    assert!(theirs.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none(), "{:?}", theirs.headers());

    let get = browser.request(Method::GET, "/api/v1/health").header(ORIGIN.as_str(), FRONTEND).send().await;
    assert_eq!(get.header(ACCESS_CONTROL_ALLOW_ORIGIN.as_str()), Some(FRONTEND));
    let exposed = get.header(ACCESS_CONTROL_EXPOSE_HEADERS.as_str()).unwrap_or("");
    assert!(exposed.to_ascii_lowercase().contains("x-request-id"), "exposes x-request-id: {exposed:?}");
}
