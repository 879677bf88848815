//! Comments: `GET`/`POST /api/v1/proposals/{id}/comments` and `PATCH`/`DELETE
//! /api/v1/comments/{id}`: one level of replies, edits marked, deletes leave a tombstone.

use reqwest::{Method, Response, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::helpers::{CallFixture, Db, Session, TestApp, body, problem};
use crate::spawn;
use crate::util::both_dbs;

async fn post_raw(app: &TestApp, user: &Session, proposal: &str, req: Value) -> Response {
    app.send_as(user, Method::POST, &format!("/api/v1/proposals/{proposal}/comments"), req).await
}

/// Posts a comment, or a reply to `parent`, which must succeed; returns it.
async fn comment(app: &TestApp, user: &Session, proposal: &str, text: &str, parent: Option<&str>) -> Value {
    let mut req = json!({ "body": text });
    if let Some(parent) = parent {
        req["parent_id"] = json!(parent);
    }
    let res = post_raw(app, user, proposal, req).await;
    assert_eq!(res.status(), StatusCode::CREATED, "posting {text:?}");
    body(res).await
}

async fn edit(app: &TestApp, user: &Session, comment: &str, text: &str) -> Response {
    app.send_as(user, Method::PATCH, &format!("/api/v1/comments/{comment}"), json!({ "body": text })).await
}

async fn delete(app: &TestApp, user: &Session, comment: &str) -> Response {
    app.request(Method::DELETE, &format!("/api/v1/comments/{comment}"), Some(&user.access_token), None).await
}

/// A page of a proposal's comments as a visitor sees it, which must succeed.
async fn threads(app: &TestApp, proposal: &str, query: &str) -> Value {
    let res = app.get(&format!("/api/v1/proposals/{proposal}/comments?{query}")).await;
    assert_eq!(res.status(), StatusCode::OK, "listing comments with {query:?}");
    body(res).await
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

fn ids(items: &Value) -> Vec<String> {
    items.as_array().expect("an array").iter().map(id).collect()
}

fn texts(items: &Value) -> Vec<String> {
    items.as_array().expect("an array").iter().map(|c| c["body"].as_str().expect("body").to_owned()).collect()
}

async fn comment_count(app: &TestApp, proposal: &str) -> u64 {
    let res = app.get(&format!("/api/v1/proposals/{proposal}")).await;
    assert_eq!(res.status(), StatusCode::OK, "reading the proposal");
    body(res).await["comment_count"].as_u64().expect("comment_count")
}

/// An open call with one proposal by `author`; returns the admin, the call and the proposal's id.
async fn proposal_by(app: &TestApp, author: &Session) -> (Session, CallFixture, String) {
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let p = id(&app.submit(author, &call).await);
    (admin, call, p)
}

#[apply(both_dbs)]
async fn a_participant_comments_on_a_proposal_of_an_open_call(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;

    let res = post_raw(&app, &bob, &p, json!({ "body": "  Hyvä idea, kokeillaan!  " })).await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let posted = body(res).await;
    assert_eq!(posted["body"], "Hyvä idea, kokeillaan!", "surrounding whitespace is trimmed");
    assert_eq!(posted["proposal_id"], p);
    assert_eq!(posted["parent_id"], Value::Null);
    assert_eq!(posted["author"]["id"], bob.user_id.to_string());
    assert_eq!(posted["author"]["display_name"], "bob");
    assert_eq!(posted["edited_at"], Value::Null);
    assert_eq!(posted["deleted"], false);
    assert_eq!(posted["viewer_can_edit"], true);
    let page = threads(&app, &p, "").await;
    assert_eq!(ids(&page["items"]), [id(&posted)]);
    assert_eq!(page["items"][0]["body"], "Hyvä idea, kokeillaan!");
    assert_eq!(page["items"][0]["replies"], json!([]));
}

#[apply(both_dbs)]
async fn a_call_whose_submissions_closed_still_takes_comments_while_voting(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (admin, call, p) = proposal_by(&app, &alice).await;
    app.set_window(&admin, &call, -48, -1, 24).await;

    let res = post_raw(&app, &bob, &p, json!({ "body": "Vielä ehtii kommentoida." })).await;

    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(texts(&threads(&app, &p, "").await["items"]), ["Vielä ehtii kommentoida."]);
}

#[apply(both_dbs)]
async fn a_call_in_review_takes_no_comments(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (admin, call, p) = proposal_by(&app, &alice).await;
    app.set_window(&admin, &call, -48, -24, -1).await;

    let res = post_raw(&app, &bob, &p, json!({ "body": "Liian myöhään." })).await;

    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(problem(res).await.code, "call_not_accepting_comments");
    assert_eq!(threads(&app, &p, "").await["total"], 0);
}

#[apply(both_dbs)]
async fn a_visitor_reads_comments_but_must_sign_in_to_write(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let c = id(&comment(&app, &bob, &p, "Kannatan.", None).await);

    let post = app.post(&format!("/api/v1/proposals/{p}/comments"), json!({ "body": "Anonyymi." })).await;
    let patch = app
        .request(Method::PATCH, &format!("/api/v1/comments/{c}"), None, Some(json!({ "body": "Muutettu." })))
        .await;
    let del = app.request(Method::DELETE, &format!("/api/v1/comments/{c}"), None, None).await;

    for res in [post, patch, del] {
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(problem(res).await.code, "unauthenticated");
    }
    let page = threads(&app, &p, "").await;
    assert_eq!(texts(&page["items"]), ["Kannatan."]);
    assert_eq!(page["items"][0]["viewer_can_edit"], false, "a visitor edits nothing");
}

#[apply(both_dbs)]
async fn a_blank_or_overlong_comment_is_refused(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;

    let blank = post_raw(&app, &bob, &p, json!({ "body": "  \n\t " })).await;
    let empty = post_raw(&app, &bob, &p, json!({ "body": "" })).await;
    let too_long = post_raw(&app, &bob, &p, json!({ "body": "ä".repeat(5001) })).await;
    let longest = post_raw(&app, &bob, &p, json!({ "body": "ä".repeat(5000) })).await;

    for res in [blank, empty, too_long] {
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem = problem(res).await;
        assert_eq!(problem.code, "validation_failed");
        assert!(
            problem.errors.iter().any(|e| e.field == "body"),
            "the body is named: {:?}",
            problem.fields()
        );
    }
    assert_eq!(longest.status(), StatusCode::CREATED, "5,000 characters fit, whatever their bytes");
    assert_eq!(threads(&app, &p, "").await["total"], 1);
}

#[apply(both_dbs)]
async fn a_reply_nests_under_the_comment_it_answers(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let first = id(&comment(&app, &bob, &p, "Kuka omistaa rekisterin?", None).await);
    let second = id(&comment(&app, &carol, &p, "Hyvä idea.", None).await);

    let reply = comment(&app, &alice, &p, "VM omistaa.", Some(&first)).await;

    assert_eq!(reply["parent_id"], first);
    let page = threads(&app, &p, "").await;
    assert_eq!(ids(&page["items"]), [first.clone(), second]);
    assert_eq!(page["total"], 2, "a reply is not a top-level comment");
    assert_eq!(ids(&page["items"][0]["replies"]), [id(&reply)]);
    assert_eq!(page["items"][0]["replies"][0]["parent_id"], first);
    assert_eq!(page["items"][0]["replies"][0]["author"]["display_name"], "alice");
    assert_eq!(page["items"][1]["replies"], json!([]));
}

#[apply(both_dbs)]
async fn a_reply_to_a_reply_joins_the_thread_of_the_top_comment(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let top = id(&comment(&app, &bob, &p, "Kuka omistaa rekisterin?", None).await);
    let reply = id(&comment(&app, &alice, &p, "VM omistaa.", Some(&top)).await);

    let nested = comment(&app, &carol, &p, "Entä ylläpito?", Some(&reply)).await;

    assert_eq!(nested["parent_id"], top);
    let page = threads(&app, &p, "").await;
    assert_eq!(ids(&page["items"]), [top]);
    assert_eq!(ids(&page["items"][0]["replies"]), [reply, id(&nested)], "oldest first");
    assert_eq!(page["items"][0]["replies"][1]["replies"], Value::Null, "replies go one level deep");
}

#[apply(both_dbs)]
async fn a_reply_must_answer_a_comment_on_the_same_proposal(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, call, p) = proposal_by(&app, &alice).await;
    let other = id(&app.submit(&alice, &call).await);
    let elsewhere = id(&comment(&app, &bob, &other, "Toisaalla.", None).await);

    let foreign = post_raw(&app, &bob, &p, json!({ "body": "Vastaus.", "parent_id": elsewhere })).await;
    let unknown =
        post_raw(&app, &bob, &p, json!({ "body": "Vastaus.", "parent_id": uuid::Uuid::now_v7() })).await;

    assert_eq!(foreign.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(foreign).await.code, "parent_not_on_proposal");
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(unknown).await.code, "parent_not_on_proposal");
    assert_eq!(threads(&app, &p, "").await["total"], 0);
    assert_eq!(threads(&app, &other, "").await["items"][0]["replies"], json!([]));
}

#[apply(both_dbs)]
async fn paging_through_comments_visits_each_thread_once_oldest_first(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let mut tops = Vec::new();
    for i in 1..=5 {
        tops.push(id(&comment(&app, &bob, &p, &format!("Kommentti {i}"), None).await));
    }
    let reply_to_first = id(&comment(&app, &alice, &p, "Vastaus 1", Some(&tops[0])).await);
    let reply_to_fourth = id(&comment(&app, &alice, &p, "Vastaus 4", Some(&tops[3])).await);

    let mut seen = Vec::new();
    let mut replies = Vec::new();
    let mut pages = Vec::new();
    let mut query = "limit=2".to_owned();
    loop {
        let page = threads(&app, &p, &query).await;
        assert_eq!(page["total"], 5, "total counts top-level comments");
        pages.push(page["items"].as_array().expect("items").len());
        for thread in page["items"].as_array().expect("items") {
            seen.push(id(thread));
            for reply in thread["replies"].as_array().expect("replies") {
                assert_eq!(reply["parent_id"], thread["id"]);
                replies.push(id(reply));
            }
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=2&cursor={cursor}"),
            None => break,
        }
        assert!(pages.len() < 10, "the walk ends");
    }

    assert_eq!(pages, [2, 2, 1]);
    assert_eq!(seen, tops);
    assert_eq!(replies, [reply_to_first, reply_to_fourth]);
    let all = threads(&app, &p, "limit=100").await;
    assert_eq!(ids(&all["items"]), tops);
    assert_eq!(all["next_cursor"], Value::Null);
}

#[apply(both_dbs)]
async fn the_comment_count_follows_posts_and_deletes(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    assert_eq!(comment_count(&app, &p).await, 0);

    let top = id(&comment(&app, &bob, &p, "Ensimmäinen.", None).await);
    comment(&app, &bob, &p, "Toinen.", None).await;
    let reply = id(&comment(&app, &alice, &p, "Vastaus.", Some(&top)).await);
    assert_eq!(comment_count(&app, &p).await, 3, "replies count too");

    assert_eq!(delete(&app, &alice, &reply).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(comment_count(&app, &p).await, 2);
    assert_eq!(delete(&app, &bob, &top).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(comment_count(&app, &p).await, 1);
}

#[apply(both_dbs)]
async fn its_author_edits_a_comment_and_it_is_marked_edited(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let c = comment(&app, &bob, &p, "Kirjotusvirhe.", None).await;

    let res = edit(&app, &bob, &id(&c), "Kirjoitusvirhe korjattu.").await;

    assert_eq!(res.status(), StatusCode::OK);
    let edited = body(res).await;
    assert_eq!(edited["body"], "Kirjoitusvirhe korjattu.");
    assert!(edited["edited_at"].is_string(), "marked edited: {edited}");
    assert_eq!(edited["created_at"], c["created_at"], "the posting time stays");
    let listed = &threads(&app, &p, "").await["items"][0];
    assert_eq!(listed["body"], "Kirjoitusvirhe korjattu.");
    assert_eq!(listed["edited_at"], edited["edited_at"]);
}

#[apply(both_dbs)]
async fn only_its_author_edits_or_deletes_a_comment(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let c = id(&comment(&app, &bob, &p, "Bobin kommentti.", None).await);

    let edited = edit(&app, &alice, &c, "Alicen muokkaus.").await;
    let deleted = delete(&app, &alice, &c).await;

    assert_eq!(edited.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(edited).await.code, "not_author");
    assert_eq!(deleted.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(deleted).await.code, "not_author");
    let res = app.get_as(&alice, &format!("/api/v1/proposals/{p}/comments")).await;
    let listed = &body(res).await["items"][0];
    assert_eq!(listed["body"], "Bobin kommentti.");
    assert_eq!(listed["deleted"], false);
    assert_eq!(listed["edited_at"], Value::Null);
    assert_eq!(listed["viewer_can_edit"], false, "alice is told she cannot");
}

#[apply(both_dbs)]
async fn a_deleted_comment_leaves_a_tombstone_where_its_replies_hang(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let top = id(&comment(&app, &bob, &p, "Poistettava.", None).await);
    let reply = id(&comment(&app, &alice, &p, "Vastaus jää.", Some(&top)).await);

    let res = delete(&app, &bob, &top).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let page = threads(&app, &p, "").await;
    assert_eq!(page["total"], 1, "the tombstone still holds its place");
    let tombstone = &page["items"][0];
    assert_eq!(tombstone["id"], top);
    assert_eq!(tombstone["deleted"], true);
    assert_eq!(tombstone["body"], "");
    assert_eq!(tombstone["author"], Value::Null);
    assert_eq!(ids(&tombstone["replies"]), [reply]);
    assert_eq!(tombstone["replies"][0]["body"], "Vastaus jää.");
    assert_eq!(tombstone["replies"][0]["deleted"], false);
    let res = app.get_as(&bob, &format!("/api/v1/proposals/{p}/comments")).await;
    assert_eq!(body(res).await["items"][0]["viewer_can_edit"], false, "a tombstone is not editable");
}

#[apply(both_dbs)]
async fn a_deleted_comment_can_be_neither_deleted_again_nor_edited(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let c = id(&comment(&app, &bob, &p, "Poistettava.", None).await);
    assert_eq!(delete(&app, &bob, &c).await.status(), StatusCode::NO_CONTENT);

    let again = delete(&app, &bob, &c).await;
    let edited = edit(&app, &bob, &c, "Takaisin.").await;

    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(problem(again).await.code, "comment_deleted");
    assert_eq!(edited.status(), StatusCode::CONFLICT);
    assert_eq!(problem(edited).await.code, "comment_deleted");
    assert_eq!(comment_count(&app, &p).await, 0, "uncounted once");
    assert_eq!(threads(&app, &p, "").await["items"][0]["body"], "");
}

#[apply(both_dbs)]
async fn a_comment_cannot_be_changed_once_the_call_is_in_review(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (admin, call, p) = proposal_by(&app, &alice).await;
    let c = id(&comment(&app, &bob, &p, "Alkuperäinen.", None).await);
    app.set_window(&admin, &call, -48, -24, -1).await;

    let edited = edit(&app, &bob, &c, "Myöhäinen muokkaus.").await;
    let deleted = delete(&app, &bob, &c).await;

    assert_eq!(edited.status(), StatusCode::CONFLICT);
    assert_eq!(problem(edited).await.code, "call_not_accepting_comments");
    assert_eq!(deleted.status(), StatusCode::CONFLICT);
    assert_eq!(problem(deleted).await.code, "call_not_accepting_comments");
    let listed = &threads(&app, &p, "").await["items"][0];
    assert_eq!(listed["body"], "Alkuperäinen.");
    assert_eq!(listed["deleted"], false);
}

#[apply(both_dbs)]
async fn a_withdrawn_proposal_takes_no_comments(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let earlier = id(&comment(&app, &bob, &p, "Ennen vetäytymistä.", None).await);
    let res = app.send_as(&alice, Method::POST, &format!("/api/v1/proposals/{p}/withdraw"), json!({})).await;
    assert_eq!(res.status(), StatusCode::OK, "withdrawing");

    let top = post_raw(&app, &bob, &p, json!({ "body": "Miksi?" })).await;
    let reply = post_raw(&app, &alice, &p, json!({ "body": "Siksi.", "parent_id": earlier })).await;

    assert_eq!(top.status(), StatusCode::CONFLICT);
    assert_eq!(problem(top).await.code, "proposal_withdrawn");
    assert_eq!(reply.status(), StatusCode::CONFLICT);
    assert_eq!(problem(reply).await.code, "proposal_withdrawn");
    let page = threads(&app, &p, "").await;
    assert_eq!(texts(&page["items"]), ["Ennen vetäytymistä."], "earlier comments stay readable");
    assert_eq!(page["items"][0]["replies"], json!([]));
}

#[apply(both_dbs)]
async fn comments_of_an_unknown_proposal_or_an_unknown_comment_are_not_found(db: Db) {
    let app = spawn!(db);
    let bob = app.participant("bob").await;
    let unknown = uuid::Uuid::now_v7().to_string();

    let list = app.get(&format!("/api/v1/proposals/{unknown}/comments")).await;
    let post = post_raw(&app, &bob, &unknown, json!({ "body": "Hukassa." })).await;
    let patch = edit(&app, &bob, &unknown, "Hukassa.").await;
    let del = delete(&app, &bob, &unknown).await;

    for res in [list, post, patch, del] {
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(problem(res).await.code, "not_found");
    }
}

/// Stores a comment written at `at` (`hours` from now) straight through the store, as the
/// demo seeder and imports do: its id is made now, so ids and times can disagree.
async fn comment_written_at(
    app: &TestApp,
    author: &Session,
    proposal: &str,
    parent: Option<&str>,
    text: &str,
    hours: i64,
) -> String {
    let at = chrono::Utc::now() + chrono::TimeDelta::hours(hours);
    let new = siilo_store::comments::NewComment {
        proposal_id: proposal.parse().unwrap(),
        parent_id: parent.map(|p| p.parse().unwrap()),
        author_id: author.user_id.into(),
        body: text,
        language: siilo_domain::accounts::Language::Fi,
    };
    siilo_store::comments::create(&app.db, new, at).await.unwrap().to_string()
}

#[apply(both_dbs)]
async fn comments_come_in_the_order_they_were_written_whatever_their_ids(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    // Stored in this order, written in another.
    let third = comment_written_at(&app, &bob, &p, None, "third", -1).await;
    comment_written_at(&app, &bob, &p, None, "first", -3).await;
    comment_written_at(&app, &bob, &p, None, "second", -2).await;
    comment_written_at(&app, &alice, &p, Some(&third), "late reply", -1).await;
    comment_written_at(&app, &alice, &p, Some(&third), "early reply", -1).await;

    let mut seen = Vec::new();
    let mut query = "limit=1".to_owned();
    loop {
        let page = threads(&app, &p, &query).await;
        for thread in page["items"].as_array().unwrap() {
            seen.push(thread["body"].as_str().unwrap().to_owned());
            seen.extend(texts(&thread["replies"]).into_iter().map(|t| format!("  {t}")));
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=1&cursor={cursor}"),
            None => break,
        }
    }

    // The replies were stored at the same instant, to the microsecond or not: the id decides.
    let replies: Vec<&str> = seen.iter().skip(3).map(String::as_str).collect();
    assert_eq!(seen[..3], ["first", "second", "third"]);
    assert!(
        replies == ["  late reply", "  early reply"] || replies == ["  early reply", "  late reply"],
        "{seen:?}"
    );
}

#[apply(both_dbs)]
async fn the_demo_comments_come_oldest_first_and_their_ids_agree(db: Db) {
    let app = spawn!(db);
    siilo_server::demo::seed(&app.db, 8).await.unwrap();
    let calls = body(app.get("/api/v1/calls?limit=100").await).await;

    let mut checked = 0;
    for call in calls["items"].as_array().unwrap() {
        let res =
            app.get(&format!("/api/v1/calls/{}/proposals?limit=100&sort=most_commented", id(call))).await;
        assert_eq!(res.status(), StatusCode::OK);
        for proposal in body(res).await["items"].as_array().unwrap() {
            if proposal["comment_count"].as_u64() == Some(0) {
                continue;
            }
            let page = threads(&app, &id(proposal), "limit=100").await;
            let items = page["items"].as_array().unwrap();
            let mut lists = vec![items.clone()];
            lists.extend(items.iter().map(|t| t["replies"].as_array().unwrap().clone()));
            for list in lists {
                for pair in list.windows(2) {
                    let (a, b) = (&pair[0], &pair[1]);
                    let at = |c: &Value| {
                        chrono::DateTime::parse_from_rfc3339(c["created_at"].as_str().unwrap()).unwrap()
                    };
                    let uuid = |c: &Value| id(c).parse::<uuid::Uuid>().unwrap();
                    assert!(at(a) <= at(b), "oldest first: {a} before {b}");
                    assert!(uuid(a) < uuid(b), "ids in the order of writing: {a} before {b}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 10, "the demo has comment threads to check: {checked}");
}
