//! Appeals: `POST /api/v1/moderation/actions/{id}/appeal` by the author of hidden or
//! rejected content, and `POST /api/v1/moderation/appeals/{id}/decision` by another
//! moderator than the one who acted.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::moderation_actions::{
    acted, call_and_proposal, comments, notifications_of, proposal, report_statuses, seed_auto_hide,
    seed_report,
};
use crate::util::{Client, Db, Response, TestApp, both_dbs};

async fn appeal(user: &Client, action_id: &str, text: &str) -> Response {
    user.post(&format!("/api/v1/moderation/actions/{action_id}/appeal"), &json!({ "text": text })).await
}

async fn decide(moderator: &Client, appeal_id: &str, outcome: &str, reason: &str) -> Response {
    moderator
        .post(
            &format!("/api/v1/moderation/appeals/{appeal_id}/decision"),
            &json!({ "outcome": outcome, "reason": reason }),
        )
        .await
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_owned()
}

#[apply(both_dbs)]
async fn an_appeal_is_decided_by_another_moderator_and_overturning_restores(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let mona = app.moderator("mona").await;
    let milo = app.moderator("milo").await;
    let (_, _, p) = call_and_proposal(&app, &alice).await;
    bob.thumb(&p).await.expect(StatusCode::OK);
    let hide = acted(&mona, "proposal", &p, "hide", json!({ "category": "spam" })).await;

    let filed: Value = appeal(&alice, &id(&hide), "  Ei ole roskapostia.  ").await.created();
    assert_eq!(filed["action_id"], hide["id"]);
    assert_eq!(filed["text"], "Ei ole roskapostia.");
    assert_eq!(filed["status"], "open");
    assert_eq!(filed["decided_at"], Value::Null);
    assert_eq!(filed["decision_reason"], Value::Null);
    appeal(&alice, &id(&hide), "Uudestaan").await.refused(StatusCode::CONFLICT, "already_appealed");

    // The moderator who hid it may not decide; another may, once.
    decide(&mona, &id(&filed), "upheld", "Pysyy.")
        .await
        .refused(StatusCode::FORBIDDEN, "own_moderation_action");
    let decided: Value = decide(&milo, &id(&filed), "overturned", "Ei roskapostia.").await.ok();
    assert_eq!(decided["status"], "overturned");
    assert_eq!(decided["decision_reason"], "Ei roskapostia.");
    assert!(decided["decided_at"].is_string());
    decide(&milo, &id(&filed), "upheld", "Sittenkin.").await.refused(StatusCode::CONFLICT, "appeal_decided");

    let seen = proposal(&app.anon(), &p).await;
    assert_eq!(seen["visibility"], "visible");
    assert_eq!(seen["moderation"], Value::Null);
    assert_eq!(seen["thumb_count"], 1);
    let n = notifications_of(&alice, "appeal_decided").await;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0]["moderation"]["action"], "appeal_overturned");
    assert_eq!(n[0]["moderation"]["outcome"], "overturned");
    assert_eq!(n[0]["moderation"]["reason"], "Ei roskapostia.");
    assert_eq!(n[0]["actor"], Value::Null);

    let log: Value = milo.get(&format!("/api/v1/moderation/log?target_id={p}")).await.ok();
    let actions: Vec<&str> =
        log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["appeal_overturned", "hide"]);
    assert_eq!(log["items"][0]["data"]["appeal_id"], filed["id"]);
    assert_eq!(log["items"][0]["actor"]["display_name"], "milo");
    // Restored: nothing stands to appeal any more.
    appeal(&alice, &id(&hide), "Taas").await.refused(StatusCode::CONFLICT, "already_appealed");
}

#[apply(both_dbs)]
async fn an_upheld_appeal_leaves_the_content_hidden(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let (admin, _, p) = call_and_proposal(&app, &alice).await;
    let c = alice.comment(&p, "Kommentti").await.id;
    let hide = acted(&mona, "comment", &c, "hide", json!({ "category": "offensive" })).await;
    let filed: Value = appeal(&alice, &id(&hide), "Asiallinen.").await.created();
    let decided: Value = decide(&admin, &id(&filed), "upheld", "Loukkaava.").await.ok();
    assert_eq!(decided["status"], "upheld");
    let seen = comments(&app.anon(), &p).await;
    assert_eq!(seen[0]["visibility"], "hidden");
    assert_eq!(seen[0]["body"], "");
    let n = notifications_of(&alice, "appeal_decided").await;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0]["moderation"]["outcome"], "upheld");
    assert_eq!(n[0]["comment_id"], c.as_str());
}

#[apply(both_dbs)]
async fn only_the_author_appeals_an_action_that_took_content_away_and_still_stands(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let mona = app.moderator("mona").await;
    let (admin, _, p) = call_and_proposal(&app, &alice).await;
    let hide = acted(&mona, "proposal", &p, "hide", json!({})).await;
    appeal(&bob, &id(&hide), "Minä valitan.").await.refused(StatusCode::FORBIDDEN, "not_author");
    appeal(&mona, &id(&hide), "Minä valitan.").await.refused(StatusCode::FORBIDDEN, "not_author");
    appeal(&alice, &id(&hide), "   ").await.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    appeal(&alice, &id(&hide), &"x".repeat(1001))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    appeal(&alice, &Uuid::now_v7().to_string(), "Valitan.").await.expect(StatusCode::NOT_FOUND);

    // Restored meanwhile: the hide no longer stands, and a restore is not appealable.
    let restore = acted(&mona, "proposal", &p, "restore", json!({})).await;
    appeal(&alice, &id(&hide), "Valitan.").await.refused(StatusCode::CONFLICT, "not_appealable");
    appeal(&alice, &id(&restore), "Valitan.").await.refused(StatusCode::CONFLICT, "not_appealable");
    // Hidden again: the new hide stands, the old one still not.
    let again = acted(&mona, "proposal", &p, "hide", json!({})).await;
    appeal(&alice, &id(&hide), "Valitan.").await.refused(StatusCode::CONFLICT, "not_appealable");
    appeal(&alice, &id(&again), &"x".repeat(1000)).await.expect(StatusCode::CREATED);

    // A block is no content of anyone's to appeal.
    admin
        .patch(&format!("/api/v1/users/{}", bob.user_id), &json!({ "blocked": true }))
        .await
        .expect(StatusCode::OK);
    let log: Value =
        admin.get(&format!("/api/v1/moderation/log?action=block&target_id={}", bob.user_id)).await.ok();
    let block = id(&log["items"][0]);
    appeal(&alice, &block, "Valitan.").await.expect(StatusCode::NOT_FOUND);
}

#[apply(both_dbs)]
async fn a_rejection_overturned_shows_the_proposal_in_the_call(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let milo = app.moderator("milo").await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    let p = alice.submit(&call).await.id;
    let reject = acted(&mona, "proposal", &p, "reject", json!({ "category": "off_topic" })).await;
    let filed: Value = appeal(&alice, &id(&reject), "Liittyy hakuun.").await.created();
    decide(&milo, &id(&filed), "overturned", "Liittyy.").await.expect(StatusCode::OK);
    let seen = proposal(&app.anon(), &p).await;
    assert_eq!(seen["visibility"], "visible");
    assert_eq!(seen["moderation"], Value::Null);
}

#[apply(both_dbs)]
async fn any_moderator_decides_an_appeal_of_an_automatic_hide(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let reporters = join_all(["r1", "r2"].map(|n| app.participant(n))).await;
    let mona = app.moderator("mona").await;
    let (_, call, p) = call_and_proposal(&app, &alice).await;
    for r in &reporters {
        seed_report(&app, &call.id, &p, None, r, siilo_domain::moderation::ReportReason::Spam).await;
    }
    let auto = seed_auto_hide(&app, &call.id, &p, None).await;
    let filed: Value = appeal(&alice, &auto.to_string(), "Ei roskapostia.").await.created();
    decide(&mona, &id(&filed), "overturned", "Aiheeton.").await.expect(StatusCode::OK);
    assert_eq!(proposal(&app.anon(), &p).await["visibility"], "visible");
    assert_eq!(
        report_statuses(&app, &p).await,
        ["dismissed", "dismissed"],
        "the reports that hid it dismissed"
    );
}

#[apply(both_dbs)]
async fn of_two_decisions_at_once_one_counts(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let milo = app.moderator("milo").await;
    let max = app.moderator("max").await;
    let (_, _, p) = call_and_proposal(&app, &alice).await;
    let hide = acted(&mona, "proposal", &p, "hide", json!({})).await;
    let filed: Value = appeal(&alice, &id(&hide), "Valitan.").await.created();
    let appeal_id = id(&filed);
    let (a, b) = tokio::join!(
        decide(&milo, &appeal_id, "overturned", "Kumotaan."),
        decide(&max, &appeal_id, "upheld", "Pysyy.")
    );
    let ok = [&a, &b].iter().filter(|r| r.status() == StatusCode::OK).count();
    assert_eq!(ok, 1, "{} / {}", a.text(), b.text());
    for r in [&a, &b].into_iter().filter(|r| r.status() != StatusCode::OK) {
        r.refused(StatusCode::CONFLICT, "appeal_decided");
    }
    assert_eq!(notifications_of(&alice, "appeal_decided").await.len(), 1);
}
