//! Merging duplicates: `POST /proposals/{id}/merge`. The source's thumbs move to the target
//! one per user with exact counts on both, its author is credited and both authors told;
//! refusals, opposite merges at once, and a merged proposal taking no thumbs or comments.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use serde_json::{Value, json};
use siilo_domain::ordering::thumb_weight;
use uuid::Uuid;

use crate::util::views::NotificationPage;
use crate::util::{Db, Response, TestApp, User, both_dbs};

async fn merge(who: &User, source: &str, into: &str) -> Response {
    who.post(&format!("/api/v1/proposals/{source}/merge"), &json!({ "into": into, "reason": "Sama idea." }))
        .await
}

async fn kinds(user: &User, kind: &str) -> usize {
    let page: NotificationPage = user.get("/api/v1/notifications?limit=100").await.ok();
    page.items.iter().filter(|n| n.kind == kind).count()
}

/// The stored counter and trending score of a proposal, and the trending score its thumbs
/// add up to (each `2^((given − call created) / 24 h)`).
async fn stored_counts(app: &TestApp, proposal: &str) -> (i64, f64, f64) {
    let id: Uuid = proposal.parse().unwrap();
    let row = Query::select()
        .columns([Alias::new("thumb_count"), Alias::new("trending_score"), Alias::new("call_id")])
        .from(Alias::new("proposals"))
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .to_owned();
    let row = app.db.query_one(&row).await.unwrap().unwrap();
    let count: i32 = row.try_get("", "thumb_count").unwrap();
    let score: f64 = row.try_get("", "trending_score").unwrap();
    let call: Uuid = row.try_get("", "call_id").unwrap();
    let epoch = Query::select()
        .column(Alias::new("created_at"))
        .from(Alias::new("calls"))
        .and_where(Expr::col(Alias::new("id")).eq(call))
        .to_owned();
    let epoch: chrono::DateTime<chrono::Utc> =
        app.db.query_one(&epoch).await.unwrap().unwrap().try_get("", "created_at").unwrap();
    let thumbs = Query::select()
        .column(Alias::new("created_at"))
        .from(Alias::new("thumbs"))
        .and_where(Expr::col(Alias::new("proposal_id")).eq(id))
        .to_owned();
    let expected: f64 = app
        .db
        .query_all(&thumbs)
        .await
        .unwrap()
        .iter()
        .map(|r| thumb_weight(r.try_get("", "created_at").unwrap(), epoch))
        .sum();
    (i64::from(count), score, expected)
}

#[apply(both_dbs)]
async fn merging_moves_thumbs_once_per_user_and_credits_and_tells_both_authors(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let moderator = app.moderator("mona").await;
    let call = admin.open_call().await;
    let (alice, bob) = (app.participant("alice").await, app.participant("bob").await);
    let (u1, u2, u3) =
        (app.participant("u1").await, app.participant("u2").await, app.participant("u3").await);
    let a = alice.submit(&call).await.id;
    let b = bob.submit(&call).await.id;
    for (voter, p) in [(&u1, &a), (&u1, &b), (&u2, &a), (&bob, &a), (&u3, &b)] {
        voter.thumbed(p).await;
    }
    let comment = u1.comment(&a, "Sama kuin toinen.").await.id;

    let merged: Value = merge(&moderator, &a, &b).await.ok();

    // u1 thumbed both: counted once; bob wrote the target: his thumb is dropped.
    assert_eq!(merged["moved_thumbs"], 1);
    assert_eq!(merged["source"]["thumbs"], 0);
    assert_eq!(merged["target"]["thumbs"], 3);
    let anon = app.anon();
    let source = anon.proposal(&a).await;
    let target = anon.proposal(&b).await;
    assert_eq!((source.stage.as_str(), source.thumb_count), ("merged", 0));
    assert_eq!(target.thumb_count, 3);
    for (p, count) in [(&a, 0), (&b, 3)] {
        let (stored, score, expected) = stored_counts(&app, p).await;
        assert_eq!(stored, count);
        assert!((score - expected).abs() <= 1e-9 * expected.max(1.0), "trending {score} != {expected}");
    }
    let source_view: Value = anon.get(&format!("/api/v1/proposals/{a}")).await.ok();
    assert_eq!(source_view["merged_into"]["id"], json!(b));
    assert_eq!(source_view["merged_into"]["number"], json!(target.number));
    let target_view: Value = anon.get(&format!("/api/v1/proposals/{b}")).await.ok();
    assert_eq!(target_view["credits"], json!([{ "id": alice.user_id, "display_name": "alice" }]));
    assert_eq!(target_view["merged_into"], Value::Null);
    // u1 still thumbs the target; u2's thumb moved with it.
    assert!(u2.proposal(&b).await.viewer_thumbed);

    assert_eq!(kinds(&alice, "proposal_merged").await, 1);
    assert_eq!(kinds(&bob, "proposal_merged").await, 1);
    let page: Value = bob.get("/api/v1/notifications?limit=100").await.ok();
    let told =
        page["items"].as_array().unwrap().iter().find(|n| n["kind"] == "proposal_merged").cloned().unwrap();
    assert!(told["data"]["source_number"].is_i64() && told["data"]["target_number"].is_i64(), "{told}");
    assert!(told["data"]["target_id"].is_string(), "{told}");
    assert_eq!(kinds(&moderator, "proposal_merged").await, 0);

    // Logged, and the public history and the log read it.
    let log: Value = admin.get("/api/v1/moderation/log?action=merge").await.ok();
    let entry = &log["items"][0];
    assert_eq!(entry["target"], json!({ "kind": "proposal", "id": a }));
    assert_eq!(entry["data"]["into"], json!(b));
    assert_eq!(entry["reason"], "Sama idea.");
    let history: Value = anon.get(&format!("/api/v1/proposals/{a}/moderation")).await.ok();
    assert_eq!(history["items"][0]["action"], "merge");

    // The merged proposal takes no thumbs and no comments; its comments stay readable.
    u3.thumb(&a).await.refused(StatusCode::CONFLICT, "proposal_merged");
    u3.comment_with(&a, "Vielä yksi.", None).await.refused(StatusCode::CONFLICT, "proposal_merged");
    let thread: Value = anon.get(&format!("/api/v1/proposals/{a}/comments")).await.ok();
    assert!(thread.to_string().contains(&comment), "{thread}");
    assert_eq!(u3.proposal(&a).await.thumb_refusal.as_deref(), Some("proposal_merged"));
}

#[apply(both_dbs)]
async fn merges_that_make_no_sense_are_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let other_call = admin.open_call().await;
    let a = alice.submit(&call).await.id;
    let b = alice.submit(&call).await.id;
    let c = alice.submit(&call).await.id;
    let elsewhere = alice.submit(&other_call).await.id;

    merge(&alice, &a, &b).await.refused(StatusCode::FORBIDDEN, "role_required");
    merge(&admin, &a, &a).await.refused(StatusCode::CONFLICT, "not_mergeable");
    merge(&admin, &a, &elsewhere).await.refused(StatusCode::CONFLICT, "not_mergeable");
    merge(&admin, &a, &Uuid::now_v7().to_string()).await.refused(StatusCode::CONFLICT, "not_mergeable");
    merge(&admin, &Uuid::now_v7().to_string(), &a).await.refused(StatusCode::NOT_FOUND, "not_found");
    let blank =
        admin.post(&format!("/api/v1/proposals/{a}/merge"), &json!({ "into": b, "reason": "  " })).await;
    blank.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    merge(&admin, &a, &b).await.ok::<Value>();
    merge(&admin, &a, &c).await.refused(StatusCode::CONFLICT, "not_mergeable");
    merge(&admin, &c, &a).await.refused(StatusCode::CONFLICT, "not_mergeable");
    // Same author on both sides: no credit to oneself, one notification... to nobody but alice.
    let target: Value = app.anon().get(&format!("/api/v1/proposals/{b}")).await.ok();
    assert_eq!(target["credits"], json!([]));
    assert_eq!(kinds(&alice, "proposal_merged").await, 1);
    let log: Value = admin.get("/api/v1/moderation/log?action=merge").await.ok();
    assert_eq!(log["items"].as_array().unwrap().len(), 1);
}

#[apply(both_dbs)]
async fn opposite_merges_at_once_leave_exactly_one(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let moderator = app.moderator("mona").await;
    let call = admin.open_call().await;
    let (alice, bob) = (app.participant("alice").await, app.participant("bob").await);
    let names: Vec<String> = (0..4).map(|i| format!("voter{i}")).collect();
    let voters: Vec<User> = join_all(names.iter().map(|n| app.participant(n))).await;
    for _round in 0..3 {
        let a = alice.submit(&call).await.id;
        let b = bob.submit(&call).await.id;
        for (i, v) in voters.iter().enumerate() {
            v.thumbed(if i % 2 == 0 { &a } else { &b }).await;
        }
        v_both(&voters[0], &a, &b).await;

        let answers = join_all([merge(&admin, &a, &b), merge(&moderator, &b, &a)]).await;

        let mut statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "{answers:?}");
        let pa = app.anon().proposal(&a).await;
        let pb = app.anon().proposal(&b).await;
        let stages = [pa.stage.as_str(), pb.stage.as_str()];
        assert!(stages == ["merged", "submitted"] || stages == ["submitted", "merged"], "{stages:?}");
        assert_eq!(pa.thumb_count + pb.thumb_count, 4, "every voter counted once");
    }
}

async fn v_both(voter: &User, a: &str, b: &str) {
    voter.thumbed(a).await;
    voter.thumbed(b).await;
}
