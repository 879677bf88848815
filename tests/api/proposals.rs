//! Proposals (*ehdotukset*): submitting, numbering, validation, limits, editing with
//! revisions, withdrawing, and what each viewer sees and may do.

use futures_util::future::join_all;
use reqwest::{Method, Response, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};
use siilo_domain::accounts::Language;
use siilo_domain::proposals::Visibility;
use siilo_store::proposals::{NewProposal, ProposalText};

use crate::helpers::{CallFixture, Db, Session, TestApp, body, hours_from_now, problem};
use crate::spawn;
use crate::util::both_dbs;

fn id_of(proposal: &Value) -> String {
    proposal["id"].as_str().expect("proposal id").to_owned()
}

/// `GET /api/v1/proposals/{id}` as `who`, or as a visitor.
async fn fetch(app: &TestApp, who: Option<&Session>, id: &str) -> Response {
    let token = who.map(|s| s.access_token.as_str());
    app.request(Method::GET, &format!("/api/v1/proposals/{id}"), token, None).await
}

async fn read(app: &TestApp, who: Option<&Session>, id: &str) -> Value {
    let res = fetch(app, who, id).await;
    assert_eq!(res.status(), StatusCode::OK, "reading proposal {id}");
    body(res).await
}

async fn edit(app: &TestApp, who: &Session, id: &str, change: Value) -> Response {
    app.send_as(who, Method::PATCH, &format!("/api/v1/proposals/{id}"), change).await
}

async fn withdraw(app: &TestApp, who: &Session, id: &str) -> Response {
    app.send_as(who, Method::POST, &format!("/api/v1/proposals/{id}/withdraw"), json!({})).await
}

/// The ids of the call's proposals as `who` lists them.
async fn listed(app: &TestApp, who: Option<&Session>, call: &CallFixture) -> Vec<String> {
    let token = who.map(|s| s.access_token.as_str());
    let res = app
        .request(Method::GET, &format!("/api/v1/calls/{}/proposals?limit=100", call.id), token, None)
        .await;
    assert_eq!(res.status(), StatusCode::OK, "listing proposals");
    body(res).await["items"].as_array().expect("items").iter().map(id_of).collect()
}

/// The id of the organisation with this short code (`VM`, `OKM`, ...).
async fn organisation(app: &TestApp, code: &str) -> String {
    let all = body(app.get("/api/v1/organisations").await).await;
    all["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|o| o["code"] == code)
        .and_then(|o| o["id"].as_str())
        .unwrap_or_else(|| panic!("organisation {code}"))
        .to_owned()
}

fn window(opens: i64, closes: i64, voting_closes: i64) -> Value {
    json!({
        "opens_at": hours_from_now(opens),
        "submissions_close_at": hours_from_now(closes),
        "voting_closes_at": hours_from_now(voting_closes),
    })
}

#[apply(both_dbs)]
async fn proposals_are_numbered_one_two_three_within_each_call(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = app.open_call(&admin).await;
    let other = app.open_call(&admin).await;

    let res = app.submit_raw(&alice, &call, json!({})).await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let first = body(res).await;
    assert_eq!(first["number"], 1);
    assert_eq!(first["call_id"], call.id.as_str());
    assert_eq!(first["title"], "Yhteinen avustusrekisteri");
    assert_eq!(first["stage"], "submitted");
    assert_eq!(first["visibility"], "visible");
    assert_eq!(first["author"]["id"], alice.user_id.to_string());
    assert_eq!(first["author"]["display_name"], "alice");
    assert_eq!(first["language"], "fi", "the author's language by default");
    assert_eq!(first["thumb_count"], 0);
    assert_eq!(first["comment_count"], 0);
    assert_eq!(app.submit(&bob, &call).await["number"], 2);
    let swedish =
        app.submit_raw(&alice, &call, json!({ "language": "sv", "title": "Gemensamt register" })).await;
    assert_eq!(swedish.status(), StatusCode::CREATED);
    let swedish = body(swedish).await;
    assert_eq!(swedish["number"], 3);
    assert_eq!(swedish["language"], "sv");
    assert_eq!(app.submit(&bob, &other).await["number"], 1, "another call counts from one");
    assert_eq!(app.submit(&alice, &other).await["number"], 2);
    assert_eq!(read(&app, None, &id_of(&first)).await["number"], 1);
}

#[apply(both_dbs)]
async fn the_text_is_rendered_as_sanitised_html_never_raw(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;

    let res = app
        .submit_raw(
            &alice,
            &call,
            json!({
                "challenge": "Avustustiedot ovat **hajallaan**.",
                "idea": "Kokeillaan <script>alert('xss')</script> ja <img src=x onerror=alert(1)> rekisteriä.",
            }),
        )
        .await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    let stored = read(&app, None, &id_of(&created)).await;
    for p in [&created, &stored] {
        let challenge = p["challenge_html"].as_str().expect("challenge_html");
        assert!(challenge.contains("<strong>hajallaan</strong>"), "{challenge}");
        assert_eq!(p["challenge"], "Avustustiedot ovat **hajallaan**.", "the text is kept as written");
        let idea = p["idea_html"].as_str().expect("idea_html");
        assert!(!idea.contains("<script"), "no raw script: {idea}");
        assert!(!idea.contains("<img"), "no raw img: {idea}");
        assert!(idea.contains("&lt;script&gt;"), "the script shows as text: {idea}");
    }
}

#[apply(both_dbs)]
async fn a_call_that_is_not_open_refuses_proposals(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let upcoming = app.call_with(&admin, window(2, 24, 48)).await;
    let voting = app.call_with(&admin, window(-48, -2, 24)).await;
    let review = app.call_with(&admin, window(-48, -24, -2)).await;

    for call in [&upcoming, &voting, &review] {
        let res = app.submit_raw(&alice, call, json!({})).await;

        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert_eq!(problem(res).await.code, "call_not_open");
        assert!(listed(&app, Some(&alice), call).await.is_empty());
    }
    app.set_window(&admin, &upcoming, -1, 24, 48).await;
    assert_eq!(app.submit(&alice, &upcoming).await["number"], 1, "once open, it takes proposals");
}

#[apply(both_dbs)]
async fn a_theme_must_belong_to_the_call(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let other = app.open_call(&admin).await;

    let res = app.submit_raw(&alice, &call, json!({ "theme_id": other.theme_ids[0] })).await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "theme_not_in_call");
    assert_eq!(p.fields(), ["theme_id:theme_not_in_call"]);
    let own = app.submit_raw(&alice, &call, json!({ "theme_id": call.theme_ids[1] })).await;
    assert_eq!(own.status(), StatusCode::CREATED);
    assert_eq!(body(own).await["theme_id"], call.theme_ids[1].as_str());
}

#[apply(both_dbs)]
async fn an_unknown_organisation_is_refused(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let okm = organisation(&app, "OKM").await;

    let res = app
        .submit_raw(&alice, &call, json!({ "organisation_ids": [okm, uuid::Uuid::now_v7().to_string()] }))
        .await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.fields(), ["organisation_ids[1]:unknown_organisation"]);
    assert!(listed(&app, Some(&alice), &call).await.is_empty());
}

#[apply(both_dbs)]
async fn invalid_text_is_refused_listing_each_field(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;

    let res = app
        .submit_raw(&alice, &call, json!({ "title": "Idea", "summary": "   ", "idea": "x".repeat(10_001) }))
        .await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "validation_failed");
    let mut fields = p.fields();
    fields.sort();
    assert_eq!(fields, ["idea:length", "summary:required", "title:length"]);

    let too_long = app.submit_raw(&alice, &call, json!({ "title": "ä".repeat(141) })).await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(too_long).await.fields(), ["title:length"]);
    assert!(listed(&app, Some(&alice), &call).await.is_empty(), "nothing was submitted");

    let longest =
        app.submit_raw(&alice, &call, json!({ "title": "ä".repeat(140), "idea": "x".repeat(10_000) })).await;
    assert_eq!(longest.status(), StatusCode::CREATED, "140 characters and 10,000 characters fit");
    let shortest = app.submit_raw(&alice, &call, json!({ "title": "Päätö" })).await;
    assert_eq!(shortest.status(), StatusCode::CREATED, "5 characters fit");
}

#[apply(both_dbs)]
async fn the_proposal_limit_is_enforced_and_a_withdrawn_proposal_does_not_count(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = app.call_with(&admin, json!({ "max_proposals_per_user": 1 })).await;
    let first = app.submit(&alice, &call).await;

    let second = app.submit_raw(&alice, &call, json!({})).await;

    assert_eq!(second.status(), StatusCode::CONFLICT);
    assert_eq!(problem(second).await.code, "limit_reached");
    assert_eq!(app.submit(&bob, &call).await["number"], 2, "the limit is per user");

    assert_eq!(withdraw(&app, &alice, &id_of(&first)).await.status(), StatusCode::OK);
    let after_withdrawal = app.submit_raw(&alice, &call, json!({})).await;

    assert_eq!(after_withdrawal.status(), StatusCode::CREATED);
    assert_eq!(body(after_withdrawal).await["number"], 3);
    let again = app.submit_raw(&alice, &call, json!({})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(problem(again).await.code, "limit_reached");
}

#[apply(both_dbs)]
async fn the_proposal_limit_holds_when_one_author_submits_in_parallel(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.call_with(&admin, json!({ "max_proposals_per_user": 1 })).await;

    let responses = join_all((0..8).map(|_| app.submit_raw(&alice, &call, json!({})))).await;

    let mut statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409, 409, 409], "exactly one gets in");
    for res in responses.into_iter().filter(|r| r.status() == StatusCode::CONFLICT) {
        assert_eq!(problem(res).await.code, "limit_reached");
    }
    assert_eq!(listed(&app, Some(&alice), &call).await.len(), 1);
}

#[apply(both_dbs)]
async fn a_visitor_must_sign_in_to_submit(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;

    let res = app
        .post(
            &format!("/api/v1/calls/{}/proposals", call.id),
            json!({
                "title": "Yhteinen avustusrekisteri",
                "summary": "Kootaan avustukset yhteen.",
                "challenge": "Tiedot ovat hajallaan.",
                "idea": "Kokeillaan yhteistä rekisteriä.",
            }),
        )
        .await;

    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(res).await.code, "unauthenticated");
    assert!(listed(&app, None, &call).await.is_empty());
}

#[apply(both_dbs)]
async fn the_authors_own_organisation_is_implied(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let vm = organisation(&app, "VM").await;
    let okm = organisation(&app, "OKM").await;

    let res = app.submit_raw(&alice, &call, json!({ "organisation_ids": [vm, okm, okm] })).await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    let stored = read(&app, None, &id_of(&created)).await;
    for p in [&created, &stored] {
        assert_eq!(p["author"]["organisation"]["code"], "VM");
        assert_eq!(p["author"]["organisation"]["id"], vm.as_str());
        let codes: Vec<&str> = p["organisations"]
            .as_array()
            .expect("organisations")
            .iter()
            .map(|o| o["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["OKM"], "the author's own is implied and not listed; no duplicates");
    }
}

#[apply(both_dbs)]
async fn parallel_submissions_get_gap_free_unique_numbers(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let mut authors = Vec::new();
    for i in 0..12 {
        authors.push(app.participant(&format!("author{i}")).await);
    }

    let responses = join_all(authors.iter().map(|a| app.submit_raw(a, &call, json!({})))).await;

    let mut numbers = Vec::new();
    for res in responses {
        assert_eq!(res.status(), StatusCode::CREATED, "every parallel submission succeeds");
        numbers.push(body(res).await["number"].as_i64().expect("number"));
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=12).collect::<Vec<i64>>());
    assert_eq!(listed(&app, None, &call).await.len(), 12);
    assert_eq!(app.submit(&authors[0], &call).await["number"], 13, "the next one follows on");
}

#[apply(both_dbs)]
async fn the_author_edits_while_open_and_every_edit_keeps_a_revision(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let proposal = app.submit(&alice, &call).await;
    let id = id_of(&proposal);

    let res = edit(
        &app,
        &alice,
        &id,
        json!({ "title": "Yhteinen avustusrekisteri kaikille", "challenge": "Tiedot ovat *yhä* hajallaan." }),
    )
    .await;

    assert_eq!(res.status(), StatusCode::OK);
    let edited = body(res).await;
    assert_eq!(edited["title"], "Yhteinen avustusrekisteri kaikille");
    assert_eq!(edited["number"], 1, "the number stays");
    assert_eq!(edited["summary"], proposal["summary"], "fields left out stay");
    assert!(
        edited["challenge_html"].as_str().unwrap().contains("<em>yhä</em>"),
        "the edit is rendered again"
    );
    let stored = read(&app, None, &id).await;
    assert_eq!(stored["title"], "Yhteinen avustusrekisteri kaikille");

    let res = app.get(&format!("/api/v1/proposals/{id}/revisions")).await;

    assert_eq!(res.status(), StatusCode::OK);
    let revisions = body(res).await;
    let items = revisions["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["revision"], 1);
    assert_eq!(items[0]["title"], "Yhteinen avustusrekisteri");
    assert_eq!(items[0]["challenge"], "Avustustiedot ovat **hajallaan**.");
    assert_eq!(items[0]["editor_id"], alice.user_id.to_string());
    assert_eq!(items[1]["revision"], 2);
    assert_eq!(items[1]["title"], "Yhteinen avustusrekisteri kaikille");
    assert_eq!(items[1]["challenge"], "Tiedot ovat *yhä* hajallaan.");
    assert_eq!(items[1]["summary"], proposal["summary"]);
}

#[apply(both_dbs)]
async fn an_edit_is_checked_like_a_submission(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let other = app.open_call(&admin).await;
    let id = id_of(&app.submit(&alice, &call).await);

    let short = edit(&app, &alice, &id, json!({ "title": "Lyh", "summary": "" })).await;
    let foreign_theme = edit(&app, &alice, &id, json!({ "theme_id": other.theme_ids[0] })).await;

    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(short).await;
    assert_eq!(p.code, "validation_failed");
    let mut fields: Vec<String> = p.errors.iter().map(|e| e.field.clone()).collect();
    fields.sort();
    fields.dedup();
    assert_eq!(fields, ["summary", "title"]);
    assert_eq!(foreign_theme.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(foreign_theme).await.code, "theme_not_in_call");
    let revisions = body(app.get(&format!("/api/v1/proposals/{id}/revisions")).await).await;
    assert_eq!(revisions["items"].as_array().unwrap().len(), 1, "a refused edit keeps no revision");

    let themed = edit(&app, &alice, &id, json!({ "theme_id": call.theme_ids[0] })).await;
    assert_eq!(themed.status(), StatusCode::OK);
    assert_eq!(body(themed).await["theme_id"], call.theme_ids[0].as_str());
    let unthemed = edit(&app, &alice, &id, json!({ "theme_id": null })).await;
    assert_eq!(unthemed.status(), StatusCode::OK);
    assert_eq!(body(unthemed).await["theme_id"], Value::Null, "null removes the theme");
}

#[apply(both_dbs)]
async fn only_the_author_may_edit_or_withdraw(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = app.open_call(&admin).await;
    let id = id_of(&app.submit(&alice, &call).await);

    let edited = edit(&app, &bob, &id, json!({ "title": "Bobin versio ideasta" })).await;
    let withdrawn = withdraw(&app, &bob, &id).await;
    let by_visitor = app
        .request(
            Method::PATCH,
            &format!("/api/v1/proposals/{id}"),
            None,
            Some(json!({ "title": "Vierailija" })),
        )
        .await;

    assert_eq!(edited.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(edited).await.code, "not_author");
    assert_eq!(withdrawn.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(withdrawn).await.code, "not_author");
    assert_eq!(by_visitor.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(by_visitor).await.code, "unauthenticated");
    let stored = read(&app, None, &id).await;
    assert_eq!(stored["title"], "Yhteinen avustusrekisteri");
    assert_eq!(stored["stage"], "submitted");
    let bob_view = read(&app, Some(&bob), &id).await;
    assert_eq!(bob_view["viewer_can_edit"], false);
}

#[apply(both_dbs)]
async fn editing_after_submissions_close_is_refused(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let id = id_of(&app.submit(&alice, &call).await);
    app.set_window(&admin, &call, -48, -1, 24).await;

    let res = edit(&app, &alice, &id, json!({ "title": "Myöhästynyt muutos" })).await;

    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(problem(res).await.code, "call_not_open");
    let stored = read(&app, Some(&alice), &id).await;
    assert_eq!(stored["title"], "Yhteinen avustusrekisteri");
    assert_eq!(stored["viewer_can_edit"], false, "in voting the author may no longer edit");
}

#[apply(both_dbs)]
async fn a_withdrawn_proposal_can_no_longer_be_edited(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let id = id_of(&app.submit(&alice, &call).await);

    let res = withdraw(&app, &alice, &id).await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["stage"], "withdrawn");
    let stored = read(&app, Some(&alice), &id).await;
    assert_eq!(stored["stage"], "withdrawn");
    assert_eq!(stored["viewer_can_edit"], false);
    let edited = edit(&app, &alice, &id, json!({ "title": "Vielä yksi muutos" })).await;
    assert_eq!(edited.status(), StatusCode::CONFLICT);
    assert_eq!(problem(edited).await.code, "proposal_withdrawn");
    let twice = withdraw(&app, &alice, &id).await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert_eq!(problem(twice).await.code, "proposal_withdrawn");
}

#[apply(both_dbs)]
async fn a_visitor_reads_a_proposal_but_is_told_to_sign_in_to_thumb(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let id = id_of(&app.submit(&alice, &call).await);

    let p = read(&app, None, &id).await;

    assert_eq!(p["title"], "Yhteinen avustusrekisteri");
    assert_eq!(p["summary"], "Kootaan ministeriöiden avustukset yhteen rekisteriin.");
    assert_eq!(p["idea"], "Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.");
    assert_eq!(p["author"]["display_name"], "alice");
    assert_eq!(p["viewer_thumbed"], false);
    assert_eq!(p["viewer_can_thumb"], false);
    assert_eq!(p["thumb_refusal"], "unauthenticated");
    assert_eq!(p["viewer_can_edit"], false);
}

#[apply(both_dbs)]
async fn the_author_may_edit_but_not_thumb_their_own_proposal(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = app.open_call(&admin).await;
    let id = id_of(&app.submit(&alice, &call).await);

    let own = read(&app, Some(&alice), &id).await;
    let others = read(&app, Some(&bob), &id).await;

    assert_eq!(own["viewer_can_thumb"], false);
    assert_eq!(own["thumb_refusal"], "own_proposal");
    assert_eq!(own["viewer_can_edit"], true);
    assert_eq!(others["viewer_can_thumb"], true);
    assert_eq!(others["thumb_refusal"], Value::Null);
    assert_eq!(others["viewer_can_edit"], false);
}

#[apply(both_dbs)]
async fn in_a_pre_moderated_call_a_new_proposal_waits_unseen_by_others(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = app.call_with(&admin, json!({ "moderation_mode": "pre" })).await;

    let res = app.submit_raw(&alice, &call, json!({})).await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    assert_eq!(created["visibility"], "pending");
    let id = id_of(&created);
    assert_eq!(read(&app, Some(&alice), &id).await["visibility"], "pending", "the author sees it");
    assert_eq!(read(&app, Some(&admin), &id).await["title"], "Yhteinen avustusrekisteri", "an admin sees it");
    for who in [Some(&bob), None] {
        let res = fetch(&app, who, &id).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(problem(res).await.code, "not_found");
        assert!(listed(&app, who, &call).await.is_empty(), "not in others' lists");
        let revisions = app
            .request(
                Method::GET,
                &format!("/api/v1/proposals/{id}/revisions"),
                who.map(|s| s.access_token.as_str()),
                None,
            )
            .await;
        assert_eq!(revisions.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(listed(&app, Some(&alice), &call).await, [id.as_str()]);
    assert_eq!(listed(&app, Some(&admin), &call).await, [id.as_str()]);
    let thumb = app.send_as(&bob, Method::PUT, &format!("/api/v1/proposals/{id}/thumb"), json!({})).await;
    assert_eq!(thumb.status(), StatusCode::NOT_FOUND, "what cannot be seen cannot be thumbed");
    let seen = body(app.get(&format!("/api/v1/calls/{}", call.id)).await).await;
    assert_eq!(seen["counts"]["proposals"], 0, "a pending proposal is not counted");
}

#[apply(both_dbs)]
async fn a_proposal_of_a_draft_call_is_not_found_for_participants(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let draft = app.call_with(&admin, json!({ "publish": false })).await;
    // Nothing can be submitted to a draft through the API; put one there as an import would.
    let text = "Kokeillaan yhteistä rekisteriä.";
    let id = siilo_store::proposals::create(
        &app.db,
        NewProposal {
            call_id: draft.id.parse().unwrap(),
            number: 1,
            author_id: alice.user_id.into(),
            language: Language::Fi,
            visibility: Visibility::Visible,
            text: ProposalText {
                title: "Luonnoshaun ehdotus".into(),
                summary: "Ehdotus haussa, jota ei ole julkaistu.".into(),
                challenge: text.into(),
                idea: text.into(),
                challenge_html: format!("<p>{text}</p>"),
                idea_html: format!("<p>{text}</p>"),
                search_text: "luonnoshaun ehdotus".into(),
                theme_id: None,
                organisation_ids: Vec::new(),
            },
        },
        chrono::Utc::now(),
    )
    .await
    .expect("a proposal in the draft")
    .to_string();

    for who in [Some(&alice), Some(&bob), None] {
        let res = fetch(&app, who, &id).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(problem(res).await.code, "not_found");
        let list = app
            .request(
                Method::GET,
                &format!("/api/v1/calls/{}/proposals", draft.id),
                who.map(|s| s.access_token.as_str()),
                None,
            )
            .await;
        assert_eq!(list.status(), StatusCode::NOT_FOUND);
    }
    let edited = edit(&app, &alice, &id, json!({ "title": "Muutettu otsikko" })).await;
    assert_eq!(edited.status(), StatusCode::NOT_FOUND);
    let submitted = app.submit_raw(&bob, &draft, json!({})).await;
    assert_eq!(submitted.status(), StatusCode::NOT_FOUND, "a draft does not show, so it takes nothing");
    assert_eq!(read(&app, Some(&admin), &id).await["title"], "Luonnoshaun ehdotus", "admins see drafts");
}

#[apply(both_dbs)]
async fn a_proposal_that_does_not_exist_is_not_found(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;

    let missing = fetch(&app, None, &uuid::Uuid::now_v7().to_string()).await;
    let not_an_id = fetch(&app, None, "ehdotus-1").await;
    let edit_missing =
        edit(&app, &alice, &uuid::Uuid::now_v7().to_string(), json!({ "title": "Ei ketään" })).await;

    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(missing).await.code, "not_found");
    assert_eq!(not_an_id.status(), StatusCode::NOT_FOUND);
    assert_eq!(edit_missing.status(), StatusCode::NOT_FOUND);
}
