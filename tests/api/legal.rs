//! The legal pages: the seeded first versions read by anyone, admins publishing new ones
//! (rendered safely), and the users who must accept a new version of the terms of use or of
//! the privacy notice before they take part again.

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::util::{Client, Db, PASSWORD, TestApp, User, both_dbs};

const KINDS: [(&str, [&str; 3]); 3] = [
    ("privacy", ["Tietosuojaseloste", "Dataskyddsbeskrivning", "Privacy notice"]),
    ("accessibility", ["Saavutettavuusseloste", "Tillgänglighetsutlåtande", "Accessibility statement"]),
    ("terms", ["Käyttöehdot", "Användarvillkor", "Terms of use"]),
];

/// A new version's body: every language given, unless `overrides` changes it.
fn version_body(marker: &str) -> Value {
    json!({
        "title": { "fi": format!("Otsikko {marker}"), "sv": format!("Rubrik {marker}"), "en": format!("Title {marker}") },
        "body": {
            "fi": format!("## Muutokset\n\nVersio **{marker}**."),
            "sv": format!("## Ändringar\n\nVersion **{marker}**."),
            "en": format!("## Changes\n\nVersion **{marker}**."),
        },
    })
}

async fn publish(admin: &User, kind: &str, marker: &str) -> Value {
    admin.put(&format!("/api/v1/legal/{kind}"), &version_body(marker)).await.created()
}

async fn must_accept(user: &Client) -> Vec<String> {
    let me: Value = user.get("/api/v1/me").await.ok();
    serde_json::from_value(me["must_accept"].clone()).expect("must_accept is a list of kinds")
}

async fn accept(user: &Client, terms: i64, privacy: i64) -> reqwest::StatusCode {
    let body = json!({ "terms_version": terms, "privacy_version": privacy });
    user.post("/api/v1/me/legal-acceptance", &body).await.status()
}

/// Registers `email` with the body `extra` merged in, answering as the server does.
async fn register_with(app: &TestApp, email: &str, extra: Value) -> crate::util::Response {
    let mut body = json!({ "email": email, "password": PASSWORD, "display_name": "Kaisa" });
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        b.extend(e);
    }
    app.anon().post("/api/v1/auth/register", &body).await
}

#[apply(both_dbs)]
async fn the_seeded_pages_are_readable_by_visitors_in_three_languages(db: Db) {
    let app = TestApp::spawn(db).await;
    let anon = app.anon();
    for (kind, titles) in KINDS {
        let page: Value = anon.get(&format!("/api/v1/legal/{kind}")).await.ok();
        assert_eq!(page["kind"], kind);
        assert_eq!(page["version"], 1);
        for (lang, title) in ["fi", "sv", "en"].into_iter().zip(titles) {
            assert_eq!(page["title"][lang], title, "{kind} {lang}");
            let body = page["body"][lang].as_str().unwrap();
            let html = page["body_html"][lang].as_str().unwrap();
            assert!(body.len() > 2000, "{kind} {lang} is a real text");
            assert!(body.starts_with(|c: char| c.is_alphabetic()), "{kind} {lang} starts with its lead");
            assert!(html.contains("<h2>"), "{kind} {lang} is rendered: {html:.200}");
            assert!(html.contains("<br>"), "{kind} {lang}: an address keeps its lines");
        }
        let versions: Value = anon.get(&format!("/api/v1/legal/{kind}/versions")).await.ok();
        assert_eq!(versions["items"].as_array().unwrap().len(), 1);
        assert_eq!(versions["items"][0]["version"], 1);
        assert_eq!(versions["items"][0]["title"]["sv"], titles[1]);
        let first: Value = anon.get(&format!("/api/v1/legal/{kind}/versions/1")).await.ok();
        assert_eq!(first, page);
    }
    // What each page must say.
    let privacy: Value = anon.get("/api/v1/legal/privacy").await.ok();
    for needle in ["6 artiklan 1 kohdan e alakohta", "Tietosuojavaltuutetun", "ETA:n ulkopuolelle"] {
        assert!(privacy["body"]["fi"].as_str().unwrap().contains(needle), "privacy notice: {needle}");
    }
    let accessibility: Value = anon.get("/api/v1/legal/accessibility").await.ok();
    for needle in ["WCAG 2.1", "306/2019", "saavutettavuusvaatimukset.fi", "Traficom", "14 päivän"] {
        assert!(accessibility["body"]["fi"].as_str().unwrap().contains(needle), "accessibility: {needle}");
    }
    assert_eq!(anon.get("/api/v1/legal/cookies").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(anon.get("/api/v1/legal/terms/versions/2").await.status(), StatusCode::NOT_FOUND);
}

#[apply(both_dbs)]
async fn an_admin_publishes_a_new_version_rendered_safely(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mut body = version_body("2");
    body["body"]["en"] = json!(
        "## Changes\n\n**bold** [click](javascript:alert(1)) ![pixel](https://example.com/p.gif)\n\n<script>alert('x')</script>"
    );
    body["title"]["fi"] = json!("  Käyttöehdot 2027  ");

    let res = admin.put("/api/v1/legal/terms", &body).await;

    let published: Value = res.created();
    assert_eq!(res.header("location"), Some("/api/v1/legal/terms/versions/2"));
    assert_eq!(published["version"], 2);
    assert_eq!(published["title"]["fi"], "Käyttöehdot 2027", "trimmed");
    let html = published["body_html"]["en"].as_str().unwrap();
    assert!(html.contains("<h2>Changes</h2>"), "{html}");
    assert!(html.contains("<strong>bold</strong>"), "{html}");
    assert!(!html.contains("<script"), "no script element: {html}");
    assert!(!html.contains("javascript:"), "no script link: {html}");
    assert!(!html.contains("<img"), "no image loads by itself: {html}");
    assert!(html.contains("&lt;script&gt;"), "raw HTML shows as text: {html}");

    let anon = app.anon();
    let current: Value = anon.get("/api/v1/legal/terms").await.ok();
    assert_eq!(current, published);
    let versions: Value = anon.get("/api/v1/legal/terms/versions").await.ok();
    let numbers: Vec<i64> =
        versions["items"].as_array().unwrap().iter().map(|v| v["version"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [2, 1]);
    let first: Value = anon.get("/api/v1/legal/terms/versions/1").await.ok();
    assert_eq!(first["title"]["fi"], "Käyttöehdot", "the first version stays as it was");
    // Other pages are untouched.
    let privacy: Value = anon.get("/api/v1/legal/privacy").await.ok();
    assert_eq!(privacy["version"], 1);
}

#[apply(both_dbs)]
async fn only_admins_publish(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let moderator = app.moderator("mona").await;

    let res = alice.put("/api/v1/legal/terms", &version_body("2")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.problem().code, "role_required");
    let res = moderator.put("/api/v1/legal/privacy", &version_body("2")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.anon().put("/api/v1/legal/terms", &version_body("2")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let terms: Value = app.anon().get("/api/v1/legal/terms").await.ok();
    assert_eq!(terms["version"], 1);
}

#[apply(both_dbs)]
async fn a_version_needs_every_language(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    let mut missing = version_body("2");
    missing["title"].as_object_mut().unwrap().remove("sv");
    let res = admin.put("/api/v1/legal/terms", &missing).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = res.problem();
    assert_eq!(problem.code, "validation_failed");
    assert_eq!((problem.errors[0].field.as_str(), problem.errors[0].code.as_str()), ("title.sv", "required"));

    let mut blank = version_body("2");
    blank["body"]["en"] = json!(" \n ");
    blank["title"]["fi"] = json!("x".repeat(201));
    let res = admin.put("/api/v1/legal/privacy", &blank).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let errors: Vec<(String, String)> = res.problem().errors.into_iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(
        errors,
        [("title.fi".to_owned(), "length".to_owned()), ("body.en".to_owned(), "required".to_owned())]
    );

    for kind in ["terms", "privacy"] {
        let page: Value = app.anon().get(&format!("/api/v1/legal/{kind}")).await.ok();
        assert_eq!(page["version"], 1, "nothing published");
    }
}

#[apply(both_dbs)]
async fn users_on_the_old_terms_accept_the_new_ones_before_taking_part(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    alice.submit(&call).await;
    assert_eq!(must_accept(&alice).await, Vec::<String>::new());

    publish(&admin, "terms", "2").await;

    assert_eq!(must_accept(&alice).await, ["terms"]);
    let res = alice.submit_with(&call, json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.problem().code, "terms_not_accepted");

    // The version shown before the new one was published is not enough.
    let res =
        alice.post("/api/v1/me/legal-acceptance", &json!({ "terms_version": 1, "privacy_version": 1 })).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.problem().code, "terms_not_accepted");
    assert_eq!(accept(&alice, 2, 2).await, StatusCode::FORBIDDEN, "no such privacy notice");
    assert_eq!(must_accept(&alice).await, ["terms"]);

    let res =
        alice.post("/api/v1/me/legal-acceptance", &json!({ "terms_version": 2, "privacy_version": 1 })).await;
    let me: Value = res.ok();
    assert_eq!(me["must_accept"], json!([]));
    assert_eq!(me["id"], json!(alice.user_id));
    alice.submit(&call).await;
    // What was accepted is part of the user's data.
    let export: Value = alice.get("/api/v1/me/export").await.ok();
    assert_eq!(export["profile"]["terms_version"], 2);
    assert_eq!(export["profile"]["privacy_version"], 1);
}

#[apply(both_dbs)]
async fn a_new_privacy_notice_asks_again_and_an_accessibility_statement_asks_nobody(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;

    publish(&admin, "accessibility", "2").await;
    assert_eq!(must_accept(&alice).await, Vec::<String>::new());
    alice.submit(&call).await;

    publish(&admin, "privacy", "2").await;
    publish(&admin, "terms", "2").await;
    publish(&admin, "terms", "3").await;
    assert_eq!(must_accept(&alice).await, ["privacy", "terms"]);
    assert_eq!(accept(&alice, 2, 2).await, StatusCode::FORBIDDEN, "terms 2 is outdated");
    assert_eq!(accept(&alice, 3, 2).await, StatusCode::OK);
    assert_eq!(must_accept(&alice).await, Vec::<String>::new());
    alice.submit(&call).await;
}

#[apply(both_dbs)]
async fn registration_records_the_versions_the_user_accepted(db: Db) {
    let app = TestApp::spawn(db).await;

    let res = register_with(
        &app,
        "kaisa@vm.fi",
        json!({ "accepted_terms_version": 1, "accepted_privacy_version": 1 }),
    )
    .await;
    let tokens: Value = res.created();
    assert_eq!(tokens["user"]["must_accept"], json!([]));

    let res = register_with(&app, "kalle@vm.fi", json!({})).await;
    let tokens: Value = res.created();
    assert_eq!(tokens["user"]["must_accept"], json!(["privacy", "terms"]));
    let kalle = app.bearer(tokens["access_token"].as_str());
    assert_eq!(must_accept(&kalle).await, ["privacy", "terms"]);

    let res = register_with(&app, "kim@vm.fi", json!({ "accepted_terms_version": 1 })).await;
    let tokens: Value = res.created();
    assert_eq!(tokens["user"]["must_accept"], json!(["privacy"]));
}

#[apply(both_dbs)]
async fn registration_with_an_outdated_version_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    publish(&admin, "terms", "2").await;

    let outdated = json!({ "accepted_terms_version": 1, "accepted_privacy_version": 1 });
    let res = register_with(&app, "kaisa@vm.fi", outdated).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.problem().code, "terms_not_accepted");

    // Nothing was kept: the address registers with the current versions.
    let current = json!({ "accepted_terms_version": 2, "accepted_privacy_version": 1 });
    let tokens: Value = register_with(&app, "kaisa@vm.fi", current).await.created();
    assert_eq!(tokens["user"]["must_accept"], json!([]));

    let res = register_with(&app, "kalle@vm.fi", json!({ "accepted_terms_version": 0 })).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[apply(both_dbs)]
async fn admins_publishing_at_once_get_consecutive_versions(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    let bodies: Vec<Value> = (0..12).map(|i| version_body(&i.to_string())).collect();
    let results =
        futures_util::future::join_all(bodies.iter().map(|b| admin.put("/api/v1/legal/terms", b))).await;

    let mut versions: Vec<i64> =
        results.iter().map(|r| r.created::<Value>()["version"].as_i64().unwrap()).collect();
    versions.sort_unstable();
    assert_eq!(versions, (2..=13).collect::<Vec<i64>>());
    let current: Value = app.anon().get("/api/v1/legal/terms").await.ok();
    assert_eq!(current["version"], 13);
}

#[apply(both_dbs)]
async fn the_demo_people_have_accepted_the_seeded_pages(db: Db) {
    let app = TestApp::spawn(db).await;
    siilo_server::demo::seed(&app.db, 8).await.unwrap();

    let admin = app.login(siilo_server::demo::DEMO_ADMIN, siilo_server::demo::DEMO_PASSWORD).await;

    assert_eq!(must_accept(&admin).await, Vec::<String>::new());
    publish(&admin, "privacy", "2").await;
    assert_eq!(must_accept(&admin).await, ["privacy"]);
}
