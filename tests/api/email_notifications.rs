//! Notifications by email: the settings (`GET`/`PUT /api/v1/me/email-settings`), the
//! one-click unsubscribe (`GET`/`POST /api/v1/email/unsubscribe`), the email sent at once
//! for a kind set to `immediately`, and the daily digest
//! (`siilo_server::mail::digest::run_digests`).

use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};
use siilo_server::mail::unsubscribe::{Unsubscribe, UnsubscribeKey};

use crate::util::{Client, Db, JWT_SECRET, PASSWORD, TestApp, User, both_dbs};

const KINDS: [&str; 12] = [
    "comment_on_proposal",
    "reply_to_comment",
    "content_hidden",
    "content_restored",
    "proposal_approved",
    "proposal_rejected",
    "appeal_decided",
    "decision_published",
    "proposal_merged",
    "pilot_created",
    "pilot_update",
    "pilot_lessons",
];

/// `(kind, delivery)` of each item of an `EmailSettings` body, in order.
fn pairs(body: &Value) -> Vec<(String, String)> {
    body["settings"]
        .as_array()
        .expect("settings")
        .iter()
        .map(|s| (s["kind"].as_str().unwrap().to_owned(), s["delivery"].as_str().unwrap().to_owned()))
        .collect()
}

fn delivery_of(body: &Value, kind: &str) -> String {
    pairs(body).into_iter().find(|(k, _)| k == kind).map(|(_, d)| d).expect("the kind is listed")
}

async fn settings(user: &Client) -> Value {
    user.get("/api/v1/me/email-settings").await.ok()
}

async fn choose(user: &Client, changes: &[(&str, &str)]) -> Value {
    let items: Vec<Value> = changes.iter().map(|(k, d)| json!({ "kind": k, "delivery": d })).collect();
    user.put("/api/v1/me/email-settings", &json!({ "settings": items })).await.ok()
}

/// The token of an unsubscribe link of `user`, as the server signs it (`kind` `None`: all).
fn token(user: &User, kind: Option<&str>) -> String {
    let key = UnsubscribeKey::derive(JWT_SECRET.as_bytes()).unwrap();
    key.token(Unsubscribe { user: user.user_id.into(), kind: kind.map(|k| k.parse().unwrap()) })
}

#[apply(both_dbs)]
async fn every_kind_goes_in_the_daily_digest_until_the_user_chooses(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;

    let body = settings(&alice).await;

    let expected: Vec<(String, String)> =
        KINDS.iter().map(|k| ((*k).to_owned(), "daily_digest".to_owned())).collect();
    assert_eq!(pairs(&body), expected);
}

#[apply(both_dbs)]
async fn a_change_sets_the_kinds_named_and_keeps_the_others(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;

    let after = choose(&alice, &[("comment_on_proposal", "immediately"), ("pilot_update", "off")]).await;
    assert_eq!(delivery_of(&after, "comment_on_proposal"), "immediately");
    assert_eq!(delivery_of(&after, "pilot_update"), "off");
    assert_eq!(delivery_of(&after, "reply_to_comment"), "daily_digest");
    assert_eq!(pairs(&after).len(), KINDS.len());

    // A second change leaves the first one's other kinds alone; a kind named twice takes its
    // last value; an empty list changes nothing.
    let after = choose(
        &alice,
        &[("pilot_update", "immediately"), ("comment_on_proposal", "off"), ("pilot_update", "daily_digest")],
    )
    .await;
    assert_eq!(delivery_of(&after, "comment_on_proposal"), "off");
    assert_eq!(delivery_of(&after, "pilot_update"), "daily_digest");
    assert_eq!(choose(&alice, &[]).await, after);
    assert_eq!(settings(&alice).await, after);

    // Bob's are his own.
    assert!(pairs(&settings(&bob).await).iter().all(|(_, d)| d == "daily_digest"));
}

#[apply(both_dbs)]
async fn hostile_settings_are_refused_and_change_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let before = settings(&alice).await;

    for body in [
        json!({ "settings": [{ "kind": "everything", "delivery": "off" }] }),
        json!({ "settings": [{ "kind": "comment_on_proposal", "delivery": "hourly" }] }),
        json!({ "settings": [{ "kind": "comment_on_proposal" }] }),
        json!({ "settings": [{ "kind": "comment_on_proposal", "delivery": "off", "user_id": alice.user_id }] }),
        json!({ "settings": { "kind": "comment_on_proposal", "delivery": "off" } }),
        json!({ "settings": [{ "kind": "comment_on_proposal", "delivery": "off" }], "user_id": alice.user_id }),
        json!({ "settings": vec![json!({ "kind": "pilot_update", "delivery": "off" }); 51] }),
        json!({}),
    ] {
        let res = alice.put("/api/v1/me/email-settings", &body).await;
        let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(!p.errors.is_empty(), "{body}: {p:?}");
    }
    assert_eq!(settings(&alice).await, before);

    // Signed-in users only.
    let anon = app.anon();
    anon.get("/api/v1/me/email-settings").await.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    anon.put("/api/v1/me/email-settings", &json!({ "settings": [] }))
        .await
        .refused(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[apply(both_dbs)]
async fn an_unsubscribe_link_says_what_it_stops_and_stops_it_when_posted(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    choose(&alice, &[("comment_on_proposal", "immediately")]).await;
    let anon = app.anon();
    let path = format!("/api/v1/email/unsubscribe?token={}", token(&alice, Some("comment_on_proposal")));

    // Looking changes nothing (a mail scanner that follows links unsubscribes nobody).
    let seen: Value = anon.get(&path).await.ok();
    assert_eq!(seen, json!({ "kind": "comment_on_proposal" }));
    assert_eq!(delivery_of(&settings(&alice).await, "comment_on_proposal"), "immediately");

    let done: Value = anon.post_empty(&path).await.ok();
    assert_eq!(done, json!({ "kind": "comment_on_proposal" }));
    let now = settings(&alice).await;
    assert_eq!(delivery_of(&now, "comment_on_proposal"), "off");
    assert_eq!(pairs(&now).iter().filter(|(_, d)| d == "off").count(), 1, "only that kind");

    // Again: the same answer, nothing more changed.
    let again: Value = anon.post_empty(&path).await.ok();
    assert_eq!(again, done);
    assert_eq!(settings(&alice).await, now);

    // A digest's link stops every kind.
    let all = format!("/api/v1/email/unsubscribe?token={}", token(&alice, None));
    assert_eq!(anon.get(&all).await.ok::<Value>(), json!({ "kind": null }));
    assert_eq!(anon.post_empty(&all).await.ok::<Value>(), json!({ "kind": null }));
    assert!(pairs(&settings(&alice).await).iter().all(|(_, d)| d == "off"));
}

#[apply(both_dbs)]
async fn a_mail_reader_unsubscribes_with_the_one_click_form_post(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let path = format!("/api/v1/email/unsubscribe?token={}", token(&alice, Some("pilot_update")));

    // RFC 8058: a form body, no cookies or sign-in.
    let res = app
        .anon()
        .request(Method::POST, &path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await;

    assert_eq!(res.ok::<Value>(), json!({ "kind": "pilot_update" }));
    assert_eq!(delivery_of(&settings(&alice).await, "pilot_update"), "off");
}

#[apply(both_dbs)]
async fn a_forged_changed_or_missing_token_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let anon = app.anon();
    let good = token(&alice, Some("comment_on_proposal"));
    let foreign = UnsubscribeKey::derive(b"another secret, not this server's one!")
        .unwrap()
        .token(Unsubscribe { user: alice.user_id.into(), kind: None });
    let widened = good.replacen("comment_on_proposal", "all", 1);
    let moved = good.replacen(&alice.user_id.simple().to_string(), &bob.user_id.simple().to_string(), 1);

    for bad in [
        foreign.as_str(),
        widened.as_str(),
        moved.as_str(),
        "",
        "x.all.y",
        &good[..good.len() - 2],
        &"a".repeat(500),
    ] {
        let path = format!("/api/v1/email/unsubscribe?token={bad}");
        anon.get(&path).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
        anon.post_empty(&path).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
    }
    for path in ["/api/v1/email/unsubscribe", "/api/v1/email/unsubscribe?token=a%00b"] {
        anon.get(path).await.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }
    assert!(pairs(&settings(&alice).await).iter().all(|(_, d)| d == "daily_digest"));
    assert!(pairs(&settings(&bob).await).iter().all(|(_, d)| d == "daily_digest"));
}

#[apply(both_dbs)]
async fn the_link_of_an_erased_account_works_no_more(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let path = format!("/api/v1/email/unsubscribe?token={}", token(&alice, None));
    app.anon().get(&path).await.ok::<Value>();

    alice
        .request(Method::DELETE, "/api/v1/me")
        .json(&json!({ "password": PASSWORD }))
        .send()
        .await
        .expect(StatusCode::NO_CONTENT);

    app.anon().post_empty(&path).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
}
