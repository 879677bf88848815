//! Calls (*haut*): creating, publishing, the phase derived from the window, counts, what the
//! viewer may do, settings and themes.

use reqwest::{Method, Response, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{CallFixture, Db, Session, TestApp, body, hours_from_now, problem};
use crate::spawn;
use crate::util::both_dbs;

/// A valid body for `POST /api/v1/calls` with this slug, open now.
fn new_call(slug: &str) -> Value {
    json!({
        "slug": slug,
        "title": { "fi": "Siilonmurtajat 2026", "sv": "Silobrytarna 2026", "en": "Silo breakers 2026" },
        "description": { "fi": "Kokeiluja yli hallinnonrajojen." },
        "opens_at": hours_from_now(-1),
        "submissions_close_at": hours_from_now(24),
        "voting_closes_at": hours_from_now(48),
    })
}

async fn create_raw(app: &TestApp, admin: &Session, call: Value) -> Response {
    app.send_as(admin, Method::POST, "/api/v1/calls", call).await
}

/// `GET /api/v1/calls/{id_or_slug}` as `who`, or as a visitor.
async fn fetch(app: &TestApp, who: Option<&Session>, id_or_slug: &str) -> Response {
    let token = who.map(|s| s.access_token.as_str());
    app.request(Method::GET, &format!("/api/v1/calls/{id_or_slug}"), token, None).await
}

/// The call as `who` sees it, which must succeed.
async fn call_as(app: &TestApp, who: Option<&Session>, call: &CallFixture) -> Value {
    let res = fetch(app, who, &call.id).await;
    assert_eq!(res.status(), StatusCode::OK, "reading call {}", call.slug);
    body(res).await
}

/// The ids in `GET /api/v1/calls?<query>` as `who`.
async fn listed(app: &TestApp, who: Option<&Session>, query: &str) -> Vec<String> {
    let token = who.map(|s| s.access_token.as_str());
    let res = app.request(Method::GET, &format!("/api/v1/calls?{query}"), token, None).await;
    assert_eq!(res.status(), StatusCode::OK, "listing calls with {query:?}");
    body(res).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_owned())
        .collect()
}

async fn patch_call(app: &TestApp, admin: &Session, call: &CallFixture, change: Value) -> Response {
    app.send_as(admin, Method::PATCH, &format!("/api/v1/calls/{}", call.id), change).await
}

#[apply(both_dbs)]
async fn an_admin_creates_a_call_that_starts_as_a_draft_with_its_themes(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let mut call = new_call("siilonmurtajat-2026");
    call["themes"] = json!([
        { "name": { "fi": "Digitaaliset palvelut", "sv": "Digitala tjänster", "en": "Digital services" } },
        { "name": { "fi": "Yhteiset hankinnat" } },
    ]);

    let res = create_raw(&app, &admin, call).await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    assert!(created["id"].as_str().and_then(|s| s.parse::<Uuid>().ok()).is_some(), "an id: {created}");
    assert_eq!(created["slug"], "siilonmurtajat-2026");
    assert_eq!(created["phase"], "draft");
    assert_eq!(created["published_at"], Value::Null);
    assert_eq!(
        created["title"],
        json!({ "fi": "Siilonmurtajat 2026", "sv": "Silobrytarna 2026", "en": "Silo breakers 2026" })
    );
    assert_eq!(
        created["description"],
        json!({ "fi": "Kokeiluja yli hallinnonrajojen.", "sv": null, "en": null }),
        "Swedish and English are optional"
    );
    let themes = created["themes"].as_array().expect("themes");
    assert_eq!(themes.len(), 2);
    assert_eq!(themes[0]["name"]["fi"], "Digitaaliset palvelut");
    assert_eq!(themes[0]["name"]["sv"], "Digitala tjänster");
    assert_eq!(themes[1]["name"]["fi"], "Yhteiset hankinnat");
    assert!(themes.iter().all(|t| t["id"].is_string()), "every theme has an id");
    assert_eq!(created["moderation_mode"], "post");
    assert_eq!(created["report_threshold"], 3);
    assert_eq!(created["max_proposals_per_user"], Value::Null);
    assert_eq!(created["counts"], json!({ "proposals": 0, "thumbs": 0, "comments": 0, "participants": 0 }));
    assert_eq!(created["viewer"]["can_manage"], true);
}

#[apply(both_dbs)]
async fn a_call_needs_a_finnish_title_and_description(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let mut swedish_only = new_call("vain-ruotsiksi");
    swedish_only["title"] = json!({ "sv": "Silobrytarna" });
    let mut blank = new_call("tyhja-otsikko");
    blank["title"] = json!({ "fi": "   ", "sv": "Silobrytarna" });
    blank["description"] = json!({ "fi": "" });

    let missing = create_raw(&app, &admin, swedish_only).await;
    let empty = create_raw(&app, &admin, blank).await;

    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(missing).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.fields(), ["title.fi:required"]);
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(empty).await;
    assert_eq!(p.code, "validation_failed");
    let mut fields = p.fields();
    fields.sort();
    assert_eq!(fields, ["description.fi:required", "title.fi:required"]);
    let all = listed(&app, Some(&admin), "").await;
    assert!(all.is_empty(), "nothing was created");
}

#[apply(both_dbs)]
async fn a_draft_is_seen_by_admins_only(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let draft = app.call_with(&admin, json!({ "publish": false })).await;

    for who in [Some(&alice), None] {
        let by_id = fetch(&app, who, &draft.id).await;
        let by_slug = fetch(&app, who, &draft.slug).await;

        assert_eq!(by_id.status(), StatusCode::NOT_FOUND);
        assert_eq!(problem(by_id).await.code, "not_found");
        assert_eq!(by_slug.status(), StatusCode::NOT_FOUND);
        assert_eq!(problem(by_slug).await.code, "not_found");
        assert!(listed(&app, who, "").await.is_empty(), "a draft is not listed");
    }
    assert_eq!(call_as(&app, Some(&admin), &draft).await["phase"], "draft");
    let by_slug = fetch(&app, Some(&admin), &draft.slug).await;
    assert_eq!(by_slug.status(), StatusCode::OK);
    assert_eq!(listed(&app, Some(&admin), "").await, [draft.id.as_str()]);
}

#[apply(both_dbs)]
async fn publishing_a_draft_shows_it_to_everyone_by_id_and_by_slug(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let draft = app.call_with(&admin, json!({ "publish": false })).await;

    let res =
        app.send_as(&admin, Method::POST, &format!("/api/v1/calls/{}/publish", draft.id), json!({})).await;

    assert_eq!(res.status(), StatusCode::OK);
    let published = body(res).await;
    assert_eq!(published["phase"], "open");
    assert!(published["published_at"].is_string());
    for who in [Some(&alice), None] {
        let by_id = call_as(&app, who, &draft).await;
        assert_eq!(by_id["phase"], "open");
        let by_slug = fetch(&app, who, &draft.slug).await;
        assert_eq!(by_slug.status(), StatusCode::OK);
        assert_eq!(body(by_slug).await["id"], draft.id);
        assert_eq!(listed(&app, who, "").await, [draft.id.as_str()]);
    }
}

#[apply(both_dbs)]
async fn a_window_in_the_wrong_order_is_refused_naming_the_field(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let mut closes_before_opening = new_call("sulkeutuu-ennen");
    closes_before_opening["opens_at"] = json!(hours_from_now(5));
    closes_before_opening["submissions_close_at"] = json!(hours_from_now(2));
    let mut closes_as_it_opens = new_call("sulkeutuu-heti");
    let at = hours_from_now(5);
    closes_as_it_opens["opens_at"] = json!(at);
    closes_as_it_opens["submissions_close_at"] = json!(at);
    let mut voting_before_submissions = new_call("aanestys-ensin");
    voting_before_submissions["submissions_close_at"] = json!(hours_from_now(24));
    voting_before_submissions["voting_closes_at"] = json!(hours_from_now(23));

    for (call, field) in [
        (closes_before_opening, "submissions_close_at"),
        (closes_as_it_opens, "submissions_close_at"),
        (voting_before_submissions, "voting_closes_at"),
    ] {
        let res = create_raw(&app, &admin, call).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let p = problem(res).await;
        assert_eq!(p.code, "window_order");
        assert_eq!(p.fields(), [format!("{field}:window_order")]);
    }
    assert!(listed(&app, Some(&admin), "").await.is_empty(), "nothing was created");
}

#[apply(both_dbs)]
async fn moving_a_window_into_the_wrong_order_is_refused(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let before = call_as(&app, Some(&admin), &call).await;

    let res = patch_call(&app, &admin, &call, json!({ "voting_closes_at": hours_from_now(2) })).await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "window_order");
    assert_eq!(p.fields(), ["voting_closes_at:window_order"]);
    let after = call_as(&app, Some(&admin), &call).await;
    assert_eq!(after["voting_closes_at"], before["voting_closes_at"], "the window is unchanged");
}

#[apply(both_dbs)]
async fn voting_may_close_when_submissions_close(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let mut call = new_call("ei-aanestysaikaa");
    let closes = hours_from_now(24);
    call["submissions_close_at"] = json!(closes);
    call["voting_closes_at"] = json!(closes);

    let res = create_raw(&app, &admin, call).await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let created = body(res).await;
    assert_eq!(created["submissions_close_at"], created["voting_closes_at"]);
}

#[apply(both_dbs)]
async fn a_slug_already_in_use_is_a_conflict(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    assert_eq!(create_raw(&app, &admin, new_call("siilonmurtajat")).await.status(), StatusCode::CREATED);

    let res = create_raw(&app, &admin, new_call("siilonmurtajat")).await;

    assert_eq!(res.status(), StatusCode::CONFLICT);
    let p = problem(res).await;
    assert_eq!(p.code, "slug_taken");
    assert_eq!(p.fields(), ["slug:slug_taken"]);
    assert_eq!(listed(&app, Some(&admin), "").await.len(), 1);

    let other = app.open_call(&admin).await;
    let renamed = patch_call(&app, &admin, &other, json!({ "slug": "siilonmurtajat" })).await;
    assert_eq!(renamed.status(), StatusCode::CONFLICT, "renaming to a taken slug");
    assert_eq!(problem(renamed).await.code, "slug_taken");
    let invalid = patch_call(&app, &admin, &other, json!({ "slug": "Ei Kelpaa" })).await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(invalid).await.fields(), ["slug:invalid_slug"]);
    assert_eq!(call_as(&app, None, &other).await["slug"], other.slug.as_str());
}

#[apply(both_dbs)]
async fn a_slug_that_is_not_url_safe_is_refused(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;

    for slug in ["Siilonmurtajat", "siilon murtajat", "ab", "-siilo", "siilo--2026", "siilö", "haku/2026"] {
        let res = create_raw(&app, &admin, new_call(slug)).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "slug {slug:?}");
        let p = problem(res).await;
        assert_eq!(p.code, "validation_failed");
        assert_eq!(p.fields(), ["slug:invalid_slug"], "slug {slug:?}");
    }
}

#[apply(both_dbs)]
async fn only_admins_manage_calls(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let theme = &call.theme_ids[0];
    let attempts = [
        (Method::POST, "/api/v1/calls".to_owned(), new_call("alicen-haku")),
        (Method::PATCH, format!("/api/v1/calls/{}", call.id), json!({ "title": { "fi": "Uusi nimi" } })),
        (Method::POST, format!("/api/v1/calls/{}/publish", call.id), json!({})),
        (Method::POST, format!("/api/v1/calls/{}/archive", call.id), json!({})),
        (Method::POST, format!("/api/v1/calls/{}/themes", call.id), json!({ "name": { "fi": "Teema" } })),
        (Method::PATCH, format!("/api/v1/calls/{}/themes/{theme}", call.id), json!({ "position": 5 })),
        (Method::DELETE, format!("/api/v1/calls/{}/themes/{theme}", call.id), json!({})),
    ];

    for (method, path, payload) in attempts {
        let as_participant = app.send_as(&alice, method.clone(), &path, payload.clone()).await;
        let as_visitor = app.request(method.clone(), &path, None, Some(payload)).await;

        assert_eq!(as_participant.status(), StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(problem(as_participant).await.code, "role_required", "{method} {path}");
        assert_eq!(as_visitor.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(problem(as_visitor).await.code, "unauthenticated", "{method} {path}");
    }
    let after = call_as(&app, Some(&alice), &call).await;
    assert_eq!(after["title"]["fi"], "Siilonmurtajat");
    assert_eq!(after["phase"], "open");
    assert_eq!(after["themes"].as_array().expect("themes").len(), 2);
    assert_eq!(listed(&app, None, "").await, [call.id.as_str()], "no call was added");
}

#[apply(both_dbs)]
async fn the_phase_follows_the_window(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let window = |opens: i64, closes: i64, voting_closes: i64| {
        json!({
            "opens_at": hours_from_now(opens),
            "submissions_close_at": hours_from_now(closes),
            "voting_closes_at": hours_from_now(voting_closes),
        })
    };
    let upcoming = app.call_with(&admin, window(2, 24, 48)).await;
    let open = app.call_with(&admin, window(-2, 24, 48)).await;
    let voting = app.call_with(&admin, window(-48, -2, 24)).await;
    let review = app.call_with(&admin, window(-48, -24, -2)).await;

    for (call, phase) in [(&upcoming, "upcoming"), (&open, "open"), (&voting, "voting"), (&review, "review")]
    {
        assert_eq!(call_as(&app, None, call).await["phase"], phase, "{}", call.slug);
    }

    app.set_window(&admin, &upcoming, -1, 24, 48).await;
    assert_eq!(call_as(&app, None, &upcoming).await["phase"], "open", "moving the window opens the call");
    app.set_window(&admin, &upcoming, -48, -1, 24).await;
    assert_eq!(call_as(&app, None, &upcoming).await["phase"], "voting");
    app.set_window(&admin, &upcoming, -48, -24, -1).await;
    assert_eq!(call_as(&app, None, &upcoming).await["phase"], "review");
}

#[apply(both_dbs)]
async fn listing_calls_filters_by_phase(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let window = |opens: i64, closes: i64, voting_closes: i64| {
        json!({
            "opens_at": hours_from_now(opens),
            "submissions_close_at": hours_from_now(closes),
            "voting_closes_at": hours_from_now(voting_closes),
        })
    };
    let upcoming = app.call_with(&admin, window(2, 24, 48)).await;
    let open = app.call_with(&admin, window(-2, 24, 48)).await;
    let also_open = app.call_with(&admin, window(-5, 5, 10)).await;
    let voting = app.call_with(&admin, window(-48, -2, 24)).await;

    let mut open_ids = listed(&app, None, "phase=open").await;
    open_ids.sort();
    let mut expected = vec![open.id.clone(), also_open.id.clone()];
    expected.sort();

    assert_eq!(open_ids, expected);
    assert_eq!(listed(&app, None, "phase=upcoming").await, [upcoming.id.as_str()]);
    assert_eq!(listed(&app, None, "phase=voting").await, [voting.id.as_str()]);
    assert!(listed(&app, None, "phase=review").await.is_empty());
    assert_eq!(
        listed(&app, None, "").await,
        [upcoming.id.clone(), open.id.clone(), also_open.id.clone(), voting.id.clone()],
        "the latest opening first"
    );
    let bad = app.get("/api/v1/calls?phase=someday").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(bad).await.code, "validation_failed");
}

#[apply(both_dbs)]
async fn archiving_a_call_makes_it_archived_and_closes_it(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;

    let res =
        app.send_as(&admin, Method::POST, &format!("/api/v1/calls/{}/archive", call.id), json!({})).await;

    assert_eq!(res.status(), StatusCode::OK);
    let archived = body(res).await;
    assert_eq!(archived["phase"], "archived");
    assert!(archived["archived_at"].is_string());
    let seen = call_as(&app, Some(&alice), &call).await;
    assert_eq!(seen["phase"], "archived", "an archived call stays readable");
    assert_eq!(seen["viewer"]["can_submit"], false);
    assert_eq!(listed(&app, None, "phase=archived").await, [call.id.as_str()]);
    assert!(listed(&app, None, "phase=open").await.is_empty());
    let submit = app.submit_raw(&alice, &call, json!({})).await;
    assert_eq!(submit.status(), StatusCode::CONFLICT);
    assert_eq!(problem(submit).await.code, "call_not_open");
    let publish =
        app.send_as(&admin, Method::POST, &format!("/api/v1/calls/{}/publish", call.id), json!({})).await;
    assert_eq!(publish.status(), StatusCode::CONFLICT);
    assert_eq!(problem(publish).await.code, "call_archived");
    assert_eq!(call_as(&app, None, &call).await["phase"], "archived", "publishing does not bring it back");
}

#[apply(both_dbs)]
async fn the_counts_reflect_proposals_thumbs_comments_and_participants(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let call = app.open_call(&admin).await;
    let other = app.open_call(&admin).await;
    let first = app.submit(&alice, &call).await;
    let second = app.submit(&bob, &call).await;
    app.submit(&carol, &other).await;

    for (who, proposal) in [(&bob, &first), (&carol, &first), (&alice, &second)] {
        let res = app
            .send_as(
                who,
                Method::PUT,
                &format!("/api/v1/proposals/{}/thumb", proposal["id"].as_str().unwrap()),
                json!({}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "thumbing");
    }
    for text in ["Hyvä idea!", "Mukana kokeilussa."] {
        let res = app
            .send_as(
                &carol,
                Method::POST,
                &format!("/api/v1/proposals/{}/comments", second["id"].as_str().unwrap()),
                json!({ "body": text }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "commenting");
    }

    let counts = call_as(&app, None, &call).await["counts"].clone();

    assert_eq!(counts, json!({ "proposals": 2, "thumbs": 3, "comments": 2, "participants": 3 }));
    let other_counts = call_as(&app, None, &other).await["counts"].clone();
    assert_eq!(other_counts, json!({ "proposals": 1, "thumbs": 0, "comments": 0, "participants": 1 }));
}

#[apply(both_dbs)]
async fn a_visitor_is_told_to_sign_in_to_take_part(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;

    let viewer = call_as(&app, None, &call).await["viewer"].clone();

    assert_eq!(viewer["can_submit"], false);
    assert_eq!(viewer["submit_refusal"], "unauthenticated");
    assert_eq!(viewer["can_thumb"], false);
    assert_eq!(viewer["thumb_refusal"], "unauthenticated");
    assert_eq!(viewer["can_comment"], false);
    assert_eq!(viewer["comment_refusal"], "unauthenticated");
    assert_eq!(viewer["can_manage"], false);
}

#[apply(both_dbs)]
async fn a_visitor_is_told_that_a_closed_call_takes_nothing_not_to_sign_in(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let proposal = app.submit(&alice, &call).await["id"].as_str().unwrap().to_owned();
    app.set_window(&admin, &call, -48, -24, -1).await;

    let viewer = call_as(&app, None, &call).await["viewer"].clone();
    let res = app.get(&format!("/api/v1/proposals/{proposal}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let p = body(res).await;

    assert_eq!(call_as(&app, None, &call).await["phase"], "review");
    assert_eq!(viewer["submit_refusal"], "call_not_open");
    assert_eq!(viewer["thumb_refusal"], "call_not_accepting_thumbs");
    assert_eq!(viewer["comment_refusal"], "call_not_accepting_comments");
    assert_eq!(p["thumb_refusal"], "call_not_accepting_thumbs");
    assert_eq!(p["comment_refusal"], "call_not_accepting_comments");
    assert_eq!(p["edit_refusal"], "call_not_open");
    // In voting the call still takes thumbs and comments: signing in is what is missing.
    app.set_window(&admin, &call, -48, -1, 24).await;
    let viewer = call_as(&app, None, &call).await["viewer"].clone();
    assert_eq!(viewer["submit_refusal"], "call_not_open");
    assert_eq!(viewer["thumb_refusal"], "unauthenticated");
    assert_eq!(viewer["comment_refusal"], "unauthenticated");
}

#[apply(both_dbs)]
async fn a_participant_may_submit_thumb_and_comment_in_an_open_call(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;

    let viewer = call_as(&app, Some(&alice), &call).await["viewer"].clone();

    assert_eq!(
        viewer,
        json!({
            "can_submit": true, "submit_refusal": null,
            "can_thumb": true, "thumb_refusal": null,
            "can_comment": true, "comment_refusal": null,
            "can_manage": false,
        })
    );
}

#[apply(both_dbs)]
async fn an_upcoming_call_takes_nothing_yet(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app
        .call_with(
            &admin,
            json!({
                "opens_at": hours_from_now(2),
                "submissions_close_at": hours_from_now(24),
                "voting_closes_at": hours_from_now(48),
            }),
        )
        .await;

    let viewer = call_as(&app, Some(&alice), &call).await["viewer"].clone();

    assert_eq!(viewer["can_submit"], false);
    assert_eq!(viewer["submit_refusal"], "call_not_open");
    assert_eq!(viewer["can_thumb"], false);
    assert_eq!(viewer["can_comment"], false);
}

#[apply(both_dbs)]
async fn in_voting_a_participant_may_thumb_and_comment_but_not_submit(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    app.set_window(&admin, &call, -48, -1, 24).await;

    let viewer = call_as(&app, Some(&alice), &call).await["viewer"].clone();

    assert_eq!(viewer["can_submit"], false);
    assert_eq!(viewer["submit_refusal"], "call_not_open");
    assert_eq!(viewer["can_thumb"], true);
    assert_eq!(viewer["thumb_refusal"], Value::Null);
    assert_eq!(viewer["can_comment"], true);
    assert_eq!(viewer["comment_refusal"], Value::Null);
}

#[apply(both_dbs)]
async fn in_review_a_participant_may_only_read(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    app.set_window(&admin, &call, -48, -24, -1).await;

    let viewer = call_as(&app, Some(&alice), &call).await["viewer"].clone();

    assert_eq!(viewer["can_submit"], false);
    assert_eq!(viewer["submit_refusal"], "call_not_open");
    assert_eq!(viewer["can_thumb"], false);
    assert_eq!(viewer["thumb_refusal"], "call_not_accepting_thumbs");
    assert_eq!(viewer["can_comment"], false);
    assert_eq!(viewer["comment_refusal"], "call_not_accepting_comments");
}

#[apply(both_dbs)]
async fn a_participant_at_the_proposal_limit_is_told_they_may_not_submit_more(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = app.call_with(&admin, json!({ "max_proposals_per_user": 1 })).await;
    assert_eq!(call_as(&app, Some(&alice), &call).await["viewer"]["can_submit"], true);

    app.submit(&alice, &call).await;

    let alice_view = call_as(&app, Some(&alice), &call).await["viewer"].clone();
    assert_eq!(alice_view["can_submit"], false);
    assert_eq!(alice_view["submit_refusal"], "limit_reached");
    assert_eq!(alice_view["can_thumb"], true, "the limit is on proposals only");
    let bob_view = call_as(&app, Some(&bob), &call).await["viewer"].clone();
    assert_eq!(bob_view["can_submit"], true, "the limit is per user");
}

#[apply(both_dbs)]
async fn an_admin_updates_texts_window_and_settings(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.call_with(&admin, json!({ "max_proposals_per_user": 3, "max_thumbs_per_user": 10 })).await;
    let opens = hours_from_now(-3);
    let closes = hours_from_now(72);
    let voting_closes = hours_from_now(96);

    let res = patch_call(
        &app,
        &admin,
        &call,
        json!({
            "title": { "fi": "Siilonmurtajat kevät", "en": "Silo breakers spring" },
            "description": { "fi": "Uusi kuvaus.", "sv": "Ny beskrivning." },
            "opens_at": opens,
            "submissions_close_at": closes,
            "voting_closes_at": voting_closes,
            "moderation_mode": "pre",
            "report_threshold": 5,
            "max_proposals_per_user": null,
        }),
    )
    .await;

    assert_eq!(res.status(), StatusCode::OK);
    let updated = body(res).await;
    let reread = call_as(&app, Some(&admin), &call).await;
    for view in [&updated, &reread] {
        assert_eq!(
            view["title"],
            json!({ "fi": "Siilonmurtajat kevät", "sv": null, "en": "Silo breakers spring" })
        );
        assert_eq!(view["description"], json!({ "fi": "Uusi kuvaus.", "sv": "Ny beskrivning.", "en": null }));
        assert_eq!(view["moderation_mode"], "pre");
        assert_eq!(view["report_threshold"], 5);
        assert_eq!(view["max_proposals_per_user"], Value::Null, "null removes the limit");
        assert_eq!(view["max_thumbs_per_user"], 10, "a setting left out stays");
        assert_eq!(view["slug"], call.slug.as_str());
        let instant = |field: &str| {
            chrono::DateTime::parse_from_rfc3339(view[field].as_str().expect("a timestamp"))
                .expect("RFC 3339")
        };
        let sent = |t: &str| chrono::DateTime::parse_from_rfc3339(t).expect("RFC 3339");
        // Storage may round below a millisecond.
        assert!((instant("opens_at") - sent(&opens)).num_milliseconds().abs() <= 1);
        assert!((instant("submissions_close_at") - sent(&closes)).num_milliseconds().abs() <= 1);
        assert!((instant("voting_closes_at") - sent(&voting_closes)).num_milliseconds().abs() <= 1);
        assert_eq!(view["phase"], "open");
    }

    let res =
        patch_call(&app, &admin, &call, json!({ "max_thumbs_per_user": null, "slug": "uusi-osoite" })).await;

    assert_eq!(res.status(), StatusCode::OK);
    let updated = body(res).await;
    assert_eq!(updated["max_thumbs_per_user"], Value::Null);
    assert_eq!(updated["title"]["fi"], "Siilonmurtajat kevät", "texts left out stay");
    assert_eq!(fetch(&app, None, "uusi-osoite").await.status(), StatusCode::OK, "the new slug finds it");
}

#[apply(both_dbs)]
async fn an_admin_adds_renames_and_removes_themes(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;

    let res = app
        .send_as(
            &admin,
            Method::POST,
            &format!("/api/v1/calls/{}/themes", call.id),
            json!({ "name": { "fi": "Tiedon jakaminen", "sv": "Datadelning" } }),
        )
        .await;

    assert_eq!(res.status(), StatusCode::CREATED);
    let added = body(res).await;
    let added_id = added["id"].as_str().expect("id").to_owned();
    assert_eq!(added["name"], json!({ "fi": "Tiedon jakaminen", "sv": "Datadelning", "en": null }));
    let themes = call_as(&app, None, &call).await["themes"].clone();
    let ids: Vec<&str> = themes.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [call.theme_ids[0].as_str(), call.theme_ids[1].as_str(), added_id.as_str()],
        "a new theme goes last"
    );

    let res = app
        .send_as(
            &admin,
            Method::PATCH,
            &format!("/api/v1/calls/{}/themes/{added_id}", call.id),
            json!({ "name": { "fi": "Tietojen yhteiskäyttö", "en": "Data sharing" } }),
        )
        .await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        body(res).await["name"],
        json!({ "fi": "Tietojen yhteiskäyttö", "sv": null, "en": "Data sharing" })
    );
    let themes = call_as(&app, None, &call).await["themes"].clone();
    assert_eq!(themes[2]["name"]["fi"], "Tietojen yhteiskäyttö");

    let nameless = app
        .send_as(
            &admin,
            Method::POST,
            &format!("/api/v1/calls/{}/themes", call.id),
            json!({ "name": { "fi": " ", "en": "Nameless" } }),
        )
        .await;
    assert_eq!(nameless.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(nameless).await.fields(), ["name.fi:required"]);
    let other = app.open_call(&admin).await;
    let through_other = app
        .send_as(
            &admin,
            Method::PATCH,
            &format!("/api/v1/calls/{}/themes/{added_id}", other.id),
            json!({ "name": { "fi": "Väärä haku" } }),
        )
        .await;
    assert_eq!(through_other.status(), StatusCode::NOT_FOUND, "a theme is reached through its own call");
    assert_eq!(call_as(&app, None, &call).await["themes"].as_array().unwrap().len(), 3);
}

#[apply(both_dbs)]
async fn deleting_a_theme_keeps_its_proposals_without_a_theme(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = app.open_call(&admin).await;
    let doomed = call.theme_ids[0].clone();
    let res = app.submit_raw(&alice, &call, json!({ "theme_id": doomed })).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let proposal = body(res).await;
    assert_eq!(proposal["theme_id"], doomed.as_str());

    let res = app
        .request(
            Method::DELETE,
            &format!("/api/v1/calls/{}/themes/{doomed}", call.id),
            Some(&admin.access_token),
            None,
        )
        .await;

    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let themes = call_as(&app, None, &call).await["themes"].clone();
    let ids: Vec<&str> = themes.as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [call.theme_ids[1].as_str()]);
    let res = app.get(&format!("/api/v1/proposals/{}", proposal["id"].as_str().unwrap())).await;
    assert_eq!(res.status(), StatusCode::OK, "the proposal stays");
    assert_eq!(body(res).await["theme_id"], Value::Null);
    let again = app
        .request(
            Method::DELETE,
            &format!("/api/v1/calls/{}/themes/{doomed}", call.id),
            Some(&admin.access_token),
            None,
        )
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[apply(both_dbs)]
async fn a_call_that_does_not_exist_is_not_found(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;

    let by_id = fetch(&app, None, &Uuid::now_v7().to_string()).await;
    let by_slug = fetch(&app, None, "ei-ole-olemassa").await;
    let patch = app
        .send_as(
            &admin,
            Method::PATCH,
            &format!("/api/v1/calls/{}", Uuid::now_v7()),
            json!({ "report_threshold": 4 }),
        )
        .await;

    assert_eq!(by_id.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(by_id).await.code, "not_found");
    assert_eq!(by_slug.status(), StatusCode::NOT_FOUND);
    assert_eq!(patch.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(patch).await.code, "not_found");
}

#[apply(both_dbs)]
async fn a_call_description_comes_with_its_markdown_rendered_to_safe_html(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app
        .call_with(
            &admin,
            json!({ "description": {
                "fi": "**Kokeilu** yli rajojen:\n\n- yksi\n- kaksi\n\n<script>alert(1)</script>",
                "sv": "*Försök*",
            } }),
        )
        .await;

    let seen = call_as(&app, None, &call).await;
    let html = &seen["description_html"];
    let fi = html["fi"].as_str().expect("Finnish HTML");
    assert!(fi.contains("<strong>Kokeilu</strong>"), "{fi}");
    assert!(fi.contains("<li>yksi</li>"), "{fi}");
    assert!(!fi.contains("<script"), "raw HTML stays text: {fi}");
    assert_eq!(html["sv"], "<p><em>Försök</em></p>\n");
    assert_eq!(html["en"], Value::Null, "no English description, no English HTML");
    assert_eq!(seen["description"]["sv"], "*Försök*", "the source stays as written");

    let res = patch_call(&app, &admin, &call, json!({ "description": { "fi": "Uusi *kuvaus*" } })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let listed = body(app.request(Method::GET, "/api/v1/calls", None, None).await).await;
    let item = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["id"] == call.id.as_str())
        .cloned()
        .expect("the call is listed");
    assert_eq!(item["description_html"]["fi"], "<p>Uusi <em>kuvaus</em></p>\n");
    assert_eq!(item["description_html"]["sv"], Value::Null, "an edit renders every language again");
}

#[apply(both_dbs)]
async fn calls_stored_before_descriptions_were_rendered_get_their_html_at_start_up(db: Db) {
    use sea_orm::ConnectionTrait;
    let app = spawn!(db);
    let admin = app.admin().await;
    let call =
        app.call_with(&admin, json!({ "description": { "fi": "**Vanha** haku", "en": "*Old*" } })).await;
    app.db
        .execute_unprepared(
            "UPDATE calls SET description_html_fi = NULL, description_html_sv = NULL, description_html_en = NULL",
        )
        .await
        .expect("forget the rendering");
    assert_eq!(call_as(&app, None, &call).await["description_html"]["fi"], "", "nothing raw meanwhile");

    siilo_server::startup::render_missing_call_html(&app.db).await.expect("backfill");

    let html = &call_as(&app, None, &call).await["description_html"];
    assert_eq!(html["fi"], "<p><strong>Vanha</strong> haku</p>\n");
    assert_eq!(html["en"], "<p><em>Old</em></p>\n");
}
