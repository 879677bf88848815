//! Decisions and results: `PUT`/`DELETE /proposals/{id}/decision`, `GET /calls/{id}/decisions`,
//! `POST /calls/{id}/results`. A decision shows to nobody but admins and the call's evaluators
//! until the results are published; then all of them show at once, and every author hears
//! of their outcome, exactly once even when two admins publish at the same moment.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use siilo_domain::roles::Role;

use crate::util::views::{Call, NotificationPage};
use crate::util::{Db, TestApp, User, both_dbs};

/// An admin, alice's and bob's proposals in a call now in review, and eve its evaluator.
struct World {
    admin: User,
    alice: User,
    bob: User,
    eve: User,
    call: Call,
    p1: String,
    p2: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let eve = app.user_with_roles("eve", &[Role::Evaluator]).await;
    let p1 = alice.submit(&call).await.id;
    let p2 = bob.submit(&call).await.id;
    let call = admin.set_window(&call, -72, -48, -1).await;
    assert_eq!(call.phase, "review");
    admin
        .put_empty(&format!("/api/v1/calls/{}/evaluators/{}", call.id, eve.user_id))
        .await
        .expect(StatusCode::CREATED);
    World { admin, alice, bob, eve, call, p1, p2 }
}

async fn decide(admin: &User, proposal: &str, body: Value) -> crate::util::Response {
    admin.put(&format!("/api/v1/proposals/{proposal}/decision"), &body).await
}

async fn decisions(who: &crate::util::Client, call: &Call, query: &str) -> Value {
    who.get(&format!("/api/v1/calls/{}/decisions?{query}", call.id)).await.ok()
}

async fn proposal(who: &crate::util::Client, id: &str) -> Value {
    who.get(&format!("/api/v1/proposals/{id}")).await.ok()
}

/// The kinds of the user's notifications about `proposal`.
async fn notices(user: &User, kind: &str) -> Vec<String> {
    let page: NotificationPage = user.get("/api/v1/notifications?limit=100").await.ok();
    page.items.into_iter().filter(|n| n.kind == kind).filter_map(|n| n.proposal_id).collect()
}

async fn publish(admin: &User, call: &Call) -> crate::util::Response {
    admin.post_empty(&format!("/api/v1/calls/{}/results", call.id)).await
}

#[apply(both_dbs)]
async fn decisions_are_invisible_to_participants_until_published_and_then_all_show(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let answer = json!({ "fi": "Valittu kokeiluun.", "en": "Selected for a pilot." });
    let d1: Value = decide(&w.admin, &w.p1, json!({ "stage": "selected", "answer": answer })).await.ok();
    assert_eq!(d1["stage"], "selected");
    assert_eq!(d1["published"], false);
    assert_eq!(d1["answer"]["fi"], "Valittu kokeiluun.");
    assert_eq!(d1["answer"]["sv"], Value::Null);
    decide(&w.admin, &w.p2, json!({ "stage": "not_selected" })).await.ok::<Value>();

    // Before publishing: nothing for visitors and participants, not even the authors.
    let anon = app.anon();
    for who in [&*anon, &*w.alice, &*w.bob] {
        let p = proposal(who, &w.p1).await;
        assert_eq!(p["decision"], Value::Null, "the view hides the decision");
        assert_eq!(p["stage"], "submitted", "the stage does not move before publishing");
        let list = decisions(who, &w.call, "").await;
        assert_eq!(list["published"], false);
        assert_eq!(list["items"], json!([]));
        assert_eq!(list["total"], 0);
        let selected: Value =
            who.get(&format!("/api/v1/calls/{}/proposals?stage=selected", w.call.id)).await.ok();
        assert_eq!(selected["total"], 0, "the stage filter leaks nothing");
    }
    assert!(notices(&w.alice, "decision_published").await.is_empty());
    let history: Value = anon.get(&format!("/api/v1/proposals/{}/moderation", w.p1)).await.ok();
    assert_eq!(history["items"], json!([]), "the public history tells nothing of a decision");

    // Admins and the call's evaluators see them, in order: selected first.
    for who in [&w.admin, &w.eve] {
        let list = decisions(who, &w.call, "").await;
        assert_eq!(list["total"], 2);
        let stages: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["decision"]["stage"].as_str().unwrap())
            .collect();
        assert_eq!(stages, ["selected", "not_selected"]);
        assert_eq!(proposal(who, &w.p1).await["decision"]["stage"], "selected");
    }
    // Pages follow each other by cursor.
    let first = decisions(&w.admin, &w.call, "limit=1").await;
    assert_eq!(first["items"][0]["proposal"]["id"], json!(w.p1));
    let cursor = first["next_cursor"].as_str().expect("a second page").to_owned();
    let second = decisions(&w.admin, &w.call, &format!("limit=1&cursor={cursor}")).await;
    assert_eq!(second["items"][0]["proposal"]["id"], json!(w.p2));
    assert_eq!(second["next_cursor"], Value::Null);
    let bad = w.admin.get(&format!("/api/v1/calls/{}/decisions?cursor=nonsense", w.call.id)).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text());

    let published: Value = publish(&w.admin, &w.call).await.ok();
    assert_eq!(published["decisions"], 2);
    assert_eq!(published["notified"], 2);

    // After: all of it, to everyone.
    for who in [&*anon, &*w.bob] {
        let p1 = proposal(who, &w.p1).await;
        assert_eq!(p1["stage"], "selected");
        assert_eq!(p1["decision"]["stage"], "selected");
        assert_eq!(p1["decision"]["answer"]["en"], "Selected for a pilot.");
        assert_eq!(proposal(who, &w.p2).await["stage"], "not_selected");
        let list = decisions(who, &w.call, "").await;
        assert_eq!(list["published"], true);
        assert_eq!(list["total"], 2);
        assert_eq!(list["items"][0]["decision"]["published"], true);
        let selected = decisions(who, &w.call, "stage=selected").await;
        assert_eq!(selected["total"], 1);
    }
    let call: Call = anon.get(&format!("/api/v1/calls/{}", w.call.id)).await.ok();
    assert_eq!(call.phase, "results");
    assert_eq!(notices(&w.alice, "decision_published").await, vec![w.p1.clone()]);
    assert_eq!(notices(&w.bob, "decision_published").await, vec![w.p2.clone()]);
    assert!(notices(&w.eve, "decision_published").await.is_empty());
    // Each notification names its outcome, so the client can say it.
    let page: Value = w.bob.get("/api/v1/notifications?limit=100").await.ok();
    let told = page["items"].as_array().unwrap().iter().find(|n| n["kind"] == "decision_published").cloned();
    assert_eq!(told.map(|n| n["data"]["stage"].clone()), Some(json!("not_selected")));

    // The audit log reads with the new action and target kind.
    let log: Value = w.admin.get("/api/v1/moderation/log?action=results_published").await.ok();
    assert_eq!(log["items"][0]["target"], json!({ "kind": "call", "id": w.call.id }));
    let all: Value = w.admin.get("/api/v1/moderation/log").await.ok();
    assert!(!all["items"].as_array().unwrap().is_empty());
}

#[apply(both_dbs)]
async fn results_are_published_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    decide(&w.admin, &w.p1, json!({ "stage": "shortlisted" })).await.ok::<Value>();
    publish(&w.admin, &w.call).await.ok::<Value>();

    publish(&w.admin, &w.call).await.refused(StatusCode::CONFLICT, "results_published");
    let undo = w.admin.delete(&format!("/api/v1/proposals/{}/decision", w.p1)).await;
    undo.refused(StatusCode::CONFLICT, "results_published");
    assert_eq!(notices(&w.alice, "decision_published").await.len(), 1);
}

#[apply(both_dbs)]
async fn two_parallel_publishes_make_one_set_of_notifications(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    decide(&w.admin, &w.p1, json!({ "stage": "selected" })).await.ok::<Value>();
    decide(&w.admin, &w.p2, json!({ "stage": "shortlisted" })).await.ok::<Value>();
    let other_admin = app.user_with_roles("admin2", &[siilo_domain::roles::Role::Admin]).await;

    let answers = join_all([publish(&w.admin, &w.call), publish(&other_admin, &w.call)]).await;

    let mut statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{answers:?}");
    let refused = answers.iter().find(|r| r.status() == StatusCode::CONFLICT).unwrap();
    assert_eq!(refused.problem().code, "results_published");
    assert_eq!(notices(&w.alice, "decision_published").await.len(), 1);
    assert_eq!(notices(&w.bob, "decision_published").await.len(), 1);
    let log: Value = w.admin.get("/api/v1/moderation/log?action=results_published").await.ok();
    assert_eq!(log["items"].as_array().unwrap().len(), 1);
}

#[apply(both_dbs)]
async fn decisions_keep_to_the_phases_and_to_live_proposals(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let p = alice.submit(&call).await.id;
    let gone = alice.submit(&call).await.id;
    alice.withdraw(&gone).await.good::<Value>();

    // While open: no decisions, no results.
    decide(&admin, &p, json!({ "stage": "selected" }))
        .await
        .refused(StatusCode::CONFLICT, "call_not_in_review");
    publish(&admin, &call).await.refused(StatusCode::CONFLICT, "call_not_in_review");
    // Only admins decide.
    decide(&alice, &p, json!({ "stage": "selected" })).await.refused(StatusCode::FORBIDDEN, "role_required");
    publish(&alice, &call).await.refused(StatusCode::FORBIDDEN, "role_required");

    let call = admin.set_window(&call, -72, -48, -1).await;
    decide(&admin, &gone, json!({ "stage": "selected" }))
        .await
        .refused(StatusCode::CONFLICT, "proposal_not_decidable");
    let bad = decide(&admin, &p, json!({ "stage": "merged" })).await;
    assert!(bad.status().is_client_error(), "{}", bad.text());
    let long = decide(&admin, &p, json!({ "stage": "selected", "answer": { "fi": "a".repeat(4001) } })).await;
    long.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    // A decision taken back before publishing is gone.
    decide(&admin, &p, json!({ "stage": "selected" })).await.ok::<Value>();
    admin.delete(&format!("/api/v1/proposals/{p}/decision")).await.expect(StatusCode::NO_CONTENT);
    admin
        .delete(&format!("/api/v1/proposals/{p}/decision"))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
    let published: Value = publish(&admin, &call).await.ok();
    assert_eq!(published["decisions"], 0);
    assert_eq!(proposal(&admin, &p).await["decision"], Value::Null);

    // Once published, a decision takes effect at once.
    let d: Value = decide(&admin, &p, json!({ "stage": "shortlisted" })).await.ok();
    assert_eq!(d["published"], true);
    let seen = proposal(&app.anon(), &p).await;
    assert_eq!(seen["stage"], "shortlisted");
    assert_eq!(seen["decision"]["stage"], "shortlisted");
    assert_eq!(notices(&alice, "decision_published").await, vec![p.clone()]);
}
