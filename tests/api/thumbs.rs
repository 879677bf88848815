//! Thumbs-up (*peukutus*): `PUT` and `DELETE /api/v1/proposals/{id}/thumb`, answering
//! `{thumbed, thumb_count}`; both idempotent and exact under concurrency.

use futures_util::future::join_all;
use reqwest::{Method, Response, StatusCode};
use rstest::rstest;
use serde_json::{Value, json};

use crate::helpers::{Db, Session, TestApp, body, problem};
use crate::spawn;

async fn thumb(app: &TestApp, user: &Session, proposal: &str) -> Response {
    app.request(Method::PUT, &format!("/api/v1/proposals/{proposal}/thumb"), Some(&user.access_token), None)
        .await
}

async fn unthumb(app: &TestApp, user: &Session, proposal: &str) -> Response {
    app.request(
        Method::DELETE,
        &format!("/api/v1/proposals/{proposal}/thumb"),
        Some(&user.access_token),
        None,
    )
    .await
}

/// `PUT` or `DELETE` that must succeed, returning `(thumbed, thumb_count)`.
async fn state(res: Response) -> (bool, u64) {
    assert_eq!(res.status(), StatusCode::OK, "changing a thumb");
    let v = body(res).await;
    (v["thumbed"].as_bool().expect("thumbed"), v["thumb_count"].as_u64().expect("thumb_count"))
}

/// `GET /api/v1/proposals/{id}` as `viewer`, which must succeed.
async fn proposal(app: &TestApp, viewer: &Session, id: &str) -> Value {
    let res = app.get_as(viewer, &format!("/api/v1/proposals/{id}")).await;
    assert_eq!(res.status(), StatusCode::OK, "reading proposal {id}");
    body(res).await
}

/// A proposal's public thumb count.
async fn public_count(app: &TestApp, id: &str) -> u64 {
    let res = app.get(&format!("/api/v1/proposals/{id}")).await;
    assert_eq!(res.status(), StatusCode::OK, "reading proposal {id}");
    body(res).await["thumb_count"].as_u64().expect("thumb_count")
}

fn id(proposal: &Value) -> String {
    proposal["id"].as_str().expect("proposal id").to_owned()
}

/// Registers `n` participants named `<prefix>0`, `<prefix>1`, ... at once.
async fn participants(app: &TestApp, prefix: &str, n: usize) -> Vec<Session> {
    let names: Vec<String> = (0..n).map(|i| format!("{prefix}{i}")).collect();
    join_all(names.iter().map(|name| app.participant(name))).await
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn thumbing_a_proposal_counts_it_and_shows_it_as_thumbed_to_the_viewer(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = id(&app.submit(&alice, &call).await);

    let given = state(thumb(&app, &bob, &p).await).await;

    assert_eq!(given, (true, 1));
    let seen_by_bob = proposal(&app, &bob, &p).await;
    assert_eq!(seen_by_bob["viewer_thumbed"], true);
    assert_eq!(seen_by_bob["thumb_count"], 1);
    let seen_by_carol = proposal(&app, &carol, &p).await;
    assert_eq!(seen_by_carol["viewer_thumbed"], false, "carol has not thumbed it");
    assert_eq!(seen_by_carol["thumb_count"], 1);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn thumbing_the_same_proposal_twice_counts_once(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&app.submit(&alice, &call).await);

    let first = state(thumb(&app, &bob, &p).await).await;
    let second = state(thumb(&app, &bob, &p).await).await;

    assert_eq!(first, (true, 1));
    assert_eq!(second, (true, 1));
    assert_eq!(public_count(&app, &p).await, 1);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn taking_a_thumb_back_uncounts_it_and_taking_it_back_again_changes_nothing(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = id(&app.submit(&alice, &call).await);
    state(thumb(&app, &bob, &p).await).await;
    state(thumb(&app, &carol, &p).await).await;

    let taken_back = state(unthumb(&app, &bob, &p).await).await;
    let again = state(unthumb(&app, &bob, &p).await).await;

    assert_eq!(taken_back, (false, 1), "carol's thumb stays");
    assert_eq!(again, (false, 1));
    let seen_by_bob = proposal(&app, &bob, &p).await;
    assert_eq!(seen_by_bob["viewer_thumbed"], false);
    assert_eq!(seen_by_bob["thumb_count"], 1);
    assert_eq!(state(unthumb(&app, &carol, &p).await).await, (false, 0));
    assert_eq!(public_count(&app, &p).await, 0);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn an_author_may_not_thumb_their_own_proposal(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let p = id(&app.submit(&alice, &call).await);

    let res = thumb(&app, &alice, &p).await;

    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(res).await.code, "own_proposal");
    let seen_by_alice = proposal(&app, &alice, &p).await;
    assert_eq!(seen_by_alice["thumb_count"], 0);
    assert_eq!(seen_by_alice["viewer_thumbed"], false);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_call_whose_submissions_closed_still_takes_thumbs_while_voting(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = id(&app.submit(&alice, &call).await);
    state(thumb(&app, &carol, &p).await).await;
    app.set_window(&admin, &call, -48, -1, 24).await;

    let given = state(thumb(&app, &bob, &p).await).await;
    let taken_back = state(unthumb(&app, &carol, &p).await).await;

    assert_eq!(given, (true, 2));
    assert_eq!(taken_back, (false, 1));
    assert_eq!(public_count(&app, &p).await, 1);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_call_in_review_neither_takes_thumbs_nor_gives_them_back(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = id(&app.submit(&alice, &call).await);
    state(thumb(&app, &carol, &p).await).await;
    app.set_window(&admin, &call, -48, -24, -1).await;

    let given = thumb(&app, &bob, &p).await;
    let taken_back = unthumb(&app, &carol, &p).await;

    assert_eq!(given.status(), StatusCode::CONFLICT);
    assert_eq!(problem(given).await.code, "call_not_accepting_thumbs");
    assert_eq!(taken_back.status(), StatusCode::CONFLICT);
    assert_eq!(problem(taken_back).await.code, "call_not_accepting_thumbs");
    assert_eq!(public_count(&app, &p).await, 1, "carol's thumb stays counted");
    assert_eq!(proposal(&app, &carol, &p).await["viewer_thumbed"], true);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_withdrawn_proposal_takes_no_new_thumbs_but_keeps_its_count(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let p = id(&app.submit(&alice, &call).await);
    state(thumb(&app, &bob, &p).await).await;
    let res = app.send_as(&alice, Method::POST, &format!("/api/v1/proposals/{p}/withdraw"), json!({})).await;
    assert_eq!(res.status(), StatusCode::OK, "withdrawing");

    let res = thumb(&app, &carol, &p).await;

    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(problem(res).await.code, "proposal_withdrawn");
    let seen_by_bob = proposal(&app, &bob, &p).await;
    assert_eq!(seen_by_bob["stage"], "withdrawn");
    assert_eq!(seen_by_bob["thumb_count"], 1, "bob's thumb is kept");
    assert_eq!(seen_by_bob["viewer_thumbed"], true);
    assert_eq!(proposal(&app, &carol, &p).await["viewer_thumbed"], false);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn the_thumb_limit_counts_the_thumbs_a_user_holds_in_the_call(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.call_with(&admin, json!({ "max_thumbs_per_user": 2 })).await;
    let other_call = app.call_with(&admin, json!({ "max_thumbs_per_user": 2 })).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let first = id(&app.submit(&alice, &call).await);
    let second = id(&app.submit(&alice, &call).await);
    let third = id(&app.submit(&alice, &call).await);
    let elsewhere = id(&app.submit(&alice, &other_call).await);
    state(thumb(&app, &bob, &elsewhere).await).await;
    state(thumb(&app, &bob, &first).await).await;
    state(thumb(&app, &bob, &second).await).await;

    let over = thumb(&app, &bob, &third).await;
    let again = thumb(&app, &bob, &second).await;

    assert_eq!(over.status(), StatusCode::CONFLICT);
    assert_eq!(problem(over).await.code, "limit_reached");
    assert_eq!(state(again).await, (true, 1), "thumbing one already held stays harmless at the limit");
    assert_eq!(public_count(&app, &third).await, 0);

    state(unthumb(&app, &bob, &first).await).await;
    let now_fits = state(thumb(&app, &bob, &third).await).await;

    assert_eq!(now_fits, (true, 1));
    assert_eq!(public_count(&app, &first).await, 0);
    assert_eq!(public_count(&app, &elsewhere).await, 1, "a thumb in another call is kept apart");
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn a_visitor_must_sign_in_to_thumb(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let p = id(&app.submit(&alice, &call).await);
    let path = format!("/api/v1/proposals/{p}/thumb");

    let given = app.request(Method::PUT, &path, None, None).await;
    let taken_back = app.request(Method::DELETE, &path, None, None).await;

    assert_eq!(given.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(given).await.code, "unauthenticated");
    assert_eq!(taken_back.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(taken_back).await.code, "unauthenticated");
    assert_eq!(public_count(&app, &p).await, 0);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn thumbing_an_unknown_proposal_is_not_found(#[case] db: Db) {
    let app = spawn!(db);
    let bob = app.participant("bob").await;
    let unknown = uuid::Uuid::now_v7().to_string();

    let given = thumb(&app, &bob, &unknown).await;
    let taken_back = unthumb(&app, &bob, &unknown).await;

    assert_eq!(given.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(given).await.code, "not_found");
    assert_eq!(taken_back.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(taken_back).await.code, "not_found");
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn forty_users_thumbing_at_once_give_exactly_forty_thumbs(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let p = id(&app.submit(&alice, &call).await);
    let voters = participants(&app, "voter", 40).await;

    let answers = join_all(voters.iter().map(|v| thumb(&app, v, &p))).await;

    for res in answers {
        let (thumbed, count) = state(res).await;
        assert!(thumbed);
        assert!((1..=40).contains(&count), "a count a thumb could have seen: {count}");
    }
    assert_eq!(public_count(&app, &p).await, 40);
    assert_eq!(proposal(&app, &voters[17], &p).await["viewer_thumbed"], true);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn one_users_twenty_parallel_thumbs_count_once(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let p = id(&app.submit(&alice, &call).await);

    let answers = join_all((0..20).map(|_| thumb(&app, &bob, &p))).await;

    for res in answers {
        assert_eq!(state(res).await, (true, 1));
    }
    assert_eq!(public_count(&app, &p).await, 1);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn parallel_thumbs_and_take_backs_leave_the_count_of_users_still_thumbing(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let alice = app.participant("alice").await;
    let p = id(&app.submit(&alice, &call).await);
    let voters = participants(&app, "voter", 30).await;
    let (early, late) = voters.split_at(20);
    let (leaving, staying) = early.split_at(10);

    let first = join_all(early.iter().map(|v| thumb(&app, v, &p))).await;
    for res in first {
        assert!(state(res).await.0);
    }
    // At once: ten take theirs back, ten thumb again (harmless), ten more join.
    let puts = staying.iter().chain(late).map(|v| thumb(&app, v, &p));
    let deletes = leaving.iter().map(|v| unthumb(&app, v, &p));
    let (put_answers, delete_answers) = tokio::join!(join_all(puts), join_all(deletes));

    for res in put_answers {
        assert!(state(res).await.0);
    }
    for res in delete_answers {
        assert!(!state(res).await.0);
    }
    assert_eq!(public_count(&app, &p).await, 20);
    assert_eq!(proposal(&app, &leaving[3], &p).await["viewer_thumbed"], false);
    assert_eq!(proposal(&app, &staying[3], &p).await["viewer_thumbed"], true);
    assert_eq!(proposal(&app, &late[3], &p).await["viewer_thumbed"], true);
}

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn the_thumb_limit_holds_when_one_user_thumbs_many_proposals_at_once(#[case] db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.call_with(&admin, json!({ "max_thumbs_per_user": 2 })).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let mut proposals = Vec::new();
    for _ in 0..8 {
        proposals.push(id(&app.submit(&alice, &call).await));
    }

    let answers = join_all(proposals.iter().map(|p| thumb(&app, &bob, p))).await;

    let mut given = 0;
    for res in answers {
        if res.status() == StatusCode::OK {
            given += 1;
        } else {
            assert_eq!(res.status(), StatusCode::CONFLICT);
            assert_eq!(problem(res).await.code, "limit_reached");
        }
    }
    assert_eq!(given, 2, "exactly the limit is given");
    let mut counted = 0;
    for p in &proposals {
        counted += public_count(&app, p).await;
    }
    assert_eq!(counted, 2, "no more thumbs are stored than the limit allows");
}
