//! The OpenAPI contract: the committed copy matches the code, the server serves it, every
//! operation is documented well enough to generate a client from, and Swagger UI shows it.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use serde_json::Value;

use crate::util::TestApp;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");

fn generated() -> String {
    siilo_server::openapi::to_pretty_json(&siilo_server::openapi::document())
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Every operation of the document, as `"METHOD /path"` and its object.
fn operations(doc: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.insert(format!("{} {path}", method.to_uppercase()), op.clone());
            }
        }
    }
    out
}

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let committed = std::fs::read_to_string(COMMITTED).expect("openapi/openapi.json is readable");
    let generated = generated();

    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `make openapi` and commit the result \
         (first differing line: {:?})",
        committed.lines().zip(generated.lines()).find(|(a, b)| a != b)
    );
}

#[test]
fn every_operation_is_documented_with_an_id_summary_tag_security_and_errors() {
    let doc: Value = serde_json::from_str(&generated()).expect("the document is JSON");
    let ops = operations(&doc);
    assert!(ops.len() >= 14, "found {} operations", ops.len());

    let mut problems = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (name, op) in &ops {
        match op["operationId"].as_str().filter(|id| !id.is_empty()) {
            Some(id) => {
                if let Some(other) = ids.insert(id.to_owned(), name.clone()) {
                    problems.push(format!("{name}: operationId {id:?} is also used by {other}"));
                }
            }
            None => problems.push(format!("{name}: no operationId")),
        }
        if op["summary"].as_str().is_none_or(|s| s.trim().is_empty()) {
            problems.push(format!("{name}: no summary"));
        }
        if op["tags"].as_array().is_none_or(Vec::is_empty) {
            problems.push(format!("{name}: no tag"));
        }
        if op["security"].as_array().is_none_or(Vec::is_empty) {
            problems.push(format!("{name}: no security entry (use security(()) for public operations)"));
        }
        let statuses: Vec<&str> =
            op["responses"].as_object().map(|r| r.keys().map(String::as_str).collect()).unwrap_or_default();
        if !statuses.contains(&"500") {
            problems.push(format!("{name}: does not list 500"));
        }
        // An operation that takes any input (parameters, a body, a token) can refuse it.
        let signed_in =
            op["security"].as_array().is_some_and(|s| s.iter().any(|e| e.get("bearer").is_some()));
        let takes_input = op.get("parameters").is_some() || op.get("requestBody").is_some() || signed_in;
        if takes_input && !statuses.iter().any(|s| s.starts_with('4')) {
            problems.push(format!("{name}: takes input but lists no 4xx response ({statuses:?})"));
        }
        if op.get("requestBody").is_some() {
            for needed in ["415", "422"] {
                if !statuses.contains(&needed) {
                    problems.push(format!("{name}: takes a body but does not list {needed}"));
                }
            }
        }
    }

    assert!(problems.is_empty(), "undocumented parts of the API:\n{}", problems.join("\n"));
}

// The document is the code's, whatever the database: this runs once, on SQLite.
#[tokio::test]
async fn the_server_serves_the_same_openapi_document() {
    let app = TestApp::spawn_sqlite().await;

    let res = app.anon().get("/api/openapi.json").await;

    assert_eq!(res.status(), StatusCode::OK);
    // The document itself is untyped JSON: it is compared whole.
    let served = res.value();
    assert_eq!(served["openapi"], "3.1.0");
    let expected: Value = serde_json::from_str(&generated()).expect("the document is JSON");
    assert!(served == expected, "the served document differs from siilo_server::openapi::document()");
}

#[tokio::test]
async fn the_api_docs_are_served_by_swagger_ui() {
    let app = TestApp::spawn_sqlite().await;
    let browser = app.anon();

    let redirect = browser.get("/api/docs").await;

    assert_eq!(redirect.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(redirect.header(LOCATION.as_str()), Some("/api/docs/"));

    let res = browser.get("/api/docs/").await;

    assert_eq!(res.status(), StatusCode::OK);
    let ct = res.header(CONTENT_TYPE.as_str()).unwrap_or("").to_owned();
    assert!(ct.starts_with("text/html"), "content type {ct:?}");
    let html = res.text();
    assert!(html.to_lowercase().contains("swagger"), "Swagger UI HTML: {html}");
}

#[test]
fn every_operation_and_response_has_a_description_and_every_problem_an_example_of_its_codes() {
    let doc: Value = serde_json::from_str(&generated()).expect("the document is JSON");
    let mut problems = Vec::new();
    let resolve = |r: &Value| -> Value {
        match r.get("$ref").and_then(Value::as_str) {
            Some(target) => doc.pointer(target.trim_start_matches('#')).cloned().unwrap_or(Value::Null),
            None => r.clone(),
        }
    };
    for (name, op) in operations(&doc) {
        if op["description"].as_str().is_none_or(|d| d.trim().is_empty()) {
            problems.push(format!("{name}: no description"));
        }
        for (status, response) in op["responses"].as_object().into_iter().flatten() {
            let response = resolve(response);
            if response["description"].as_str().is_none_or(|d| d.trim().is_empty()) {
                problems.push(format!("{name} {status}: no description"));
            }
            let Some(content) = response.pointer("/content/application~1problem+json") else { continue };
            let examples = content["examples"].as_object().cloned().unwrap_or_default();
            if examples.is_empty() {
                problems.push(format!("{name} {status}: a problem without an example"));
            }
            for (code, example) in &examples {
                if example.pointer("/value/status") != Some(&Value::from(status.parse::<u16>().unwrap_or(0)))
                {
                    problems.push(format!("{name} {status}: example {code} has another status"));
                }
                if example.pointer("/value/code").and_then(Value::as_str) != Some(code.as_str()) {
                    problems.push(format!("{name} {status}: example {code} shows another code"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_main_schemas_have_examples() {
    let doc: Value = serde_json::from_str(&generated()).expect("the document is JSON");
    for name in [
        "Proposal",
        "ProposalSummary",
        "Comment",
        "CommentThread",
        "Notification",
        "UserAdmin",
        "Call",
        "Me",
        "Organisation",
        "TokenResponse",
    ] {
        assert!(doc["components"]["schemas"][name].get("example").is_some(), "{name} has no example");
    }
}
