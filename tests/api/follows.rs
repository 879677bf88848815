//! Follows: `PUT`/`DELETE /proposals/{id}/follow` and `/calls/{id}/follow`, `GET
//! /me/follows`; authors and commenters follow automatically; followers hear of new
//! revisions, comments and published decisions, each exactly once and never of their own.

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::mail::MailSink;
use crate::util::{Db, TestApp, User, both_dbs};

fn proposal_follow(proposal: &str) -> String {
    format!("/api/v1/proposals/{proposal}/follow")
}

async fn view(user: &User, proposal: &str) -> Value {
    user.get(&format!("/api/v1/proposals/{proposal}")).await.ok()
}

/// How many notifications of `kind` the user has about `proposal`.
async fn count(user: &User, kind: &str, proposal: &str) -> usize {
    let page: Value = user.get("/api/v1/notifications?limit=100").await.ok();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind && n["proposal_id"] == json!(proposal))
        .count()
}

async fn kinds(user: &User) -> Vec<String> {
    let page: Value = user.get("/api/v1/notifications?limit=100").await.ok();
    page["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_owned()).collect()
}

async fn edit(user: &User, proposal: &str, title: &str) {
    user.patch(&format!("/api/v1/proposals/{proposal}"), &json!({ "title": title })).await.ok::<Value>();
}

#[apply(both_dbs)]
async fn following_is_idempotent_and_shows_on_views_and_in_my_list(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let proposal = alice.submit(&call).await.id;

    // The author follows from the start.
    let own = view(&alice, &proposal).await;
    assert_eq!(own["viewer_follows"], true);
    assert_eq!(own["follower_count"], 1);

    for _ in 0..2 {
        bob.put_empty(&proposal_follow(&proposal)).await.expect(StatusCode::NO_CONTENT);
    }
    let seen = view(&bob, &proposal).await;
    assert_eq!(seen["viewer_follows"], true);
    assert_eq!(seen["follower_count"], 2);
    let call_path = format!("/api/v1/calls/{}/follow", call.id);
    for _ in 0..2 {
        bob.put_empty(&call_path).await.expect(StatusCode::NO_CONTENT);
    }
    let c: Value = bob.get(&format!("/api/v1/calls/{}", call.id)).await.ok();
    assert_eq!(c["viewer"]["follows"], true);
    let c: Value = alice.get(&format!("/api/v1/calls/{}", call.id)).await.ok();
    assert_eq!(c["viewer"]["follows"], false);

    let mine: Value = bob.get("/api/v1/me/follows").await.ok();
    assert_eq!(mine["proposal_total"], 1);
    assert_eq!(mine["proposals"][0]["id"], json!(proposal));
    assert_eq!(mine["proposals"][0]["title"], "Yhteinen avustusrekisteri");
    assert_eq!(mine["calls"][0]["id"], json!(call.id));
    assert_eq!(mine["call_total"], 1);

    for _ in 0..2 {
        bob.delete(&proposal_follow(&proposal)).await.expect(StatusCode::NO_CONTENT);
        bob.delete(&call_path).await.expect(StatusCode::NO_CONTENT);
    }
    assert_eq!(view(&bob, &proposal).await["viewer_follows"], false);
    assert_eq!(view(&bob, &proposal).await["follower_count"], 1);
    let mine: Value = bob.get("/api/v1/me/follows").await.ok();
    assert_eq!(mine, json!({ "proposals": [], "calls": [], "proposal_total": 0, "call_total": 0 }));

    // Visitors sign in; what does not exist is not found.
    let anon = app.anon();
    assert_eq!(anon.put_empty(&proposal_follow(&proposal)).await.status(), StatusCode::UNAUTHORIZED);
    bob.put_empty(&proposal_follow(&Uuid::now_v7().to_string()))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
    bob.put_empty(&format!("/api/v1/calls/{}/follow", Uuid::now_v7()))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(anon.get("/api/v1/me/follows").await.status(), StatusCode::UNAUTHORIZED);
}

#[apply(both_dbs)]
async fn a_revision_reaches_every_follower_but_the_editor(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let proposal = alice.submit(&call).await.id;
    bob.put_empty(&proposal_follow(&proposal)).await.expect(StatusCode::NO_CONTENT);
    carol.comment(&proposal, "Hyvä idea!").await;
    assert_eq!(view(&carol, &proposal).await["viewer_follows"], true, "commenters follow");

    edit(&alice, &proposal, "Yhteinen avustusrekisteri kaikille").await;
    assert_eq!(count(&bob, "proposal_revised", &proposal).await, 1);
    assert_eq!(count(&carol, "proposal_revised", &proposal).await, 1);
    assert_eq!(count(&alice, "proposal_revised", &proposal).await, 0, "not the editor");

    // Unfollowing stops them.
    bob.delete(&proposal_follow(&proposal)).await.expect(StatusCode::NO_CONTENT);
    edit(&alice, &proposal, "Yhteinen avustusrekisteri kaikille ministeriöille").await;
    assert_eq!(count(&bob, "proposal_revised", &proposal).await, 1);
    assert_eq!(count(&carol, "proposal_revised", &proposal).await, 2);
    let page: Value = carol.get("/api/v1/notifications?limit=1").await.ok();
    assert_eq!(page["items"][0]["actor"]["display_name"], "alice");
    assert_eq!(page["items"][0]["call_id"], json!(call.id));
}

#[apply(both_dbs)]
async fn a_comment_reaches_followers_but_not_the_commenter_the_team_or_the_one_replied_to(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let dave = app.participant("dave").await;
    let proposal = alice.submit(&call).await.id;
    for u in [&bob, &carol, &dave] {
        u.put_empty(&proposal_follow(&proposal)).await.expect(StatusCode::NO_CONTENT);
    }

    let first = carol.comment(&proposal, "Hyvä idea!").await;
    assert_eq!(kinds(&alice).await, ["comment_on_proposal"], "the author by their own kind only");
    assert_eq!(count(&bob, "followed_comment", &proposal).await, 1);
    assert_eq!(count(&dave, "followed_comment", &proposal).await, 1);
    assert!(kinds(&carol).await.is_empty(), "not the commenter");

    dave.reply(&proposal, &first.id, "Samaa mieltä.").await;
    assert_eq!(kinds(&carol).await, ["reply_to_comment"], "the one replied to hears once");
    assert_eq!(count(&bob, "followed_comment", &proposal).await, 2);
    assert_eq!(count(&dave, "followed_comment", &proposal).await, 1, "not of their own");
    assert_eq!(count(&alice, "comment_on_proposal", &proposal).await, 2);
    assert_eq!(count(&alice, "followed_comment", &proposal).await, 0);

    let page: Value = bob.get("/api/v1/notifications?limit=1").await.ok();
    assert_eq!(page["items"][0]["kind"], "followed_comment");
    assert!(page["items"][0]["comment_id"].is_string());
}

#[apply(both_dbs)]
async fn a_published_decision_reaches_followers_but_not_the_team(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p1 = alice.submit(&call).await.id;
    let p2 = carol.submit(&call).await.id;
    bob.put_empty(&proposal_follow(&p1)).await.expect(StatusCode::NO_CONTENT);
    bob.put_empty(&proposal_follow(&p2)).await.expect(StatusCode::NO_CONTENT);
    alice.put_empty(&proposal_follow(&p2)).await.expect(StatusCode::NO_CONTENT);
    let call = admin.set_window(&call, -72, -48, -1).await;
    admin
        .put(&format!("/api/v1/proposals/{p1}/decision"), &json!({ "stage": "selected" }))
        .await
        .expect(StatusCode::OK);
    admin
        .put(&format!("/api/v1/proposals/{p2}/decision"), &json!({ "stage": "not_selected" }))
        .await
        .expect(StatusCode::OK);

    admin.post_empty(&format!("/api/v1/calls/{}/results", call.id)).await.expect(StatusCode::OK);

    let page: Value = bob.get("/api/v1/notifications?limit=100").await.ok();
    let mut told: Vec<(String, String)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (n["proposal_id"].as_str().unwrap().to_owned(), n["data"]["stage"].as_str().unwrap().to_owned())
        })
        .collect();
    told.sort();
    let mut expected = vec![(p1.clone(), "selected".to_owned()), (p2.clone(), "not_selected".to_owned())];
    expected.sort();
    assert_eq!(told, expected);
    assert!(kinds(&bob).await.iter().all(|k| k == "followed_decision"));
    // Authors hear by their own kind only; alice follows p2 and hears of it as a follower.
    assert_eq!(count(&alice, "decision_published", &p1).await, 1);
    assert_eq!(count(&alice, "followed_decision", &p1).await, 0);
    assert_eq!(count(&alice, "followed_decision", &p2).await, 1);
    assert_eq!(count(&carol, "decision_published", &p2).await, 1);
    assert_eq!(count(&carol, "followed_decision", &p2).await, 0);
}

#[apply(both_dbs)]
async fn a_follower_who_asked_for_it_is_emailed_at_once(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    bob.patch("/api/v1/me", &json!({ "language": "fi" })).await.ok::<Value>();
    bob.put(
        "/api/v1/me/email-settings",
        &json!({ "settings": [{ "kind": "followed_comment", "delivery": "immediately" }] }),
    )
    .await
    .ok::<Value>();
    let proposal = alice.submit(&call).await.id;
    bob.put_empty(&proposal_follow(&proposal)).await.expect(StatusCode::NO_CONTENT);

    let comment = carol.comment(&proposal, "Hyvä idea!").await;

    let mail = sink.wait_for(|m| m.is_to("bob@vm.fi") && m.subject.contains("seuraamaasi")).await;
    assert_eq!(mail.subject, "Siilo: Uusi kommentti seuraamaasi ehdotukseen");
    let text = mail.text();
    assert!(
        text.contains("carol kommentoi seuraamaasi ehdotusta nro 1 ”Yhteinen avustusrekisteri”."),
        "{text}"
    );
    assert!(mail.link("/proposals/").ends_with(&format!("/proposals/{proposal}#comment-{}", comment.id)));
}
