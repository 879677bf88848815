//! Thumbs-up (*peukutus*): `PUT` and `DELETE /api/v1/proposals/{id}/thumb`, answering
//! `{thumbed, thumb_count}`; both idempotent and exact under concurrency.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::json;

use crate::util::views::ThumbState;
use crate::util::{Db, TestApp, User, both_dbs};

/// A thumb state as `(thumbed, thumb_count)`, short to compare.
fn state(thumbed: bool, thumb_count: u64) -> ThumbState {
    ThumbState { thumbed, thumb_count }
}

/// A proposal's public thumb count.
async fn public_count(app: &TestApp, id: &str) -> u64 {
    app.anon().proposal(id).await.thumb_count
}

/// Registers `n` participants named `<prefix>0`, `<prefix>1`, ... at once.
async fn participants(app: &TestApp, prefix: &str, n: usize) -> Vec<User> {
    let names: Vec<String> = (0..n).map(|i| format!("{prefix}{i}")).collect();
    join_all(names.iter().map(|name| app.participant(name))).await
}

#[apply(both_dbs)]
async fn thumbing_a_proposal_counts_it_and_shows_it_as_thumbed_to_the_viewer(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = alice.submit(&call).await.id;

    let given = bob.thumbed(&p).await;

    assert_eq!(given, state(true, 1));
    let seen_by_bob = bob.proposal(&p).await;
    assert!(seen_by_bob.viewer_thumbed);
    assert_eq!(seen_by_bob.thumb_count, 1);
    let seen_by_carol = carol.proposal(&p).await;
    assert!(!seen_by_carol.viewer_thumbed, "carol has not thumbed it");
    assert_eq!(seen_by_carol.thumb_count, 1);
}

#[apply(both_dbs)]
async fn thumbing_the_same_proposal_twice_counts_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = alice.submit(&call).await.id;

    let first = bob.thumbed(&p).await;
    let second = bob.thumbed(&p).await;

    assert_eq!(first, state(true, 1));
    assert_eq!(second, state(true, 1));
    assert_eq!(public_count(&app, &p).await, 1);
}

#[apply(both_dbs)]
async fn taking_a_thumb_back_uncounts_it_and_taking_it_back_again_changes_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = alice.submit(&call).await.id;
    bob.thumbed(&p).await;
    carol.thumbed(&p).await;

    let taken_back: ThumbState = bob.unthumb(&p).await.ok();
    let again: ThumbState = bob.unthumb(&p).await.ok();

    assert_eq!(taken_back, state(false, 1), "carol's thumb stays");
    assert_eq!(again, state(false, 1));
    let seen_by_bob = bob.proposal(&p).await;
    assert!(!seen_by_bob.viewer_thumbed);
    assert_eq!(seen_by_bob.thumb_count, 1);
    assert_eq!(carol.unthumb(&p).await.ok::<ThumbState>(), state(false, 0));
    assert_eq!(public_count(&app, &p).await, 0);
}

#[apply(both_dbs)]
async fn an_author_may_not_thumb_their_own_proposal(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let p = alice.submit(&call).await.id;

    let res = alice.thumb(&p).await;

    res.refused(StatusCode::FORBIDDEN, "own_proposal");
    let seen_by_alice = alice.proposal(&p).await;
    assert_eq!(seen_by_alice.thumb_count, 0);
    assert!(!seen_by_alice.viewer_thumbed);
}

#[apply(both_dbs)]
async fn a_call_whose_submissions_closed_still_takes_thumbs_while_voting(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = alice.submit(&call).await.id;
    carol.thumbed(&p).await;
    admin.set_window(&call, -48, -1, 24).await;

    let given = bob.thumbed(&p).await;
    let taken_back: ThumbState = carol.unthumb(&p).await.ok();

    assert_eq!(given, state(true, 2));
    assert_eq!(taken_back, state(false, 1));
    assert_eq!(public_count(&app, &p).await, 1);
}

#[apply(both_dbs)]
async fn a_call_in_review_neither_takes_thumbs_nor_gives_them_back(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = alice.submit(&call).await.id;
    carol.thumbed(&p).await;
    admin.set_window(&call, -48, -24, -1).await;

    let given = bob.thumb(&p).await;
    let taken_back = carol.unthumb(&p).await;

    given.refused(StatusCode::CONFLICT, "call_not_accepting_thumbs");
    taken_back.refused(StatusCode::CONFLICT, "call_not_accepting_thumbs");
    assert_eq!(public_count(&app, &p).await, 1, "carol's thumb stays counted");
    assert!(carol.proposal(&p).await.viewer_thumbed);
}

#[apply(both_dbs)]
async fn a_withdrawn_proposal_takes_no_new_thumbs_but_keeps_its_count(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = alice.submit(&call).await.id;
    bob.thumbed(&p).await;
    alice.withdraw(&p).await.expect(StatusCode::OK);

    let res = carol.thumb(&p).await;

    res.refused(StatusCode::CONFLICT, "proposal_withdrawn");
    let seen_by_bob = bob.proposal(&p).await;
    assert_eq!(seen_by_bob.stage, "withdrawn");
    assert_eq!(seen_by_bob.thumb_count, 1, "bob's thumb is kept");
    assert!(seen_by_bob.viewer_thumbed);
    assert!(!carol.proposal(&p).await.viewer_thumbed);
}

#[apply(both_dbs)]
async fn the_thumb_limit_counts_the_thumbs_a_user_holds_in_the_call(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "max_thumbs_per_user": 2 })).await;
    let other_call = admin.call_with(json!({ "max_thumbs_per_user": 2 })).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let first = alice.submit(&call).await.id;
    let second = alice.submit(&call).await.id;
    let third = alice.submit(&call).await.id;
    let elsewhere = alice.submit(&other_call).await.id;
    bob.thumbed(&elsewhere).await;
    bob.thumbed(&first).await;
    bob.thumbed(&second).await;

    let over = bob.thumb(&third).await;
    let again = bob.thumb(&second).await;

    over.refused(StatusCode::CONFLICT, "limit_reached");
    assert_eq!(
        again.ok::<ThumbState>(),
        state(true, 1),
        "thumbing one already held stays harmless at the limit"
    );
    assert_eq!(public_count(&app, &third).await, 0);

    bob.unthumb(&first).await.ok::<ThumbState>();
    let now_fits = bob.thumbed(&third).await;

    assert_eq!(now_fits, state(true, 1));
    assert_eq!(public_count(&app, &first).await, 0);
    assert_eq!(public_count(&app, &elsewhere).await, 1, "a thumb in another call is kept apart");
}

#[apply(both_dbs)]
async fn a_visitor_must_sign_in_to_thumb(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let p = alice.submit(&call).await.id;
    let visitor = app.anon();

    let given = visitor.thumb(&p).await;
    let taken_back = visitor.unthumb(&p).await;

    given.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    taken_back.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_eq!(public_count(&app, &p).await, 0);
}

#[apply(both_dbs)]
async fn thumbing_an_unknown_proposal_is_not_found(db: Db) {
    let app = TestApp::spawn(db).await;
    let bob = app.participant("bob").await;
    let unknown = uuid::Uuid::now_v7().to_string();

    let given = bob.thumb(&unknown).await;
    let taken_back = bob.unthumb(&unknown).await;

    given.refused(StatusCode::NOT_FOUND, "not_found");
    taken_back.refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn forty_users_thumbing_at_once_give_exactly_forty_thumbs(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let p = alice.submit(&call).await.id;
    let voters = participants(&app, "voter", 40).await;

    let answers = join_all(voters.iter().map(|v| v.thumb(&p))).await;

    for res in answers {
        let ThumbState { thumbed, thumb_count } = res.ok();
        assert!(thumbed);
        assert!((1..=40).contains(&thumb_count), "a count a thumb could have seen: {thumb_count}");
    }
    assert_eq!(public_count(&app, &p).await, 40);
    assert!(voters[17].proposal(&p).await.viewer_thumbed);
}

#[apply(both_dbs)]
async fn one_users_twenty_parallel_thumbs_count_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = alice.submit(&call).await.id;

    let answers = join_all((0..20).map(|_| bob.thumb(&p))).await;

    for res in answers {
        assert_eq!(res.ok::<ThumbState>(), state(true, 1));
    }
    assert_eq!(public_count(&app, &p).await, 1);
}

#[apply(both_dbs)]
async fn parallel_thumbs_and_take_backs_leave_the_count_of_users_still_thumbing(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let p = alice.submit(&call).await.id;
    let voters = participants(&app, "voter", 30).await;
    let (early, late) = voters.split_at(20);
    let (leaving, staying) = early.split_at(10);

    let first = join_all(early.iter().map(|v| v.thumb(&p))).await;
    for res in first {
        assert!(res.ok::<ThumbState>().thumbed);
    }
    // At once: ten take theirs back, ten thumb again (harmless), ten more join.
    let puts = staying.iter().chain(late).map(|v| v.thumb(&p));
    let deletes = leaving.iter().map(|v| v.unthumb(&p));
    let (put_answers, delete_answers) = tokio::join!(join_all(puts), join_all(deletes));

    for res in put_answers {
        assert!(res.ok::<ThumbState>().thumbed);
    }
    for res in delete_answers {
        assert!(!res.ok::<ThumbState>().thumbed);
    }
    assert_eq!(public_count(&app, &p).await, 20);
    assert!(!leaving[3].proposal(&p).await.viewer_thumbed);
    assert!(staying[3].proposal(&p).await.viewer_thumbed);
    assert!(late[3].proposal(&p).await.viewer_thumbed);
}

#[apply(both_dbs)]
async fn the_thumb_limit_holds_when_one_user_thumbs_many_proposals_at_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "max_thumbs_per_user": 2 })).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let mut proposals = Vec::new();
    for _ in 0..8 {
        proposals.push(alice.submit(&call).await.id);
    }

    let answers = join_all(proposals.iter().map(|p| bob.thumb(p))).await;

    let mut given = 0;
    for res in answers {
        if res.status() == StatusCode::OK {
            given += 1;
        } else {
            res.refused(StatusCode::CONFLICT, "limit_reached");
        }
    }
    assert_eq!(given, 2, "exactly the limit is given");
    let mut counted = 0;
    for p in &proposals {
        counted += public_count(&app, p).await;
    }
    assert_eq!(counted, 2, "no more thumbs are stored than the limit allows");
}
