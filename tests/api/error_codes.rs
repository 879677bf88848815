//! The codes on the wire are the contract's `ErrorCode` values, unchanged since they were
//! strings: whatever the server refuses, each `code` (of the problem and of its field errors)
//! is one the contract lists, and the problems built outside the handlers keep their bodies.

use reqwest::{Method, StatusCode};
use rstest::rstest;
use serde_json::{Value, json};

use crate::helpers::{Db, PASSWORD, body, problem};
use crate::spawn;

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

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn field_errors_carry_codes_of_the_contract(#[case] db: Db) {
    let app = spawn!(db);
    let codes = contract_codes();

    for (overrides, expected) in [
        (json!({ "nickname": "Maikki" }), "nickname:unknown_field"),
        (json!({ "display_name": "Mai\u{7}ja" }), "display_name:control_character"),
        (json!({ "display_name": 5 }), "display_name:invalid_type"),
        (json!({ "display_name": " " }), "display_name:required"),
    ] {
        let res = app.register_raw(registration(overrides)).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{expected}");
        let p = problem(res).await;
        assert_eq!(p.code, "validation_failed", "{expected}");
        assert_eq!(p.fields(), vec![expected.to_owned()]);
        assert!(p.errors.iter().all(|e| codes.contains(&e.code)), "{:?}", p.errors);
    }
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn refusals_and_problems_built_outside_handlers_keep_their_bodies(#[case] db: Db) {
    let app = spawn!(db);
    let codes = contract_codes();

    let wrong_method = app.request(Method::GET, "/api/v1/auth/login", None, None).await;
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        body(wrong_method).await,
        json!({
            "type": "about:blank",
            "title": "Method Not Allowed",
            "status": 405,
            "detail": "GET is not allowed here; allowed: POST.",
            "code": "method_not_allowed",
        })
    );

    let missing_token = app.get("/api/v1/me").await;
    assert_eq!(missing_token.status(), StatusCode::UNAUTHORIZED);
    let p = problem(missing_token).await;
    assert_eq!(p.code, "unauthenticated");
    assert!(codes.contains(&p.code));

    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let seen = body(app.get(&format!("/api/v1/calls/{}", call.id)).await).await;
    for refusal in ["submit_refusal", "thumb_refusal", "comment_refusal"] {
        assert_eq!(seen["viewer"][refusal], "unauthenticated", "{refusal}");
    }
    let author = app.participant("aino").await;
    let proposal = app.submit(&author, &call).await;
    let own =
        body(app.get_as(&author, &format!("/api/v1/proposals/{}", proposal["id"].as_str().unwrap())).await)
            .await;
    assert_eq!(own["thumb_refusal"], "own_proposal");
    assert_eq!(own["edit_refusal"], Value::Null);
    assert!(codes.iter().any(|c| c == "own_proposal"));
}
