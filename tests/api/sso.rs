//! Single sign-on against a real OpenID Connect provider (tools/oidc-test-provider, started
//! per test): making, reusing and linking accounts, and refusing every answer that must not
//! sign anyone in.

use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, Value as SqlValue};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::oidc::{OidcProvider, with_query_param};
use crate::util::{Db, PASSWORD, Response, TestApp, both_dbs};

/// `POST /auth/sso/start`: the provider's authorization URL.
async fn start(app: &TestApp) -> String {
    let res = app.anon().post("/api/v1/auth/sso/start", &json!({})).await;
    let body: Value = res.good();
    body["authorization_url"].as_str().expect("authorization_url").to_owned()
}

async fn callback(app: &TestApp, code: &str, state: &str) -> Response {
    app.anon().post("/api/v1/auth/sso/callback", &json!({ "code": code, "state": state })).await
}

/// Starts a sign-in, signs in on the provider as `login`, and posts what came back.
async fn sign_in(app: &TestApp, provider: &OidcProvider, login: &str) -> Response {
    let back = provider.sign_in(&start(app).await, login).await;
    callback(app, back.code(), back.state()).await
}

/// [`sign_in`] that must succeed: the token response.
async fn signed_in(app: &TestApp, provider: &OidcProvider, login: &str) -> Value {
    let res = sign_in(app, provider, login).await;
    assert_eq!(res.status(), StatusCode::OK, "signing in {login} by SSO: {}", res.text());
    res.value()
}

async fn spawn(db: Db, provider: &OidcProvider) -> TestApp {
    TestApp::spawn_with(db, |c| provider.configure(c)).await
}

/// Sets (or clears) `users.email_verified_at` of the account with `email`, whatever the
/// registration did.
async fn set_verified(app: &TestApp, email: &str, verified: bool) {
    let at = if verified { SqlValue::from(chrono::Utc::now()) } else { SqlValue::ChronoDateTimeUtc(None) };
    let update = Query::update()
        .table(Alias::new("users"))
        .value(Alias::new("email_verified_at"), at)
        .and_where(Expr::col(Alias::new("email")).eq(email))
        .to_owned();
    let backend = app.db.get_database_backend();
    let done = app.db.execute_raw(backend.build(&update)).await.expect("set email_verified_at");
    assert_eq!(done.rows_affected(), 1, "{email} is registered");
}

/// Registers `email` with [`PASSWORD`] by the API, its address confirmed or not: the user id.
async fn registered(app: &TestApp, email: &str, verified: bool) -> Uuid {
    let user = app.register(email, "Rekisteröitynyt").await;
    set_verified(app, email, verified).await;
    user.user_id
}

fn user_id(tokens: &Value) -> Uuid {
    tokens["user"]["id"].as_str().and_then(|id| id.parse().ok()).expect("user.id")
}

async fn linked_identities(app: &TestApp, user: Uuid) -> u64 {
    siilo_store::oidc::identities_of(&app.db, user.into()).await.expect("count identities")
}

#[apply(both_dbs)]
async fn a_first_sign_in_makes_a_verified_account_in_its_domains_organisation_and_the_next_reuses_it(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;

    let first = signed_in(&app, &provider, "maija.meikalainen@vm.fi").await;
    assert_eq!(first["token_type"], "Bearer");
    let me = &first["user"];
    assert_eq!(me["email"], "maija.meikalainen@vm.fi");
    assert_eq!(me["display_name"], "Maija Meikalainen", "the provider's name claim");
    assert_eq!(me["email_verified"], true, "the provider vouched for the address");
    assert_eq!(me["has_password"], false);
    assert_eq!(me["organisation"]["code"], "VM", "the organisation of vm.fi");
    assert_eq!(me["roles"], json!(["participant"]));
    assert_eq!(me["language"], "fi");

    // The tokens are a real session: /me answers, and the refresh token rotates.
    let access = first["access_token"].as_str().unwrap();
    let again: Value = app.bearer(Some(access)).get("/api/v1/me").await.good();
    assert_eq!(again["id"], me["id"]);
    app.refresh(first["refresh_token"].as_str().unwrap()).await;

    // The personal data export shows the link.
    let export: Value = app.bearer(Some(access)).get("/api/v1/me/export").await.good();
    let identities = export["sso_identities"].as_array().expect("sso_identities");
    assert_eq!(identities.len(), 1, "{export}");
    assert_eq!(identities[0]["issuer"], provider.issuer.as_str());
    assert!(identities[0]["subject"].as_str().is_some_and(|s| s.starts_with("sub-")), "{export}");

    // A second sign-in, in another browser: the same account, not a new one.
    let second = signed_in(&app, &provider, "Maija.Meikalainen@vm.fi").await;
    assert_eq!(user_id(&second), user_id(&first));
    assert_ne!(second["refresh_token"], first["refresh_token"], "a session of its own");
    assert_eq!(linked_identities(&app, user_id(&first)).await, 1);
}

#[apply(both_dbs)]
async fn a_sign_in_links_the_account_that_has_confirmed_the_same_address(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    let liisa = registered(&app, "liisa@vm.fi", true).await;

    let tokens = signed_in(&app, &provider, "liisa@vm.fi").await;
    assert_eq!(user_id(&tokens), liisa, "the registered account, linked");
    assert_eq!(tokens["user"]["display_name"], "Rekisteröitynyt", "its own name stays");
    assert_eq!(tokens["user"]["has_password"], true);
    assert_eq!(linked_identities(&app, liisa).await, 1);

    // Linked once: the password still works, and the next sign-in goes by the link.
    app.login("liisa@vm.fi", PASSWORD).await;
    assert_eq!(user_id(&signed_in(&app, &provider, "liisa@vm.fi").await), liisa);
    assert_eq!(linked_identities(&app, liisa).await, 1);
}

#[apply(both_dbs)]
async fn an_unknown_state_is_refused_and_leaves_the_real_one_working(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    let back = provider.sign_in(&start(&app).await, "matti@vm.fi").await;

    callback(&app, back.code(), "not-the-state-we-gave")
        .await
        .refused(StatusCode::BAD_REQUEST, "sso_state_invalid");
    assert_eq!(callback(&app, back.code(), back.state()).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn a_state_works_once_even_when_sent_twice_at_the_same_moment(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;

    let back = provider.sign_in(&start(&app).await, "matti@vm.fi").await;
    assert_eq!(callback(&app, back.code(), back.state()).await.status(), StatusCode::OK);
    callback(&app, back.code(), back.state()).await.refused(StatusCode::BAD_REQUEST, "sso_state_invalid");

    let back = provider.sign_in(&start(&app).await, "matti@vm.fi").await;
    let (a, b) =
        tokio::join!(callback(&app, back.code(), back.state()), callback(&app, back.code(), back.state()));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::BAD_REQUEST], "{} / {}", a.text(), b.text());
    let refused = if a.status() == StatusCode::OK { b } else { a };
    refused.refused(StatusCode::BAD_REQUEST, "sso_state_invalid");
}

#[apply(both_dbs)]
async fn an_attempt_older_than_ten_minutes_is_refused(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    let back = provider.sign_in(&start(&app).await, "matti@vm.fi").await;

    let expire = Query::update()
        .table(Alias::new("oidc_flows"))
        .value(Alias::new("expires_at"), chrono::Utc::now() - chrono::TimeDelta::seconds(1))
        .to_owned();
    let backend = app.db.get_database_backend();
    app.db.execute_raw(backend.build(&expire)).await.expect("age the attempt");
    callback(&app, back.code(), back.state()).await.refused(StatusCode::BAD_REQUEST, "sso_state_invalid");
}

#[apply(both_dbs)]
async fn an_id_token_with_another_nonce_is_refused(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;

    let tampered = with_query_param(&start(&app).await, "nonce", "a-nonce-of-the-attackers-choosing");
    let back = provider.sign_in(&tampered, "matti@vm.fi").await;
    callback(&app, back.code(), back.state()).await.refused(StatusCode::UNAUTHORIZED, "sso_token_invalid");
}

#[apply(both_dbs)]
async fn an_expired_id_token_is_refused(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;

    provider.set_id_token_ttl(0).await;
    sign_in(&app, &provider, "matti@vm.fi").await.refused(StatusCode::UNAUTHORIZED, "sso_token_invalid");
    provider.set_id_token_ttl(300).await;
    signed_in(&app, &provider, "matti@vm.fi").await;
}

#[apply(both_dbs)]
async fn a_code_the_provider_does_not_know_is_refused(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    let back = provider.sign_in(&start(&app).await, "matti@vm.fi").await;

    callback(&app, "a-made-up-code", back.state())
        .await
        .refused(StatusCode::UNAUTHORIZED, "sso_token_invalid");
}

#[apply(both_dbs)]
async fn a_sign_in_after_the_provider_rotated_its_key_works(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    let first = signed_in(&app, &provider, "matti@vm.fi").await;

    provider.rotate_keys().await;
    let second = signed_in(&app, &provider, "matti@vm.fi").await;
    assert_eq!(user_id(&second), user_id(&first));
}

#[apply(both_dbs)]
async fn unknown_keys_make_siilo_fetch_the_key_set_at_most_once_a_minute(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    signed_in(&app, &provider, "matti@vm.fi").await;
    provider.rotate_keys().await;
    signed_in(&app, &provider, "matti@vm.fi").await;

    // Another new key within the minute: the key set is not fetched again, so a token
    // signed with a key Siilo has not seen is refused (as a forged one would be).
    provider.rotate_keys().await;
    sign_in(&app, &provider, "matti@vm.fi").await.refused(StatusCode::UNAUTHORIZED, "sso_token_invalid");
}

#[apply(both_dbs)]
async fn an_address_the_provider_has_not_verified_is_refused(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;

    sign_in(&app, &provider, "unverified.pekka@vm.fi")
        .await
        .refused(StatusCode::FORBIDDEN, "sso_email_unverified");
}

#[apply(both_dbs)]
async fn an_account_that_has_not_confirmed_the_address_is_not_taken_over(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    let squatter = registered(&app, "pekka@vm.fi", false).await;

    sign_in(&app, &provider, "pekka@vm.fi").await.refused(StatusCode::CONFLICT, "sso_email_taken");
    assert_eq!(linked_identities(&app, squatter).await, 0);
}

#[apply(both_dbs)]
async fn an_account_made_by_single_sign_on_has_no_password_to_log_in_with(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    signed_in(&app, &provider, "maija@vm.fi").await;

    for password in [PASSWORD, "!", " "] {
        let res = app
            .anon()
            .post("/api/v1/auth/login", &json!({ "email": "maija@vm.fi", "password": password }))
            .await;
        res.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
}

#[apply(both_dbs)]
async fn a_blocked_account_does_not_sign_in_by_single_sign_on(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    let maija = user_id(&signed_in(&app, &provider, "maija@vm.fi").await);
    let admin = app.admin().await;
    let res = admin.patch(&format!("/api/v1/users/{maija}"), &json!({ "blocked": true })).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text());

    sign_in(&app, &provider, "maija@vm.fi").await.refused(StatusCode::FORBIDDEN, "account_blocked");
}

#[apply(both_dbs)]
async fn an_erased_account_is_unlinked_and_the_next_sign_in_makes_a_new_one(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    let maija = user_id(&signed_in(&app, &provider, "maija@vm.fi").await);
    let admin = app.admin().await;
    let res = admin
        .request(reqwest::Method::DELETE, &format!("/api/v1/users/{maija}"))
        .json(&json!({ "reason": "asked to" }))
        .send()
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "{}", res.text());
    assert_eq!(linked_identities(&app, maija).await, 0, "erasure removes the link");

    let again = user_id(&signed_in(&app, &provider, "maija@vm.fi").await);
    assert_ne!(again, maija);
}

#[apply(both_dbs)]
async fn the_sign_in_page_learns_whether_single_sign_on_is_offered(db: Db) {
    let provider = OidcProvider::start().await;
    let app = TestApp::spawn_with(db, |c| {
        provider.configure(c);
        c.sso_only_domains = vec!["vm.fi".into()];
    })
    .await;
    let info: Value = app.anon().get("/api/v1/auth/sso").await.good();
    assert_eq!(info, json!({ "enabled": true, "name": "Testitunnistus", "sso_only_domains": ["vm.fi"] }));

    let url = reqwest::Url::parse(&start(&app).await).unwrap();
    assert!(url.as_str().starts_with(&format!("{}/auth?", provider.issuer)), "{url}");
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["client_id"], crate::util::oidc::CLIENT_ID);
    assert_eq!(query["redirect_uri"], format!("{}/sso/callback", crate::util::oidc::PUBLIC_URL));
    assert_eq!(query["scope"], "openid email profile");
    assert_eq!(query["code_challenge_method"], "S256");
    assert!(query["state"].len() >= 32 && query["nonce"].len() >= 32, "{query:?}");
}

#[apply(both_dbs)]
async fn without_a_provider_single_sign_on_is_not_offered(db: Db) {
    let app = TestApp::spawn(db).await;
    let info: Value = app.anon().get("/api/v1/auth/sso").await.good();
    assert_eq!(info, json!({ "enabled": false, "name": null, "sso_only_domains": [] }));
    app.anon()
        .post("/api/v1/auth/sso/start", &json!({}))
        .await
        .refused(StatusCode::NOT_FOUND, "sso_not_configured");
    callback(&app, "code", "state").await.refused(StatusCode::NOT_FOUND, "sso_not_configured");
}

#[apply(both_dbs)]
async fn a_provider_that_does_not_answer_is_a_502(db: Db) {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = TestApp::spawn_with(db, |c| {
        c.oidc = Some(siilo_server::config::OidcConfig {
            issuer: format!("http://127.0.0.1:{port}"),
            client_id: "siilo".into(),
            client_secret: "secret".to_owned().into(),
            display_name: "Poissa".into(),
        });
    })
    .await;
    app.anon()
        .post("/api/v1/auth/sso/start", &json!({}))
        .await
        .refused(StatusCode::BAD_GATEWAY, "sso_provider_unavailable");
}

#[apply(both_dbs)]
async fn a_provider_that_refuses_siilos_client_is_a_502_not_the_persons_fault(db: Db) {
    let provider = OidcProvider::start().await;
    let app = TestApp::spawn_with(db, |c| {
        provider.configure(c);
        if let Some(oidc) = c.oidc.as_mut() {
            oidc.client_secret = "not-the-registered-secret".to_owned().into();
        }
    })
    .await;
    sign_in(&app, &provider, "matti@vm.fi")
        .await
        .refused(StatusCode::BAD_GATEWAY, "sso_provider_unavailable");
}

#[apply(both_dbs)]
async fn the_callback_takes_a_code_and_a_state_of_bounded_length(db: Db) {
    let provider = OidcProvider::start().await;
    let app = spawn(db, &provider).await;
    for body in [
        json!({ "code": "c" }),
        json!({ "code": "", "state": "s" }),
        json!({ "code": "c", "state": "s".repeat(201) }),
        json!({ "code": "c".repeat(4097), "state": "s" }),
        json!({ "code": "c", "state": "s", "return_to": "/" }),
    ] {
        let res = app.anon().post("/api/v1/auth/sso/callback", &body).await;
        assert!(res.status().is_client_error(), "{body}: {}", res.text());
        assert_ne!(res.status(), StatusCode::NOT_FOUND);
    }
}
