//! Team proposals: `POST`/`GET /api/v1/proposals/{id}/coauthors`, `DELETE
//! /api/v1/proposals/{id}/coauthors/{coauthor_id}`, `GET /api/v1/me/invitations` and
//! `POST /api/v1/me/invitations/{id}/accept|decline`; co-authors edit, show with their
//! organisations, count in the reach, and hear of their proposal as its author does.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value as DbValue};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::{Client, Db, Response, TestApp, User, both_dbs};

async fn invite(author: &Client, proposal: &str, email: &str) -> Response {
    author.post(&format!("/api/v1/proposals/{proposal}/coauthors"), &json!({ "email": email })).await
}

async fn invitations(user: &Client) -> Vec<Value> {
    user.get("/api/v1/me/invitations").await.ok()
}

async fn answer(user: &Client, invitation: &str, verb: &str) -> Response {
    user.post_empty(&format!("/api/v1/me/invitations/{invitation}/{verb}")).await
}

async fn kinds(user: &Client) -> Vec<(String, Option<String>, Value)> {
    let page: Value = user.get("/api/v1/notifications?limit=100").await.ok();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_owned(),
                n["proposal_id"].as_str().map(str::to_owned),
                n["data"].clone(),
            )
        })
        .collect()
}

async fn reach(app: &TestApp, proposal: &str) -> i64 {
    let backend = app.db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        "SELECT reach FROM proposals WHERE id = $1"
    } else {
        "SELECT reach FROM proposals WHERE id = ?"
    };
    let id: Uuid = proposal.parse().unwrap();
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [DbValue::from(id)]))
        .await
        .unwrap()
        .unwrap();
    let n: i32 = row.try_get("", "reach").unwrap();
    i64::from(n)
}

/// An STM author with a proposal in an open call.
async fn team(app: &TestApp) -> (User, User, String) {
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let author = app.register("anna@stm.fi", "Anna").await;
    let p = author.submit(&call).await.id;
    (admin, author, p)
}

#[apply(both_dbs)]
async fn an_invited_colleague_accepts_edits_and_shows_with_their_organisation(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, anna, p) = team(&app).await;
    let olli = app.register("olli@okm.fi", "Olli").await;
    let before = reach(&app, &p).await;

    let row: Value = invite(&anna, &p, "  Olli@OKM.fi ").await.created();
    assert_eq!(row["email"], "olli@okm.fi", "lower-cased and trimmed");
    assert_eq!(row["status"], "invited");
    assert_eq!(row["user"]["id"], olli.user_id.to_string(), "bound at once to the confirmed account");

    let notes = kinds(&olli).await;
    assert!(
        notes.iter().any(|(k, pid, d)| k == "coauthor_invited"
            && pid.as_deref() == Some(p.as_str())
            && d["invitation_id"] == row["id"]),
        "{notes:?}"
    );
    let list = invitations(&olli).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["proposal"]["id"], p);
    assert_eq!(list[0]["inviter"]["display_name"], "Anna");
    // Before accepting, Olli may not edit.
    let refused =
        olli.patch(&format!("/api/v1/proposals/{p}"), &json!({ "title": "Olli muokkaa otsikkoa" })).await;
    refused.refused(StatusCode::FORBIDDEN, "not_author");

    let accepted: Value = answer(&olli, row["id"].as_str().unwrap(), "accept").await.ok();
    assert_eq!(accepted["status"], "accepted");
    assert!(invitations(&olli).await.is_empty());
    let notes = kinds(&anna).await;
    assert!(notes.iter().any(|(k, _, d)| k == "coauthor_answered" && d["accepted"] == true), "{notes:?}");

    // Olli edits; the revision records him.
    let edited = olli
        .patch(&format!("/api/v1/proposals/{p}"), &json!({ "title": "Yhteinen kokeilu STM ja OKM" }))
        .await;
    let edited: Value = edited.ok();
    assert_eq!(edited["title"], "Yhteinen kokeilu STM ja OKM");
    assert_eq!(edited["viewer_can_edit"], true);
    assert_eq!(edited["viewer_can_withdraw"], false, "the author alone withdraws");
    let revisions: Value = anna.get(&format!("/api/v1/proposals/{p}/revisions")).await.ok();
    let text = revisions.to_string();
    assert!(text.contains(&olli.user_id.to_string()), "the revision names its editor: {text}");

    // Shown publicly with his organisation.
    let public: Value = app.anon().get(&format!("/api/v1/proposals/{p}")).await.ok();
    assert_eq!(public["coauthors"][0]["id"], olli.user_id.to_string());
    assert_eq!(public["coauthors"][0]["display_name"], "Olli");
    assert_eq!(public["coauthors"][0]["organisation"]["code"], "OKM");
    assert_eq!(public["author"]["organisation"]["code"], "STM");
    // And the reach counts his branch.
    assert_eq!(reach(&app, &p).await, before + 1);

    // A co-author cannot withdraw, invite, or thumb.
    olli.withdraw(&p).await.refused(StatusCode::FORBIDDEN, "not_author");
    invite(&olli, &p, "third@vm.fi").await.refused(StatusCode::FORBIDDEN, "not_author");
    olli.thumb(&p).await.refused(StatusCode::FORBIDDEN, "own_proposal");
    // The team lists the rows; a stranger may not.
    let rows: Vec<Value> = olli.get(&format!("/api/v1/proposals/{p}/coauthors")).await.ok();
    assert_eq!(rows.len(), 1);
    let stranger = app.participant("stranger").await;
    stranger
        .get(&format!("/api/v1/proposals/{p}/coauthors"))
        .await
        .refused(StatusCode::FORBIDDEN, "not_author");
    // Olli follows the proposal now.
    let export: Value = olli.get("/api/v1/me/export").await.ok();
    assert_eq!(export["coauthorships"][0]["status"], "accepted");
}

#[apply(both_dbs)]
async fn declining_notifies_the_author_and_the_address_may_be_invited_again(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, anna, p) = team(&app).await;
    let olli = app.register("olli@okm.fi", "Olli").await;
    let row: Value = invite(&anna, &p, "olli@okm.fi").await.created();
    let id = row["id"].as_str().unwrap().to_owned();
    invite(&anna, &p, "olli@okm.fi").await.refused(StatusCode::CONFLICT, "coauthor_already_invited");
    let declined: Value = answer(&olli, &id, "decline").await.ok();
    assert_eq!(declined["status"], "declined");
    answer(&olli, &id, "accept").await.refused(StatusCode::CONFLICT, "invitation_answered");
    let notes = kinds(&anna).await;
    assert!(notes.iter().any(|(k, _, d)| k == "coauthor_answered" && d["accepted"] == false), "{notes:?}");
    let public: Value = app.anon().get(&format!("/api/v1/proposals/{p}")).await.ok();
    assert_eq!(public["coauthors"], json!([]));
    // Invited again: the row goes back to `invited`.
    let again: Value = invite(&anna, &p, "olli@okm.fi").await.created();
    assert_eq!(again["id"], row["id"]);
    assert_eq!(again["status"], "invited");
    assert_eq!(invitations(&olli).await.len(), 1);
    // Someone else's invitation is not found.
    let other = app.participant("other").await;
    answer(&other, &id, "accept").await.refused(StatusCode::NOT_FOUND, "not_found");
    // The author's own address is refused.
    invite(&anna, &p, "anna@stm.fi").await.refused(StatusCode::UNPROCESSABLE_ENTITY, "coauthor_not_allowed");
    invite(&anna, &p, "not an address").await.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[apply(both_dbs)]
async fn the_author_removes_a_co_author_and_a_co_author_leaves(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, anna, p) = team(&app).await;
    let olli = app.register("olli@okm.fi", "Olli").await;
    let vera = app.register("vera@vm.fi", "Vera").await;
    let o: Value = invite(&anna, &p, "olli@okm.fi").await.created();
    let v: Value = invite(&anna, &p, "vera@vm.fi").await.created();
    let (o, v) = (o["id"].as_str().unwrap().to_owned(), v["id"].as_str().unwrap().to_owned());
    answer(&olli, &o, "accept").await.expect(StatusCode::OK);
    answer(&vera, &v, "accept").await.expect(StatusCode::OK);

    // Neither a stranger nor another co-author removes Olli.
    let stranger = app.participant("stranger").await;
    stranger
        .delete(&format!("/api/v1/proposals/{p}/coauthors/{o}"))
        .await
        .refused(StatusCode::FORBIDDEN, "not_author");
    vera.delete(&format!("/api/v1/proposals/{p}/coauthors/{o}"))
        .await
        .refused(StatusCode::FORBIDDEN, "not_author");

    anna.delete(&format!("/api/v1/proposals/{p}/coauthors/{o}")).await.expect(StatusCode::NO_CONTENT);
    assert!(kinds(&olli).await.iter().any(|(k, _, _)| k == "coauthor_removed"));
    olli.patch(&format!("/api/v1/proposals/{p}"), &json!({ "title": "Ei enää tiimissä" }))
        .await
        .refused(StatusCode::FORBIDDEN, "not_author");

    // Vera leaves by herself; Anna is not told she was removed.
    vera.delete(&format!("/api/v1/proposals/{p}/coauthors/{v}")).await.expect(StatusCode::NO_CONTENT);
    assert!(!kinds(&vera).await.iter().any(|(k, _, _)| k == "coauthor_removed"));
    let public: Value = app.anon().get(&format!("/api/v1/proposals/{p}")).await.ok();
    assert_eq!(public["coauthors"], json!([]));
    anna.delete(&format!("/api/v1/proposals/{p}/coauthors/{v}"))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn an_invitation_to_an_unregistered_address_waits_until_it_is_confirmed(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, anna, p) = team(&app).await;
    let row: Value = invite(&anna, &p, "uusi@okm.fi").await.created();
    assert_eq!(row["user"], Value::Null, "no account yet: nobody is told");

    let uusi = app.register_unverified("uusi@okm.fi", "Uusi").await;
    assert!(invitations(&uusi).await.is_empty(), "an unconfirmed address binds nothing");
    app.confirm_email(uusi.user_id).await;
    let list = invitations(&uusi).await;
    assert_eq!(list.len(), 1, "bound when the address is confirmed");
    assert!(kinds(&uusi).await.iter().any(|(k, _, _)| k == "coauthor_invited"));
    answer(&uusi, list[0]["id"].as_str().unwrap(), "accept").await.expect(StatusCode::OK);
    let rows: Vec<Value> = anna.get(&format!("/api/v1/proposals/{p}/coauthors")).await.ok();
    assert_eq!(rows[0]["user"]["organisation"]["code"], "OKM");
}

#[apply(both_dbs)]
async fn strangers_may_not_invite_and_withdrawn_proposals_take_no_invitations(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, anna, p) = team(&app).await;
    let stranger = app.participant("stranger").await;
    invite(&stranger, &p, "x@vm.fi").await.refused(StatusCode::FORBIDDEN, "not_author");
    app.anon()
        .post(&format!("/api/v1/proposals/{p}/coauthors"), &json!({ "email": "x@vm.fi" }))
        .await
        .expect(StatusCode::UNAUTHORIZED);
    invite(&anna, &Uuid::now_v7().to_string(), "x@vm.fi").await.refused(StatusCode::NOT_FOUND, "not_found");
    anna.withdraw(&p).await.expect(StatusCode::OK);
    invite(&anna, &p, "x@vm.fi").await.refused(StatusCode::CONFLICT, "proposal_withdrawn");
}

#[apply(both_dbs)]
async fn at_most_ten_co_authors_and_open_invitations_under_parallel_invites(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, anna, p) = team(&app).await;
    let emails: Vec<String> = (0..14).map(|i| format!("kollega{i}@vm.fi")).collect();
    let results = join_all(emails.iter().map(|e| invite(&anna, &p, e))).await;
    let created = results.iter().filter(|r| r.status() == StatusCode::CREATED).count();
    assert_eq!(created, 10, "exactly ten pass");
    for r in results.iter().filter(|r| r.status() != StatusCode::CREATED) {
        r.refused(StatusCode::CONFLICT, "coauthor_limit_reached");
    }
    let rows: Vec<Value> = anna.get(&format!("/api/v1/proposals/{p}/coauthors")).await.ok();
    assert_eq!(rows.len(), 10);
}

#[apply(both_dbs)]
async fn a_comment_notifies_the_author_and_each_co_author_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, anna, p) = team(&app).await;
    let olli = app.register("olli@okm.fi", "Olli").await;
    let row: Value = invite(&anna, &p, "olli@okm.fi").await.created();
    answer(&olli, row["id"].as_str().unwrap(), "accept").await.expect(StatusCode::OK);
    let bob = app.participant("bob").await;
    bob.comment(&p, "Hyvä ajatus!").await;
    let count = |v: &[(String, Option<String>, Value)]| {
        v.iter().filter(|(k, _, _)| k == "comment_on_proposal").count()
    };
    assert_eq!(count(&kinds(&anna).await), 1);
    assert_eq!(count(&kinds(&olli).await), 1);
    // A co-author's own comment reaches the author only.
    olli.comment(&p, "Kiitos!").await;
    assert_eq!(count(&kinds(&anna).await), 2);
    assert_eq!(count(&kinds(&olli).await), 1);
}

#[apply(both_dbs)]
async fn erasure_removes_co_authorships_and_refreshes_the_reach(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, anna, p) = team(&app).await;
    let olli = app.register("olli@okm.fi", "Olli").await;
    let before = reach(&app, &p).await;
    let row: Value = invite(&anna, &p, "olli@okm.fi").await.created();
    answer(&olli, row["id"].as_str().unwrap(), "accept").await.expect(StatusCode::OK);
    assert_eq!(reach(&app, &p).await, before + 1);
    siilo_store::personal_data::erase(&app.db, olli.user_id.into(), chrono::Utc::now()).await.unwrap();
    assert_eq!(reach(&app, &p).await, before);
    let rows: Vec<Value> = anna.get(&format!("/api/v1/proposals/{p}/coauthors")).await.ok();
    assert!(rows.is_empty());
}
