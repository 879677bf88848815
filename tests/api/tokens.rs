//! Access tokens: what `/api/v1/me` makes of missing, expired, forged and malformed bearer
//! tokens. The tokens are forged here byte by byte, so their claims stay untyped JSON.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{TimeDelta, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::views::Me;
use crate::util::{Db, JWT_SECRET, Response, TestApp, both_dbs};

/// The claims of a JWT, read without checking it.
fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT has a payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON claims")
}

/// Claims like the server's own for this user and session, valid from `iat` for `ttl`.
fn claims(sub: &Value, sid: &Value, iat: chrono::DateTime<Utc>, ttl: TimeDelta) -> Value {
    json!({
        "sub": sub,
        "sid": sid,
        "iat": iat.timestamp(),
        "exp": (iat + ttl).timestamp(),
        "jti": Uuid::now_v7(),
        "iss": "siilo",
    })
}

fn sign(claims: &Value, algorithm: Algorithm, secret: &str) -> String {
    jsonwebtoken::encode(&Header::new(algorithm), claims, &EncodingKey::from_secret(secret.as_bytes()))
        .expect("a signed token")
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("JSON"))
}

/// `GET /me` with this `Authorization` header as it is.
async fn me_with_header(app: &TestApp, authorization: &str) -> Response {
    app.anon().request(reqwest::Method::GET, "/api/v1/me").header("authorization", authorization).send().await
}

/// `GET /me` with this bearer token.
async fn me_with_token(app: &TestApp, token: &str) -> Response {
    app.bearer(Some(token)).get("/api/v1/me").await
}

/// Asserts a 401 with this code and a `WWW-Authenticate: Bearer` challenge.
#[track_caller]
fn assert_refused(res: &Response, code: &str) {
    res.refused(StatusCode::UNAUTHORIZED, code);
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
}

// No token, no database work: this runs once, on SQLite.
#[tokio::test]
async fn a_request_without_a_token_is_asked_to_sign_in() {
    let app = TestApp::spawn_sqlite().await;

    let res = app.anon().get("/api/v1/me").await;

    assert_refused(&res, "unauthenticated");
}

#[apply(both_dbs)]
async fn a_token_past_its_expiry_is_refused_as_expired(db: Db) {
    let app = TestApp::spawn(db).await;
    let real = claims_of(&app.participant("maija").await.access_token);
    let an_hour_ago = Utc::now() - TimeDelta::hours(1);
    let expired =
        claims(&real["sub"], &real["sid"], an_hour_ago - TimeDelta::minutes(15), TimeDelta::minutes(15));
    let current = claims(&real["sub"], &real["sid"], Utc::now(), TimeDelta::minutes(15));

    let res = me_with_token(&app, &sign(&expired, Algorithm::HS256, JWT_SECRET)).await;

    assert_refused(&res, "token_expired");
    let same_but_current = me_with_token(&app, &sign(&current, Algorithm::HS256, JWT_SECRET)).await;
    assert_eq!(same_but_current.status(), StatusCode::OK);
    assert_eq!(same_but_current.json::<Me>().email, "maija@vm.fi");
}

#[apply(both_dbs)]
async fn a_token_with_a_tampered_payload_or_signature_is_invalid(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija").await;
    let admin = app.admin().await;
    let parts: Vec<&str> = maija.access_token.split('.').collect();
    let [header, payload, signature] = parts[..] else { panic!("a JWT has three parts") };
    let mut impersonating = claims_of(&maija.access_token);
    impersonating["sub"] = json!(admin.user_id);
    let mut forged_signature = signature.to_owned();
    let first = if forged_signature.starts_with('A') { "B" } else { "A" };
    forged_signature.replace_range(..1, first);

    let tampered_payload = format!("{header}.{}.{signature}", b64(&impersonating));
    let tampered_signature = format!("{header}.{payload}.{forged_signature}");

    assert_refused(&me_with_token(&app, &tampered_payload).await, "invalid_token");
    assert_refused(&me_with_token(&app, &tampered_signature).await, "invalid_token");
    assert_eq!(maija.get("/api/v1/me").await.good::<Me>().id, maija.user_id);
}

#[apply(both_dbs)]
async fn a_token_signed_with_another_secret_is_invalid(db: Db) {
    let app = TestApp::spawn(db).await;
    let real = claims_of(&app.participant("maija").await.access_token);
    let claims = claims(&real["sub"], &real["sid"], Utc::now(), TimeDelta::minutes(15));

    let res =
        me_with_token(&app, &sign(&claims, Algorithm::HS256, "another-secret-another-secret-another!")).await;

    assert_refused(&res, "invalid_token");
}

#[apply(both_dbs)]
async fn an_unsigned_alg_none_token_is_invalid(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija").await;
    let payload = maija.access_token.split('.').nth(1).expect("a payload");
    let header = b64(&json!({ "alg": "none", "typ": "JWT" }));

    let res = me_with_token(&app, &format!("{header}.{payload}.")).await;

    assert_refused(&res, "invalid_token");
}

#[apply(both_dbs)]
async fn a_token_of_another_algorithm_is_invalid_even_with_the_right_secret(db: Db) {
    let app = TestApp::spawn(db).await;
    let real = claims_of(&app.participant("maija").await.access_token);
    let claims = claims(&real["sub"], &real["sid"], Utc::now(), TimeDelta::minutes(15));

    let res = me_with_token(&app, &sign(&claims, Algorithm::HS512, JWT_SECRET)).await;

    assert_refused(&res, "invalid_token");
}

#[apply(both_dbs)]
async fn a_refresh_token_is_no_access_token(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija").await;

    let res = me_with_token(&app, &maija.refresh_token).await;

    assert_refused(&res, "invalid_token");
}

#[apply(both_dbs)]
async fn a_malformed_authorization_header_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = app.participant("maija").await;

    for header in ["Basic abc", "Bearer", "Bearer not.a.jwt", &format!("Token {}", maija.access_token)] {
        let res = me_with_header(&app, header).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{header}");
        assert_eq!(res.problem().code, "invalid_token", "{header}");
    }
    let lower_case_scheme = me_with_header(&app, &format!("bearer {}", maija.access_token)).await;
    assert_eq!(lower_case_scheme.status(), StatusCode::OK);
    assert_eq!(lower_case_scheme.json::<Me>().id, maija.user_id);
}

#[apply(both_dbs)]
async fn a_well_signed_token_of_a_session_that_does_not_exist_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let real = claims_of(&app.participant("maija").await.access_token);
    let claims = claims(&real["sub"], &json!(Uuid::now_v7()), Utc::now(), TimeDelta::minutes(15));

    let res = me_with_token(&app, &sign(&claims, Algorithm::HS256, JWT_SECRET)).await;

    assert_refused(&res, "session_ended");
}

#[apply(both_dbs)]
async fn a_well_signed_token_pairing_a_user_with_another_users_session_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let maija = claims_of(&app.participant("maija").await.access_token);
    let matti = claims_of(&app.participant("matti").await.access_token);
    let claims = claims(&maija["sub"], &matti["sid"], Utc::now(), TimeDelta::minutes(15));

    let res = me_with_token(&app, &sign(&claims, Algorithm::HS256, JWT_SECRET)).await;

    assert_refused(&res, "session_ended");
}
