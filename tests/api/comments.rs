//! Comments: `GET`/`POST /api/v1/proposals/{id}/comments` and `PATCH`/`DELETE
//! /api/v1/comments/{id}`: one level of replies, edits marked, deletes leave a tombstone.

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::util::views::{Call, Comment, CommentThread, Page, ProposalPage};
use crate::util::{Client, Db, Response, TestApp, User, both_dbs};

/// `PATCH /comments/{id}` with a new text, answering as it does.
async fn edit_comment(user: &Client, comment: &str, text: &str) -> Response {
    user.patch(&format!("/api/v1/comments/{comment}"), &json!({ "body": text })).await
}

/// `DELETE /comments/{id}`, answering as it does.
async fn delete_comment(user: &Client, comment: &str) -> Response {
    user.delete(&format!("/api/v1/comments/{comment}")).await
}

/// A page of a proposal's comments as `viewer` sees it, which must succeed.
async fn threads(viewer: &Client, proposal: &str, query: &str) -> Page<CommentThread> {
    viewer.get(&format!("/api/v1/proposals/{proposal}/comments?{query}")).await.ok()
}

/// The ids of top-level comments.
fn ids(threads: &[CommentThread]) -> Vec<String> {
    threads.iter().map(|t| t.comment.id.clone()).collect()
}

/// The ids of replies.
fn reply_ids(replies: &[Comment]) -> Vec<String> {
    replies.iter().map(|c| c.id.clone()).collect()
}

/// The texts of top-level comments.
fn texts(threads: &[CommentThread]) -> Vec<String> {
    threads.iter().map(|t| t.comment.body.clone()).collect()
}

/// A proposal's `comment_count`, as a visitor reads it.
async fn comment_count(app: &TestApp, proposal: &str) -> u64 {
    app.anon().proposal(proposal).await.comment_count
}

/// An open call with one proposal by `author`; returns the admin, the call and the proposal's id.
async fn proposal_by(app: &TestApp, author: &User) -> (User, Call, String) {
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let p = author.submit(&call).await.id;
    (admin, call, p)
}

#[apply(both_dbs)]
async fn a_participant_comments_on_a_proposal_of_an_open_call(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;

    let res = bob.comment_with(&p, "  Hyvä idea, kokeillaan!  ", None).await;

    let posted: Comment = res.created();
    assert_eq!(posted.body, "Hyvä idea, kokeillaan!", "surrounding whitespace is trimmed");
    assert_eq!(posted.proposal_id, p);
    assert_eq!(posted.parent_id, None);
    let author = posted.author.as_ref().expect("an author");
    assert_eq!(author.id, bob.user_id);
    assert_eq!(author.display_name, "bob");
    assert_eq!(posted.edited_at, None);
    assert!(!posted.deleted);
    assert!(posted.viewer_can_edit);
    let page = threads(&app.anon(), &p, "").await;
    assert_eq!(ids(&page.items), [posted.id]);
    assert_eq!(page.items[0].comment.body, "Hyvä idea, kokeillaan!");
    assert!(page.items[0].replies.is_empty());
}

#[apply(both_dbs)]
async fn a_call_whose_submissions_closed_still_takes_comments_while_voting(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (admin, call, p) = proposal_by(&app, &alice).await;
    admin.set_window(&call, -48, -1, 24).await;

    let res = bob.comment_with(&p, "Vielä ehtii kommentoida.", None).await;

    res.expect(StatusCode::CREATED);
    assert_eq!(texts(&threads(&app.anon(), &p, "").await.items), ["Vielä ehtii kommentoida."]);
}

#[apply(both_dbs)]
async fn a_call_in_review_takes_no_comments(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (admin, call, p) = proposal_by(&app, &alice).await;
    admin.set_window(&call, -48, -24, -1).await;

    let res = bob.comment_with(&p, "Liian myöhään.", None).await;

    res.refused(StatusCode::CONFLICT, "call_not_accepting_comments");
    assert_eq!(threads(&app.anon(), &p, "").await.total, Some(0));
}

#[apply(both_dbs)]
async fn a_visitor_reads_comments_but_must_sign_in_to_write(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let c = bob.comment(&p, "Kannatan.").await.id;
    let visitor = app.anon();

    let post = visitor.comment_with(&p, "Anonyymi.", None).await;
    let patch = edit_comment(&visitor, &c, "Muutettu.").await;
    let del = delete_comment(&visitor, &c).await;

    for res in [post, patch, del] {
        res.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    let page = threads(&visitor, &p, "").await;
    assert_eq!(texts(&page.items), ["Kannatan."]);
    assert!(!page.items[0].comment.viewer_can_edit, "a visitor edits nothing");
}

#[apply(both_dbs)]
async fn a_blank_or_overlong_comment_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;

    let blank = bob.comment_with(&p, "  \n\t ", None).await;
    let empty = bob.comment_with(&p, "", None).await;
    let too_long = bob.comment_with(&p, &"ä".repeat(5001), None).await;
    let longest = bob.comment_with(&p, &"ä".repeat(5000), None).await;

    for res in [blank, empty, too_long] {
        let problem = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(
            problem.errors.iter().any(|e| e.field == "body"),
            "the body is named: {:?}",
            problem.fields()
        );
    }
    assert_eq!(longest.status(), StatusCode::CREATED, "5,000 characters fit, whatever their bytes");
    assert_eq!(threads(&app.anon(), &p, "").await.total, Some(1));
}

#[apply(both_dbs)]
async fn a_reply_nests_under_the_comment_it_answers(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let first = bob.comment(&p, "Kuka omistaa rekisterin?").await.id;
    let second = carol.comment(&p, "Hyvä idea.").await.id;

    let reply = alice.reply(&p, &first, "VM omistaa.").await;

    assert_eq!(reply.parent_id.as_deref(), Some(first.as_str()));
    let page = threads(&app.anon(), &p, "").await;
    assert_eq!(ids(&page.items), [first.clone(), second]);
    assert_eq!(page.total, Some(2), "a reply is not a top-level comment");
    let replies = &page.items[0].replies;
    assert_eq!(reply_ids(replies), [reply.id]);
    assert_eq!(replies[0].parent_id.as_deref(), Some(first.as_str()));
    assert_eq!(replies[0].author.as_ref().expect("an author").display_name, "alice");
    assert!(page.items[1].replies.is_empty());
}

#[apply(both_dbs)]
async fn a_reply_to_a_reply_joins_the_thread_of_the_top_comment(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let top = bob.comment(&p, "Kuka omistaa rekisterin?").await.id;
    let reply = alice.reply(&p, &top, "VM omistaa.").await.id;

    let nested = carol.reply(&p, &reply, "Entä ylläpito?").await;

    assert_eq!(nested.parent_id.as_deref(), Some(top.as_str()));
    let res = app.anon().get(&format!("/api/v1/proposals/{p}/comments")).await;
    let page: Page<CommentThread> = res.ok();
    assert_eq!(ids(&page.items), [top]);
    assert_eq!(reply_ids(&page.items[0].replies), [reply, nested.id], "oldest first");
    // A reply's mirror ignores members it does not know: the absence of `replies` on a reply
    // is checked on the wire itself.
    assert_eq!(res.value()["items"][0]["replies"][1]["replies"], Value::Null, "replies go one level deep");
}

#[apply(both_dbs)]
async fn a_reply_must_answer_a_comment_on_the_same_proposal(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, call, p) = proposal_by(&app, &alice).await;
    let other = alice.submit(&call).await.id;
    let elsewhere = bob.comment(&other, "Toisaalla.").await.id;

    let foreign = bob.comment_with(&p, "Vastaus.", Some(&elsewhere)).await;
    let unknown = bob.comment_with(&p, "Vastaus.", Some(&uuid::Uuid::now_v7().to_string())).await;

    foreign.refused(StatusCode::UNPROCESSABLE_ENTITY, "parent_not_on_proposal");
    unknown.refused(StatusCode::UNPROCESSABLE_ENTITY, "parent_not_on_proposal");
    assert_eq!(threads(&app.anon(), &p, "").await.total, Some(0));
    assert!(threads(&app.anon(), &other, "").await.items[0].replies.is_empty());
}

#[apply(both_dbs)]
async fn paging_through_comments_visits_each_thread_once_oldest_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let visitor = app.anon();
    let (_, _, p) = proposal_by(&app, &alice).await;
    let mut tops = Vec::new();
    for i in 1..=5 {
        tops.push(bob.comment(&p, &format!("Kommentti {i}")).await.id);
    }
    let reply_to_first = alice.reply(&p, &tops[0], "Vastaus 1").await.id;
    let reply_to_fourth = alice.reply(&p, &tops[3], "Vastaus 4").await.id;

    let mut seen = Vec::new();
    let mut replies = Vec::new();
    let mut pages = Vec::new();
    let mut query = "limit=2".to_owned();
    loop {
        let page = threads(&visitor, &p, &query).await;
        assert_eq!(page.total, Some(5), "total counts top-level comments");
        pages.push(page.items.len());
        for thread in &page.items {
            seen.push(thread.comment.id.clone());
            for reply in &thread.replies {
                assert_eq!(reply.parent_id.as_deref(), Some(thread.comment.id.as_str()));
                replies.push(reply.id.clone());
            }
        }
        match page.next_cursor {
            Some(cursor) => query = format!("limit=2&cursor={cursor}"),
            None => break,
        }
        assert!(pages.len() < 10, "the walk ends");
    }

    assert_eq!(pages, [2, 2, 1]);
    assert_eq!(seen, tops);
    assert_eq!(replies, [reply_to_first, reply_to_fourth]);
    let all = threads(&visitor, &p, "limit=100").await;
    assert_eq!(ids(&all.items), tops);
    assert_eq!(all.next_cursor, None);
}

#[apply(both_dbs)]
async fn the_comment_count_follows_posts_and_deletes(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    assert_eq!(comment_count(&app, &p).await, 0);

    let top = bob.comment(&p, "Ensimmäinen.").await.id;
    bob.comment(&p, "Toinen.").await;
    let reply = alice.reply(&p, &top, "Vastaus.").await.id;
    assert_eq!(comment_count(&app, &p).await, 3, "replies count too");

    assert_eq!(delete_comment(&alice, &reply).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(comment_count(&app, &p).await, 2);
    assert_eq!(delete_comment(&bob, &top).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(comment_count(&app, &p).await, 1);
}

#[apply(both_dbs)]
async fn its_author_edits_a_comment_and_it_is_marked_edited(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let c = bob.comment(&p, "Kirjotusvirhe.").await;

    let res = edit_comment(&bob, &c.id, "Kirjoitusvirhe korjattu.").await;

    let edited: Comment = res.ok();
    assert_eq!(edited.body, "Kirjoitusvirhe korjattu.");
    assert!(edited.edited_at.is_some(), "marked edited: {edited:?}");
    assert_eq!(edited.created_at, c.created_at, "the posting time stays");
    let listed = &threads(&app.anon(), &p, "").await.items[0].comment;
    assert_eq!(listed.body, "Kirjoitusvirhe korjattu.");
    assert_eq!(listed.edited_at, edited.edited_at);
}

#[apply(both_dbs)]
async fn only_its_author_edits_or_deletes_a_comment(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let c = bob.comment(&p, "Bobin kommentti.").await.id;

    let edited = edit_comment(&alice, &c, "Alicen muokkaus.").await;
    let deleted = delete_comment(&alice, &c).await;

    edited.refused(StatusCode::FORBIDDEN, "not_author");
    deleted.refused(StatusCode::FORBIDDEN, "not_author");
    let listed = &threads(&alice, &p, "").await.items[0].comment;
    assert_eq!(listed.body, "Bobin kommentti.");
    assert!(!listed.deleted);
    assert_eq!(listed.edited_at, None);
    assert!(!listed.viewer_can_edit, "alice is told she cannot");
}

#[apply(both_dbs)]
async fn a_deleted_comment_leaves_a_tombstone_where_its_replies_hang(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let top = bob.comment(&p, "Poistettava.").await.id;
    let reply = alice.reply(&p, &top, "Vastaus jää.").await.id;

    let res = delete_comment(&bob, &top).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let page = threads(&app.anon(), &p, "").await;
    assert_eq!(page.total, Some(1), "the tombstone still holds its place");
    let tombstone = &page.items[0];
    assert_eq!(tombstone.comment.id, top);
    assert!(tombstone.comment.deleted);
    assert_eq!(tombstone.comment.body, "");
    assert!(tombstone.comment.author.is_none(), "{tombstone:?}");
    assert_eq!(reply_ids(&tombstone.replies), [reply]);
    assert_eq!(tombstone.replies[0].body, "Vastaus jää.");
    assert!(!tombstone.replies[0].deleted);
    let seen_by_bob = threads(&bob, &p, "").await;
    assert!(!seen_by_bob.items[0].comment.viewer_can_edit, "a tombstone is not editable");
}

#[apply(both_dbs)]
async fn a_deleted_comment_can_be_neither_deleted_again_nor_edited(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let c = bob.comment(&p, "Poistettava.").await.id;
    assert_eq!(delete_comment(&bob, &c).await.status(), StatusCode::NO_CONTENT);

    let again = delete_comment(&bob, &c).await;
    let edited = edit_comment(&bob, &c, "Takaisin.").await;

    again.refused(StatusCode::CONFLICT, "comment_deleted");
    edited.refused(StatusCode::CONFLICT, "comment_deleted");
    assert_eq!(comment_count(&app, &p).await, 0, "uncounted once");
    assert_eq!(threads(&app.anon(), &p, "").await.items[0].comment.body, "");
}

#[apply(both_dbs)]
async fn a_comment_cannot_be_changed_once_the_call_is_in_review(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (admin, call, p) = proposal_by(&app, &alice).await;
    let c = bob.comment(&p, "Alkuperäinen.").await.id;
    admin.set_window(&call, -48, -24, -1).await;

    let edited = edit_comment(&bob, &c, "Myöhäinen muokkaus.").await;
    let deleted = delete_comment(&bob, &c).await;

    edited.refused(StatusCode::CONFLICT, "call_not_accepting_comments");
    deleted.refused(StatusCode::CONFLICT, "call_not_accepting_comments");
    let listed = &threads(&app.anon(), &p, "").await.items[0].comment;
    assert_eq!(listed.body, "Alkuperäinen.");
    assert!(!listed.deleted);
}

#[apply(both_dbs)]
async fn a_withdrawn_proposal_takes_no_comments(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, _, p) = proposal_by(&app, &alice).await;
    let earlier = bob.comment(&p, "Ennen vetäytymistä.").await.id;
    alice.withdraw(&p).await.expect(StatusCode::OK);

    let top = bob.comment_with(&p, "Miksi?", None).await;
    let reply = alice.comment_with(&p, "Siksi.", Some(&earlier)).await;

    top.refused(StatusCode::CONFLICT, "proposal_withdrawn");
    reply.refused(StatusCode::CONFLICT, "proposal_withdrawn");
    let page = threads(&app.anon(), &p, "").await;
    assert_eq!(texts(&page.items), ["Ennen vetäytymistä."], "earlier comments stay readable");
    assert!(page.items[0].replies.is_empty());
}

#[apply(both_dbs)]
async fn comments_of_an_unknown_proposal_or_an_unknown_comment_are_not_found(db: Db) {
    let app = TestApp::spawn(db).await;
    let bob = app.participant("bob").await;
    let unknown = uuid::Uuid::now_v7().to_string();

    let list = app.anon().get(&format!("/api/v1/proposals/{unknown}/comments")).await;
    let post = bob.comment_with(&unknown, "Hukassa.", None).await;
    let patch = edit_comment(&bob, &unknown, "Hukassa.").await;
    let del = delete_comment(&bob, &unknown).await;

    for res in [list, post, patch, del] {
        res.refused(StatusCode::NOT_FOUND, "not_found");
    }
}

/// Stores a comment written at `at` (`hours` from now) straight through the store, as the
/// demo seeder and imports do: its id is made now, so ids and times can disagree.
async fn comment_written_at(
    app: &TestApp,
    author: &User,
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
    let app = TestApp::spawn(db).await;
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
        let page = threads(&app.anon(), &p, &query).await;
        for thread in &page.items {
            seen.push(thread.comment.body.clone());
            seen.extend(thread.replies.iter().map(|r| format!("  {}", r.body)));
        }
        match page.next_cursor {
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
    let app = TestApp::spawn(db).await;
    siilo_server::demo::seed(&app.db, 8).await.unwrap();
    let visitor = app.anon();
    let calls: Page<Call> = visitor.get("/api/v1/calls?limit=100").await.json();

    let mut checked = 0;
    for call in &calls.items {
        let res =
            visitor.get(&format!("/api/v1/calls/{}/proposals?limit=100&sort=most_commented", call.id)).await;
        let proposals: ProposalPage = res.ok();
        for proposal in &proposals.items {
            if proposal.comment_count == 0 {
                continue;
            }
            let page = threads(&visitor, &proposal.id, "limit=100").await;
            let mut lists = vec![page.items.iter().map(|t| t.comment.clone()).collect::<Vec<_>>()];
            lists.extend(page.items.iter().map(|t| t.replies.clone()));
            for list in lists {
                for pair in list.windows(2) {
                    let (a, b) = (&pair[0], &pair[1]);
                    let at = |c: &Comment| chrono::DateTime::parse_from_rfc3339(&c.created_at).unwrap();
                    let uuid = |c: &Comment| c.id.parse::<uuid::Uuid>().unwrap();
                    assert!(at(a) <= at(b), "oldest first: {a:?} before {b:?}");
                    assert!(uuid(a) < uuid(b), "ids in the order of writing: {a:?} before {b:?}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 10, "the demo has comment threads to check: {checked}");
}
