//! `GET /calls/{id}/export?format=csv|json`: a call's visible proposals, for admins and its
//! assigned evaluators, streamed; CSV with a BOM and formula-injection neutralised; scores
//! blank for an evaluator who has not reviewed yet.
//!
//! Evaluator assignment, criteria, reviews, conflicts and decisions are written here with
//! SQL through `app.db`: their endpoints are being built beside this one and have not landed
//! on this branch yet. To be switched to the API once they have.

use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde_json::json;
use siilo_domain::roles::Role;
use uuid::Uuid;

use crate::moderation_actions::acted;
use crate::util::views::Call;
use crate::util::{Client, Db, Response, TestApp, User, both_dbs};

/// Runs `sql` written with `$n` placeholders on the test's database.
pub(crate) async fn exec(app: &TestApp, sql: &str, values: Vec<Value>) {
    let backend = app.db.get_database_backend();
    let sql = if backend == DbBackend::Postgres { sql.to_owned() } else { sql.replace('$', "?") };
    app.db.execute_raw(Statement::from_sql_and_values(backend, sql.clone(), values)).await.expect(&sql);
}

fn id(s: &str) -> Uuid {
    s.parse().expect("a uuid")
}

/// Assigns `user` to evaluate `call` (SQL: `PUT /calls/{id}/evaluators/{user_id}` has not landed).
async fn assign(app: &TestApp, call: &Call, user: &User) {
    exec(
        app,
        "INSERT INTO call_evaluators (call_id, user_id, assigned_by, assigned_at) VALUES ($1, $2, NULL, $3)",
        vec![id(&call.id).into(), user.user_id.into(), chrono::Utc::now().into()],
    )
    .await;
}

/// Adds a criterion (SQL: `PUT /calls/{id}/criteria` has not landed).
async fn criterion(app: &TestApp, call: &Call, name: &str, weight: f64, position: i32) -> Uuid {
    let c = Uuid::now_v7();
    exec(
        app,
        "INSERT INTO criteria (id, call_id, name_fi, name_sv, name_en, description_fi, description_sv, \
         description_en, weight, position) VALUES ($1, $2, $3, NULL, NULL, $4, NULL, NULL, $5, $6)",
        vec![c.into(), id(&call.id).into(), name.into(), "Kuvaus".into(), weight.into(), position.into()],
    )
    .await;
    c
}

/// A submitted review with `scores` (SQL: the review endpoints have not landed).
async fn submitted_review(
    app: &TestApp,
    call: &Call,
    proposal: &str,
    evaluator: &User,
    recommendation: &str,
    scores: &[(Uuid, i32)],
) {
    let r = Uuid::now_v7();
    let now = chrono::Utc::now();
    exec(
        app,
        "INSERT INTO reviews (id, call_id, proposal_id, evaluator_id, status, recommendation, note, created_at, \
         updated_at, submitted_at) VALUES ($1, $2, $3, $4, 'submitted', $5, NULL, $6, $6, $6)",
        vec![
            r.into(),
            id(&call.id).into(),
            id(proposal).into(),
            evaluator.user_id.into(),
            recommendation.into(),
            now.into(),
        ],
    )
    .await;
    for (c, s) in scores {
        exec(
            app,
            "INSERT INTO review_scores (review_id, criterion_id, score) VALUES ($1, $2, $3)",
            vec![r.into(), (*c).into(), (*s).into()],
        )
        .await;
    }
}

/// Sets the aggregates the review submission keeps on the proposal.
async fn aggregates(app: &TestApp, proposal: &str, count: i32, score: f64, spread: i32) {
    exec(
        app,
        "UPDATE proposals SET review_count = $1, review_score = $2, review_spread = $3 WHERE id = $4",
        vec![count.into(), score.into(), spread.into(), id(proposal).into()],
    )
    .await;
}

async fn export(client: &Client, call: &Call, format: &str) -> Response {
    client.get(&format!("/api/v1/calls/{}/export?format={format}", call.id)).await
}

/// The CSV's records, the header first; asserts the BOM and strips it.
fn csv_records(res: &Response) -> Vec<Vec<String>> {
    let bytes = res.bytes();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a UTF-8 byte-order mark first");
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.get(3..).expect("more than a BOM"));
    reader.records().map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect()).collect()
}

/// The value of `column` in each data row.
fn column(records: &[Vec<String>], name: &str) -> Vec<String> {
    let header = records.first().expect("a header row");
    let i = header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name} in {header:?}"));
    records.iter().skip(1).map(|r| r[i].clone()).collect()
}

#[apply(both_dbs)]
async fn the_csv_has_a_bom_and_every_formula_trigger_is_neutralised(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let titles =
        ["=HYPERLINK(\"http://x\";\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "Tavallinen"];
    for title in titles {
        alice.submit_with(&call, json!({ "title": "väliaikainen", "summary": "=cmd|' /C calc'!A0" })).await;
        // The API may trim what it is given: the title is put as it is, to test the export
        // against a value starting with each trigger whatever the input rules.
        exec(&app, "UPDATE proposals SET title = $1 WHERE title = 'väliaikainen'", vec![title.into()]).await;
    }

    let res = export(&admin, &call, "csv").await;

    res.expect(StatusCode::OK);
    assert!(res.content_type().starts_with("text/csv"), "{}", res.content_type());
    assert_eq!(
        res.header("content-disposition"),
        Some(format!("attachment; filename=\"{}-proposals.csv\"", call.slug).as_str())
    );
    let records = csv_records(&res);
    let expected: Vec<String> =
        titles.iter().map(|t| if *t == "Tavallinen" { (*t).to_owned() } else { format!("'{t}") }).collect();
    assert_eq!(column(&records, "title"), expected);
    assert!(column(&records, "summary").iter().all(|s| s == "'=cmd|' /C calc'!A0"));
}

#[apply(both_dbs)]
async fn the_export_holds_exactly_the_calls_visible_proposals(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mona = app.moderator("mona").await;
    let call = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    let other = admin.open_call().await;
    let alice = app.participant("alice").await;
    let mut shown = Vec::new();
    for n in 0..4 {
        let p = alice
            .submit_with(&call, json!({ "title": format!("Ehdotus {n}") }))
            .await
            .created::<crate::util::views::Proposal>();
        if n < 3 {
            acted(&mona, "proposal", &p.id, "approve", json!({})).await;
        }
        shown.push(p);
    }
    // #1 and #2 stay visible; #3 is hidden; #4 is still pending.
    acted(
        &mona,
        "proposal",
        &shown[2].id,
        "hide",
        json!({ "reason": "Sisältää henkilötietoja.", "category": "personal_data" }),
    )
    .await;
    alice.withdraw(&shown[1].id).await.expect(StatusCode::OK);
    alice.submit(&other).await;

    let res = export(&admin, &call, "json").await;

    let body = res.value();
    let ids: Vec<&str> =
        body["proposals"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [shown[0].id.as_str(), shown[1].id.as_str()], "visible ones, withdrawn included");
    assert_eq!(body["proposals"][1]["stage"], "withdrawn");
    let csv = csv_records(&export(&admin, &call, "csv").await);
    assert_eq!(column(&csv, "number"), ["1", "2"]);
}

#[apply(both_dbs)]
async fn a_large_call_streams_whole_in_order(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let first = alice.submit(&call).await;
    // More than one page (500): copies of the submitted proposal with the next numbers.
    exec(&app, "UPDATE calls SET proposal_seq = 1201 WHERE id = $1", vec![id(&call.id).into()]).await;
    for chunk in (2..=1201).collect::<Vec<i32>>().chunks(200) {
        let mut values: Vec<Value> = vec![id(&first.id).into()];
        let rows: Vec<String> = chunk
            .iter()
            .map(|n| {
                values.push(Uuid::now_v7().into());
                let k = values.len();
                format!(
                    "SELECT ${k} AS id, call_id, {n} AS number, author_id, title, summary, challenge, idea, \
                     challenge_html, idea_html, theme_id, language, visibility, stage, thumb_count, comment_count, \
                     trending_score, search_text, open_reports, review_count, created_at, updated_at \
                     FROM proposals WHERE id = $1"
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO proposals (id, call_id, number, author_id, title, summary, challenge, idea, challenge_html, \
             idea_html, theme_id, language, visibility, stage, thumb_count, comment_count, trending_score, search_text, \
             open_reports, review_count, created_at, updated_at) {}",
            rows.join(" UNION ALL ")
        );
        exec(&app, &sql, values).await;
    }

    let csv = csv_records(&export(&admin, &call, "csv").await);
    let json = export(&admin, &call, "json").await.value();

    let expected: Vec<String> = (1..=1201).map(|n| n.to_string()).collect();
    assert_eq!(column(&csv, "number"), expected);
    let numbers: Vec<i64> =
        json["proposals"].as_array().unwrap().iter().map(|p| p["number"].as_i64().unwrap()).collect();
    assert_eq!(numbers, (1..=1201).collect::<Vec<i64>>());
}

#[apply(both_dbs)]
async fn only_admins_and_the_calls_evaluators_may_export(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    alice.submit(&call).await;
    let eeva = app.user_with_roles("eeva", &[Role::Evaluator]).await;
    let outsider = app.user_with_roles("olli", &[Role::Evaluator]).await;
    assign(&app, &call, &eeva).await;

    export(&alice, &call, "csv").await.refused(StatusCode::FORBIDDEN, "role_required");
    export(&outsider, &call, "csv").await.refused(StatusCode::FORBIDDEN, "not_assigned");
    export(&app.anon(), &call, "json").await.expect(StatusCode::UNAUTHORIZED);
    export(&eeva, &call, "csv").await.expect(StatusCode::OK);
    export(&admin, &call, "json").await.expect(StatusCode::OK);
    let res = admin.get(&format!("/api/v1/calls/{}/export?format=xlsx", call.id)).await;
    res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[apply(both_dbs)]
async fn the_json_export_has_the_call_its_criteria_and_each_proposals_columns(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let pekka = app.register("pekka@um.fi", "Pekka").await;
    let okm = admin.organisation_id("OKM").await;
    let um = admin.organisation_id("UM").await;
    let theme = call.themes[0].id.clone();
    let p = alice
        .submit_with(
            &call,
            json!({ "title": "Yhteinen rekisteri", "organisation_ids": [um, okm], "theme_id": theme }),
        )
        .await
        .created::<crate::util::views::Proposal>();
    pekka.thumb(&p.id).await.expect(StatusCode::OK);
    pekka.comment(&p.id, "Hyvä!").await;
    let feasibility = criterion(&app, &call, "Toteutettavuus", 2.0, 0).await;
    exec(
        &app,
        "INSERT INTO decisions (proposal_id, call_id, stage, answer_fi, answer_sv, answer_en, decided_by, decided_at) \
         VALUES ($1, $2, 'selected', 'Valittu', NULL, 'Selected', NULL, $3)",
        vec![id(&p.id).into(), id(&call.id).into(), chrono::Utc::now().into()],
    )
    .await;

    let res = export(&admin, &call, "json").await;

    res.expect(StatusCode::OK);
    assert!(res.content_type().starts_with("application/json"));
    assert_eq!(
        res.header("content-disposition"),
        Some(format!("attachment; filename=\"{}-proposals.json\"", call.slug).as_str())
    );
    let body = res.value();
    assert_eq!(
        body["call"],
        json!({ "id": call.id, "slug": call.slug, "title": { "fi": "Siilonmurtajat", "sv": "Silobrytarna", "en": "Silo breakers" } })
    );
    assert_eq!(
        body["criteria"],
        json!([{ "id": feasibility, "name": { "fi": "Toteutettavuus", "sv": null, "en": null }, "weight": 2.0, "position": 0 }])
    );
    let got = &body["proposals"][0];
    assert_eq!(got["id"], p.id);
    assert_eq!(got["number"], 1);
    assert_eq!(got["title"], "Yhteinen rekisteri");
    assert_eq!(got["author"], "alice");
    assert_eq!(got["author_organisation"], "VM");
    assert_eq!(got["organisations"], json!(["OKM", "UM"]));
    assert_eq!(got["theme"], "Digitaaliset palvelut");
    assert_eq!(got["stage"], "submitted");
    assert_eq!(
        (got["thumbs"].as_u64(), got["comments"].as_u64(), got["reviews"].as_u64()),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(got["scores_hidden"], false);
    assert_eq!(got["score"], json!(null));
    assert_eq!(got["recommendations"], json!({ "shortlist": 0, "maybe": 0, "reject": 0 }));
    assert_eq!(got["decision"], "selected");
    assert_eq!(
        (got["answer_fi"].as_str(), got["answer_sv"].as_str(), got["answer_en"].as_str()),
        (Some("Valittu"), None, Some("Selected"))
    );
    assert!(got["url"].as_str().unwrap().ends_with(&format!("/proposals/{}", p.id)), "{}", got["url"]);
    assert!(got["created_at"].as_str().is_some());

    let csv = csv_records(&export(&admin, &call, "csv").await);
    assert_eq!(
        csv[0],
        [
            "number",
            "title",
            "summary",
            "author",
            "author_organisation",
            "organisations",
            "reach",
            "theme",
            "stage",
            "thumbs",
            "comments",
            "reviews",
            "score",
            "spread",
            "shortlist",
            "maybe",
            "reject",
            "Toteutettavuus",
            "decision",
            "answer_fi",
            "answer_sv",
            "answer_en",
            "created_at",
            "url",
        ]
    );
    assert_eq!(column(&csv, "organisations"), ["OKM; UM"]);
    assert_eq!(column(&csv, "decision"), ["selected"]);
}

#[apply(both_dbs)]
async fn an_evaluator_gets_blank_scores_where_they_have_not_reviewed(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let eeva = app.user_with_roles("eeva", &[Role::Evaluator]).await;
    let erkki = app.user_with_roles("erkki", &[Role::Evaluator]).await;
    assign(&app, &call, &eeva).await;
    assign(&app, &call, &erkki).await;
    let c1 = criterion(&app, &call, "Hyöty", 1.0, 0).await;
    let c2 = criterion(&app, &call, "Uutuus", 1.0, 1).await;
    let unreviewed = alice.submit(&call).await.id;
    let reviewed = alice.submit(&call).await.id;
    let conflicted = alice.submit(&call).await.id;
    for p in [&unreviewed, &reviewed, &conflicted] {
        submitted_review(&app, &call, p, &erkki, "shortlist", &[(c1, 5), (c2, 3)]).await;
    }
    submitted_review(&app, &call, &reviewed, &eeva, "maybe", &[(c1, 3), (c2, 3)]).await;
    aggregates(&app, &unreviewed, 1, 4.0, 0).await;
    aggregates(&app, &reviewed, 2, 3.5, 2).await;
    aggregates(&app, &conflicted, 1, 4.0, 0).await;
    exec(
        &app,
        "INSERT INTO evaluator_conflicts (proposal_id, user_id, call_id, reason, declared_at) VALUES ($1, $2, $3, NULL, $4)",
        vec![id(&conflicted).into(), eeva.user_id.into(), id(&call.id).into(), chrono::Utc::now().into()],
    )
    .await;

    let json = export(&eeva, &call, "json").await.value();
    let csv = csv_records(&export(&eeva, &call, "csv").await);

    let p = &json["proposals"];
    assert_eq!(p[0]["scores_hidden"], true);
    assert_eq!(
        (&p[0]["score"], &p[0]["spread"], &p[0]["recommendations"]),
        (&json!(null), &json!(null), &json!(null))
    );
    assert_eq!(p[0]["criteria"], json!([]));
    assert_eq!(p[0]["reviews"], 1, "how many reviews there are is no score");
    assert_eq!(p[1]["scores_hidden"], false);
    assert_eq!(p[1]["score"], 3.5);
    assert_eq!(p[1]["spread"], 2);
    assert_eq!(p[1]["recommendations"], json!({ "shortlist": 1, "maybe": 1, "reject": 0 }));
    assert_eq!(
        p[1]["criteria"],
        json!([{ "criterion_id": c1, "mean": 4.0 }, { "criterion_id": c2, "mean": 3.0 }])
    );
    assert_eq!(p[2]["scores_hidden"], false, "a conflict reveals: they will not review it");
    for col in ["score", "spread", "shortlist", "maybe", "reject", "Hyöty", "Uutuus"] {
        assert_eq!(column(&csv, col)[0], "", "{col} blank before reviewing");
    }
    assert_eq!(column(&csv, "reviews"), ["1", "2", "1"]);
    assert_eq!(column(&csv, "score"), ["", "3.50", "4.00"]);
    assert_eq!(column(&csv, "Hyöty"), ["", "4.00", "5.00"]);
    assert_eq!(column(&csv, "shortlist"), ["", "1", "1"]);

    let by_admin = csv_records(&export(&admin, &call, "csv").await);
    assert_eq!(column(&by_admin, "score"), ["4.00", "3.50", "4.00"], "an admin sees every score");
}

#[apply(both_dbs)]
async fn an_export_and_the_statistics_cost_the_same_statements_for_few_proposals_or_more(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let cost = |path: String| {
        let (app, admin) = (&app, &admin);
        async move {
            admin.get(&path).await.expect(StatusCode::OK);
            let before = app.statements();
            admin.get(&path).await.expect(StatusCode::OK);
            app.statements() - before
        }
    };
    let mut costs = Vec::new();
    for n in [2, 12] {
        let call = admin.open_call().await;
        for _ in 0..n {
            let p = alice.submit(&call).await.id;
            bob.thumb(&p).await.expect(StatusCode::OK);
            bob.comment(&p, "Hyvä!").await;
        }
        costs.push((
            cost(format!("/api/v1/calls/{}/export?format=csv", call.id)).await,
            cost(format!("/api/v1/calls/{}/export?format=json", call.id)).await,
            cost(format!("/api/v1/calls/{}/stats", call.id)).await,
        ));
    }
    assert_eq!(costs[0], costs[1], "statements (csv, json, stats) with 2 and with 12 proposals");
}
