//! The error contract every client relies on: each refusal is `application/problem+json`
//! with the right status and a stable `code`, and every answer carries the same headers.

use reqwest::header::{
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ALLOW, CONTENT_TYPE, ORIGIN,
};
use reqwest::{Method, Response, StatusCode};
use rstest_reuse::apply;
use serde_json::json;

use crate::helpers::{Db, PASSWORD, TestApp, problem};
use crate::spawn;
use crate::util::both_dbs;

const FRONTEND: &str = "http://localhost:5173";

/// Sends `body` as it is, with the given content type (none when `None`).
async fn send_raw(
    app: &TestApp,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> Response {
    let mut req = app.client.request(method, app.url(path)).body(body.to_owned());
    if let Some(ct) = content_type {
        req = req.header(CONTENT_TYPE, ct);
    }
    req.send().await.expect("the request is sent")
}

fn registration() -> serde_json::Value {
    json!({ "email": "maija@vm.fi", "password": PASSWORD, "display_name": "Maija" })
}

/// The methods of an `Allow` header, sorted.
fn allowed(res: &Response) -> Vec<String> {
    let raw = res.headers().get(ALLOW).and_then(|v| v.to_str().ok()).expect("an Allow header");
    let mut methods: Vec<String> = raw.split(',').map(|m| m.trim().to_owned()).collect();
    methods.sort();
    methods
}

#[apply(both_dbs)]
async fn a_body_that_is_not_json_is_a_malformed_json_problem(db: Db) {
    let app = spawn!(db);

    let res =
        send_raw(&app, Method::POST, "/api/v1/auth/login", Some("application/json"), "{\"email\": ").await;

    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let p = problem(res).await;
    assert_eq!(p.code, "malformed_json");
    assert!(p.errors.is_empty());
}

#[apply(both_dbs)]
async fn a_body_not_declared_as_json_is_an_unsupported_media_type(db: Db) {
    let app = spawn!(db);
    let json = registration().to_string();

    let text = send_raw(&app, Method::POST, "/api/v1/auth/register", Some("text/plain"), &json).await;
    let none = send_raw(&app, Method::POST, "/api/v1/auth/register", None, &json).await;

    assert_eq!(text.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(problem(text).await.code, "unsupported_media_type");
    assert_eq!(none.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(problem(none).await.code, "unsupported_media_type");
    let with_charset =
        send_raw(&app, Method::POST, "/api/v1/auth/register", Some("application/json; charset=utf-8"), &json)
            .await;
    assert_eq!(with_charset.status(), StatusCode::CREATED, "a charset parameter is still JSON");
}

#[apply(both_dbs)]
async fn a_body_over_the_size_limit_is_refused(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.max_body_bytes = 1024;
    });
    let mut big = registration();
    big["display_name"] = json!("x".repeat(2048));
    assert!(big.to_string().len() > 2048);

    let res = app.register_raw(big).await;

    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem(res).await.code, "payload_too_large");
    let small = app.register_raw(registration()).await;
    assert_eq!(small.status(), StatusCode::CREATED, "a body under the limit is fine");
}

#[apply(both_dbs)]
async fn an_unknown_field_is_named_in_a_validation_problem(db: Db) {
    let app = spawn!(db);
    let mut body = registration();
    body["is_admin"] = json!(true);

    let res = app.register_raw(body).await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.fields(), ["is_admin:unknown_field"]);
    assert_eq!(app.login_raw("maija@vm.fi", PASSWORD).await.status(), StatusCode::UNAUTHORIZED, "no account");
}

#[apply(both_dbs)]
async fn a_field_of_the_wrong_type_is_a_validation_problem(db: Db) {
    let app = spawn!(db);
    let mut body = registration();
    body["email"] = json!(42);

    let res = app.register_raw(body).await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.errors.len(), 1, "{:?}", p.fields());
    assert_eq!(p.errors[0].field, "email");
}

#[apply(both_dbs)]
async fn a_missing_required_field_is_named_in_a_validation_problem(db: Db) {
    let app = spawn!(db);
    let mut body = registration();
    body.as_object_mut().expect("an object").remove("password");

    let res = app.register_raw(body).await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.fields(), ["password:required"]);
}

#[apply(both_dbs)]
async fn an_unknown_route_is_not_found(db: Db) {
    let app = spawn!(db);

    for path in ["/api/v1/nope", "/nope", "/api/v2/health"] {
        let res = app.get(path).await;

        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(problem(res).await.code, "not_found", "{path}");
    }
    let post = app.post("/api/v1/nope", json!({})).await;
    assert_eq!(post.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(post).await.code, "not_found");
}

#[apply(both_dbs)]
async fn a_wrong_method_on_a_route_is_not_allowed_and_says_which_are(db: Db) {
    let app = spawn!(db);

    for (method, path, expected) in [
        (Method::DELETE, "/api/v1/me", vec!["GET", "PATCH"]),
        (Method::GET, "/api/v1/auth/login", vec!["POST"]),
        (Method::PUT, "/api/v1/organisations", vec!["GET", "POST"]),
        (Method::DELETE, "/api/v1/users/0190b5d2-5f4c-7c1e-9a3b-2d4e6f8a0b1c", vec!["PATCH"]),
    ] {
        let res = app.request(method.clone(), path, None, None).await;

        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(allowed(&res), expected, "{method} {path}");
        assert_eq!(problem(res).await.code, "method_not_allowed", "{method} {path}");
    }
}

#[apply(both_dbs)]
async fn every_response_carries_a_request_id_and_security_headers(db: Db) {
    let app = spawn!(db);

    let responses = [
        ("health", app.get("/api/v1/health").await),
        ("organisations", app.get("/api/v1/organisations").await),
        ("401", app.get("/api/v1/me").await),
        ("404", app.get("/nope").await),
        ("405", app.request(Method::DELETE, "/api/v1/me", None, None).await),
        ("422", app.register_raw(json!({})).await),
        ("docs", app.get("/api/openapi.json").await),
    ];

    let mut ids = Vec::new();
    for (what, res) in &responses {
        let id = res.headers().get("x-request-id").and_then(|v| v.to_str().ok());
        assert!(id.is_some_and(|id| !id.is_empty()), "{what} has an x-request-id");
        ids.extend(id.map(str::to_owned));
        assert_eq!(
            res.headers().get("x-content-type-options").and_then(|v| v.to_str().ok()),
            Some("nosniff"),
            "{what}"
        );
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), responses.len(), "each request has its own id");
}

#[apply(both_dbs)]
async fn cors_lets_the_configured_origin_in_and_no_other(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| {
        c.cors_origins = vec![FRONTEND.into()];
    });
    let preflight = |origin: &'static str| {
        app.client
            .request(Method::OPTIONS, app.url("/api/v1/auth/login"))
            .header(ORIGIN, origin)
            .header(ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .send()
    };

    let ours = preflight(FRONTEND).await.expect("sent");
    let theirs = preflight("http://evil.example").await.expect("sent");

    assert!(ours.status().is_success(), "{}", ours.status());
    assert_eq!(ours.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).and_then(|v| v.to_str().ok()), Some(FRONTEND));
    assert!(theirs.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_none(), "{:?}", theirs.headers());

    let get = app.client.get(app.url("/api/v1/health")).header(ORIGIN, FRONTEND).send().await.expect("sent");
    assert_eq!(get.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).and_then(|v| v.to_str().ok()), Some(FRONTEND));
    let exposed =
        get.headers().get(ACCESS_CONTROL_EXPOSE_HEADERS).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(exposed.to_ascii_lowercase().contains("x-request-id"), "exposes x-request-id: {exposed:?}");
}
