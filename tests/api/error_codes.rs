//! The codes on the wire are the contract's `ErrorCode` values, unchanged since they were
//! strings: whatever the server refuses, each `code` (of the problem and of its field errors)
//! is one the contract lists, and the problems built outside the handlers keep their bodies.

use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::util::views::{Call, Proposal};
use crate::util::{Db, PASSWORD, TestApp, both_dbs};

/// The values of the contract's `ErrorCode` enum.
fn contract_codes() -> Vec<String> {
    let doc = serde_json::to_value(siilo_server::openapi::document()).expect("the document is JSON");
    doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .expect("the contract has an ErrorCode enum")
        .iter()
        .map(|v| v.as_str().expect("a string code").to_owned())
        .collect()
}

fn registration(overrides: Value) -> Value {
    let mut body = json!({ "email": "maija@vm.fi", "password": PASSWORD, "display_name": "Maija" });
    if let (Some(b), Some(o)) = (body.as_object_mut(), overrides.as_object()) {
        b.extend(o.clone());
    }
    body
}

#[apply(both_dbs)]
async fn field_errors_carry_codes_of_the_contract(db: Db) {
    let app = TestApp::spawn(db).await;
    let codes = contract_codes();
    let anon = app.anon();

    for (overrides, expected) in [
        (json!({ "nickname": "Maikki" }), "nickname:unknown_field"),
        (json!({ "display_name": "Mai\u{7}ja" }), "display_name:control_character"),
        (json!({ "display_name": 5 }), "display_name:invalid_type"),
        (json!({ "display_name": " " }), "display_name:required"),
    ] {
        let res = anon.post("/api/v1/auth/register", &registration(overrides)).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{expected}");
        let p = res.problem();
        assert_eq!(p.code, "validation_failed", "{expected}");
        assert_eq!(p.fields(), vec![expected.to_owned()]);
        assert!(p.errors.iter().all(|e| codes.contains(&e.code)), "{:?}", p.errors);
    }
}

#[apply(both_dbs)]
async fn refusals_and_problems_built_outside_handlers_keep_their_bodies(db: Db) {
    let app = TestApp::spawn(db).await;
    let codes = contract_codes();
    let anon = app.anon();

    let wrong_method = anon.request(Method::GET, "/api/v1/auth/login").send().await;
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    // The whole body, raw: a problem built by the router's fallback has these members and
    // no others (no `errors`), which a typed view would not show.
    assert_eq!(
        wrong_method.value(),
        json!({
            "type": "about:blank",
            "title": "Method Not Allowed",
            "status": 405,
            "detail": "GET is not allowed here; allowed: POST.",
            "code": "method_not_allowed",
        })
    );

    let missing_token = anon.get("/api/v1/me").await;
    assert_eq!(missing_token.status(), StatusCode::UNAUTHORIZED);
    let p = missing_token.problem();
    assert_eq!(p.code, "unauthenticated");
    assert!(codes.contains(&p.code));

    let admin = app.admin().await;
    let call = admin.open_call().await;
    let seen: Call = anon.get(&format!("/api/v1/calls/{}", call.id)).await.json();
    for (refusal, value) in [
        ("submit_refusal", &seen.viewer.submit_refusal),
        ("thumb_refusal", &seen.viewer.thumb_refusal),
        ("comment_refusal", &seen.viewer.comment_refusal),
    ] {
        assert_eq!(value.as_deref(), Some("unauthenticated"), "{refusal}");
    }
    let author = app.participant("aino").await;
    let proposal = author.submit(&call).await;
    let own: Proposal = author.get(&format!("/api/v1/proposals/{}", proposal.id)).await.json();
    assert_eq!(own.thumb_refusal.as_deref(), Some("own_proposal"));
    assert_eq!(own.edit_refusal, None);
    assert!(codes.iter().any(|c| c == "own_proposal"));
}
