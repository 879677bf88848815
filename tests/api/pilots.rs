//! Pilots (*kokeilut*): made by admins from proposals selected in published results, shown
//! in a public showcase, edited by their team within limits, with dated updates, lessons
//! learned (the first publication notifies followers once), and followers counted exactly.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value as DbValue};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::views::Call;
use crate::util::{Client, Db, TestApp, User, both_dbs};

/// Makes `proposals` of `call` selected in the call's published results.
///
/// Publishing results belongs to the decisions work (`POST /calls/{id}/results`), which has not
/// landed on this branch: until it does, the state is set up with SQL on the test's own
/// connection to the app's database (`app.db`), as the API would leave it.
async fn select_in_published_results(app: &TestApp, call: &Call, proposals: &[&str]) {
    let backend = app.db.get_database_backend();
    let sql = |s: &str| if backend == DbBackend::Postgres { s.to_owned() } else { s.replace('$', "?") };
    let call_id: Uuid = call.id.parse().unwrap();
    let published = Statement::from_sql_and_values(
        backend,
        sql("UPDATE calls SET results_published_at = $1 WHERE id = $2"),
        [DbValue::from(chrono::Utc::now()), call_id.into()],
    );
    app.db.execute_raw(published).await.unwrap();
    for p in proposals {
        let id: Uuid = p.parse().unwrap();
        let selected = Statement::from_sql_and_values(
            backend,
            sql("UPDATE proposals SET stage = 'selected' WHERE id = $1"),
            [DbValue::from(id)],
        );
        assert_eq!(app.db.execute_raw(selected).await.unwrap().rows_affected(), 1);
    }
}

/// An admin, a call, and alice's proposal selected in its published results; bob's proposal
/// in the same call, selected too when asked for, otherwise left `submitted`.
struct World {
    admin: User,
    alice: User,
    bob: User,
    call: Call,
    proposal: String,
    bobs: String,
    vm: Uuid,
    stm: Uuid,
    okm: Uuid,
}

async fn world(app: &TestApp) -> World {
    world_with(app, false).await
}

async fn world_with(app: &TestApp, bobs_selected: bool) -> World {
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    // Both submitted while the call is open: publishing the results ends submissions.
    let proposal = alice.submit(&call).await.id;
    let bobs = bob.submit(&call).await.id;
    let selected: Vec<&str> = if bobs_selected { vec![&proposal, &bobs] } else { vec![&proposal] };
    select_in_published_results(app, &call, &selected).await;
    let vm = admin.organisation_id("VM").await;
    let stm = admin.organisation_id("STM").await;
    let okm = admin.organisation_id("OKM").await;
    World { admin, alice, bob, call, proposal, bobs, vm, stm, okm }
}

/// A valid `POST /pilots` body from `proposal`, owned by `owner`, with `overrides` merged in.
fn pilot_body(proposal: &str, owner: Uuid, overrides: Value) -> Value {
    let mut body = json!({
        "proposal_ids": [proposal],
        "title": "Yhteinen avustusrekisteri",
        "goal": "Kolme ministeriötä kokeilee **yhteistä** rekisteriä.",
        "language": "fi",
        "owner_organisation_id": owner,
        "partner_organisation_ids": [],
        "contact_name": "Maija Meikäläinen",
        "contact_email": "maija.meikalainen@vm.fi",
        "starts_on": "2027-02-01",
        "ends_on": "2027-07-31",
        "status": "planned",
        "team_user_ids": [],
    });
    if let (Value::Object(b), Value::Object(o)) = (&mut body, overrides) {
        b.extend(o);
    }
    body
}

async fn create(admin: &Client, body: &Value) -> Value {
    admin.post("/api/v1/pilots", body).await.created()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn pilot(who: &Client, id: &str) -> Value {
    who.get(&format!("/api/v1/pilots/{id}")).await.ok()
}

async fn notifications(who: &Client) -> Vec<Value> {
    let page: Value = who.get("/api/v1/notifications?limit=100").await.ok();
    page["items"].as_array().unwrap().clone()
}

fn of_kind<'a>(items: &'a [Value], kind: &str) -> Vec<&'a Value> {
    items.iter().filter(|n| n["kind"] == kind).collect()
}

/// The ids at these places.
fn pick(ids: &[String], at: &[usize]) -> Vec<String> {
    at.iter().map(|i| ids[*i].clone()).collect()
}

fn update_body(day: &str, title: &str) -> Value {
    json!({ "happened_on": day, "title": title, "body": "Edistyttiin." })
}

fn lessons_body() -> Value {
    json!({ "worked": "Yhteinen tietomalli.", "not_worked": "Hankinnat.", "recommendations": "Aloittakaa pienestä." })
}

#[apply(both_dbs)]
async fn an_admin_creates_a_pilot_from_a_selected_proposal_and_its_author_hears_and_follows(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let carol = app.participant("carol").await;

    let created =
        create(&w.admin, &pilot_body(&w.proposal, w.vm, json!({ "team_user_ids": [carol.user_id] }))).await;

    assert_eq!(created["title"], "Yhteinen avustusrekisteri");
    assert_eq!(created["status"], "planned");
    assert_eq!(created["owner_organisation"]["code"], "VM");
    assert_eq!(created["call"]["id"], w.call.id.as_str());
    assert_eq!(created["proposals"][0]["id"], w.proposal.as_str());
    assert_eq!(created["credited"][0]["id"], w.alice.user_id.to_string());
    assert_eq!(created["followers"], 1, "the source's author follows it");
    let seen_by_alice = pilot(&w.alice, &id(&created)).await;
    assert_eq!(seen_by_alice["viewer"], json!({ "following": true, "can_edit": false, "can_post": false }));
    let told = notifications(&w.alice).await;
    let told = of_kind(&told, "pilot_created");
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["data"]["pilot_id"], id(&created).as_str());
    assert_eq!(told[0]["data"]["pilot_title"], "Yhteinen avustusrekisteri");
}

#[apply(both_dbs)]
async fn only_admins_create_pilots_and_only_from_proposals_selected_in_published_results(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let bob = &w.bob;
    let body = pilot_body(&w.proposal, w.vm, json!({}));

    app.anon().post("/api/v1/pilots", &body).await.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    w.alice.post("/api/v1/pilots", &body).await.refused(StatusCode::FORBIDDEN, "role_required");
    // Still only submitted, in the same (published) call.
    let submitted = w.bobs.clone();
    let mixed = pilot_body(&w.proposal, w.vm, json!({ "proposal_ids": [w.proposal, submitted] }));
    w.admin.post("/api/v1/pilots", &mixed).await.refused(StatusCode::CONFLICT, "proposal_not_selected");
    // Selected, but in a call whose results are not published.
    let other = w.admin.open_call().await;
    let unpublished = bob.submit(&other).await.id;
    let backend = app.db.get_database_backend();
    let sql = if backend == DbBackend::Postgres { "$1" } else { "?" };
    let stmt = Statement::from_sql_and_values(
        backend,
        format!("UPDATE proposals SET stage = 'selected' WHERE id = {sql}"),
        [DbValue::from(unpublished.parse::<Uuid>().unwrap())],
    );
    app.db.execute_raw(stmt).await.unwrap();
    let early = pilot_body(&unpublished, w.vm, json!({}));
    w.admin.post("/api/v1/pilots", &early).await.refused(StatusCode::CONFLICT, "proposal_not_selected");
    let unknown = pilot_body(&Uuid::now_v7().to_string(), w.vm, json!({}));
    w.admin.post("/api/v1/pilots", &unknown).await.refused(StatusCode::NOT_FOUND, "not_found");

    let page: Value = app.anon().get("/api/v1/pilots").await.ok();
    assert_eq!(page["total"], 0, "nothing refused was created");
}

#[apply(both_dbs)]
async fn a_pilot_is_validated_as_the_contract_says(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let invalid = [
        (json!({ "proposal_ids": [] }), "proposal_ids"),
        (json!({ "title": "   " }), "title"),
        (json!({ "title": "x".repeat(201) }), "title"),
        (json!({ "goal": "x".repeat(10_001) }), "goal"),
        (json!({ "contact_email": "not an address" }), "contact_email"),
        (json!({ "ends_on": "2027-01-31" }), "ends_on"),
        (json!({ "status": "paused" }), "status"),
        (json!({ "owner_organisation_id": Uuid::now_v7() }), "owner_organisation_id"),
        (json!({ "partner_organisation_ids": [w.stm, Uuid::now_v7()] }), "partner_organisation_ids[1]"),
    ];
    for (overrides, field) in invalid {
        let res = w.admin.post("/api/v1/pilots", &pilot_body(&w.proposal, w.vm, overrides.clone())).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{overrides}: {}", res.text());
        let p = res.problem();
        assert!(p.errors.iter().any(|e| e.field == field), "{overrides}: {}", res.text());
    }
    // The longest allowed and an open end are fine.
    let longest = json!({ "title": "x".repeat(200), "goal": "y".repeat(10_000), "ends_on": null });
    create(&w.admin, &pilot_body(&w.proposal, w.vm, longest)).await;
}

#[apply(both_dbs)]
async fn the_showcase_filters_by_status_organisation_call_and_year_and_pages_newest_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let second_call = w.admin.open_call().await;
    let bobs = w.bob.submit(&second_call).await.id;
    select_in_published_results(&app, &second_call, &[&bobs]).await;
    let specs = [
        ("2026-05-01", "running", w.vm, vec![], &w.proposal),
        ("2027-01-15", "planned", w.stm, vec![w.vm], &w.proposal),
        ("2027-03-01", "running", w.okm, vec![], &bobs),
        ("2027-03-01", "completed", w.stm, vec![w.okm], &bobs),
        ("2028-09-09", "cancelled", w.vm, vec![w.stm], &bobs),
    ];
    let mut ids = Vec::new();
    for (starts, status, owner, partners, source) in &specs {
        let body = pilot_body(
            source,
            *owner,
            json!({ "starts_on": starts, "ends_on": null, "status": status, "partner_organisation_ids": partners }),
        );
        ids.push(id(&create(&w.admin, &body).await));
    }
    let list = |query: String| {
        let anon = app.anon();
        async move {
            let page: Value = anon.get(&format!("/api/v1/pilots?{query}")).await.ok();
            page["items"].as_array().unwrap().iter().map(id).collect::<Vec<_>>()
        }
    };
    // Newest start first; on the same day, the later created first.
    assert_eq!(list(String::new()).await, pick(&ids, &[4, 3, 2, 1, 0]));
    assert_eq!(list("status=running".into()).await, pick(&ids, &[2, 0]));
    assert_eq!(list(format!("organisation_id={}", w.vm)).await, pick(&ids, &[4, 1, 0]), "owner or partner");
    assert_eq!(list(format!("organisation_id={}", w.okm)).await, pick(&ids, &[3, 2]));
    assert_eq!(list(format!("call_id={}", second_call.id)).await, pick(&ids, &[4, 3, 2]));
    assert_eq!(list("year=2027".into()).await, pick(&ids, &[3, 2, 1]));
    assert_eq!(list(format!("year=2027&status=running&organisation_id={}", w.okm)).await, pick(&ids, &[2]));

    // Pages of two follow each other without gaps or repeats, with the total on each.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(c) => format!("/api/v1/pilots?limit=2&cursor={c}"),
            None => "/api/v1/pilots?limit=2".to_owned(),
        };
        let page: Value = app.anon().get(&query).await.ok();
        assert_eq!(page["total"], 5);
        seen.extend(page["items"].as_array().unwrap().iter().map(id));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, pick(&ids, &[4, 3, 2, 1, 0]));

    // A summary carries what the showcase shows.
    let page: Value = app.anon().get(&format!("/api/v1/pilots?call_id={}&year=2027", w.call.id)).await.ok();
    let item = &page["items"][0];
    assert_eq!(item["partner_organisations"][0]["code"], "VM");
    assert_eq!(item["call"]["slug"], w.call.slug.as_str());
    assert_eq!((item["updates"].clone(), item["has_lessons"].clone()), (json!(0), json!(false)));

    // A cursor is the list's own.
    let first: Value = app.anon().get("/api/v1/pilots?limit=1").await.ok();
    let c = first["next_cursor"].as_str().unwrap();
    app.anon()
        .get(&format!("/api/v1/pilots?limit=1&status=running&cursor={c}"))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    app.anon()
        .get("/api/v1/pilots?cursor=nonsense")
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    app.anon()
        .get("/api/v1/pilots?limit=101")
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    app.anon()
        .get("/api/v1/pilots?year=0")
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[apply(both_dbs)]
async fn a_pilot_page_shows_its_sources_credits_team_contact_and_what_the_viewer_may_do(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world_with(&app, true).await;
    let carol = app.participant("carol").await;
    let body = pilot_body(
        &w.proposal,
        w.vm,
        json!({ "proposal_ids": [w.proposal, w.bobs], "partner_organisation_ids": [w.stm, w.okm],
                "team_user_ids": [carol.user_id], "language": "sv" }),
    );
    let pid = id(&create(&w.admin, &body).await);

    let seen = pilot(&app.anon(), &pid).await;
    let sources: Vec<_> =
        seen["proposals"].as_array().unwrap().iter().map(|p| p["number"].as_i64().unwrap()).collect();
    assert_eq!(sources, [1, 2]);
    assert_eq!(seen["proposals"][1]["author"]["display_name"], "bob");
    assert_eq!(seen["proposals"][1]["call_id"], w.call.id.as_str());
    let credited: Vec<_> =
        seen["credited"].as_array().unwrap().iter().map(|u| u["display_name"].clone()).collect();
    assert_eq!(credited, [json!("alice"), json!("bob")]);
    assert_eq!(seen["team"], json!([{ "id": carol.user_id, "display_name": "carol" }]));
    assert_eq!(seen["contact"], json!({ "name": "Maija Meikäläinen", "email": "maija.meikalainen@vm.fi" }));
    assert_eq!(seen["language"], "sv");
    assert_eq!(seen["partner_organisations"].as_array().unwrap().len(), 2);
    assert_eq!(seen["goal"], "Kolme ministeriötä kokeilee **yhteistä** rekisteriä.");
    assert_eq!(
        seen["goal_html"],
        "<p>Kolme ministeriötä kokeilee <strong>yhteistä</strong> rekisteriä.</p>\n"
    );
    assert_eq!(seen["lessons"], Value::Null);
    assert_eq!(seen["followers"], 2);
    assert_eq!(seen["viewer"], json!({ "following": false, "can_edit": false, "can_post": false }));
    assert_eq!(
        pilot(&carol, &pid).await["viewer"],
        json!({ "following": false, "can_edit": true, "can_post": true })
    );
    assert_eq!(pilot(&w.admin, &pid).await["viewer"]["can_edit"], true);
    app.anon()
        .get(&format!("/api/v1/pilots/{}", Uuid::now_v7()))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn the_team_edits_its_pilots_description_but_not_its_sources_organisations_or_team(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let carol = app.participant("carol").await;
    let dave = app.participant("dave").await;
    let pid =
        id(&create(&w.admin, &pilot_body(&w.proposal, w.vm, json!({ "team_user_ids": [carol.user_id] })))
            .await);
    let path = format!("/api/v1/pilots/{pid}");

    let edit = json!({ "title": "Avustusrekisteri", "goal": "Uusi *tavoite*", "status": "running",
                       "starts_on": "2027-03-01", "ends_on": null, "contact_name": "Carol", "contact_email": null });
    let edited: Value = carol.patch(&path, &edit).await.ok();
    assert_eq!(edited["title"], "Avustusrekisteri");
    assert_eq!(edited["goal_html"], "<p>Uusi <em>tavoite</em></p>\n");
    assert_eq!(edited["status"], "running");
    assert_eq!(edited["starts_on"], "2027-03-01");
    assert_eq!(edited["ends_on"], Value::Null);
    assert_eq!(edited["contact"], json!({ "name": "Carol", "email": null }));

    for admin_only in [
        json!({ "team_user_ids": [carol.user_id, dave.user_id] }),
        json!({ "partner_organisation_ids": [w.stm] }),
        json!({ "owner_organisation_id": w.stm }),
        json!({ "language": "en" }),
        json!({ "proposal_ids": [w.proposal] }),
        json!({ "title": "Ja tiimi", "team_user_ids": [] }),
    ] {
        carol.patch(&path, &admin_only).await.refused(StatusCode::FORBIDDEN, "not_pilot_team");
    }
    dave.patch(&path, &json!({ "title": "Ei minun" })).await.refused(StatusCode::FORBIDDEN, "not_pilot_team");
    w.alice
        .patch(&path, &json!({ "status": "cancelled" }))
        .await
        .refused(StatusCode::FORBIDDEN, "not_pilot_team");
    app.anon()
        .patch(&path, &json!({ "title": "x" }))
        .await
        .refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    let res = carol.patch(&path, &json!({ "ends_on": "2027-02-01" })).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text());
    assert!(res.problem().errors.iter().any(|e| e.field == "ends_on"));
    assert_eq!(pilot(&app.anon(), &pid).await["title"], "Avustusrekisteri", "refused edits changed nothing");

    // An admin changes the team: dave joins, carol leaves.
    let changed: Value = w
        .admin
        .patch(&path, &json!({ "team_user_ids": [dave.user_id], "partner_organisation_ids": [w.okm] }))
        .await
        .ok();
    assert_eq!(changed["team"][0]["display_name"], "dave");
    assert_eq!(changed["partner_organisations"][0]["code"], "OKM");
    dave.post(&format!("{path}/updates"), &update_body("2027-03-02", "Aloitettu")).await.created::<Value>();
    carol
        .post(&format!("{path}/updates"), &update_body("2027-03-02", "Ei enää"))
        .await
        .refused(StatusCode::FORBIDDEN, "not_pilot_team");
    carol
        .put(&format!("{path}/lessons"), &lessons_body())
        .await
        .refused(StatusCode::FORBIDDEN, "not_pilot_team");
}

#[apply(both_dbs)]
async fn updates_show_newest_day_first_in_pages_and_the_team_deletes_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let carol = app.participant("carol").await;
    let pid =
        id(&create(&w.admin, &pilot_body(&w.proposal, w.vm, json!({ "team_user_ids": [carol.user_id] })))
            .await);
    let path = format!("/api/v1/pilots/{pid}/updates");
    let mut posted = Vec::new();
    for (day, title) in [("2027-02-10", "b"), ("2027-02-01", "a"), ("2027-03-05", "d"), ("2027-02-10", "c")] {
        let u: Value = carol.post(&path, &update_body(day, title)).await.created();
        assert_eq!(u["author"]["display_name"], "carol");
        assert_eq!(u["body_html"], "<p>Edistyttiin.</p>\n");
        posted.push(u);
    }
    let titles = |page: &Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|u| u["title"].as_str().unwrap().to_owned()).collect()
    };
    let all: Value = app.anon().get(&path).await.ok();
    assert_eq!(titles(&all), ["d", "c", "b", "a"], "newest day first; on one day the later posted first");
    assert_eq!(all["total"], 4);
    let first: Value = app.anon().get(&format!("{path}?limit=3")).await.ok();
    assert_eq!(titles(&first), ["d", "c", "b"]);
    let rest: Value = app
        .anon()
        .get(&format!("{path}?limit=3&cursor={}", first["next_cursor"].as_str().unwrap()))
        .await
        .ok();
    assert_eq!(titles(&rest), ["a"]);
    assert_eq!(rest["next_cursor"], Value::Null);
    let summary = pilot(&app.anon(), &pid).await;
    assert_eq!(
        (summary["updates"].clone(), summary["last_update_on"].clone()),
        (json!(4), json!("2027-03-05"))
    );

    let d = id(&posted[2]);
    w.alice.delete(&format!("{path}/{d}")).await.refused(StatusCode::FORBIDDEN, "not_pilot_team");
    assert_eq!(carol.delete(&format!("{path}/{d}")).await.status(), StatusCode::NO_CONTENT);
    carol.delete(&format!("{path}/{d}")).await.refused(StatusCode::NOT_FOUND, "not_found");
    let after: Value = app.anon().get(&path).await.ok();
    assert_eq!(titles(&after), ["c", "b", "a"]);
    assert_eq!(pilot(&app.anon(), &pid).await["last_update_on"], "2027-02-10");
    app.anon()
        .get(&format!("/api/v1/pilots/{}/updates", Uuid::now_v7()))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn followers_hear_of_each_update_but_nobody_of_their_own(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let carol = app.participant("carol").await;
    let bob = w.bob.clone();
    let pid =
        id(&create(&w.admin, &pilot_body(&w.proposal, w.vm, json!({ "team_user_ids": [carol.user_id] })))
            .await);
    for who in [&bob, &carol] {
        assert_eq!(
            who.put_empty(&format!("/api/v1/pilots/{pid}/follow")).await.status(),
            StatusCode::NO_CONTENT
        );
    }

    let u: Value = carol
        .post(&format!("/api/v1/pilots/{pid}/updates"), &update_body("2027-02-02", "Alkoi"))
        .await
        .created();

    for follower in [&bob, &w.alice] {
        let items = notifications(follower).await;
        let told = of_kind(&items, "pilot_update");
        assert_eq!(told.len(), 1);
        assert_eq!(
            told[0]["data"],
            json!({ "pilot_id": pid, "pilot_title": "Yhteinen avustusrekisteri", "update_id": id(&u) })
        );
        assert_eq!(told[0]["actor"]["display_name"], "carol");
    }
    assert!(of_kind(&notifications(&carol).await, "pilot_update").is_empty(), "not of one's own update");
    // Unfollowing stops them.
    assert_eq!(bob.delete(&format!("/api/v1/pilots/{pid}/follow")).await.status(), StatusCode::NO_CONTENT);
    carol
        .post(&format!("/api/v1/pilots/{pid}/updates"), &update_body("2027-02-03", "Jatkui"))
        .await
        .created::<Value>();
    assert_eq!(of_kind(&notifications(&bob).await, "pilot_update").len(), 1);
    assert_eq!(of_kind(&notifications(&w.alice).await, "pilot_update").len(), 2);
}

#[apply(both_dbs)]
async fn the_lessons_first_publication_notifies_followers_once_even_when_written_in_parallel(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let carol = app.participant("carol").await;
    let bob = w.bob.clone();
    let pid =
        id(&create(&w.admin, &pilot_body(&w.proposal, w.vm, json!({ "team_user_ids": [carol.user_id] })))
            .await);
    assert_eq!(bob.put_empty(&format!("/api/v1/pilots/{pid}/follow")).await.status(), StatusCode::NO_CONTENT);
    let path = format!("/api/v1/pilots/{pid}/lessons");

    let lessons = lessons_body();
    let answers = join_all((0..8).map(|_| carol.put(&path, &lessons))).await;
    assert!(
        answers.iter().all(|a| a.status() == StatusCode::OK),
        "{:?}",
        answers.iter().map(|a| a.text()).collect::<Vec<_>>()
    );
    let first: Value = answers[0].json();
    assert_eq!(first["lessons"]["worked"], "Yhteinen tietomalli.");
    assert_eq!(first["lessons"]["recommendations_html"], "<p>Aloittakaa pienestä.</p>\n");
    assert_eq!(first["has_lessons"], true);
    let edited: Value = w
        .admin
        .put(&path, &json!({ "worked": "Paljon.", "not_worked": "Vähän.", "recommendations": "Kokeilkaa." }))
        .await
        .ok();
    assert_eq!(edited["lessons"]["worked"], "Paljon.");
    assert_eq!(edited["lessons"]["published_at"], first["lessons"]["published_at"], "published once");

    for follower in [&bob, &w.alice] {
        let items = notifications(follower).await;
        let told = of_kind(&items, "pilot_lessons");
        assert_eq!(told.len(), 1, "once, not per write");
        assert_eq!(told[0]["data"], json!({ "pilot_id": pid, "pilot_title": "Yhteinen avustusrekisteri" }));
    }
    assert!(of_kind(&notifications(&carol).await, "pilot_lessons").is_empty());
    let res = carol.put(&path, &json!({ "worked": "", "not_worked": "x", "recommendations": "y" })).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text());
    assert_eq!(pilot(&app.anon(), &pid).await["lessons"]["worked"], "Paljon.");
}

#[apply(both_dbs)]
async fn follows_and_unfollows_in_parallel_leave_the_exact_count(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let pid = id(&create(&w.admin, &pilot_body(&w.proposal, w.vm, json!({}))).await);
    let path = format!("/api/v1/pilots/{pid}/follow");
    let names: Vec<String> = (0..12).map(|i| format!("f{i}")).collect();
    let users = join_all(names.iter().map(|n| app.participant(n))).await;

    // Each follows twice at once.
    let answers = join_all(users.iter().chain(users.iter()).map(|u| u.put_empty(&path))).await;
    assert!(answers.iter().all(|a| a.status() == StatusCode::NO_CONTENT));
    assert_eq!(pilot(&app.anon(), &pid).await["followers"], 13, "twelve and the author");

    // Half take it back (twice each) while the others follow again.
    let (leaving, staying) = users.split_at(6);
    let deletes = leaving.iter().chain(leaving.iter()).map(|u| u.delete(&path));
    let puts = staying.iter().map(|u| u.put_empty(&path));
    let (d, p) = tokio::join!(join_all(deletes), join_all(puts));
    assert!(d.iter().chain(p.iter()).all(|a| a.status() == StatusCode::NO_CONTENT));
    let seen = pilot(&staying[0], &pid).await;
    assert_eq!(seen["followers"], 7);
    assert_eq!(seen["viewer"]["following"], true);
    assert_eq!(pilot(&leaving[0], &pid).await["viewer"]["following"], false);
    let page: Value = app.anon().get("/api/v1/pilots").await.ok();
    assert_eq!(page["items"][0]["followers"], 7);

    app.anon().put_empty(&path).await.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    users[0]
        .put_empty(&format!("/api/v1/pilots/{}/follow", Uuid::now_v7()))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn a_proposal_links_to_its_pilot(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let other = w.bobs.clone();
    let before: Value = app.anon().get(&format!("/api/v1/proposals/{}", w.proposal)).await.ok();
    assert_eq!(before["pilot"], Value::Null);

    let pid = id(&create(&w.admin, &pilot_body(&w.proposal, w.vm, json!({ "status": "running" }))).await);

    let linked: Value = app.anon().get(&format!("/api/v1/proposals/{}", w.proposal)).await.ok();
    assert_eq!(
        linked["pilot"],
        json!({ "id": pid, "title": "Yhteinen avustusrekisteri", "status": "running" })
    );
    let unlinked: Value = app.anon().get(&format!("/api/v1/proposals/{other}")).await.ok();
    assert_eq!(unlinked["pilot"], Value::Null);
}

#[apply(both_dbs)]
async fn markdown_of_goals_updates_and_lessons_is_rendered_without_raw_html_or_scripts(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let hostile = "Hei <script>alert(1)</script> <img src=x onerror=alert(2)> [klikkaa](javascript:alert(3)) **lihava**";
    let pid = id(&create(&w.admin, &pilot_body(&w.proposal, w.vm, json!({ "goal": hostile }))).await);
    let path = format!("/api/v1/pilots/{pid}");
    let u: Value = w
        .admin
        .post(
            &format!("{path}/updates"),
            &json!({ "happened_on": "2027-02-02", "title": "T", "body": hostile }),
        )
        .await
        .created();
    let l: Value = w
        .admin
        .put(
            &format!("{path}/lessons"),
            &json!({ "worked": hostile, "not_worked": hostile, "recommendations": hostile }),
        )
        .await
        .ok();

    let seen = pilot(&app.anon(), &pid).await;
    let htmls = [
        seen["goal_html"].as_str().unwrap(),
        u["body_html"].as_str().unwrap(),
        l["lessons"]["worked_html"].as_str().unwrap(),
        l["lessons"]["not_worked_html"].as_str().unwrap(),
        l["lessons"]["recommendations_html"].as_str().unwrap(),
    ];
    for html in htmls {
        assert!(html.contains("<strong>lihava</strong>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "raw HTML shows as text: {html}");
    }
    assert_eq!(seen["goal"], hostile, "the source is kept as written");
}
