//! The audit log `GET /api/v1/moderation/log` (filters, newest first, pages), that nothing
//! alters it, the account changes it records, and the public history
//! `GET /api/v1/proposals/{id}/moderation`.

use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::moderation_actions::{acted, call_and_proposal};
use crate::util::{Client, Db, TestApp, both_dbs};

/// Every entry of the log matching `query`, following the cursor one `limit` at a time.
async fn all_pages(moderator: &Client, query: &str, limit: u64) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("/api/v1/moderation/log?limit={limit}&{query}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: Value = moderator.get(&url).await.ok();
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return items,
        }
    }
}

fn actions(items: &[Value]) -> Vec<String> {
    items.iter().map(|e| e["action"].as_str().unwrap_or_default().to_owned()).collect()
}

async fn log_count(app: &TestApp) -> i64 {
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(backend, "SELECT COUNT(*) AS n FROM moderation_log"))
        .await
        .expect("count")
        .expect("a row");
    row.try_get("", "n").expect("n")
}

#[apply(both_dbs)]
async fn the_log_lists_newest_first_by_target_actor_call_action_and_time(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let milo = app.moderator("milo").await;
    let (admin, call_a, p1) = call_and_proposal(&app, &alice).await;
    let call_b = admin.open_call().await;
    let p2 = alice.submit(&call_b).await.id;

    let e1 = acted(&mona, "proposal", &p1, "hide", json!({})).await;
    let e2 = acted(&milo, "proposal", &p2, "hide", json!({})).await;
    let e3 = acted(&mona, "proposal", &p1, "restore", json!({})).await;
    // From the first act on: creating and publishing the calls is in the log before it.
    let since = format!("from={}", e1["created_at"].as_str().unwrap().replace('+', "%2B"));

    let everything = all_pages(&mona, &since, 100).await;
    assert_eq!(actions(&everything), ["restore", "hide", "hide"]);
    assert_eq!(everything[0]["id"], e3["id"]);
    assert_eq!(everything[0]["call_id"], call_a.id.as_str());
    assert_eq!(everything[0]["proposal_id"], p1.as_str());
    // One at a time, the same entries in the same order.
    let paged = all_pages(&admin, &since, 1).await;
    assert_eq!(paged, everything);

    let ids = |items: Vec<Value>| items.iter().map(|e| e["id"].clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(all_pages(&mona, &format!("target_id={p1}"), 100).await),
        [e3["id"].clone(), e1["id"].clone()]
    );
    let mona_id = e1["actor"]["id"].as_str().unwrap();
    assert_eq!(
        ids(all_pages(&mona, &format!("actor_id={mona_id}"), 1).await),
        [e3["id"].clone(), e1["id"].clone()]
    );
    assert_eq!(
        ids(all_pages(&mona, &format!("{since}&call_id={}", call_b.id), 100).await),
        [e2["id"].clone()]
    );
    assert_eq!(ids(all_pages(&mona, "action=restore", 100).await), [e3["id"].clone()]);
    let at = e2["created_at"].as_str().unwrap().replace('+', "%2B");
    assert_eq!(ids(all_pages(&mona, &format!("from={at}"), 100).await), [e3["id"].clone(), e2["id"].clone()]);
    assert_eq!(ids(all_pages(&mona, &format!("{since}&to={at}"), 100).await), [e1["id"].clone()]);
    assert!(all_pages(&mona, &format!("target_id={p2}&action=restore"), 100).await.is_empty());

    // Bad parameters are 422s; a cursor continues only its own filter.
    mona.get("/api/v1/moderation/log?action=erase").await.expect(StatusCode::UNPROCESSABLE_ENTITY);
    mona.get("/api/v1/moderation/log?from=yesterday").await.expect(StatusCode::UNPROCESSABLE_ENTITY);
    mona.get("/api/v1/moderation/log?limit=0").await.expect(StatusCode::UNPROCESSABLE_ENTITY);
    mona.get("/api/v1/moderation/log?cursor=nonsense").await.expect(StatusCode::UNPROCESSABLE_ENTITY);
    let first: Value = mona.get("/api/v1/moderation/log?limit=1").await.ok();
    let cursor = first["next_cursor"].as_str().unwrap();
    mona.get(&format!("/api/v1/moderation/log?limit=1&action=hide&cursor={cursor}"))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
}

#[apply(both_dbs)]
async fn the_log_cannot_be_altered_through_any_route_nor_in_sql(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let (admin, _, p) = call_and_proposal(&app, &alice).await;
    let entry = acted(&mona, "proposal", &p, "hide", json!({ "reason": "Alkuperäinen syy." })).await;
    let id = entry["id"].as_str().unwrap();
    let before = all_pages(&admin, "", 100).await;

    let body = json!({ "reason": "Muutettu." });
    for path in [
        "/api/v1/moderation/log".to_owned(),
        format!("/api/v1/moderation/log/{id}"),
        format!("/api/v1/moderation/actions/{id}"),
        "/api/v1/moderation/actions".to_owned(),
    ] {
        for method in [Method::PUT, Method::PATCH, Method::DELETE, Method::POST] {
            if method == Method::POST && path == "/api/v1/moderation/actions" {
                continue;
            }
            let res = admin.request(method.clone(), &path).json(&body).send().await;
            assert!(
                [StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&res.status()),
                "{method} {path}: {}",
                res.status()
            );
        }
    }
    assert_eq!(all_pages(&admin, "", 100).await, before, "no route changed the log");

    // Not even SQL: the database refuses to update or delete an entry.
    let count = log_count(&app).await;
    let mut refused = vec![
        "UPDATE moderation_log SET reason = 'Muutettu.'".to_owned(),
        "DELETE FROM moderation_log".to_owned(),
        format!("DELETE FROM moderation_log WHERE action = 'hide' AND target_kind = 'proposal'"),
    ];
    if db == Db::Postgres {
        // (A plain TRUNCATE is refused already for the appeals' foreign key.)
        app.db.execute_unprepared("TRUNCATE moderation_log").await.expect_err("TRUNCATE must fail");
        refused.push("TRUNCATE moderation_log CASCADE".to_owned());
    }
    for sql in refused {
        let res = app.db.execute_unprepared(&sql).await;
        let err = res.expect_err(&format!("{sql} must fail"));
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(log_count(&app).await, count);
    let after = all_pages(&admin, "", 100).await;
    assert_eq!(after, before);
    assert_eq!(after[0]["reason"], "Alkuperäinen syy.");
}

#[apply(both_dbs)]
async fn blocks_unblocks_and_role_changes_are_logged(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let bob = app.participant("bob").await;
    let path = format!("/api/v1/users/{}", bob.user_id);
    admin.patch(&path, &json!({ "roles": ["moderator"] })).await.expect(StatusCode::OK);
    admin.patch(&path, &json!({ "roles": ["moderator"] })).await.expect(StatusCode::OK);
    admin
        .patch(&path, &json!({ "blocked": true, "blocked_reason": "Häirintää." }))
        .await
        .expect(StatusCode::OK);
    admin.patch(&path, &json!({ "blocked": false })).await.expect(StatusCode::OK);
    admin.patch(&path, &json!({ "blocked": false })).await.expect(StatusCode::OK);

    let log = all_pages(&admin, &format!("target_id={}", bob.user_id), 100).await;
    assert_eq!(actions(&log), ["unblock", "block", "roles_changed"], "changes only, newest first");
    for e in &log {
        assert_eq!(e["target"], json!({ "kind": "user", "id": bob.user_id }));
        assert_eq!(e["actor"]["display_name"], "admin");
        assert_eq!(e["call_id"], Value::Null);
    }
    assert_eq!(log[1]["reason"], "Häirintää.");
    assert_eq!(log[0]["reason"], Value::Null);
    assert_eq!(log[2]["data"], json!({ "before": ["participant"], "after": ["participant", "moderator"] }));
}

#[apply(both_dbs)]
async fn the_public_history_names_no_moderator_and_tells_reasons_to_the_author_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let mona = app.moderator("mona").await;
    let (admin, _, p) = call_and_proposal(&app, &alice).await;
    let c = bob.comment(&p, "Kommentti").await.id;
    let hide_c = acted(
        &mona,
        "comment",
        &c,
        "hide",
        json!({ "reason": "Loukkaava.", "public_note": "Asiaton", "category": "offensive" }),
    )
    .await;
    let hide_p = acted(
        &mona,
        "proposal",
        &p,
        "hide",
        json!({ "reason": "Henkilötietoja.", "category": "personal_data" }),
    )
    .await;
    let appeal: Value = alice
        .post(
            &format!("/api/v1/moderation/actions/{}/appeal", hide_p["id"].as_str().unwrap()),
            &json!({ "text": "Ei ole." }),
        )
        .await
        .created();
    admin
        .post(
            &format!("/api/v1/moderation/appeals/{}/decision", appeal["id"].as_str().unwrap()),
            &json!({ "outcome": "upheld", "reason": "Nimi näkyy." }),
        )
        .await
        .expect(StatusCode::OK);

    let history = |viewer: Client| {
        let p = p.clone();
        async move {
            let h: Value = viewer.get(&format!("/api/v1/proposals/{p}/moderation")).await.ok();
            h["items"].as_array().cloned().unwrap()
        }
    };
    // A visitor sees the tombstone's history: what, when, which category; no names, no reasons.
    let public = history((*app.anon()).clone()).await;
    assert_eq!(actions(&public), ["hide", "hide", "appeal_upheld"], "oldest first");
    assert_eq!(public[0]["id"], hide_c["id"]);
    assert_eq!(public[0]["target"], json!({ "kind": "comment", "id": c }));
    assert_eq!(public[0]["category"], "offensive");
    assert_eq!(public[0]["public_note"], "Asiaton");
    assert_eq!(public[1]["target"], json!({ "kind": "proposal", "id": p }));
    for e in &public {
        assert_eq!(e["reason"], Value::Null);
        assert!(e.get("actor").is_none(), "no moderator named");
        assert_eq!(e["viewer_can_appeal"], false);
    }
    assert_eq!(
        public[1]["appeal"],
        json!({ "status": "upheld", "decided_at": public[1]["appeal"]["decided_at"], "decision_reason": null })
    );
    assert!(!public.iter().any(|e| e.to_string().contains("mona")));

    // The proposal's author reads the reasons about the proposal, not about bob's comment.
    let own = history((*alice).clone()).await;
    assert_eq!(own[0]["reason"], Value::Null);
    assert_eq!(own[1]["reason"], "Henkilötietoja.");
    assert_eq!(own[1]["appeal"]["decision_reason"], "Nimi näkyy.");
    assert_eq!(own[1]["viewer_can_appeal"], false, "appealed already");
    // Bob reads his comment's reason and may appeal its hide.
    let bobs = history((*bob).clone()).await;
    assert_eq!(bobs[0]["reason"], "Loukkaava.");
    assert_eq!(bobs[0]["viewer_can_appeal"], true);
    assert_eq!(bobs[1]["reason"], Value::Null);
    // Moderators read every reason.
    let moderated = history((*mona).clone()).await;
    assert_eq!(moderated[0]["reason"], "Loukkaava.");
    assert_eq!(moderated[2]["reason"], "Nimi näkyy.");
    assert_eq!(moderated[0]["viewer_can_appeal"], false);
}

#[apply(both_dbs)]
async fn the_history_of_a_pending_proposal_is_for_its_author_and_moderators(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let mona = app.moderator("mona").await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    let p = alice.submit(&call).await.id;
    acted(&mona, "proposal", &p, "reject", json!({ "reason": "Ei liity." })).await;
    let path = format!("/api/v1/proposals/{p}/moderation");
    app.anon().get(&path).await.expect(StatusCode::NOT_FOUND);
    bob.get(&path).await.expect(StatusCode::NOT_FOUND);
    let own: Value = alice.get(&path).await.ok();
    assert_eq!(own["items"][0]["action"], "reject");
    assert_eq!(own["items"][0]["reason"], "Ei liity.");
    assert_eq!(own["items"][0]["viewer_can_appeal"], true);
    let empty: Value =
        alice.get(&format!("/api/v1/proposals/{}/moderation", alice.submit(&call).await.id)).await.ok();
    assert_eq!(empty["items"], json!([]));
    app.anon()
        .get(&format!("/api/v1/proposals/{}/moderation", uuid::Uuid::now_v7()))
        .await
        .expect(StatusCode::NOT_FOUND);
}
