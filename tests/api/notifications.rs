//! In-app notifications: `GET /api/v1/notifications`, `POST /api/v1/notifications/{id}/read`,
//! `POST /api/v1/notifications/read-all`, and the unread count in `GET /api/v1/me`.

use reqwest::{Method, Response, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::helpers::{Db, Session, TestApp, body, problem};
use crate::spawn;
use crate::util::both_dbs;

/// Posts a comment, or a reply to `parent`, which must succeed; returns its id.
async fn comment(app: &TestApp, user: &Session, proposal: &str, text: &str, parent: Option<&str>) -> String {
    let mut req = json!({ "body": text });
    if let Some(parent) = parent {
        req["parent_id"] = json!(parent);
    }
    let res = app.send_as(user, Method::POST, &format!("/api/v1/proposals/{proposal}/comments"), req).await;
    assert_eq!(res.status(), StatusCode::CREATED, "posting {text:?}");
    id(&body(res).await)
}

/// One page of `GET /api/v1/notifications?<query>` as `user`, which must succeed.
async fn notifications(app: &TestApp, user: &Session, query: &str) -> Value {
    let res = app.get_as(user, &format!("/api/v1/notifications?{query}")).await;
    assert_eq!(res.status(), StatusCode::OK, "listing notifications with {query:?}");
    body(res).await
}

/// All of `user`'s notifications, in list order.
async fn all(app: &TestApp, user: &Session) -> Vec<Value> {
    let page = notifications(app, user, "limit=100").await;
    assert_eq!(page["next_cursor"], Value::Null);
    page["items"].as_array().expect("items").clone()
}

async fn mark_read(app: &TestApp, user: &Session, notification: &str) -> Response {
    app.send_as(user, Method::POST, &format!("/api/v1/notifications/{notification}/read"), json!({})).await
}

async fn read_all(app: &TestApp, user: &Session) -> Response {
    app.send_as(user, Method::POST, "/api/v1/notifications/read-all", json!({})).await
}

/// `unread_notifications` of `GET /api/v1/me`.
async fn unread(app: &TestApp, user: &Session) -> u64 {
    let res = app.me(user).await;
    assert_eq!(res.status(), StatusCode::OK, "reading /me");
    body(res).await["unread_notifications"].as_u64().expect("unread_notifications")
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(id).collect()
}

fn comment_ids(items: &[Value]) -> Vec<String> {
    items.iter().map(|n| n["comment_id"].as_str().expect("comment_id").to_owned()).collect()
}

/// A proposal by `author` in an open call; returns it.
async fn proposal_by(app: &TestApp, author: &Session) -> Value {
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    app.submit(author, &call).await
}

#[apply(both_dbs)]
async fn a_comment_on_a_proposal_notifies_its_author_and_nobody_else(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let proposal = proposal_by(&app, &alice).await;
    let p = id(&proposal);

    let c = comment(&app, &bob, &p, "Hyvä idea!", None).await;

    let page = notifications(&app, &alice, "").await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["unread"], 1);
    let n = &page["items"][0];
    assert_eq!(n["kind"], "comment_on_proposal");
    assert_eq!(n["actor"]["id"], bob.user_id.to_string());
    assert_eq!(n["actor"]["display_name"], "bob");
    assert_eq!(n["proposal_id"], p);
    assert_eq!(n["proposal_number"], proposal["number"]);
    assert_eq!(n["proposal_number"], 1);
    assert_eq!(n["proposal_title"], "Yhteinen avustusrekisteri");
    assert_eq!(n["call_id"], proposal["call_id"]);
    assert_eq!(n["comment_id"], c);
    assert_eq!(n["read"], false);
    for other in [&bob, &carol] {
        let page = notifications(&app, other, "").await;
        assert_eq!(page["items"], json!([]), "{} hears nothing", other.email);
        assert_eq!(page["total"], 0);
        assert_eq!(unread(&app, other).await, 0);
    }
}

#[apply(both_dbs)]
async fn commenting_on_ones_own_proposal_notifies_nobody(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&proposal_by(&app, &alice).await);

    comment(&app, &alice, &p, "Lisätietoa ehdotuksesta.", None).await;

    assert_eq!(notifications(&app, &alice, "").await["total"], 0);
    assert_eq!(unread(&app, &alice).await, 0);
    assert_eq!(notifications(&app, &bob, "").await["total"], 0);
}

#[apply(both_dbs)]
async fn a_reply_notifies_the_proposal_author_and_the_comment_author_once_each(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = id(&proposal_by(&app, &alice).await);
    let bobs = comment(&app, &bob, &p, "Kuka omistaa rekisterin?", None).await;

    let reply = comment(&app, &carol, &p, "Hyvä kysymys.", Some(&bobs)).await;

    let to_alice = all(&app, &alice).await;
    assert_eq!(comment_ids(&to_alice), [reply.clone(), bobs], "newest first");
    assert!(to_alice.iter().all(|n| n["kind"] == "comment_on_proposal"));
    assert_eq!(to_alice[0]["actor"]["display_name"], "carol");
    let to_bob = all(&app, &bob).await;
    assert_eq!(to_bob.len(), 1, "bob hears of the reply once: {to_bob:?}");
    assert_eq!(to_bob[0]["kind"], "reply_to_comment");
    assert_eq!(to_bob[0]["actor"]["id"], carol.user_id.to_string());
    assert_eq!(to_bob[0]["comment_id"], reply);
    assert_eq!(to_bob[0]["proposal_id"], p);
    assert_eq!(all(&app, &carol).await, Vec::<Value>::new(), "carol hears nothing of her own reply");
    assert_eq!(unread(&app, &alice).await, 2);
    assert_eq!(unread(&app, &bob).await, 1);
}

#[apply(both_dbs)]
async fn replies_within_ones_own_thread_notify_only_the_other_party(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&proposal_by(&app, &alice).await);
    let bobs = comment(&app, &bob, &p, "Kuka omistaa rekisterin?", None).await;

    let alices_reply = comment(&app, &alice, &p, "VM omistaa.", Some(&bobs)).await;
    let bobs_reply = comment(&app, &bob, &p, "Kiitos.", Some(&alices_reply)).await;

    let to_alice = all(&app, &alice).await;
    assert_eq!(comment_ids(&to_alice), [bobs_reply, bobs.clone()]);
    assert!(to_alice.iter().all(|n| n["kind"] == "comment_on_proposal"), "once each, as the author");
    let to_bob = all(&app, &bob).await;
    assert_eq!(comment_ids(&to_bob), [alices_reply]);
    assert_eq!(to_bob[0]["kind"], "reply_to_comment");
    assert_eq!(to_bob[0]["actor"]["display_name"], "alice");
}

#[apply(both_dbs)]
async fn me_counts_the_unread_notifications(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&proposal_by(&app, &alice).await);
    assert_eq!(unread(&app, &alice).await, 0);

    for text in ["Yksi.", "Kaksi.", "Kolme."] {
        comment(&app, &bob, &p, text, None).await;
    }

    assert_eq!(unread(&app, &alice).await, 3);
    assert_eq!(unread(&app, &bob).await, 0);
}

#[apply(both_dbs)]
async fn unread_notifications_come_first_then_read_ones_each_newest_first(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&proposal_by(&app, &alice).await);
    let mut comments = Vec::new();
    for i in 1..=4 {
        comments.push(comment(&app, &bob, &p, &format!("Kommentti {i}"), None).await);
    }
    let by_comment = |items: &[Value], c: &str| {
        id(items.iter().find(|n| n["comment_id"] == c).expect("a notification of the comment"))
    };
    let before = all(&app, &alice).await;
    for c in [&comments[0], &comments[2]] {
        assert_eq!(mark_read(&app, &alice, &by_comment(&before, c)).await.status(), StatusCode::NO_CONTENT);
    }

    let after = all(&app, &alice).await;

    let [c1, c2, c3, c4] = [&comments[0], &comments[1], &comments[2], &comments[3]].map(String::clone);
    assert_eq!(comment_ids(&after), [c4, c2, c3, c1]);
    let read: Vec<bool> = after.iter().map(|n| n["read"].as_bool().expect("read")).collect();
    assert_eq!(read, [false, false, true, true]);
}

#[apply(both_dbs)]
async fn marking_a_notification_read_lowers_the_unread_count(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&proposal_by(&app, &alice).await);
    comment(&app, &bob, &p, "Yksi.", None).await;
    let second = comment(&app, &bob, &p, "Kaksi.", None).await;
    let newest = all(&app, &alice).await[0].clone();
    assert_eq!(newest["comment_id"], second);

    let res = mark_read(&app, &alice, &id(&newest)).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(unread(&app, &alice).await, 1);
    let page = notifications(&app, &alice, "").await;
    assert_eq!(page["unread"], 1);
    assert_eq!(page["total"], 2);
    let marked = page["items"].as_array().expect("items").iter().find(|n| n["id"] == newest["id"]).cloned();
    assert_eq!(marked.expect("still listed")["read"], true);

    let again = mark_read(&app, &alice, &id(&newest)).await;
    assert_eq!(again.status(), StatusCode::NO_CONTENT, "marking twice is harmless");
    assert_eq!(unread(&app, &alice).await, 1);
}

#[apply(both_dbs)]
async fn nobody_marks_someone_elses_notification_read(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&proposal_by(&app, &alice).await);
    comment(&app, &bob, &p, "Hyvä idea!", None).await;
    let alices = id(&all(&app, &alice).await[0]);

    let foreign = mark_read(&app, &bob, &alices).await;
    let unknown = mark_read(&app, &alice, &uuid::Uuid::now_v7().to_string()).await;

    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(foreign).await.code, "not_found");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(unknown).await.code, "not_found");
    assert_eq!(unread(&app, &alice).await, 1, "alice's notification stays unread");
    assert_eq!(all(&app, &alice).await[0]["read"], false);
}

#[apply(both_dbs)]
async fn read_all_marks_every_one_of_ones_own_notifications_read(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = id(&proposal_by(&app, &alice).await);
    let bobs = comment(&app, &bob, &p, "Yksi.", None).await;
    comment(&app, &bob, &p, "Kaksi.", None).await;
    comment(&app, &carol, &p, "Kolme.", Some(&bobs)).await;
    let oldest = id(all(&app, &alice).await.last().expect("three notifications"));
    assert_eq!(mark_read(&app, &alice, &oldest).await.status(), StatusCode::NO_CONTENT);

    let res = read_all(&app, &alice).await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await, json!({ "marked": 2 }), "it tells how many were unread");
    assert_eq!(unread(&app, &alice).await, 0);
    let page = notifications(&app, &alice, "").await;
    assert_eq!(page["unread"], 0);
    assert_eq!(page["total"], 3);
    assert!(page["items"].as_array().expect("items").iter().all(|n| n["read"] == true));
    assert_eq!(unread(&app, &bob).await, 1, "bob's reply notification is his own business");
    let again = read_all(&app, &alice).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(body(again).await, json!({ "marked": 0 }));
}

#[apply(both_dbs)]
async fn paging_through_notifications_visits_each_one_once(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&proposal_by(&app, &alice).await);
    for i in 1..=5 {
        comment(&app, &bob, &p, &format!("Kommentti {i}"), None).await;
    }
    // Two read ones, so that a page boundary falls between the unread and the read.
    let everything = all(&app, &alice).await;
    for n in [&everything[1], &everything[4]] {
        assert_eq!(mark_read(&app, &alice, &id(n)).await.status(), StatusCode::NO_CONTENT);
    }
    let expected = ids(&all(&app, &alice).await);

    let mut seen = Vec::new();
    let mut pages = Vec::new();
    let mut query = "limit=2".to_owned();
    loop {
        let page = notifications(&app, &alice, &query).await;
        assert_eq!(page["total"], 5);
        assert_eq!(page["unread"], 3);
        let items = page["items"].as_array().expect("items");
        pages.push(items.len());
        seen.extend(ids(items));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=2&cursor={cursor}"),
            None => break,
        }
        assert!(pages.len() < 10, "the walk ends");
    }

    assert_eq!(pages, [2, 2, 1]);
    assert_eq!(seen, expected);
    let too_many = app.get_as(&alice, "/api/v1/notifications?limit=101").await;
    assert_eq!(too_many.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(too_many).await.code, "validation_failed");
}

#[apply(both_dbs)]
async fn a_visitor_must_sign_in_for_notifications(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&proposal_by(&app, &alice).await);
    comment(&app, &bob, &p, "Hyvä idea!", None).await;
    let alices = id(&all(&app, &alice).await[0]);

    let list = app.get("/api/v1/notifications").await;
    let one = app.post(&format!("/api/v1/notifications/{alices}/read"), json!({})).await;
    let every = app.post("/api/v1/notifications/read-all", json!({})).await;
    let me = app.get("/api/v1/me").await;

    for res in [list, one, every, me] {
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(problem(res).await.code, "unauthenticated");
    }
    assert_eq!(unread(&app, &alice).await, 1);
}
