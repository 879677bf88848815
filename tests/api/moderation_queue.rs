//! The moderation queue: `GET /api/v1/moderation/queue`, for moderators and admins. Appeals
//! first, then reported and pending items oldest first, with their open reports counted by
//! reason and listed with their reporters; filtered by call and kind, paginated.

use chrono::Utc;
use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde_json::{Value as Json, json};
use siilo_domain::moderation::{LogAction, LogTarget};
use siilo_store::moderation_log::{self, NewLogEntry};
use uuid::Uuid;

use crate::reports::{participants, report_comment_with, report_proposal_with, write};
use crate::util::views::Call;
use crate::util::{Client, Db, TestApp, User, both_dbs};

/// `GET /moderation/queue?{query}`, which must succeed.
async fn queue(user: &Client, query: &str) -> Json {
    user.get(&format!("/api/v1/moderation/queue?{query}")).await.ok()
}

/// The (kind, target id) of each entry of a page.
fn entries(page: &Json) -> Vec<(String, String)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap().to_owned(), i["target"]["id"].as_str().unwrap().to_owned()))
        .collect()
}

fn entry(kind: &str, id: &str) -> (String, String) {
    (kind.to_owned(), id.to_owned())
}

/// Hides `proposal` as a moderator's `hide` leaves it (the item out of the queue, an entry in
/// the log), and has its author appeal: the rows the actions write, written here directly.
async fn hide_and_appeal(
    app: &TestApp,
    moderator: &User,
    author: &User,
    call: &Call,
    proposal: &str,
) -> Uuid {
    let p: Uuid = proposal.parse().unwrap();
    let call_id: Uuid = call.id.parse().unwrap();
    let mut e = NewLogEntry::new(LogAction::Hide, Some(moderator.user_id.into()), LogTarget::Proposal, p);
    e.call_id = Some(call_id);
    e.proposal_id = Some(p);
    e.reason = Some("Asiaton kielenkäyttö".into());
    let action_id = moderation_log::append(&app.db, e, Utc::now()).await.unwrap();
    write(
        app,
        "UPDATE proposals SET visibility = 'hidden', moderation_category = 'offensive', queued_at = NULL \
         WHERE id = $1",
        &[proposal],
    )
    .await;
    let appeal = Uuid::now_v7();
    let backend = app.db.get_database_backend();
    let sql = "INSERT INTO appeals (id, action_id, target_kind, target_id, call_id, proposal_id, appellant_id, \
               text, created_at) VALUES ($1, $2, 'proposal', $3, $4, $3, $5, $6, $7)";
    let sql = if backend == DbBackend::Postgres { sql.to_owned() } else { sql.replace('$', "?") };
    let values: Vec<Value> = vec![
        appeal.into(),
        action_id.into(),
        p.into(),
        call_id.into(),
        author.user_id.into(),
        "Ehdotus ei ollut asiaton.".into(),
        Utc::now().into(),
    ];
    app.db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await.unwrap();
    appeal
}

struct World {
    admin: User,
    moderator: User,
    alice: User,
    bob: User,
    reporters: Vec<User>,
    open: Call,
    pre: Call,
    /// alice's, reported three times.
    reported: String,
    /// bob's comment on `reported`, reported once.
    comment: String,
    /// alice's in the pre-moderated call.
    pending: String,
    /// alice's, hidden by the moderator and appealed.
    appealed: String,
    appeal: Uuid,
}

/// In this order: a proposal reported, a comment reported, a proposal submitted to a
/// pre-moderated call, two more reports of the first proposal, and an appeal.
async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let moderator = app.moderator("moderaattori").await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let reporters = participants(app, "r", 3).await;
    let open = admin.call_with(json!({ "report_threshold": 5 })).await;
    let pre = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    let reported = alice.submit(&open).await.id;
    let appealed = alice.submit(&open).await.id;
    let comment = bob.comment(&reported, "Tämä on aivan kamala idea, hävetkää.").await.id;

    let report = |r: usize, reason: &str, note: Option<&str>| (r, json!({ "reason": reason, "note": note }));
    let (r, body) = report(0, "spam", Some("Mainos"));
    report_proposal_with(&reporters[r], &reported, body).await.expect(StatusCode::CREATED);
    let (r, body) = report(1, "offensive", None);
    report_comment_with(&reporters[r], &comment, body).await.expect(StatusCode::CREATED);
    let pending = alice.submit(&pre).await.id;
    let (r, body) = report(1, "spam", None);
    report_proposal_with(&reporters[r], &reported, body).await.expect(StatusCode::CREATED);
    let (r, body) = report(2, "offensive", None);
    report_proposal_with(&reporters[r], &reported, body).await.expect(StatusCode::CREATED);
    let appeal = hide_and_appeal(app, &moderator, &alice, &open, &appealed).await;
    World { admin, moderator, alice, bob, reporters, open, pre, reported, comment, pending, appealed, appeal }
}

#[apply(both_dbs)]
async fn the_queue_is_for_moderators_and_admins(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;

    app.anon().get("/api/v1/moderation/queue").await.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    for participant in [&w.alice, &w.reporters[0]] {
        participant.get("/api/v1/moderation/queue").await.refused(StatusCode::FORBIDDEN, "role_required");
    }
    for moderator in [&w.moderator, &w.admin] {
        assert_eq!(queue(moderator, "").await["total"], 4);
    }
}

#[apply(both_dbs)]
async fn appeals_come_first_then_items_oldest_first_with_their_reports(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;

    let page = queue(&w.moderator, "").await;
    assert_eq!(
        entries(&page),
        [
            entry("appeal", &w.appealed),
            entry("reported", &w.reported),
            entry("reported", &w.comment),
            entry("pending", &w.pending),
        ]
    );
    assert_eq!(page["total"], 4);
    assert_eq!(page["next_cursor"], Json::Null);
    let items = page["items"].as_array().unwrap();

    let appeal = &items[0];
    assert_eq!(appeal["appeal"]["id"], json!(w.appeal));
    assert_eq!(appeal["appeal"]["action"], "hide");
    assert_eq!(appeal["appeal"]["reason"], "Asiaton kielenkäyttö");
    assert_eq!(
        appeal["appeal"]["acted_by"],
        json!({ "id": w.moderator.user_id, "display_name": "moderaattori" })
    );
    assert_eq!(appeal["appeal"]["text"], "Ehdotus ei ollut asiaton.");
    assert_eq!(appeal["target"]["visibility"], "hidden");
    assert_eq!(appeal["queued_at"], appeal["appeal"]["created_at"]);

    let reported = &items[1];
    assert_eq!(reported["open_reports"], 3);
    assert_eq!(
        reported["reasons"],
        json!([{ "reason": "spam", "count": 2 }, { "reason": "offensive", "count": 1 }])
    );
    let reporters: Vec<&str> = reported["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reporter"]["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(reporters, ["r0", "r1", "r2"], "oldest first, reporters named");
    assert_eq!(reported["reports"][0]["note"], "Mainos");
    assert_eq!(reported["reports"][0]["reason"], "spam");
    assert_eq!(reported["queued_at"], reported["reports"][0]["created_at"], "queued at the first report");
    assert_eq!(reported["appeal"], Json::Null);
    let target = &reported["target"];
    assert_eq!(target["kind"], "proposal");
    assert_eq!(target["proposal_id"], json!(w.reported));
    assert_eq!(target["call_id"], json!(w.open.id));
    assert_eq!(target["title"], "Yhteinen avustusrekisteri");
    assert_eq!(target["excerpt"], "Kootaan ministeriöiden avustukset yhteen rekisteriin.");
    assert_eq!(target["author"], json!({ "id": w.alice.user_id, "display_name": "alice" }));
    assert_eq!(target["visibility"], "visible");
    assert_eq!(target["deleted"], false);

    let comment = &items[2];
    assert_eq!(comment["target"]["kind"], "comment");
    assert_eq!(comment["target"]["proposal_id"], json!(w.reported));
    assert_eq!(comment["target"]["title"], "Yhteinen avustusrekisteri", "the proposal's title");
    assert_eq!(comment["target"]["excerpt"], "Tämä on aivan kamala idea, hävetkää.");
    assert_eq!(comment["target"]["author"]["display_name"], "bob");
    assert_eq!(comment["reasons"], json!([{ "reason": "offensive", "count": 1 }]));

    let pending = &items[3];
    assert_eq!(pending["target"]["visibility"], "pending");
    assert_eq!(pending["target"]["call_id"], json!(w.pre.id));
    assert_eq!(pending["open_reports"], 0);
    assert_eq!(pending["reasons"], json!([]));
    assert_eq!(pending["reports"], json!([]));
}

#[apply(both_dbs)]
async fn the_queue_is_filtered_by_call_and_kind(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;

    let comments = queue(&w.moderator, "kind=comment").await;
    assert_eq!(entries(&comments), [entry("reported", &w.comment)]);
    assert_eq!(comments["total"], 1);
    let proposals = queue(&w.moderator, "kind=proposal").await;
    assert_eq!(
        entries(&proposals),
        [entry("appeal", &w.appealed), entry("reported", &w.reported), entry("pending", &w.pending)]
    );
    assert_eq!(proposals["total"], 3);
    let pre = queue(&w.moderator, &format!("call_id={}", w.pre.id)).await;
    assert_eq!(entries(&pre), [entry("pending", &w.pending)]);
    assert_eq!(pre["total"], 1);
    let open = queue(&w.moderator, &format!("call_id={}&kind=comment", w.open.id)).await;
    assert_eq!(entries(&open), [entry("reported", &w.comment)]);
    let none = queue(&w.moderator, &format!("call_id={}", Uuid::now_v7())).await;
    assert_eq!(none["total"], 0);
    assert_eq!(none["items"], json!([]));

    for bad in ["kind=user", "call_id=7", "limit=0", "limit=101", "cursor=nonsense"] {
        let res = w.moderator.get(&format!("/api/v1/moderation/queue?{bad}")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.text());
    }
}

#[apply(both_dbs)]
async fn the_queue_pages_across_appeals_and_items(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let all = entries(&queue(&w.moderator, "").await);

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let query = match &cursor {
            Some(c) => format!("limit=1&cursor={c}"),
            None => "limit=1".to_owned(),
        };
        let page = queue(&w.moderator, &query).await;
        assert_eq!(page["total"], 4);
        seen.extend(entries(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, all);

    let page = queue(&w.moderator, "limit=3").await;
    assert_eq!(entries(&page), all[..3]);
    let next = page["next_cursor"].as_str().unwrap();
    let rest = queue(&w.moderator, &format!("cursor={next}")).await;
    assert_eq!(entries(&rest), all[3..]);
    // A cursor belongs to its filters.
    let res = w.moderator.get(&format!("/api/v1/moderation/queue?kind=proposal&cursor={next}")).await;
    res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[apply(both_dbs)]
async fn a_withdrawn_pending_proposal_leaves_the_queue(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let before = queue(&w.moderator, &format!("call_id={}", w.pre.id)).await;
    assert_eq!(entries(&before), [entry("pending", &w.pending)]);

    w.alice.withdraw(&w.pending).await.expect(StatusCode::OK);
    let after = queue(&w.moderator, &format!("call_id={}", w.pre.id)).await;
    assert_eq!(after["items"], json!([]));
    assert_eq!(after["total"], 0);
    // A reported proposal withdrawn still waits: its reports are not decided.
    w.alice.withdraw(&w.reported).await.expect(StatusCode::OK);
    let open = queue(&w.moderator, &format!("call_id={}&kind=proposal", w.open.id)).await;
    assert_eq!(entries(&open), [entry("appeal", &w.appealed), entry("reported", &w.reported)]);
}

#[apply(both_dbs)]
async fn reporters_are_named_only_in_the_queue(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    // Nothing the author or the reporters read names a reporter.
    for (user, path) in [
        (&w.alice, format!("/api/v1/proposals/{}", w.reported)),
        (&w.alice, "/api/v1/notifications".to_owned()),
        (&w.bob, format!("/api/v1/proposals/{}/comments", w.reported)),
        (&w.bob, "/api/v1/notifications".to_owned()),
    ] {
        let text = user.get(&path).await.text();
        for r in ["r0", "r1", "r2"] {
            assert!(!text.contains(&format!("\"{r}\"")), "{path} names {r}: {text}");
        }
    }
    let res = report_proposal_with(&w.bob, &w.reported, json!({ "reason": "other" })).await;
    let report: Json = res.created();
    let mut keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["created_at", "id", "note", "reason", "status", "target"]);
    let page = queue(&w.moderator, &format!("kind=proposal&call_id={}", w.open.id)).await;
    assert!(page.to_string().contains("\"r0\""));
}

/// How many statements `GET path` runs, measured on its second run.
async fn statements_of(app: &TestApp, who: &Client, path: &str) -> u64 {
    assert_eq!(who.get(path).await.status(), StatusCode::OK, "GET {path}");
    let before = app.statements();
    assert_eq!(who.get(path).await.status(), StatusCode::OK, "GET {path}");
    app.statements() - before
}

/// A page of the queue reads its items' targets, reports and reasons for the whole page at
/// once: as many statements for 20 entries as for 4.
#[apply(both_dbs)]
async fn a_queue_page_runs_the_same_statements_whatever_its_length(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let path = "/api/v1/moderation/queue?limit=20";
    let small = statements_of(&app, &w.moderator, path).await;

    let reporters = participants(&app, "x", 2).await;
    for i in 0..8 {
        let p = w.alice.submit(&w.open).await.id;
        let c = w.bob.comment(&p, &format!("Kommentti {i}")).await.id;
        for r in &reporters {
            report_proposal_with(r, &p, json!({ "reason": "spam" })).await.expect(StatusCode::CREATED);
            report_comment_with(r, &c, json!({ "reason": "other" })).await.expect(StatusCode::CREATED);
        }
    }
    let page = queue(&w.moderator, "limit=20").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 20);
    assert_eq!(page["total"], 20);
    let large = statements_of(&app, &w.moderator, path).await;
    eprintln!("{db:?}: a queue page of 4 ran {small} statements, of 20 {large}");
    assert_eq!(small, large);
}
