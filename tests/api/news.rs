//! A call's news (*Ajankohtaista*): `GET`/`POST /calls/{id}/news`, `PATCH`/`DELETE
//! /calls/{id}/news/{news_id}`. Admins and the call's managers post, edit and delete; anyone
//! who may see the call reads, newest first with the cursor; Markdown is rendered safely;
//! followers hear of a new item once (not the poster); every act is in the audit log.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value as DbValue};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::views::Call;
use crate::util::{Client, Db, TestApp, User, both_dbs};

fn news_path(call: &Call) -> String {
    format!("/api/v1/calls/{}/news", call.id)
}

fn news_body(title: &str, body: &str) -> Value {
    json!({ "title": { "fi": title }, "body": { "fi": body } })
}

async fn post(who: &Client, call: &Call, title: &str) -> Value {
    who.post(&news_path(call), &news_body(title, "Tervetuloa **mukaan**.")).await.created()
}

fn titles(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|n| n["title"]["fi"].as_str().unwrap().to_owned()).collect()
}

/// Runs `sql` (with `$n` placeholders) on the app's database, as the test's own connection.
async fn sql(app: &TestApp, sql: &str, values: Vec<DbValue>) {
    let backend = app.db.get_database_backend();
    let sql = if backend == DbBackend::Postgres { sql.to_owned() } else { sql.replace('$', "?") };
    app.db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await.unwrap();
}

/// `user` follows `call`. The follow API is another piece of this issue, not on this branch
/// yet: the row is written as it would write it.
async fn follow(app: &TestApp, call: &Call, user: &User) {
    let call_id: Uuid = call.id.parse().unwrap();
    sql(
        app,
        "INSERT INTO call_follows (call_id, user_id, created_at) VALUES ($1, $2, $3)",
        vec![call_id.into(), user.user_id.into(), chrono::Utc::now().into()],
    )
    .await;
}

/// `user` becomes a call manager of `call` (the managers' API is not on this branch yet).
async fn make_manager(app: &TestApp, call: &Call, user: &User, admin: &User) {
    let call_id: Uuid = call.id.parse().unwrap();
    sql(
        app,
        "INSERT INTO call_managers (id, user_id, call_id, organisation_id, granted_by, created_at) \
         VALUES ($1, $2, $3, NULL, $4, $5)",
        vec![
            Uuid::now_v7().into(),
            user.user_id.into(),
            call_id.into(),
            admin.user_id.into(),
            chrono::Utc::now().into(),
        ],
    )
    .await;
}

async fn notifications(who: &Client) -> Vec<Value> {
    let page: Value = who.get("/api/v1/notifications?limit=100").await.ok();
    page["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "call_news").cloned().collect()
}

#[apply(both_dbs)]
async fn an_admin_posts_news_and_everyone_reads_it_newest_first_page_by_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let first = post(&admin, &call, "Ensimmäinen").await;
    assert_eq!(first["title"], json!({ "fi": "Ensimmäinen", "sv": null, "en": null }));
    assert_eq!(first["body_html"]["fi"], "<p>Tervetuloa <strong>mukaan</strong>.</p>\n");
    assert_eq!(first["author"]["display_name"], "admin");
    assert_eq!(first["published_at"], first["updated_at"]);
    for t in ["Toinen", "Kolmas", "Neljäs", "Viides"] {
        post(&admin, &call, t).await;
    }

    // A visitor reads them by the call's slug as well as its id, two at a time.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("/api/v1/calls/{}/news?limit=2", call.slug);
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: Value = app.anon().get(&url).await.ok();
        assert_eq!(page["total"], 5);
        seen.extend(titles(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, ["Viides", "Neljäs", "Kolmas", "Toinen", "Ensimmäinen"]);

    // The call says how many and when the newest came.
    let viewed: Value = app.anon().get(&format!("/api/v1/calls/{}", call.id)).await.ok();
    assert_eq!(viewed["news_count"], 5);
    let newest: Value = app.anon().get(&format!("{}?limit=1", news_path(&call))).await.ok();
    assert_eq!(viewed["latest_news_at"], newest["items"][0]["published_at"]);
    assert_eq!(viewed["viewer"]["can_manage"], false);

    // Bad limits and cursors, including another call's cursor, are refused.
    let other = admin.open_call().await;
    post(&admin, &other, "a").await;
    post(&admin, &other, "b").await;
    let page: Value = app.anon().get(&format!("{}?limit=1", news_path(&other))).await.ok();
    let foreign = page["next_cursor"].as_str().unwrap();
    app.anon()
        .get(&format!("{}?cursor={foreign}", news_path(&call)))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    for limit in ["0", "101", "x"] {
        assert_eq!(
            app.anon().get(&format!("{}?limit={limit}", news_path(&call))).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    app.anon()
        .get(&format!("/api/v1/calls/{}/news", Uuid::now_v7()))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn markdown_is_rendered_safely_in_every_language(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let body = json!({
        "title": { "fi": "  Otsikko  ", "sv": "Rubrik", "en": "   " },
        "body": {
            "fi": "<script>alert(1)</script>\n\n[klikkaa](javascript:alert(1)) ja [Siilo](https://example.fi)",
            "sv": "<img src=x onerror=alert(1)>",
        },
    });
    let news: Value = admin.post(&news_path(&call), &body).await.created();
    assert_eq!(news["title"], json!({ "fi": "Otsikko", "sv": "Rubrik", "en": null }));
    let fi = news["body_html"]["fi"].as_str().unwrap();
    assert!(!fi.contains("<script"), "{fi}");
    assert!(!fi.contains("javascript:"), "{fi}");
    assert!(fi.contains(r#"href="https://example.fi""#), "{fi}");
    let sv = news["body_html"]["sv"].as_str().unwrap();
    assert!(!sv.contains("<img"), "{sv}");
    assert_eq!(news["body_html"]["en"], Value::Null);
    // The Markdown is kept as written, for editing.
    assert_eq!(news["body"]["fi"], body["body"]["fi"]);
}

#[apply(both_dbs)]
async fn only_admins_and_the_calls_managers_post_edit_and_delete(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let other_call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let mari = app.participant("mari").await;
    let news = post(&admin, &call, "Ylläpidon").await;
    let item = format!("{}/{}", news_path(&call), news["id"].as_str().unwrap());

    alice
        .post(&news_path(&call), &news_body("Ei", "ei"))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    alice
        .patch(&item, &json!({ "title": { "fi": "Ei" } }))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    alice.delete(&item).await.refused(StatusCode::FORBIDDEN, "not_call_manager");
    app.anon()
        .post(&news_path(&call), &news_body("Ei", "ei"))
        .await
        .refused(StatusCode::UNAUTHORIZED, "unauthenticated");

    make_manager(&app, &call, &mari, &admin).await;
    let viewed: Value = mari.get(&format!("/api/v1/calls/{}", call.id)).await.ok();
    assert_eq!(viewed["viewer"]["can_manage"], true);
    let own = post(&mari, &call, "Vastuuhenkilön").await;
    assert_eq!(own["author"]["display_name"], "mari");
    let edited: Value =
        mari.patch(&item, &json!({ "body": { "fi": "Uusi _teksti_", "en": "New text" } })).await.ok();
    assert_eq!(edited["title"]["fi"], "Ylläpidon", "a title left out stays");
    assert_eq!(edited["body_html"]["fi"], "<p>Uusi <em>teksti</em></p>\n");
    assert_eq!(edited["body"]["en"], "New text");
    assert_eq!(edited["published_at"], news["published_at"]);
    assert_ne!(edited["updated_at"], news["updated_at"]);
    assert_eq!(mari.delete(&item).await.status(), StatusCode::NO_CONTENT);
    mari.delete(&item).await.refused(StatusCode::NOT_FOUND, "not_found");

    // A manager of one call runs no other.
    mari.post(&news_path(&other_call), &news_body("Ei", "ei"))
        .await
        .refused(StatusCode::FORBIDDEN, "not_call_manager");
    let viewed: Value = mari.get(&format!("/api/v1/calls/{}", other_call.id)).await.ok();
    assert_eq!(viewed["viewer"]["can_manage"], false);
    // An item of another call is not found through this one.
    let elsewhere = post(&admin, &other_call, "Muualla").await;
    let path = format!("{}/{}", news_path(&call), elsewhere["id"].as_str().unwrap());
    admin.patch(&path, &json!({ "title": { "fi": "x" } })).await.refused(StatusCode::NOT_FOUND, "not_found");
    admin.delete(&path).await.refused(StatusCode::NOT_FOUND, "not_found");

    let page: Value = app.anon().get(&news_path(&call)).await.ok();
    assert_eq!(titles(&page), ["Vastuuhenkilön"]);
}

#[apply(both_dbs)]
async fn an_unconfirmed_admin_takes_no_part(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let newbie = app.register_unverified("uusi@vm.fi", "Uusi").await;
    make_manager(&app, &call, &newbie, &admin).await;
    newbie
        .post(&news_path(&call), &news_body("Ei", "ei"))
        .await
        .refused(StatusCode::FORBIDDEN, "email_unverified");
}

#[apply(both_dbs)]
async fn texts_are_checked_against_their_limits(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let at_limit = json!({
        "title": { "fi": "t".repeat(200), "sv": "t".repeat(200), "en": "t".repeat(200) },
        "body": { "fi": "b".repeat(10_000), "sv": "b".repeat(10_000) },
    });
    admin.post(&news_path(&call), &at_limit).await.created::<Value>();

    let cases = [
        (json!({ "title": { "fi": "t".repeat(201) }, "body": { "fi": "b" } }), "title.fi"),
        (json!({ "title": { "fi": "t", "en": "t".repeat(201) }, "body": { "fi": "b" } }), "title.en"),
        (json!({ "title": { "fi": "t" }, "body": { "fi": "b".repeat(10_001) } }), "body.fi"),
        (json!({ "title": { "fi": "t" }, "body": { "fi": "b", "sv": "b".repeat(10_001) } }), "body.sv"),
        (json!({ "title": { "fi": "   " }, "body": { "fi": "b" } }), "title.fi"),
        (json!({ "title": { "fi": "t" }, "body": { "fi": "" } }), "body.fi"),
    ];
    for (body, field) in cases {
        let p = admin
            .post(&news_path(&call), &body)
            .await
            .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(p.errors.iter().any(|e| e.field == field), "{field}: {p:?}");
    }
    // Missing or unknown fields are malformed input, not a 500.
    for body in [
        json!({ "title": { "fi": "t" } }),
        json!({ "title": { "fi": "t" }, "body": { "fi": "b" }, "published_at": "2026-01-01T00:00:00Z" }),
        json!({ "title": { "sv": "t" }, "body": { "fi": "b" } }),
    ] {
        let res = admin.post(&news_path(&call), &body).await;
        assert!(res.status().is_client_error(), "{body}: {}", res.status());
        res.problem();
    }
    let item = format!("{}/{}", news_path(&call), Uuid::now_v7());
    let p = admin
        .patch(&item, &json!({ "title": { "fi": "t".repeat(201) } }))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert!(p.errors.iter().any(|e| e.field == "title.fi"));
    admin.patch(&item, &json!({ "title": { "fi": "t" } })).await.refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn an_archived_call_takes_no_news(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let news = post(&admin, &call, "Ennen").await;
    let item = format!("{}/{}", news_path(&call), news["id"].as_str().unwrap());
    admin.post(&format!("/api/v1/calls/{}/archive", call.id), &json!({})).await.ok::<Value>();

    admin
        .post(&news_path(&call), &news_body("Jälkeen", "x"))
        .await
        .refused(StatusCode::CONFLICT, "call_archived");
    admin
        .patch(&item, &json!({ "title": { "fi": "x" } }))
        .await
        .refused(StatusCode::CONFLICT, "call_archived");
    admin.delete(&item).await.refused(StatusCode::CONFLICT, "call_archived");
    // Its news stay readable.
    let page: Value = app.anon().get(&news_path(&call)).await.ok();
    assert_eq!(titles(&page), ["Ennen"]);
}

#[apply(both_dbs)]
async fn a_draft_calls_news_are_its_managers_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let draft = admin.call_with(json!({ "publish": false })).await;
    let alice = app.participant("alice").await;
    follow(&app, &draft, &alice).await;
    let news = post(&admin, &draft, "Valmiina julkaisuun").await;

    app.anon().get(&news_path(&draft)).await.refused(StatusCode::NOT_FOUND, "not_found");
    alice.get(&news_path(&draft)).await.refused(StatusCode::NOT_FOUND, "not_found");
    // Writing to it shows nothing of it either.
    alice.post(&news_path(&draft), &news_body("Ei", "ei")).await.refused(StatusCode::NOT_FOUND, "not_found");
    let item = format!("{}/{}", news_path(&draft), news["id"].as_str().unwrap());
    alice.delete(&item).await.refused(StatusCode::NOT_FOUND, "not_found");
    let page: Value = admin.get(&news_path(&draft)).await.ok();
    assert_eq!(titles(&page), ["Valmiina julkaisuun"]);
    // A draft tells no follower.
    assert!(notifications(&alice).await.is_empty());
}

#[apply(both_dbs)]
async fn followers_hear_of_new_news_once_and_the_poster_not(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let (alice, bob, carol) =
        (app.participant("alice").await, app.participant("bob").await, app.participant("carol").await);
    for who in [&alice, &bob, &admin] {
        follow(&app, &call, who).await;
    }
    // Alice wants these at once: her email is queued with the notification.
    alice
        .put(
            "/api/v1/me/email-settings",
            &json!({ "settings": [{ "kind": "call_news", "delivery": "immediately" }] }),
        )
        .await
        .ok::<Value>();

    let body = json!({
        "title": { "fi": "Ehdotusaikaa jatketaan", "sv": "Tiden förlängs" },
        "body": { "fi": "Viikolla." },
    });
    let news: Value = admin.post(&news_path(&call), &body).await.created();
    for follower in [&alice, &bob] {
        let told = notifications(follower).await;
        assert_eq!(told.len(), 1);
        assert_eq!(told[0]["call_id"], call.id.as_str());
        assert_eq!(told[0]["actor"]["display_name"], "admin");
        assert_eq!(
            told[0]["data"],
            json!({
                "call_slug": call.slug,
                "call_title": { "fi": "Siilonmurtajat", "sv": "Silobrytarna", "en": "Silo breakers" },
                "news_id": news["id"],
                "news_title": { "fi": "Ehdotusaikaa jatketaan", "sv": "Tiden förlängs", "en": null },
            })
        );
    }
    assert!(notifications(&admin).await.is_empty(), "not the poster");
    assert!(notifications(&carol).await.is_empty(), "not who does not follow");

    let backend = app.db.get_database_backend();
    let q =
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM outbox WHERE user_id = $1 AND template = 'notification'";
    let q = if backend == DbBackend::Postgres { q.to_owned() } else { q.replace('$', "?") };
    let count = |user: Uuid| {
        let stmt = Statement::from_sql_and_values(backend, q.clone(), [DbValue::from(user)]);
        let db = &app.db;
        async move { db.query_one_raw(stmt).await.unwrap().unwrap().try_get::<i64>("", "n").unwrap() }
    };
    assert_eq!(count(alice.user_id).await, 1, "alice chose immediately");
    assert_eq!(count(bob.user_id).await, 0, "bob keeps the daily digest");

    // Edits and deletions tell nobody.
    let item = format!("{}/{}", news_path(&call), news["id"].as_str().unwrap());
    admin.patch(&item, &json!({ "title": { "fi": "Korjattu" } })).await.ok::<Value>();
    assert_eq!(admin.delete(&item).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(notifications(&bob).await.len(), 1);
}

#[apply(both_dbs)]
async fn news_posted_at_once_each_tell_every_follower_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    follow(&app, &call, &alice).await;
    make_manager(&app, &call, &bob, &admin).await;
    let path = news_path(&call);
    let bodies: Vec<Value> = (0..6).map(|i| news_body(&format!("Uutinen {i}"), "x")).collect();
    let results = join_all(bodies.iter().enumerate().map(|(i, b)| {
        let who: &Client = if i % 2 == 0 { &admin } else { &bob };
        who.post(&path, b)
    }))
    .await;
    for r in &results {
        assert_eq!(r.status(), StatusCode::CREATED, "{}", r.text());
    }
    let page: Value = app.anon().get(&format!("{path}?limit=100")).await.ok();
    assert_eq!(page["total"], 6);
    let told = notifications(&alice).await;
    assert_eq!(told.len(), 6);
    let mut ids: Vec<&str> = told.iter().map(|n| n["data"]["news_id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6);
}

#[apply(both_dbs)]
async fn every_post_edit_and_delete_is_in_the_audit_log(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let news = post(&admin, &call, "Kirjattu").await;
    let id = news["id"].as_str().unwrap();
    let item = format!("{}/{id}", news_path(&call));
    admin.patch(&item, &json!({ "title": { "fi": "Muutettu" } })).await.ok::<Value>();
    assert_eq!(admin.delete(&item).await.status(), StatusCode::NO_CONTENT);

    let log: Value = admin.get(&format!("/api/v1/moderation/log?call_id={}", call.id)).await.ok();
    let entries: Vec<&Value> =
        log["items"].as_array().unwrap().iter().filter(|e| e["data"]["news_id"] == id).collect();
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["news_deleted", "news_updated", "news_posted"]);
    for e in &entries {
        assert_eq!(e["target"], json!({ "kind": "call", "id": call.id }));
        assert_eq!(e["actor"]["display_name"], "admin");
    }
    assert_eq!(entries[0]["data"]["title"], "Muutettu");
    assert_eq!(entries[2]["data"]["title"], "Kirjattu");
    let only: Value = admin.get("/api/v1/moderation/log?action=news_posted").await.ok();
    assert_eq!(only["items"].as_array().unwrap().len(), 1);
}

#[apply(both_dbs)]
async fn an_erased_authors_news_stay_without_a_name(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let mari = app.participant("mari").await;
    make_manager(&app, &call, &mari, &admin).await;
    post(&mari, &call, "Jää").await;
    admin
        .request(reqwest::Method::DELETE, &format!("/api/v1/users/{}", mari.user_id))
        .json(&json!({ "reason": "Pyyntö" }))
        .send()
        .await
        .expect(StatusCode::NO_CONTENT);

    let page: Value = app.anon().get(&news_path(&call)).await.ok();
    assert_eq!(titles(&page), ["Jää"]);
    assert_eq!(page["items"][0]["author"], Value::Null);
}
