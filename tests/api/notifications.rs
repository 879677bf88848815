//! In-app notifications: `GET /api/v1/notifications`, `POST /api/v1/notifications/{id}/read`,
//! `POST /api/v1/notifications/read-all`, and the unread count in `GET /api/v1/me`.

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::json;

use crate::util::views::{MarkedRead, Me, Notification, NotificationPage, Proposal};
use crate::util::{Client, Db, Response, TestApp, User, both_dbs};

/// One page of `GET /api/v1/notifications?<query>` as `user`, which must succeed.
async fn notifications(user: &Client, query: &str) -> NotificationPage {
    user.get(&format!("/api/v1/notifications?{query}")).await.ok()
}

/// All of `user`'s notifications, in list order.
async fn all(user: &Client) -> Vec<Notification> {
    let page = notifications(user, "limit=100").await;
    assert_eq!(page.next_cursor, None);
    page.items
}

/// `POST /notifications/{id}/read`, answering as it does.
async fn mark_read(user: &Client, notification: &str) -> Response {
    user.post(&format!("/api/v1/notifications/{notification}/read"), &json!({})).await
}

/// `POST /notifications/read-all`, answering as it does.
async fn read_all(user: &Client) -> Response {
    user.post("/api/v1/notifications/read-all", &json!({})).await
}

/// `unread_notifications` of `GET /api/v1/me`.
async fn unread(user: &Client) -> i64 {
    user.get("/api/v1/me").await.ok::<Me>().unread_notifications
}

fn ids(items: &[Notification]) -> Vec<String> {
    items.iter().map(|n| n.id.clone()).collect()
}

fn comment_ids(items: &[Notification]) -> Vec<String> {
    items.iter().map(|n| n.comment_id.clone().expect("comment_id")).collect()
}

/// The display name of a notification's actor.
fn actor_name(n: &Notification) -> &str {
    &n.actor.as_ref().expect("an actor").display_name
}

/// A proposal by `author` in an open call; returns it.
async fn proposal_by(app: &TestApp, author: &User) -> Proposal {
    let admin = app.admin().await;
    let call = admin.open_call().await;
    author.submit(&call).await
}

#[apply(both_dbs)]
async fn a_comment_on_a_proposal_notifies_its_author_and_nobody_else(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let proposal = proposal_by(&app, &alice).await;
    let p = proposal.id.clone();

    let c = bob.comment(&p, "Hyvä idea!").await.id;

    let page = notifications(&alice, "").await;
    assert_eq!(page.total, 1);
    assert_eq!(page.unread, 1);
    let n = &page.items[0];
    assert_eq!(n.kind, "comment_on_proposal");
    assert_eq!(n.actor.as_ref().expect("an actor").id, bob.user_id);
    assert_eq!(actor_name(n), "bob");
    assert_eq!(n.proposal_id, Some(p));
    assert_eq!(n.proposal_number, Some(proposal.number));
    assert_eq!(n.proposal_number, Some(1));
    assert_eq!(n.proposal_title.as_deref(), Some("Yhteinen avustusrekisteri"));
    assert_eq!(n.call_id, Some(proposal.call_id));
    assert_eq!(n.comment_id, Some(c));
    assert!(!n.read);
    for other in [&bob, &carol] {
        let page = notifications(other, "").await;
        assert!(page.items.is_empty(), "{} hears nothing", other.email);
        assert_eq!(page.total, 0);
        assert_eq!(unread(other).await, 0);
    }
}

#[apply(both_dbs)]
async fn commenting_on_ones_own_proposal_notifies_nobody(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = proposal_by(&app, &alice).await.id;

    alice.comment(&p, "Lisätietoa ehdotuksesta.").await;

    assert_eq!(notifications(&alice, "").await.total, 0);
    assert_eq!(unread(&alice).await, 0);
    assert_eq!(notifications(&bob, "").await.total, 0);
}

#[apply(both_dbs)]
async fn a_reply_notifies_the_proposal_author_and_the_comment_author_once_each(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = proposal_by(&app, &alice).await.id;
    let bobs = bob.comment(&p, "Kuka omistaa rekisterin?").await.id;

    let reply = carol.reply(&p, &bobs, "Hyvä kysymys.").await.id;

    let to_alice = all(&alice).await;
    assert_eq!(comment_ids(&to_alice), [reply.clone(), bobs], "newest first");
    assert!(to_alice.iter().all(|n| n.kind == "comment_on_proposal"));
    assert_eq!(actor_name(&to_alice[0]), "carol");
    let to_bob = all(&bob).await;
    assert_eq!(to_bob.len(), 1, "bob hears of the reply once: {to_bob:?}");
    assert_eq!(to_bob[0].kind, "reply_to_comment");
    assert_eq!(to_bob[0].actor.as_ref().expect("an actor").id, carol.user_id);
    assert_eq!(to_bob[0].comment_id, Some(reply));
    assert_eq!(to_bob[0].proposal_id, Some(p));
    let to_carol = all(&carol).await;
    assert!(to_carol.is_empty(), "carol hears nothing of her own reply: {to_carol:?}");
    assert_eq!(unread(&alice).await, 2);
    assert_eq!(unread(&bob).await, 1);
}

#[apply(both_dbs)]
async fn replies_within_ones_own_thread_notify_only_the_other_party(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = proposal_by(&app, &alice).await.id;
    let bobs = bob.comment(&p, "Kuka omistaa rekisterin?").await.id;

    let alices_reply = alice.reply(&p, &bobs, "VM omistaa.").await.id;
    let bobs_reply = bob.reply(&p, &alices_reply, "Kiitos.").await.id;

    let to_alice = all(&alice).await;
    assert_eq!(comment_ids(&to_alice), [bobs_reply, bobs.clone()]);
    assert!(to_alice.iter().all(|n| n.kind == "comment_on_proposal"), "once each, as the author");
    let to_bob = all(&bob).await;
    assert_eq!(comment_ids(&to_bob), [alices_reply]);
    assert_eq!(to_bob[0].kind, "reply_to_comment");
    assert_eq!(actor_name(&to_bob[0]), "alice");
}

#[apply(both_dbs)]
async fn me_counts_the_unread_notifications(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = proposal_by(&app, &alice).await.id;
    assert_eq!(unread(&alice).await, 0);

    for text in ["Yksi.", "Kaksi.", "Kolme."] {
        bob.comment(&p, text).await;
    }

    assert_eq!(unread(&alice).await, 3);
    assert_eq!(unread(&bob).await, 0);
}

#[apply(both_dbs)]
async fn unread_notifications_come_first_then_read_ones_each_newest_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = proposal_by(&app, &alice).await.id;
    let mut comments = Vec::new();
    for i in 1..=4 {
        comments.push(bob.comment(&p, &format!("Kommentti {i}")).await.id);
    }
    let by_comment = |items: &[Notification], c: &str| {
        let n = items.iter().find(|n| n.comment_id.as_deref() == Some(c));
        n.expect("a notification of the comment").id.clone()
    };
    let before = all(&alice).await;
    for c in [&comments[0], &comments[2]] {
        assert_eq!(mark_read(&alice, &by_comment(&before, c)).await.status(), StatusCode::NO_CONTENT);
    }

    let after = all(&alice).await;

    let [c1, c2, c3, c4] = [&comments[0], &comments[1], &comments[2], &comments[3]].map(String::clone);
    assert_eq!(comment_ids(&after), [c4, c2, c3, c1]);
    let read: Vec<bool> = after.iter().map(|n| n.read).collect();
    assert_eq!(read, [false, false, true, true]);
}

#[apply(both_dbs)]
async fn marking_a_notification_read_lowers_the_unread_count(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = proposal_by(&app, &alice).await.id;
    bob.comment(&p, "Yksi.").await;
    let second = bob.comment(&p, "Kaksi.").await.id;
    let newest = all(&alice).await[0].clone();
    assert_eq!(newest.comment_id, Some(second));

    let res = mark_read(&alice, &newest.id).await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(unread(&alice).await, 1);
    let page = notifications(&alice, "").await;
    assert_eq!(page.unread, 1);
    assert_eq!(page.total, 2);
    let marked = page.items.iter().find(|n| n.id == newest.id);
    assert!(marked.expect("still listed").read);

    let again = mark_read(&alice, &newest.id).await;
    assert_eq!(again.status(), StatusCode::NO_CONTENT, "marking twice is harmless");
    assert_eq!(unread(&alice).await, 1);
}

#[apply(both_dbs)]
async fn nobody_marks_someone_elses_notification_read(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = proposal_by(&app, &alice).await.id;
    bob.comment(&p, "Hyvä idea!").await;
    let alices = all(&alice).await[0].id.clone();

    let foreign = mark_read(&bob, &alices).await;
    let unknown = mark_read(&alice, &uuid::Uuid::now_v7().to_string()).await;

    foreign.refused(StatusCode::NOT_FOUND, "not_found");
    unknown.refused(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(unread(&alice).await, 1, "alice's notification stays unread");
    assert!(!all(&alice).await[0].read);
}

#[apply(both_dbs)]
async fn read_all_marks_every_one_of_ones_own_notifications_read(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = proposal_by(&app, &alice).await.id;
    let bobs = bob.comment(&p, "Yksi.").await.id;
    bob.comment(&p, "Kaksi.").await;
    carol.reply(&p, &bobs, "Kolme.").await;
    let oldest = all(&alice).await.last().expect("three notifications").id.clone();
    assert_eq!(mark_read(&alice, &oldest).await.status(), StatusCode::NO_CONTENT);

    let res = read_all(&alice).await;

    assert_eq!(res.ok::<MarkedRead>(), MarkedRead { marked: 2 }, "it tells how many were unread");
    assert_eq!(unread(&alice).await, 0);
    let page = notifications(&alice, "").await;
    assert_eq!(page.unread, 0);
    assert_eq!(page.total, 3);
    assert!(page.items.iter().all(|n| n.read));
    assert_eq!(unread(&bob).await, 1, "bob's reply notification is his own business");
    let again = read_all(&alice).await;
    assert_eq!(again.ok::<MarkedRead>(), MarkedRead { marked: 0 });
}

#[apply(both_dbs)]
async fn paging_through_notifications_visits_each_one_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = proposal_by(&app, &alice).await.id;
    for i in 1..=5 {
        bob.comment(&p, &format!("Kommentti {i}")).await;
    }
    // Two read ones, so that a page boundary falls between the unread and the read.
    let everything = all(&alice).await;
    for n in [&everything[1], &everything[4]] {
        assert_eq!(mark_read(&alice, &n.id).await.status(), StatusCode::NO_CONTENT);
    }
    let expected = ids(&all(&alice).await);

    let mut seen = Vec::new();
    let mut pages = Vec::new();
    let mut query = "limit=2".to_owned();
    loop {
        let page = notifications(&alice, &query).await;
        assert_eq!(page.total, 5);
        assert_eq!(page.unread, 3);
        pages.push(page.items.len());
        seen.extend(ids(&page.items));
        match page.next_cursor {
            Some(cursor) => query = format!("limit=2&cursor={cursor}"),
            None => break,
        }
        assert!(pages.len() < 10, "the walk ends");
    }

    assert_eq!(pages, [2, 2, 1]);
    assert_eq!(seen, expected);
    let too_many = alice.get("/api/v1/notifications?limit=101").await;
    too_many.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[apply(both_dbs)]
async fn a_visitor_must_sign_in_for_notifications(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = proposal_by(&app, &alice).await.id;
    bob.comment(&p, "Hyvä idea!").await;
    let alices = all(&alice).await[0].id.clone();
    let visitor = app.anon();

    let list = visitor.get("/api/v1/notifications").await;
    let one = mark_read(&visitor, &alices).await;
    let every = read_all(&visitor).await;
    let me = visitor.get("/api/v1/me").await;

    for res in [list, one, every, me] {
        res.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    assert_eq!(unread(&alice).await, 1);
}
