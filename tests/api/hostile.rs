//! Hostile input, as an attacker sends it: crafted and tampered list cursors, control
//! characters in every kind of text input, bodies that are not exactly one JSON object, and
//! Markdown built to be expensive. Each is a clear problem+json (or a bounded rendering),
//! never a 500 or a panic, on both databases.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::util::views::{Call, Proposal, ProposalPage};
use crate::util::{Client, Db, PASSWORD, Response, TestApp, User, both_dbs};

/// Sends `body` as it is, as JSON.
async fn send_text(client: &Client, method: Method, path: &str, body: &str) -> Response {
    client
        .request(method, path)
        .header(CONTENT_TYPE.as_str(), "application/json")
        .body(body.to_owned())
        .send()
        .await
}

/// Asserts a 422 whose only field errors are `field:code`.
#[track_caller]
fn refused_naming(res: &Response, expected: &[&str]) {
    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), expected);
}

fn proposals_path(call: &Call, query: &str) -> String {
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
async fn listed_call(app: &TestApp, query: &str) -> (User, Call, String) {
    let admin = app.admin().await;
    let call = admin.open_call().await;
    for name in ["aino", "eino", "tuula"] {
        let author = app.participant(name).await;
        author.submit(&call).await;
    }
    let cursor = first_cursor(app, &call, query).await;
    (admin, call, cursor)
}

/// The `next_cursor` of the first page of one of `call`'s proposals listed with `query`.
async fn first_cursor(app: &TestApp, call: &Call, query: &str) -> String {
    let page: ProposalPage = app.anon().get(&proposals_path(call, &format!("limit=1&{query}"))).await.json();
    page.next_cursor.expect("more pages")
}

#[apply(both_dbs)]
async fn a_crafted_cursor_is_an_invalid_cursor_not_a_crash(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let visitor = app.anon();

    // The reported ones: trending at the earliest instant (a panic), year −5000 (a 500 on
    // PostgreSQL), as the server used to encode them; and plain garbage.
    for at in ["-262143-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "+262142-12-31T23:59:59Z"] {
        let crafted = json!({ "sort": "trending", "seed": 1, "at": at, "key": [0, 0, 1] });
        let cursor = URL_SAFE_NO_PAD.encode(crafted.to_string());
        let res = visitor.get(&proposals_path(&call, &cursor_param(&cursor))).await;
        refused_naming(&res, &["cursor:invalid_cursor"]);
    }
    for cursor in ["x", "e30", "e30.AAAA", &"A".repeat(5_000)] {
        let res = visitor.get(&proposals_path(&call, &cursor_param(cursor))).await;
        refused_naming(&res, &["cursor:invalid_cursor"]);
        let res =
            visitor.get(&format!("/api/v1/proposals/{}/comments?{}", call.id, cursor_param(cursor))).await;
        refused_naming(&res, &["cursor:invalid_cursor"]);
    }
    // The server still answers.
    assert_eq!(visitor.get(&proposals_path(&call, "sort=trending")).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn a_tampered_cursor_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let visitor = app.anon();
    let (_, call, cursor) = listed_call(&app, "sort=trending").await;
    assert_eq!(visitor.get(&proposals_path(&call, &cursor_param(&cursor))).await.status(), StatusCode::OK);

    // Its position edited, the signature kept: moved to the earliest instant.
    let (payload, tag) = cursor.split_once('.').expect("a signed cursor");
    let mut position: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    position["at"] = json!("-5000-01-01T00:00:00Z");
    let edited = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(position.to_string()));
    refused_naming(
        &visitor.get(&proposals_path(&call, &cursor_param(&edited))).await,
        &["cursor:invalid_cursor"],
    );
    // Its signature changed by one character.
    let mut flipped = cursor.clone();
    let last = if flipped.ends_with('A') { "B" } else { "A" };
    flipped.replace_range(flipped.len() - 1.., last);
    refused_naming(
        &visitor.get(&proposals_path(&call, &cursor_param(&flipped))).await,
        &["cursor:invalid_cursor"],
    );
    // Without a signature.
    refused_naming(
        &visitor.get(&proposals_path(&call, &cursor_param(payload))).await,
        &["cursor:invalid_cursor"],
    );
}

#[apply(both_dbs)]
async fn a_cursor_only_works_for_the_list_and_order_that_gave_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let visitor = app.anon();
    let (admin, call, cursor) = listed_call(&app, "sort=top").await;
    let other = admin.open_call().await;

    // Another call's list.
    refused_naming(
        &visitor.get(&proposals_path(&other, &cursor_param(&cursor))).await,
        &["cursor:invalid_cursor"],
    );
    // Another order, or another seed, asked for alongside it.
    let res = visitor.get(&proposals_path(&call, &format!("sort=newest&{}", cursor_param(&cursor)))).await;
    refused_naming(&res, &["cursor:invalid_cursor"]);
    let random = first_cursor(&app, &call, "sort=random&seed=7").await;
    let res = visitor.get(&proposals_path(&call, &format!("seed=8&{}", cursor_param(&random)))).await;
    refused_naming(&res, &["cursor:invalid_cursor"]);
    // The same order, or none, follows on.
    let res = visitor.get(&proposals_path(&call, &format!("sort=top&{}", cursor_param(&cursor)))).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = visitor.get(&proposals_path(&call, &format!("seed=7&{}", cursor_param(&random)))).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Another kind of list: the users list does not take a proposal cursor.
    let res = admin.get(&format!("/api/v1/users?limit=1&{}", cursor_param(&cursor))).await;
    refused_naming(&res, &["cursor:invalid_cursor"]);
}

#[apply(both_dbs)]
async fn control_characters_in_body_texts_are_refused_naming_the_field(db: Db) {
    let app = TestApp::spawn(db).await;
    let author = app.participant("aino").await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let proposal_id = author.submit(&call).await.id;
    let visitor = app.anon();

    let login = visitor
        .post("/api/v1/auth/login", &json!({ "email": "aino\u{0}@vm.fi", "password": PASSWORD }))
        .await;
    refused_naming(&login, &["email:control_character"]);
    let register = visitor
        .post(
            "/api/v1/auth/register",
            &json!({ "email": "eino@vm.fi", "password": PASSWORD, "display_name": "Ei\u{0}no" }),
        )
        .await;
    refused_naming(&register, &["display_name:control_character"]);
    let title = author.submit_with(&call, json!({ "title": "Yhteinen\u{0} rekisteri" })).await;
    refused_naming(&title, &["title:control_character"]);
    let comment = author.comment_with(&proposal_id, "hyvä\u{0}", None).await;
    refused_naming(&comment, &["body:control_character"]);
    let me = author.patch("/api/v1/me", &json!({ "display_name": "Aino\u{1b}[31m" })).await;
    refused_naming(&me, &["display_name:control_character"]);
    let nested =
        admin.patch(&format!("/api/v1/calls/{}", call.id), &json!({ "title": { "fi": "Haku\u{7}" } })).await;
    refused_naming(&nested, &["title.fi:control_character"]);

    // Line breaks and tabs: in long texts yes, in one-line texts no.
    let title = author.submit_with(&call, json!({ "title": "Yhteinen\nrekisteri" })).await;
    refused_naming(&title, &["title:control_character"]);
    let long = author
        .submit_with(
            &call,
            json!({ "summary": "Rivi\r\nrivi", "challenge": "- yksi\n- kaksi\n\tsisennetty" }),
        )
        .await;
    assert_eq!(long.status(), StatusCode::CREATED);
    let comment = author.comment_with(&proposal_id, "hyvä\n\nidea", None).await;
    assert_eq!(comment.status(), StatusCode::CREATED);
}

#[apply(both_dbs)]
async fn control_characters_in_query_and_path_parameters_are_refused_naming_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let visitor = app.anon();

    refused_naming(&visitor.get(&proposals_path(&call, "q=a%00b")).await, &["q:control_character"]);
    refused_naming(&admin.get("/api/v1/users?q=a%00b").await, &["q:control_character"]);
    refused_naming(&admin.get("/api/v1/users?q=a%0Ab").await, &["q:control_character"]);
    refused_naming(&visitor.get("/api/v1/calls/a%00b").await, &["id:control_character"]);
    refused_naming(
        &visitor.get(&format!("/api/v1/calls/{}/proposals?sort=top&x%00=1", call.slug)).await,
        &["x\u{0}:control_character"],
    );
    // Ordinary escapes still pass.
    assert_eq!(visitor.get(&proposals_path(&call, "q=avustus%20rekisteri")).await.status(), StatusCode::OK);
    assert_eq!(visitor.get("/api/v1/calls/ei-t%C3%A4ll%C3%A4").await.status(), StatusCode::NOT_FOUND);
}

#[apply(both_dbs)]
async fn a_body_must_be_exactly_one_json_object(db: Db) {
    let app = TestApp::spawn(db).await;
    let author = app.participant("aino").await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let visitor = app.anon();

    // Trailing bytes after the document.
    let proposal = json!({
        "title": "Yhteinen avustusrekisteri",
        "summary": "Kootaan avustukset yhteen.",
        "challenge": "Hajallaan.",
        "idea": "Yhteinen rekisteri.",
    });
    let path = format!("/api/v1/calls/{}/proposals", call.id);
    let res = send_text(&author, Method::POST, &path, &format!("{proposal}xx")).await;
    res.refused(StatusCode::BAD_REQUEST, "malformed_json");
    let res = send_text(&author, Method::POST, &path, &format!("{proposal} {{}}")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let listed: ProposalPage = visitor.get(&proposals_path(&call, "")).await.json();
    assert_eq!(listed.total, 0, "nothing was created");

    // An array where an object is required.
    let res = send_text(
        &visitor,
        Method::POST,
        "/api/v1/auth/login",
        r#"["aino@vm.fi","correct horse battery staple"]"#,
    )
    .await;
    refused_naming(&res, &[":invalid_type"]);
    let res =
        send_text(&admin, Method::PATCH, &format!("/api/v1/users/{}", author.user_id), "[null,null]").await;
    refused_naming(&res, &[":invalid_type"]);
    for other in ["null", "\"text\"", "42"] {
        let res = send_text(&author, Method::PATCH, "/api/v1/me", other).await;
        refused_naming(&res, &[":invalid_type"]);
    }
    // An array where a nested object belongs (derived structs would take the fields in order).
    let call_path = format!("/api/v1/calls/{}", call.id);
    let res =
        send_text(&admin, Method::PATCH, &call_path, r#"{"title": ["Uusi nimi", "Nytt namn", "New name"]}"#)
            .await;
    refused_naming(&res, &["title:invalid_type"]);
    let unchanged: Call = visitor.get(&call_path).await.json();
    assert_ne!(unchanged.title.fi, "Uusi nimi", "nothing was written");
    let res = send_text(&admin, Method::PATCH, &call_path, r#"{"title": {"fi": "Uusi nimi"}}"#).await;
    assert_eq!(res.status(), StatusCode::OK, "the object form is still taken");

    // Whitespace around one object is fine.
    let res = send_text(&author, Method::PATCH, "/api/v1/me", " {\"display_name\": \"Aino\"}\n").await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// The field errors of a 422 as they are on the wire: this test is about what comes with an
/// error, so each one is compared whole, a `min`/`max` that does not apply being absent (not
/// `null`) and no other members.
#[track_caller]
fn field_errors(res: &Response) -> Vec<Value> {
    res.expect(StatusCode::UNPROCESSABLE_ENTITY);
    res.value()["errors"].as_array().cloned().unwrap_or_default()
}

#[apply(both_dbs)]
async fn empty_fields_are_required_and_limits_come_with_the_error(db: Db) {
    let app = TestApp::spawn(db).await;
    let author = app.participant("aino").await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let visitor = app.anon();
    let call_path = format!("/api/v1/calls/{}", call.id);

    let errors =
        field_errors(&visitor.post("/api/v1/auth/login", &json!({ "email": "", "password": "" })).await);
    assert_eq!(
        errors,
        vec![
            json!({ "field": "email", "code": "required", "message": "is required" }),
            json!({ "field": "password", "code": "required", "message": "is required" }),
        ]
    );
    let errors = field_errors(
        &visitor
            .post(
                "/api/v1/auth/register",
                &json!({ "email": "", "password": PASSWORD, "display_name": "  " }),
            )
            .await,
    );
    assert_eq!(
        errors,
        vec![
            json!({ "field": "display_name", "code": "required", "message": "is required" }),
            json!({ "field": "email", "code": "required", "message": "is required" }),
        ]
    );
    let errors = field_errors(
        &author
            .submit_with(&call, json!({ "title": "abc", "summary": "", "idea": "x".repeat(10_001) }))
            .await,
    );
    assert_eq!(
        errors,
        vec![
            json!({ "field": "idea", "code": "length", "message": "must be 1–10000 characters long", "min": 1, "max": 10000 }),
            json!({ "field": "summary", "code": "required", "message": "is required" }),
            json!({ "field": "title", "code": "length", "message": "must be 5–140 characters long", "min": 5, "max": 140 }),
        ]
    );
    let errors = field_errors(&visitor.get(&proposals_path(&call, "limit=0")).await);
    assert_eq!(
        errors,
        vec![
            json!({ "field": "limit", "code": "range", "message": "must be between 1 and 100", "min": 1, "max": 100 })
        ]
    );
    let errors = field_errors(
        &admin.patch(&call_path, &json!({ "report_threshold": 0, "title": { "fi": " " } })).await,
    );
    assert_eq!(
        errors,
        vec![
            json!({ "field": "report_threshold", "code": "range", "message": "must be between 1 and 100", "min": 1, "max": 100 }),
        ]
    );
    let errors = field_errors(&admin.patch(&call_path, &json!({ "title": { "fi": " " } })).await);
    assert_eq!(errors, vec![json!({ "field": "title.fi", "code": "required", "message": "is required" })]);
}

#[apply(both_dbs)]
async fn pathological_markdown_renders_bounded_and_without_images(db: Db) {
    let app = TestApp::spawn(db).await;
    let author = app.participant("aino").await;
    let admin = app.admin().await;
    let call = admin.open_call().await;

    let started = std::time::Instant::now();
    let res = author
        .submit_with(
            &call,
            json!({ "challenge": ">".repeat(10_000), "idea": format!("{}syvä", "- ".repeat(4_990)) }),
        )
        .await;
    let proposal: Proposal = res.created();
    let challenge = &proposal.challenge_html;
    assert!(challenge.len() < 2_000, "{} bytes of HTML", challenge.len());
    let idea = &proposal.idea_html;
    assert!(idea.len() < 2_000 && idea.contains("syvä"), "{} bytes of HTML", idea.len());
    assert!(started.elapsed() < std::time::Duration::from_secs(10));

    let res = author
        .submit_with(&call, json!({ "idea": "Katso ![kaavio](https://seuranta.example/pikseli.gif)" }))
        .await;
    let idea = res.created::<Proposal>().idea_html;
    assert!(!idea.contains("<img"), "{idea}");
    assert!(idea.contains(r#"href="https://seuranta.example/pikseli.gif""#), "{idea}");
}

#[apply(both_dbs)]
async fn swagger_ui_has_a_content_security_policy_of_its_own(db: Db) {
    let app = TestApp::spawn(db).await;
    let visitor = app.anon();

    for path in ["/api/docs/", "/api/docs/swagger-initializer.js"] {
        let res = visitor.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let csp = res.header("content-security-policy").expect("a CSP").to_owned();
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self';"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }
    // Swagger UI loads nothing inline that the policy would block.
    let html = visitor.get("/api/docs/").await.text();
    assert!(!html.contains("<script>") && !html.contains("<script type"), "{html}");
}
