//! Evaluation: criteria (`/calls/{id}/criteria`), evaluators, conflicts of interest, blind
//! reviews (`/proposals/{id}/reviews`), the ranking and the review progress.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use siilo_domain::roles::Role;

use crate::util::views::{Call, Proposal};
use crate::util::{Db, TestApp, User, both_dbs};

/// A call in `review` with two criteria (weights 2 and 1), three proposals by alice (#1 with
/// three thumbs, #2 with two, #3 with one), and two assigned evaluators.
struct World {
    app: TestApp,
    admin: User,
    call: Call,
    eva: User,
    evb: User,
    p: Vec<Proposal>,
    crit: Vec<String>,
}

async fn world(db: Db) -> World {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let mut p = Vec::new();
    for title in ["Ensimmäinen", "Toinen", "Kolmas"] {
        p.push(alice.submit_with(&call, json!({ "title": title })).await.created::<Proposal>());
    }
    for (i, voter) in ["v0", "v1", "v2"].iter().enumerate() {
        let v = app.participant(voter).await;
        for pr in p.iter().take(3 - i) {
            assert!(v.thumb(&pr.id).await.status().is_success());
        }
    }
    let criteria = admin
        .put(
            &format!("/api/v1/calls/{}/criteria", call.id),
            &json!({ "criteria": [
                { "name": { "fi": "Poikkihallinnollisuus" }, "description": { "fi": "Monta hallinnonalaa." }, "weight": 2.0 },
                { "name": { "fi": "Toteutettavuus" }, "description": { "fi": "Puolessa vuodessa." }, "weight": 1.0 },
            ] }),
        )
        .await
        .ok::<Value>();
    let crit =
        criteria["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let eva = app.user_with_roles("eva", &[Role::Evaluator]).await;
    let evb = app.user_with_roles("evb", &[Role::Evaluator]).await;
    for e in [&eva, &evb] {
        admin
            .put_empty(&format!("/api/v1/calls/{}/evaluators/{}", call.id, e.user_id))
            .await
            .expect(StatusCode::CREATED);
    }
    let call = admin.set_window(&call, -72, -48, -1).await;
    assert_eq!(call.phase, "review");
    World { app, admin, call, eva, evb, p, crit }
}

impl World {
    async fn draft(&self, who: &User, p: usize, scores: &[i64], rec: Option<&str>) -> reqwest::StatusCode {
        let scores: Vec<Value> =
            self.crit.iter().zip(scores).map(|(c, s)| json!({ "criterion_id": c, "score": s })).collect();
        let body = json!({ "scores": scores, "recommendation": rec, "note": "Muistiinpano" });
        who.put(&format!("/api/v1/proposals/{}/reviews/mine", self.p[p].id), &body).await.status()
    }

    async fn submit(&self, who: &User, p: usize) -> crate::util::Response {
        who.post_empty(&format!("/api/v1/proposals/{}/reviews/mine/submit", self.p[p].id)).await
    }

    async fn review(&self, who: &User, p: usize, scores: &[i64], rec: &str) {
        assert_eq!(self.draft(who, p, scores, Some(rec)).await, StatusCode::OK);
        self.submit(who, p).await.expect(StatusCode::OK);
    }

    async fn reviews(&self, who: &User, p: usize) -> Value {
        who.get(&format!("/api/v1/proposals/{}/reviews", self.p[p].id)).await.ok()
    }

    async fn ranking(&self, who: &User, query: &str) -> Value {
        who.get(&format!("/api/v1/calls/{}/ranking?{query}", self.call.id)).await.ok()
    }
}

fn numbers(page: &Value) -> Vec<i64> {
    page["items"].as_array().unwrap().iter().map(|i| i["proposal"]["number"].as_i64().unwrap()).collect()
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-9)
}

#[apply(both_dbs)]
async fn criteria_are_public_admin_written_and_locked_after_the_first_submission(db: Db) {
    let w = world(db).await;
    let path = format!("/api/v1/calls/{}/criteria", w.call.id);
    let public: Value = w.app.anon().get(&path).await.ok();
    assert_eq!(public["items"].as_array().unwrap().len(), 2);
    assert_eq!(public["items"][0]["weight"], 2.0);
    assert_eq!(public["locked"], false);
    let by_slug: Value = w.app.anon().get(&format!("/api/v1/calls/{}/criteria", w.call.slug)).await.ok();
    assert_eq!(by_slug["items"], public["items"]);

    let body = json!({ "criteria": [{ "id": w.crit[0], "name": { "fi": "Uusi nimi" }, "description": { "fi": "K" }, "weight": 3 }] });
    w.eva.put(&path, &body).await.refused(StatusCode::FORBIDDEN, "not_call_manager");
    w.app.anon().put(&path, &body).await.expect(StatusCode::UNAUTHORIZED);
    let bad = json!({ "criteria": [{ "name": { "fi": "X" }, "description": { "fi": "K" }, "weight": 0 }] });
    w.admin.put(&path, &bad).await.expect(StatusCode::UNPROCESSABLE_ENTITY);

    // Kept ids stay, so a draft's score on them survives; the rest is replaced.
    assert_eq!(w.draft(&w.eva, 0, &[5, 2], None).await, StatusCode::OK);
    let replaced: Value = w.admin.put(&path, &body).await.ok();
    assert_eq!(replaced["items"].as_array().unwrap().len(), 1);
    assert_eq!(replaced["items"][0]["id"], w.crit[0].as_str());
    assert_eq!(replaced["items"][0]["name"]["fi"], "Uusi nimi");
    let mine = &w.reviews(&w.eva, 0).await["mine"];
    assert_eq!(mine["scores"], json!([{ "criterion_id": w.crit[0], "score": 5 }]));

    w.admin.put(&path, &json!({ "criteria": [{ "id": w.crit[0], "name": { "fi": "Uusi nimi" }, "description": { "fi": "K" }, "weight": 3 }, { "name": { "fi": "Toinen" }, "description": { "fi": "K" }, "weight": 1 }] })).await.expect(StatusCode::OK);
    let now: Value = w.app.anon().get(&path).await.ok();
    let ids: Vec<String> =
        now["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let scores: Vec<Value> = ids.iter().map(|c| json!({ "criterion_id": c, "score": 4 })).collect();
    w.eva
        .put(
            &format!("/api/v1/proposals/{}/reviews/mine", w.p[0].id),
            &json!({ "scores": scores, "recommendation": "maybe" }),
        )
        .await
        .expect(StatusCode::OK);
    w.submit(&w.eva, 0).await.expect(StatusCode::OK);
    let locked: Value = w.app.anon().get(&path).await.ok();
    assert_eq!(locked["locked"], true);
    w.admin.put(&path, &body).await.refused(StatusCode::CONFLICT, "criteria_locked");
}

#[apply(both_dbs)]
async fn only_assigned_evaluators_review_and_only_admins_assign(db: Db) {
    let w = world(db).await;
    let outsider = w.app.user_with_roles("evc", &[Role::Evaluator]).await;
    let alice_like = w.app.participant("pekka").await;
    let review = format!("/api/v1/proposals/{}/reviews/mine", w.p[0].id);
    let body = json!({ "scores": [], "recommendation": null });
    outsider.put(&review, &body).await.refused(StatusCode::FORBIDDEN, "not_assigned");
    outsider
        .get(&format!("/api/v1/proposals/{}/reviews", w.p[0].id))
        .await
        .refused(StatusCode::FORBIDDEN, "not_assigned");
    alice_like
        .get(&format!("/api/v1/proposals/{}/reviews", w.p[0].id))
        .await
        .refused(StatusCode::FORBIDDEN, "not_assigned");
    w.app
        .anon()
        .get(&format!("/api/v1/proposals/{}/reviews", w.p[0].id))
        .await
        .expect(StatusCode::UNAUTHORIZED);
    outsider
        .get(&format!("/api/v1/calls/{}/ranking", w.call.id))
        .await
        .refused(StatusCode::FORBIDDEN, "not_assigned");
    alice_like
        .get(&format!("/api/v1/calls/{}/ranking", w.call.id))
        .await
        .refused(StatusCode::FORBIDDEN, "role_required");

    let assign = |u: uuid::Uuid| format!("/api/v1/calls/{}/evaluators/{u}", w.call.id);
    w.admin.put_empty(&assign(alice_like.user_id)).await.refused(StatusCode::CONFLICT, "user_not_evaluator");
    w.eva.put_empty(&assign(outsider.user_id)).await.refused(StatusCode::FORBIDDEN, "not_call_manager");
    w.admin.put_empty(&assign(uuid::Uuid::now_v7())).await.refused(StatusCode::NOT_FOUND, "not_found");
    let added: Value = w.admin.put_empty(&assign(outsider.user_id)).await.created();
    assert_eq!(added["user"]["display_name"], "evc");
    assert_eq!(added["submitted"], 0);
    w.admin.put_empty(&assign(outsider.user_id)).await.expect(StatusCode::OK);
    outsider.put(&review, &body).await.expect(StatusCode::OK);

    let list: Value = w.admin.get(&format!("/api/v1/calls/{}/evaluators", w.call.id)).await.ok();
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    let evc = list["items"].as_array().unwrap().iter().find(|i| i["user"]["display_name"] == "evc").unwrap();
    assert_eq!(evc["drafts"], 1);
    w.eva
        .get(&format!("/api/v1/calls/{}/evaluators", w.call.id))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");

    let mine: Value = outsider.get("/api/v1/me/evaluations").await.ok();
    assert_eq!(mine["items"][0]["call"]["id"], w.call.id.as_str());
    assert_eq!(mine["items"][0]["proposals"], 3);
    assert_eq!(mine["items"][0]["drafts"], 1);
    assert_eq!(mine["items"][0]["reviews_open"], true);
    let none: Value = alice_like.get("/api/v1/me/evaluations").await.ok();
    assert_eq!(none["items"], json!([]));

    w.admin.delete(&assign(outsider.user_id)).await.expect(StatusCode::NO_CONTENT);
    w.admin.delete(&assign(outsider.user_id)).await.refused(StatusCode::NOT_FOUND, "not_found");
    outsider.put(&review, &body).await.refused(StatusCode::FORBIDDEN, "not_assigned");
    let log: Value =
        w.admin.get(&format!("/api/v1/moderation/log?target_id={}", outsider.user_id)).await.ok();
    let actions: Vec<&str> =
        log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["evaluator_removed", "evaluator_assigned"]);

    // An assigned evaluator whose role is taken away is out at once, assignment or not.
    let ranking = format!("/api/v1/calls/{}/ranking", w.call.id);
    w.eva.get(&ranking).await.expect(StatusCode::OK);
    let demote = json!({ "roles": ["participant"] });
    w.admin.patch(&format!("/api/v1/users/{}", w.eva.user_id), &demote).await.expect(StatusCode::OK);
    w.eva.get(&ranking).await.refused(StatusCode::FORBIDDEN, "role_required");
    let reviews = format!("/api/v1/proposals/{}/reviews", w.p[0].id);
    w.eva.get(&reviews).await.refused(StatusCode::FORBIDDEN, "not_assigned");
}

#[apply(both_dbs)]
async fn a_conflict_of_interest_blocks_the_review_and_removes_the_draft(db: Db) {
    let w = world(db).await;
    let conflict = format!("/api/v1/proposals/{}/conflict", w.p[0].id);
    assert_eq!(w.draft(&w.eva, 0, &[3, 3], None).await, StatusCode::OK);
    w.eva.put(&conflict, &json!({ "reason": "Oma virasto" })).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(w.draft(&w.eva, 0, &[3, 3], None).await, StatusCode::FORBIDDEN);
    let seen = w.reviews(&w.eva, 0).await;
    assert_eq!(seen["mine"], Value::Null);
    assert_eq!(seen["conflict"]["reason"], "Oma virasto");
    assert_eq!(seen["can_review"], false);
    assert_eq!(seen["review_refusal"], "conflict_of_interest");
    w.admin.put(&conflict, &json!({})).await.refused(StatusCode::FORBIDDEN, "not_assigned");

    w.eva.delete(&conflict).await.expect(StatusCode::NO_CONTENT);
    w.eva.delete(&conflict).await.refused(StatusCode::NOT_FOUND, "not_found");
    w.review(&w.eva, 0, &[3, 3], "maybe").await;
    w.eva.put(&conflict, &json!({})).await.refused(StatusCode::CONFLICT, "review_submitted");
}

#[apply(both_dbs)]
async fn reviews_are_blind_until_ones_own_is_submitted(db: Db) {
    let w = world(db).await;
    w.review(&w.eva, 0, &[5, 2], "shortlist").await;
    assert_eq!(w.draft(&w.evb, 0, &[1, 1], None).await, StatusCode::OK);
    let before = w.reviews(&w.evb, 0).await;
    assert_eq!(before["others"], json!([]));
    assert_eq!(before["others_hidden"], true);
    assert_eq!(before["mine"]["status"], "draft");
    assert_eq!(before["can_review"], true);
    let ranked = w.ranking(&w.evb, "").await;
    let first =
        ranked["items"].as_array().unwrap().iter().find(|i| i["proposal"]["number"] == 1).unwrap().clone();
    assert_eq!(first["scores_hidden"], true);
    assert_eq!(first["score"], Value::Null);
    assert_eq!(first["criteria"], json!([]));
    assert_eq!(first["recommendations"], Value::Null);
    assert_eq!(first["review_count"], 1);

    w.review(&w.evb, 0, &[3, 5], "reject").await;
    let after = w.reviews(&w.evb, 0).await;
    assert_eq!(after["others_hidden"], false);
    assert_eq!(after["others"].as_array().unwrap().len(), 1);
    assert_eq!(after["others"][0]["evaluator"]["display_name"], "eva");
    assert!(close(&after["others"][0]["weighted_score"], 4.0));
    let admin_view = w.reviews(&w.admin, 0).await;
    assert_eq!(admin_view["others"].as_array().unwrap().len(), 2);
    assert_eq!(admin_view["can_review"], false);
}

#[apply(both_dbs)]
async fn a_submitted_review_is_final_and_an_incomplete_one_is_refused(db: Db) {
    let w = world(db).await;
    assert_eq!(w.draft(&w.eva, 0, &[5], Some("maybe")).await, StatusCode::OK);
    w.submit(&w.eva, 0).await.refused(StatusCode::UNPROCESSABLE_ENTITY, "review_incomplete");
    assert_eq!(w.draft(&w.eva, 0, &[5, 4], None).await, StatusCode::OK);
    w.submit(&w.eva, 0).await.refused(StatusCode::UNPROCESSABLE_ENTITY, "review_incomplete");
    let unknown = json!({ "scores": [{ "criterion_id": uuid::Uuid::now_v7(), "score": 3 }] });
    let p = w.eva.put(&format!("/api/v1/proposals/{}/reviews/mine", w.p[0].id), &unknown).await;
    let problem = p.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(problem.errors[0].code, "unknown_criterion");
    w.submit(&w.evb, 0).await.refused(StatusCode::NOT_FOUND, "not_found");

    w.review(&w.eva, 0, &[5, 4], "shortlist").await;
    w.submit(&w.eva, 0).await.refused(StatusCode::CONFLICT, "review_submitted");
    assert_eq!(w.draft(&w.eva, 0, &[1, 1], Some("reject")).await, StatusCode::CONFLICT);
    let mine = &w.reviews(&w.eva, 0).await["mine"];
    assert_eq!(mine["status"], "submitted");
    assert_eq!(mine["recommendation"], "shortlist");
}

#[apply(both_dbs)]
async fn the_ranking_has_exact_scores_sorts_and_pages(db: Db) {
    let w = world(db).await;
    // #1: eva (5, 2) → 12/3 = 4; evb (3, 5) → 11/3. Mean 23/6; spread max(2, 3) = 3.
    w.review(&w.eva, 0, &[5, 2], "shortlist").await;
    w.review(&w.evb, 0, &[3, 5], "maybe").await;
    // #2: eva (4, 4) → 4; evb (4, 5) → 13/3. Mean 25/6; spread 1.
    w.review(&w.eva, 1, &[4, 4], "shortlist").await;
    w.review(&w.evb, 1, &[4, 5], "shortlist").await;

    let page = w.ranking(&w.admin, "").await;
    assert_eq!(numbers(&page), [2, 1, 3]);
    assert_eq!(page["total"], 3);
    assert_eq!(page["evaluators"], 2);
    let items = page["items"].as_array().unwrap();
    assert!(close(&items[0]["score"], 25.0 / 6.0));
    assert_eq!(items[0]["spread"], 1);
    assert_eq!(items[0]["disagreement"], false);
    assert!(close(&items[1]["score"], 23.0 / 6.0));
    assert_eq!(items[1]["spread"], 3);
    assert_eq!(items[1]["disagreement"], true);
    assert_eq!(items[1]["recommendations"], json!({ "shortlist": 1, "maybe": 1, "reject": 0 }));
    let c0 = items[1]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["criterion_id"] == w.crit[0].as_str())
        .unwrap();
    assert!(close(&c0["mean"], 4.0));
    assert_eq!((c0["min"].as_i64(), c0["max"].as_i64()), (Some(3), Some(5)));
    assert_eq!(items[1]["thumbs"], 3);
    assert_eq!(items[1]["proposal"]["author"]["display_name"], "alice");
    assert_eq!(items[2]["score"], Value::Null);
    assert_eq!(items[2]["missing_reviews"], 2);
    assert_eq!(items[2]["scores_hidden"], false);

    assert_eq!(numbers(&w.ranking(&w.admin, "sort=spread").await), [1, 2, 3]);
    assert_eq!(numbers(&w.ranking(&w.admin, "sort=thumbs").await), [1, 2, 3]);
    assert_eq!(numbers(&w.ranking(&w.admin, "sort=number").await), [1, 2, 3]);
    assert_eq!(numbers(&w.ranking(&w.admin, "sort=comments").await), [1, 2, 3]);

    // Paging one at a time gives the same order.
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("limit=1&cursor={c}"),
            None => "limit=1".into(),
        };
        let page = w.ranking(&w.admin, &q).await;
        walked.extend(numbers(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(walked, [2, 1, 3]);
    let bad = w.admin.get(&format!("/api/v1/calls/{}/ranking?cursor=nope", w.call.id)).await;
    assert_eq!(
        bad.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").errors[0].code,
        "invalid_cursor"
    );

    // A third evaluator who has reviewed only #3 sees the others hidden, after it, by number.
    let evc = w.app.user_with_roles("evc", &[Role::Evaluator]).await;
    w.admin
        .put_empty(&format!("/api/v1/calls/{}/evaluators/{}", w.call.id, evc.user_id))
        .await
        .expect(StatusCode::CREATED);
    w.review(&evc, 2, &[1, 1], "reject").await;
    let blind = w.ranking(&evc, "").await;
    assert_eq!(numbers(&blind), [3, 1, 2]);
    let b = blind["items"].as_array().unwrap();
    assert_eq!(b[0]["scores_hidden"], false);
    assert!(close(&b[0]["score"], 1.0));
    assert_eq!(b[0]["my_review"], "submitted");
    assert_eq!(b[1]["scores_hidden"], true);
    assert_eq!(b[1]["score"], Value::Null);
    assert_eq!(b[1]["spread"], Value::Null);
    assert_eq!(b[1]["disagreement"], false);
    assert_eq!(b[1]["my_review"], Value::Null);
    assert_eq!(b[1]["missing_reviews"], 1);
    assert_eq!(numbers(&w.ranking(&evc, "sort=spread").await), [3, 1, 2]);
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("limit=1&cursor={c}"),
            None => "limit=1".into(),
        };
        let page = w.ranking(&evc, &q).await;
        walked.extend(numbers(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(walked, [3, 1, 2]);
}

#[apply(both_dbs)]
async fn review_progress_counts_who_has_reviewed_what(db: Db) {
    let w = world(db).await;
    w.review(&w.eva, 0, &[5, 2], "shortlist").await;
    w.review(&w.evb, 0, &[3, 5], "maybe").await;
    w.review(&w.eva, 1, &[4, 4], "shortlist").await;
    w.evb
        .put(&format!("/api/v1/proposals/{}/conflict", w.p[1].id), &json!({}))
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(w.draft(&w.evb, 2, &[1], None).await, StatusCode::OK);

    let progress: Value = w.eva.get(&format!("/api/v1/calls/{}/review-progress", w.call.id)).await.ok();
    assert_eq!(progress["proposals"], 3);
    assert_eq!(progress["fully_reviewed"], 2);
    assert_eq!(progress["without_reviews"], 1);
    let eva = progress["evaluators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["user"]["display_name"] == "eva")
        .unwrap();
    assert_eq!(
        (
            eva["submitted"].as_i64(),
            eva["drafts"].as_i64(),
            eva["conflicts"].as_i64(),
            eva["remaining"].as_i64()
        ),
        (Some(2), Some(0), Some(0), Some(1))
    );
    let evb = progress["evaluators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["user"]["display_name"] == "evb")
        .unwrap();
    assert_eq!(
        (
            evb["submitted"].as_i64(),
            evb["drafts"].as_i64(),
            evb["conflicts"].as_i64(),
            evb["remaining"].as_i64()
        ),
        (Some(1), Some(1), Some(1), Some(1))
    );
    let alice = w.app.participant("pekka").await;
    alice
        .get(&format!("/api/v1/calls/{}/review-progress", w.call.id))
        .await
        .refused(StatusCode::FORBIDDEN, "role_required");
}

#[apply(both_dbs)]
async fn reviews_wait_for_the_review_phase_unless_the_call_takes_them_in_voting(db: Db) {
    let w = world(db).await;
    let call = w.admin.set_window(&w.call, -48, -1, 24).await;
    assert_eq!(call.phase, "voting");
    assert_eq!(w.draft(&w.eva, 0, &[3, 3], None).await, StatusCode::CONFLICT);
    let refusal = w.reviews(&w.eva, 0).await;
    assert_eq!(refusal["review_refusal"], "call_not_in_review");
    let changed: Value = w
        .admin
        .patch(&format!("/api/v1/calls/{}", w.call.id), &json!({ "reviews_in_voting": true }))
        .await
        .ok();
    assert_eq!(changed["reviews_in_voting"], true);
    assert_eq!(w.draft(&w.eva, 0, &[3, 3], None).await, StatusCode::OK);
    let mine: Value = w.eva.get("/api/v1/me/evaluations").await.ok();
    assert_eq!(mine["items"][0]["reviews_open"], true);
    w.admin.set_window(&w.call, -72, -48, -24).await;
    w.admin.post_empty(&format!("/api/v1/calls/{}/archive", w.call.id)).await.expect(StatusCode::OK);
    assert_eq!(w.draft(&w.eva, 0, &[3, 3], None).await, StatusCode::CONFLICT);
}

#[apply(both_dbs)]
async fn parallel_submissions_of_one_review_succeed_once(db: Db) {
    let w = world(db).await;
    assert_eq!(w.draft(&w.eva, 0, &[5, 2], Some("maybe")).await, StatusCode::OK);
    assert_eq!(w.draft(&w.evb, 0, &[3, 5], Some("maybe")).await, StatusCode::OK);
    let answers = join_all((0..8).map(|i| w.submit(if i % 2 == 0 { &w.eva } else { &w.evb }, 0))).await;
    let ok = answers.iter().filter(|a| a.status() == StatusCode::OK).count();
    assert_eq!(ok, 2, "one per evaluator");
    for a in answers.iter().filter(|a| a.status() != StatusCode::OK) {
        a.refused(StatusCode::CONFLICT, "review_submitted");
    }
    let page = w.ranking(&w.admin, "sort=number").await;
    assert_eq!(page["items"][0]["review_count"], 2);
    assert!(close(&page["items"][0]["score"], 23.0 / 6.0));
}

#[apply(both_dbs)]
async fn a_ranking_page_costs_the_same_statements_at_any_size(db: Db) {
    let w = world(db).await;
    w.review(&w.eva, 0, &[5, 2], "shortlist").await;
    let path = |limit: u32| format!("/api/v1/calls/{}/ranking?sort=number&limit={limit}", w.call.id);
    let cost = |limit: u32| {
        let p = path(limit);
        let app = &w.app;
        let who = &w.eva;
        async move {
            assert_eq!(who.get(&p).await.status(), StatusCode::OK);
            let before = app.statements();
            assert_eq!(who.get(&p).await.status(), StatusCode::OK);
            app.statements() - before
        }
    };
    let one = cost(1).await;
    let two = cost(2).await;
    assert_eq!(one, two, "a ranking page of 1 costs {one} statements, of 2 {two}");
}
