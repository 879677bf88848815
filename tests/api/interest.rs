//! "We'd join this": `PUT`/`DELETE /proposals/{id}/interest` and `GET …/interests`. Anyone
//! but the proposal's team declares interest, as themselves or on behalf of their
//! organisation; the team hears of the first declaration only; the list groups people by
//! organisation with its branch; the proposal's reach counts the interested branches.

use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value as DbValue};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::views::NotificationPage;
use crate::util::{Db, PASSWORD, TestApp, User, both_dbs};

fn path(proposal: &str) -> String {
    format!("/api/v1/proposals/{proposal}/interest")
}

async fn declare(user: &User, proposal: &str, body: Value) -> crate::util::Response {
    user.put(&path(proposal), &body).await
}

async fn interests(who: &crate::util::Client, proposal: &str) -> Value {
    who.get(&format!("/api/v1/proposals/{proposal}/interests")).await.ok()
}

/// The user's notifications of `kind` (raw, with their `data`).
async fn notices(user: &User, kind: &str) -> Vec<Value> {
    let page: Value = user.get("/api/v1/notifications?limit=100").await.ok();
    page["items"].as_array().unwrap().iter().filter(|n| n["kind"] == kind).cloned().collect()
}

/// Runs `sql` (PostgreSQL placeholders) on the app's database.
async fn exec(app: &TestApp, sql: &str, values: Vec<DbValue>) -> u64 {
    let backend = app.db.get_database_backend();
    let sql = if backend == DbBackend::Postgres { sql.to_owned() } else { sql.replace('$', "?") };
    app.db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await.unwrap().rows_affected()
}

async fn reach(app: &TestApp, proposal: &str) -> i64 {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "SELECT CAST(reach AS BIGINT) AS n FROM proposals WHERE id = $1",
        _ => "SELECT CAST(reach AS BIGINT) AS n FROM proposals WHERE id = ?",
    };
    let id: Uuid = proposal.parse().unwrap();
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [id.into()]))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

/// Makes `user` an accepted co-author of `proposal`, as the co-author API would.
async fn accepted_coauthor(app: &TestApp, proposal: &str, user: &User, email: &str) {
    let sql = "INSERT INTO proposal_coauthors (id, proposal_id, user_id, email, status, invited_by, created_at, responded_at)
               VALUES ($1, $2, $3, $4, 'accepted', NULL, $5, $5)";
    let p: Uuid = proposal.parse().unwrap();
    let values =
        vec![Uuid::now_v7().into(), p.into(), user.user_id.into(), email.into(), chrono::Utc::now().into()];
    assert_eq!(exec(app, sql, values).await, 1);
}

#[apply(both_dbs)]
async fn a_colleague_declares_interest_on_behalf_of_their_organisation_and_the_author_hears_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let sari = app.register("sari@stm.fi", "Sari Sosiaali").await;
    let stm = admin.organisation_id("STM").await;
    let proposal = alice.submit(&call).await.id;

    // A note is one paragraph: no line breaks; spaces are tidied.
    let problem = declare(&sari, &proposal, json!({ "on_behalf": true, "note": "Meillä on\n\ndata." }))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(problem.errors.first().map(|e| e.field.as_str()), Some("note"));
    let mine: Value =
        declare(&sari, &proposal, json!({ "on_behalf": true, "note": "  Meillä on   data. " })).await.ok();
    assert_eq!(mine["on_behalf"], true);
    assert_eq!(mine["note"], "Meillä on data.", "one paragraph, trimmed");
    assert_eq!(mine["organisation"]["code"], "STM");

    let told = notices(&alice, "interest_declared").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["actor"]["display_name"], "Sari Sosiaali");
    assert_eq!(told[0]["proposal_id"], json!(proposal));
    assert_eq!(told[0]["data"], json!({ "organisation_id": stm, "on_behalf": true }));
    assert!(notices(&sari, "interest_declared").await.is_empty());

    // An update changes the declaration and tells nobody again.
    let updated: Value = declare(&sari, &proposal, json!({ "on_behalf": false, "note": null })).await.ok();
    assert_eq!(updated["on_behalf"], false);
    assert_eq!(updated["note"], Value::Null);
    assert_eq!(updated["declared_at"], mine["declared_at"]);
    assert_eq!(notices(&alice, "interest_declared").await.len(), 1);

    // The proposal shows the summary and the viewer's own declaration.
    let seen: Value = sari.get(&format!("/api/v1/proposals/{proposal}")).await.ok();
    assert_eq!(seen["interest"], json!({ "people": 1, "organisations": 1 }));
    assert_eq!(seen["viewer_interest"]["on_behalf"], false);
    assert_eq!(seen["viewer_can_declare_interest"], true);
    let own: Value = alice.get(&format!("/api/v1/proposals/{proposal}")).await.ok();
    assert_eq!(own["viewer_interest"], Value::Null);
    assert_eq!(own["viewer_can_declare_interest"], false);
    assert_eq!(own["interest_refusal"], "own_proposal");
    let anon: Value = app.anon().get(&format!("/api/v1/proposals/{proposal}")).await.ok();
    assert_eq!(anon["interest_refusal"], "unauthenticated");
    assert_eq!(anon["interest"]["people"], 1);

    // The list is public and grouped by organisation.
    let list = interests(&app.anon(), &proposal).await;
    assert_eq!(list["totals"], json!({ "people": 1, "organisations": 1, "branches": 1 }));
    assert_eq!(list["groups"][0]["organisation"]["code"], "STM");
    assert_eq!(list["groups"][0]["branch"]["code"], "STM");
    assert_eq!(list["groups"][0]["people"][0]["display_name"], "Sari Sosiaali");
    assert_eq!(list["truncated"], false);
}

#[apply(both_dbs)]
async fn nobody_joins_their_own_or_their_team_s_proposal(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let carl = app.register("carl@okm.fi", "Carl").await;
    let proposal = alice.submit(&call).await.id;

    declare(&alice, &proposal, json!({ "on_behalf": false }))
        .await
        .refused(StatusCode::FORBIDDEN, "own_proposal");
    accepted_coauthor(&app, &proposal, &carl, "carl@okm.fi").await;
    declare(&carl, &proposal, json!({ "on_behalf": true }))
        .await
        .refused(StatusCode::FORBIDDEN, "own_proposal");
    let seen: Value = carl.get(&format!("/api/v1/proposals/{proposal}")).await.ok();
    assert_eq!(seen["interest_refusal"], "own_proposal");
    assert_eq!(interests(&alice, &proposal).await["totals"]["people"], 0);

    // Visitors sign in first; an unknown proposal is not found.
    let anon = app.anon();
    let res = anon.request(Method::PUT, &path(&proposal)).json(&json!({ "on_behalf": false })).send().await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    declare(&carl, &Uuid::now_v7().to_string(), json!({ "on_behalf": false }))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn speaking_for_an_organisation_needs_one_and_notes_stay_short(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let proposal = alice.submit(&call).await.id;
    admin
        .patch(&format!("/api/v1/users/{}", bob.user_id), &json!({ "organisation_id": null }))
        .await
        .ok::<Value>();

    let problem = declare(&bob, &proposal, json!({ "on_behalf": true }))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "organisation_required");
    assert_eq!(problem.errors.first().map(|e| e.field.as_str()), Some("on_behalf"));
    declare(&bob, &proposal, json!({ "on_behalf": false, "note": "x".repeat(301) }))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let mine: Value =
        declare(&bob, &proposal, json!({ "on_behalf": false, "note": "y".repeat(300) })).await.ok();
    assert_eq!(mine["organisation"], Value::Null);

    // Without an organisation, one's group is the last one, without organisation.
    let list = interests(&bob, &proposal).await;
    assert_eq!(list["groups"][0]["organisation"], Value::Null);
    assert_eq!(list["totals"], json!({ "people": 1, "organisations": 0, "branches": 0 }));

    // A withdrawn proposal takes no new interest.
    alice.withdraw(&proposal).await.expect(StatusCode::OK);
    let carl = app.participant("carl").await;
    declare(&carl, &proposal, json!({ "on_behalf": false }))
        .await
        .refused(StatusCode::CONFLICT, "proposal_withdrawn");
}

#[apply(both_dbs)]
async fn parallel_declarations_by_one_user_leave_one_row_and_one_notification(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let sari = app.register("sari@stm.fi", "Sari").await;
    let proposal = alice.submit(&call).await.id;

    let body = json!({ "on_behalf": true, "note": "Meillä on data." });
    let all = join_all((0..8).map(|_| declare(&sari, &proposal, body.clone()))).await;
    for res in &all {
        assert_eq!(res.status(), StatusCode::OK, "{}", res.text());
    }
    assert_eq!(interests(&alice, &proposal).await["totals"]["people"], 1);
    assert_eq!(notices(&alice, "interest_declared").await.len(), 1);
}

#[apply(both_dbs)]
async fn interest_from_another_branch_raises_the_reach_and_its_withdrawal_lowers_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let proposal = alice.submit(&call).await.id;
    assert_eq!(reach(&app, &proposal).await, 1, "the author's ministry");

    let sari = app.register("sari@stm.fi", "Sari").await;
    let sanna = app.register("sanna@stm.fi", "Sanna").await;
    let ville = app.participant("ville").await;
    declare(&sari, &proposal, json!({ "on_behalf": true })).await.ok::<Value>();
    assert_eq!(reach(&app, &proposal).await, 2);
    declare(&ville, &proposal, json!({ "on_behalf": false })).await.ok::<Value>();
    declare(&sanna, &proposal, json!({ "on_behalf": false, "note": "Mukana!" })).await.ok::<Value>();
    assert_eq!(reach(&app, &proposal).await, 2, "VM and STM");

    // Grouped: STM (first declared) with both, then VM; totals by branch.
    let list = interests(&alice, &proposal).await;
    assert_eq!(list["totals"], json!({ "people": 3, "organisations": 2, "branches": 2 }));
    let groups = list["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["organisation"]["code"], "STM");
    assert_eq!(groups[0]["on_behalf"], true);
    let names: Vec<&str> =
        groups[0]["people"].as_array().unwrap().iter().map(|p| p["display_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Sari", "Sanna"]);
    assert_eq!(groups[0]["people"][1]["note"], "Mukana!");
    assert_eq!(groups[1]["organisation"]["code"], "VM");

    // Withdrawing is idempotent and lowers the reach once STM has nobody left.
    for _ in 0..2 {
        sari.delete(&path(&proposal)).await.expect(StatusCode::NO_CONTENT);
    }
    assert_eq!(reach(&app, &proposal).await, 2, "Sanna is still from STM");
    sanna.delete(&path(&proposal)).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(reach(&app, &proposal).await, 1);
    assert_eq!(interests(&alice, &proposal).await["totals"]["people"], 1);
}

#[apply(both_dbs)]
async fn interests_and_follows_are_exported_and_erased_with_the_account(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let sari = app.register("sari@stm.fi", "Sari").await;
    let proposal = alice.submit(&call).await.id;
    declare(&sari, &proposal, json!({ "on_behalf": true, "note": "Data" })).await.ok::<Value>();
    sari.put_empty(&format!("/api/v1/proposals/{proposal}/follow")).await.expect(StatusCode::NO_CONTENT);
    sari.put_empty(&format!("/api/v1/calls/{}/follow", call.id)).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(reach(&app, &proposal).await, 2);

    let export: Value = sari.get("/api/v1/me/export").await.ok();
    assert_eq!(export["interests"][0]["proposal_id"], json!(proposal));
    assert_eq!(export["interests"][0]["note"], "Data");
    assert_eq!(export["interests"][0]["on_behalf"], true);
    assert_eq!(export["followed_proposals"][0]["id"], json!(proposal));
    assert_eq!(export["followed_calls"][0]["id"], json!(call.id));
    let authors: Value = alice.get("/api/v1/me/export").await.ok();
    assert_eq!(authors["interests"], json!([]));
    assert_eq!(authors["followed_proposals"][0]["id"], json!(proposal), "the author follows their own");

    sari.request(Method::DELETE, "/api/v1/me")
        .json(&json!({ "password": PASSWORD }))
        .send()
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(reach(&app, &proposal).await, 1);
    assert_eq!(interests(&alice, &proposal).await["totals"]["people"], 0);
    let seen: Value = alice.get(&format!("/api/v1/proposals/{proposal}")).await.ok();
    assert_eq!(seen["follower_count"], 1);
}

#[apply(both_dbs)]
async fn the_author_is_notified_in_the_list_with_the_declarer_and_the_proposal(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let ville = app.participant("ville").await;
    let proposal = alice.submit(&call).await.id;
    declare(&ville, &proposal, json!({ "on_behalf": false })).await.ok::<Value>();
    let page: NotificationPage = alice.get("/api/v1/notifications").await.ok();
    let n = page.items.iter().find(|n| n.kind == "interest_declared").expect("told");
    assert_eq!(n.proposal_id.as_deref(), Some(proposal.as_str()));
    assert_eq!(n.actor.as_ref().map(|a| a.display_name.as_str()), Some("ville"));
}
