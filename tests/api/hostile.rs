//! Hostile input, as an attacker sends it: crafted and tampered list cursors, control
//! characters in every kind of text input, bodies that are not exactly one JSON object, and
//! Markdown built to be expensive. Each is a clear problem+json (or a bounded rendering),
//! never a 500 or a panic, on both databases.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, Response, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::helpers::{CallFixture, Db, Session, TestApp, body, problem};
use crate::spawn;
use crate::util::both_dbs;

/// Sends `body` as it is, as JSON.
async fn send_text(app: &TestApp, method: Method, path: &str, token: Option<&str>, body: &str) -> Response {
    let mut req = app.client.request(method, app.url(path)).header(CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.body(body.to_owned()).send().await.expect("the request is sent")
}

/// Asserts a 422 whose only field errors are `field:code`.
async fn refused(res: Response, expected: &[&str]) {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.fields(), expected);
}

fn proposals_path(call: &CallFixture, query: &str) -> String {
    format!("/api/v1/calls/{}/proposals?{query}", call.id)
}

fn cursor_param(cursor: &str) -> String {
    format!("cursor={}", url_escape(cursor))
}

fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A call with three proposals, and the `next_cursor` of its first page of one.
async fn listed_call(app: &TestApp, query: &str) -> (Session, CallFixture, String) {
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    for name in ["aino", "eino", "tuula"] {
        let author = app.participant(name).await;
        app.submit(&author, &call).await;
    }
    let page = body(app.get(&proposals_path(&call, &format!("limit=1&{query}"))).await).await;
    let cursor = page["next_cursor"].as_str().expect("more pages").to_owned();
    (admin, call, cursor)
}

#[apply(both_dbs)]
async fn a_crafted_cursor_is_an_invalid_cursor_not_a_crash(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;

    // The reported ones: trending at the earliest instant (a panic), year −5000 (a 500 on
    // PostgreSQL), as the server used to encode them; and plain garbage.
    for at in ["-262143-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "+262142-12-31T23:59:59Z"] {
        let crafted = json!({ "sort": "trending", "seed": 1, "at": at, "key": [0, 0, 1] });
        let cursor = URL_SAFE_NO_PAD.encode(crafted.to_string());
        let res = app.get(&proposals_path(&call, &cursor_param(&cursor))).await;
        refused(res, &["cursor:invalid_cursor"]).await;
    }
    for cursor in ["x", "e30", "e30.AAAA", &"A".repeat(5_000)] {
        refused(app.get(&proposals_path(&call, &cursor_param(cursor))).await, &["cursor:invalid_cursor"])
            .await;
        refused(
            app.get(&format!("/api/v1/proposals/{}/comments?{}", call.id, cursor_param(cursor))).await,
            &["cursor:invalid_cursor"],
        )
        .await;
    }
    // The server still answers.
    assert_eq!(app.get(&proposals_path(&call, "sort=trending")).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn a_tampered_cursor_is_refused(db: Db) {
    let app = spawn!(db);
    let (_, call, cursor) = listed_call(&app, "sort=trending").await;
    assert_eq!(app.get(&proposals_path(&call, &cursor_param(&cursor))).await.status(), StatusCode::OK);

    // Its position edited, the signature kept: moved to the earliest instant.
    let (payload, tag) = cursor.split_once('.').expect("a signed cursor");
    let mut position: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    position["at"] = json!("-5000-01-01T00:00:00Z");
    let edited = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(position.to_string()));
    refused(app.get(&proposals_path(&call, &cursor_param(&edited))).await, &["cursor:invalid_cursor"]).await;
    // Its signature changed by one character.
    let mut flipped = cursor.clone();
    let last = if flipped.ends_with('A') { "B" } else { "A" };
    flipped.replace_range(flipped.len() - 1.., last);
    refused(app.get(&proposals_path(&call, &cursor_param(&flipped))).await, &["cursor:invalid_cursor"]).await;
    // Without a signature.
    refused(app.get(&proposals_path(&call, &cursor_param(payload))).await, &["cursor:invalid_cursor"]).await;
}

#[apply(both_dbs)]
async fn a_cursor_only_works_for_the_list_and_order_that_gave_it(db: Db) {
    let app = spawn!(db);
    let (admin, call, cursor) = listed_call(&app, "sort=top").await;
    let other = app.open_call(&admin).await;

    // Another call's list.
    refused(app.get(&proposals_path(&other, &cursor_param(&cursor))).await, &["cursor:invalid_cursor"]).await;
    // Another order, or another seed, asked for alongside it.
    let res = app.get(&proposals_path(&call, &format!("sort=newest&{}", cursor_param(&cursor)))).await;
    refused(res, &["cursor:invalid_cursor"]).await;
    let (_, random) = listed_call_in(&app, &call, "sort=random&seed=7").await;
    let res = app.get(&proposals_path(&call, &format!("seed=8&{}", cursor_param(&random)))).await;
    refused(res, &["cursor:invalid_cursor"]).await;
    // The same order, or none, follows on.
    let res = app.get(&proposals_path(&call, &format!("sort=top&{}", cursor_param(&cursor)))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.get(&proposals_path(&call, &format!("seed=7&{}", cursor_param(&random)))).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Another kind of list: the users list does not take a proposal cursor.
    let res = app.get_as(&admin, &format!("/api/v1/users?limit=1&{}", cursor_param(&cursor))).await;
    refused(res, &["cursor:invalid_cursor"]).await;
}

async fn listed_call_in(app: &TestApp, call: &CallFixture, query: &str) -> (Value, String) {
    let page = body(app.get(&proposals_path(call, &format!("limit=1&{query}"))).await).await;
    let cursor = page["next_cursor"].as_str().expect("more pages").to_owned();
    (page, cursor)
}

#[apply(both_dbs)]
async fn control_characters_in_body_texts_are_refused_naming_the_field(db: Db) {
    let app = spawn!(db);
    let author = app.participant("aino").await;
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;
    let proposal = app.submit(&author, &call).await;
    let proposal_id = proposal["id"].as_str().unwrap();

    let login = app.login_raw("aino\u{0}@vm.fi", crate::helpers::PASSWORD).await;
    refused(login, &["email:control_character"]).await;
    let register =
        app.register_raw(json!({ "email": "eino@vm.fi", "password": crate::helpers::PASSWORD, "display_name": "Ei\u{0}no" })).await;
    refused(register, &["display_name:control_character"]).await;
    let title = app.submit_raw(&author, &call, json!({ "title": "Yhteinen\u{0} rekisteri" })).await;
    refused(title, &["title:control_character"]).await;
    let comment = app
        .send_as(
            &author,
            Method::POST,
            &format!("/api/v1/proposals/{proposal_id}/comments"),
            json!({ "body": "hyvä\u{0}" }),
        )
        .await;
    refused(comment, &["body:control_character"]).await;
    let me =
        app.send_as(&author, Method::PATCH, "/api/v1/me", json!({ "display_name": "Aino\u{1b}[31m" })).await;
    refused(me, &["display_name:control_character"]).await;
    let nested = app
        .send_as(
            &admin,
            Method::PATCH,
            &format!("/api/v1/calls/{}", call.id),
            json!({ "title": { "fi": "Haku\u{7}" } }),
        )
        .await;
    refused(nested, &["title.fi:control_character"]).await;

    // Line breaks and tabs: in long texts yes, in one-line texts no.
    let title = app.submit_raw(&author, &call, json!({ "title": "Yhteinen\nrekisteri" })).await;
    refused(title, &["title:control_character"]).await;
    let long = app
        .submit_raw(
            &author,
            &call,
            json!({ "summary": "Rivi\r\nrivi", "challenge": "- yksi\n- kaksi\n\tsisennetty" }),
        )
        .await;
    assert_eq!(long.status(), StatusCode::CREATED);
    let comment = app
        .send_as(
            &author,
            Method::POST,
            &format!("/api/v1/proposals/{proposal_id}/comments"),
            json!({ "body": "hyvä\n\nidea" }),
        )
        .await;
    assert_eq!(comment.status(), StatusCode::CREATED);
}

#[apply(both_dbs)]
async fn control_characters_in_query_and_path_parameters_are_refused_naming_them(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;

    refused(app.get(&proposals_path(&call, "q=a%00b")).await, &["q:control_character"]).await;
    refused(app.get_as(&admin, "/api/v1/users?q=a%00b").await, &["q:control_character"]).await;
    refused(app.get_as(&admin, "/api/v1/users?q=a%0Ab").await, &["q:control_character"]).await;
    refused(app.get("/api/v1/calls/a%00b").await, &["id:control_character"]).await;
    refused(
        app.get(&format!("/api/v1/calls/{}/proposals?sort=top&x%00=1", call.slug)).await,
        &["x\u{0}:control_character"],
    )
    .await;
    // Ordinary escapes still pass.
    assert_eq!(app.get(&proposals_path(&call, "q=avustus%20rekisteri")).await.status(), StatusCode::OK);
    assert_eq!(app.get("/api/v1/calls/ei-t%C3%A4ll%C3%A4").await.status(), StatusCode::NOT_FOUND);
}

#[apply(both_dbs)]
async fn a_body_must_be_exactly_one_json_object(db: Db) {
    let app = spawn!(db);
    let author = app.participant("aino").await;
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;

    // Trailing bytes after the document.
    let proposal = json!({
        "title": "Yhteinen avustusrekisteri",
        "summary": "Kootaan avustukset yhteen.",
        "challenge": "Hajallaan.",
        "idea": "Yhteinen rekisteri.",
    });
    let path = format!("/api/v1/calls/{}/proposals", call.id);
    let res =
        send_text(&app, Method::POST, &path, Some(&author.access_token), &format!("{proposal}xx")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem(res).await.code, "malformed_json");
    let res =
        send_text(&app, Method::POST, &path, Some(&author.access_token), &format!("{proposal} {{}}")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let listed = body(app.get(&proposals_path(&call, "")).await).await;
    assert_eq!(listed["total"], 0, "nothing was created");

    // An array where an object is required.
    let res = send_text(
        &app,
        Method::POST,
        "/api/v1/auth/login",
        None,
        r#"["aino@vm.fi","correct horse battery staple"]"#,
    )
    .await;
    refused(res, &[":invalid_type"]).await;
    let res = send_text(
        &app,
        Method::PATCH,
        &format!("/api/v1/users/{}", author.user_id),
        Some(&admin.access_token),
        "[null,null]",
    )
    .await;
    refused(res, &[":invalid_type"]).await;
    for other in ["null", "\"text\"", "42"] {
        let res = send_text(&app, Method::PATCH, "/api/v1/me", Some(&author.access_token), other).await;
        refused(res, &[":invalid_type"]).await;
    }
    // An array where a nested object belongs (derived structs would take the fields in order).
    let res = send_text(
        &app,
        Method::PATCH,
        &format!("/api/v1/calls/{}", call.id),
        Some(&admin.access_token),
        r#"{"title": ["Uusi nimi", "Nytt namn", "New name"]}"#,
    )
    .await;
    refused(res, &["title:invalid_type"]).await;
    let unchanged = body(app.get(&format!("/api/v1/calls/{}", call.id)).await).await;
    assert_ne!(unchanged["title"]["fi"], "Uusi nimi", "nothing was written");
    let res = send_text(
        &app,
        Method::PATCH,
        &format!("/api/v1/calls/{}", call.id),
        Some(&admin.access_token),
        r#"{"title": {"fi": "Uusi nimi"}}"#,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK, "the object form is still taken");

    // Whitespace around one object is fine.
    let res = send_text(
        &app,
        Method::PATCH,
        "/api/v1/me",
        Some(&author.access_token),
        " {\"display_name\": \"Aino\"}\n",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// The field errors of a 422 as JSON, to read `min` and `max`.
async fn field_errors(res: Response) -> Vec<Value> {
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    body(res).await["errors"].as_array().cloned().unwrap_or_default()
}

#[apply(both_dbs)]
async fn empty_fields_are_required_and_limits_come_with_the_error(db: Db) {
    let app = spawn!(db);
    let author = app.participant("aino").await;
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;

    let errors = field_errors(app.login_raw("", "").await).await;
    assert_eq!(
        errors,
        vec![
            json!({ "field": "email", "code": "required", "message": "is required" }),
            json!({ "field": "password", "code": "required", "message": "is required" }),
        ]
    );
    let errors = field_errors(
        app.register_raw(json!({ "email": "", "password": crate::helpers::PASSWORD, "display_name": "  " }))
            .await,
    )
    .await;
    assert_eq!(
        errors,
        vec![
            json!({ "field": "display_name", "code": "required", "message": "is required" }),
            json!({ "field": "email", "code": "required", "message": "is required" }),
        ]
    );
    let errors = field_errors(
        app.submit_raw(&author, &call, json!({ "title": "abc", "summary": "", "idea": "x".repeat(10_001) }))
            .await,
    )
    .await;
    assert_eq!(
        errors,
        vec![
            json!({ "field": "idea", "code": "length", "message": "must be 1–10000 characters long", "min": 1, "max": 10000 }),
            json!({ "field": "summary", "code": "required", "message": "is required" }),
            json!({ "field": "title", "code": "length", "message": "must be 5–140 characters long", "min": 5, "max": 140 }),
        ]
    );
    let errors = field_errors(app.get(&proposals_path(&call, "limit=0")).await).await;
    assert_eq!(
        errors,
        vec![
            json!({ "field": "limit", "code": "range", "message": "must be between 1 and 100", "min": 1, "max": 100 })
        ]
    );
    let errors = field_errors(
        app.send_as(
            &admin,
            Method::PATCH,
            &format!("/api/v1/calls/{}", call.id),
            json!({ "report_threshold": 0, "title": { "fi": " " } }),
        )
        .await,
    )
    .await;
    assert_eq!(
        errors,
        vec![
            json!({ "field": "report_threshold", "code": "range", "message": "must be between 1 and 100", "min": 1, "max": 100 }),
        ]
    );
    let errors = field_errors(
        app.send_as(
            &admin,
            Method::PATCH,
            &format!("/api/v1/calls/{}", call.id),
            json!({ "title": { "fi": " " } }),
        )
        .await,
    )
    .await;
    assert_eq!(errors, vec![json!({ "field": "title.fi", "code": "required", "message": "is required" })]);
}

#[apply(both_dbs)]
async fn pathological_markdown_renders_bounded_and_without_images(db: Db) {
    let app = spawn!(db);
    let author = app.participant("aino").await;
    let admin = app.admin().await;
    let call = app.open_call(&admin).await;

    let started = std::time::Instant::now();
    let res = app
        .submit_raw(
            &author,
            &call,
            json!({ "challenge": ">".repeat(10_000), "idea": format!("{}syvä", "- ".repeat(4_990)) }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let proposal = body(res).await;
    let challenge = proposal["challenge_html"].as_str().unwrap();
    assert!(challenge.len() < 2_000, "{} bytes of HTML", challenge.len());
    let idea = proposal["idea_html"].as_str().unwrap();
    assert!(idea.len() < 2_000 && idea.contains("syvä"), "{} bytes of HTML", idea.len());
    assert!(started.elapsed() < std::time::Duration::from_secs(10));

    let res = app
        .submit_raw(
            &author,
            &call,
            json!({ "idea": "Katso ![kaavio](https://seuranta.example/pikseli.gif)" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let idea = body(res).await["idea_html"].as_str().unwrap().to_owned();
    assert!(!idea.contains("<img"), "{idea}");
    assert!(idea.contains(r#"href="https://seuranta.example/pikseli.gif""#), "{idea}");
}

#[apply(both_dbs)]
async fn swagger_ui_has_a_content_security_policy_of_its_own(db: Db) {
    let app = spawn!(db);

    for path in ["/api/docs/", "/api/docs/swagger-initializer.js"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let csp = res.headers().get("content-security-policy").expect("a CSP").to_str().unwrap().to_owned();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self';"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }
    // Swagger UI loads nothing inline that the policy would block.
    let html = app.get("/api/docs/").await.text().await.unwrap();
    assert!(!html.contains("<script>") && !html.contains("<script type"), "{html}");
}
