//! Moderators' actions: `POST /api/v1/moderation/actions` (hide, restore, approve, reject,
//! dismiss reports) on proposals and comments, with their tombstones, notifications and
//! log entries, and who may take them.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{ConnectionTrait, Value as SqlValue};
use serde_json::{Value, json};
use siilo_domain::moderation::{LogAction, LogTarget, ReportReason};
use siilo_store::moderation_log::{self, NewLogEntry};
use uuid::Uuid;

use crate::util::views::Call;
use crate::util::{Client, Db, Response, TestApp, User, both_dbs};

/// `POST /moderation/actions` on a `kind` (`proposal`/`comment`), answering as it does.
pub(crate) async fn act(moderator: &Client, kind: &str, id: &str, action: &str, extra: Value) -> Response {
    let mut body =
        json!({ "target": { "kind": kind, "id": id }, "action": action, "reason": format!("Syy: {action}") });
    if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
        b.extend(e);
    }
    moderator.post("/api/v1/moderation/actions", &body).await
}

/// [`act`], which must succeed: the log entry.
pub(crate) async fn acted(moderator: &Client, kind: &str, id: &str, action: &str, extra: Value) -> Value {
    act(moderator, kind, id, action, extra).await.created()
}

/// The user's notifications, newest first among the unread.
pub(crate) async fn notifications(user: &Client) -> Vec<Value> {
    let page: Value = user.get("/api/v1/notifications?limit=100").await.ok();
    page["items"].as_array().cloned().unwrap_or_default()
}

/// The user's notifications of `kind`.
pub(crate) async fn notifications_of(user: &Client, kind: &str) -> Vec<Value> {
    notifications(user).await.into_iter().filter(|n| n["kind"] == kind).collect()
}

/// A proposal as `viewer` sees it (raw JSON).
pub(crate) async fn proposal(viewer: &Client, id: &str) -> Value {
    viewer.get(&format!("/api/v1/proposals/{id}")).await.ok()
}

/// A proposal's comments as `viewer` sees them: top-level comments and replies, in order.
pub(crate) async fn comments(viewer: &Client, proposal: &str) -> Vec<Value> {
    let page: Value = viewer.get(&format!("/api/v1/proposals/{proposal}/comments?limit=100")).await.ok();
    let mut out = Vec::new();
    for t in page["items"].as_array().cloned().unwrap_or_default() {
        let mut top = t.clone();
        let replies = top.as_object_mut().and_then(|o| o.remove("replies"));
        out.push(top);
        out.extend(replies.and_then(|r| r.as_array().cloned()).unwrap_or_default());
    }
    out
}

/// An open call (by a fresh admin) and a proposal in it by `author`.
pub(crate) async fn call_and_proposal(app: &TestApp, author: &User) -> (User, Call, String) {
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let p = author.submit(&call).await.id;
    (admin, call, p)
}

fn uuid(s: &str) -> Uuid {
    s.parse().expect("a uuid")
}

/// Stores an open report as the reports endpoint would (one row, the item's counter and
/// queue time), for tests of what moderators do with reports.
pub(crate) async fn seed_report(
    app: &TestApp,
    call: &str,
    proposal: &str,
    comment: Option<&str>,
    reporter: &User,
    reason: ReportReason,
) {
    let now = chrono::Utc::now();
    let (kind, target, table) = match comment {
        Some(c) => ("comment", uuid(c), "comments"),
        None => ("proposal", uuid(proposal), "proposals"),
    };
    let insert = Query::insert()
        .into_table(Alias::new("reports"))
        .columns(
            [
                "id",
                "target_kind",
                "target_id",
                "call_id",
                "proposal_id",
                "comment_id",
                "reporter_id",
                "reason",
                "note",
                "status",
                "created_at",
            ]
            .map(Alias::new),
        )
        .values_panic([
            Uuid::now_v7().into(),
            kind.into(),
            target.into(),
            uuid(call).into(),
            uuid(proposal).into(),
            comment.map(uuid).into(),
            reporter.user_id.into(),
            reason.into_str().into(),
            SqlValue::String(None).into(),
            "open".into(),
            now.into(),
        ])
        .to_owned();
    let backend = app.db.get_database_backend();
    app.db.execute_raw(backend.build(&insert)).await.expect("insert a report");
    let bump = Query::update()
        .table(Alias::new(table))
        .value(Alias::new("open_reports"), Expr::col(Alias::new("open_reports")).add(1))
        .value(Alias::new("queued_at"), Func::coalesce([Expr::col(Alias::new("queued_at")), Expr::val(now)]))
        .and_where(Expr::col(Alias::new("id")).eq(target))
        .to_owned();
    app.db.execute_raw(backend.build(&bump)).await.expect("count the report");
}

/// Hides an item as reports reaching the threshold would (no actor): the `auto_hide` entry's
/// id.
pub(crate) async fn seed_auto_hide(app: &TestApp, call: &str, proposal: &str, comment: Option<&str>) -> Uuid {
    let (target, target_id, table) = match comment {
        Some(c) => (LogTarget::Comment, uuid(c), "comments"),
        None => (LogTarget::Proposal, uuid(proposal), "proposals"),
    };
    let hide = Query::update()
        .table(Alias::new(table))
        .value(Alias::new("visibility"), "hidden")
        .value(Alias::new("moderation_category"), "spam")
        .and_where(Expr::col(Alias::new("id")).eq(target_id))
        .to_owned();
    let backend = app.db.get_database_backend();
    app.db.execute_raw(backend.build(&hide)).await.expect("hide");
    let mut entry = NewLogEntry::new(LogAction::AutoHide, None, target, target_id);
    entry.call_id = Some(uuid(call));
    entry.proposal_id = Some(uuid(proposal));
    entry.category = Some(ReportReason::Spam);
    moderation_log::append(&app.db, entry, chrono::Utc::now()).await.expect("log the auto-hide")
}

/// The statuses of the reports on `target`, in creation order.
pub(crate) async fn report_statuses(app: &TestApp, target: &str) -> Vec<String> {
    let q = Query::select()
        .column(Alias::new("status"))
        .from(Alias::new("reports"))
        .and_where(Expr::col(Alias::new("target_id")).eq(uuid(target)))
        .order_by(Alias::new("id"), sea_orm::Order::Asc)
        .to_owned();
    let backend = app.db.get_database_backend();
    let rows = app.db.query_all_raw(backend.build(&q)).await.expect("read reports");
    rows.iter().map(|r| r.try_get::<String>("", "status").expect("status")).collect()
}

/// `open_reports` and whether `queued_at` is set, of a proposal or comment.
pub(crate) async fn queue_state(app: &TestApp, table: &str, id: &str) -> (i32, bool) {
    let q = Query::select()
        .column(Alias::new("open_reports"))
        .expr_as(Expr::col(Alias::new("queued_at")).is_not_null(), Alias::new("queued"))
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new("id")).eq(uuid(id)))
        .to_owned();
    let backend = app.db.get_database_backend();
    let row = app.db.query_one_raw(backend.build(&q)).await.expect("read").expect("a row");
    (row.try_get("", "open_reports").expect("count"), row.try_get("", "queued").expect("queued"))
}

#[apply(both_dbs)]
async fn hiding_a_proposal_leaves_a_tombstone_and_restoring_brings_it_back_intact(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let mona = app.moderator("mona").await;
    let (_, _, p) = call_and_proposal(&app, &alice).await;
    bob.thumb(&p).await.expect(StatusCode::OK);
    let c = bob.comment(&p, "Hyvä ajatus!").await.id;

    let entry = acted(
        &mona,
        "proposal",
        &p,
        "hide",
        json!({ "reason": "Sisältää henkilötietoja.", "public_note": "  Piilotettu  ", "category": "personal_data" }),
    )
    .await;
    assert_eq!(entry["action"], "hide");
    assert_eq!(entry["actor"]["display_name"], "mona");
    assert_eq!(entry["target"], json!({ "kind": "proposal", "id": p }));
    assert_eq!(entry["category"], "personal_data");
    assert_eq!(entry["reason"], "Sisältää henkilötietoja.");
    assert_eq!(entry["public_note"], "Piilotettu", "trimmed");
    assert_eq!(entry["data"]["visibility_before"], "visible");

    // Others see a tombstone with the category and the public note, counts kept.
    for viewer in [&*app.anon(), &*bob] {
        let seen = proposal(viewer, &p).await;
        assert_eq!(seen["visibility"], "hidden");
        assert_eq!(seen["title"], "");
        assert_eq!(seen["challenge"], "");
        assert_eq!(seen["moderation"], json!({ "category": "personal_data", "public_note": "Piilotettu" }));
        assert_eq!(seen["thumb_count"], 1);
        assert_eq!(seen["comment_count"], 1);
        assert_eq!(seen["viewer_can_report"], false);
    }
    app.anon().get(&format!("/api/v1/proposals/{p}/comments")).await.expect(StatusCode::NOT_FOUND);
    // The author sees it in full, with the tombstone's mark.
    let own = proposal(&alice, &p).await;
    assert_eq!(own["title"], "Yhteinen avustusrekisteri");
    assert_eq!(own["moderation"]["category"], "personal_data");

    let hidden = notifications_of(&alice, "content_hidden").await;
    assert_eq!(hidden.len(), 1);
    assert_eq!(hidden[0]["actor"], Value::Null, "the moderator is not named");
    assert_eq!(
        hidden[0]["moderation"],
        json!({ "action_id": entry["id"], "action": "hide", "category": "personal_data", "reason": "Sisältää henkilötietoja.", "outcome": null })
    );

    let restored = acted(&mona, "proposal", &p, "restore", json!({ "reason": "Korjattu." })).await;
    assert_eq!(restored["action"], "restore");
    let seen = proposal(&app.anon(), &p).await;
    assert_eq!(seen["visibility"], "visible");
    assert_eq!(seen["title"], "Yhteinen avustusrekisteri");
    assert_eq!(seen["moderation"], Value::Null);
    assert_eq!(seen["thumb_count"], 1, "thumbs come back intact");
    assert_eq!(seen["comment_count"], 1);
    assert_eq!(proposal(&bob, &p).await["viewer_thumbed"], true);
    let back = comments(&app.anon(), &p).await;
    assert_eq!(back.len(), 1);
    assert_eq!(back[0]["id"], c.as_str());
    assert_eq!(back[0]["body"], "Hyvä ajatus!");
    let n = notifications_of(&alice, "content_restored").await;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0]["moderation"]["reason"], "Korjattu.");
    assert_eq!(n[0]["moderation"]["action"], "restore");
}

#[apply(both_dbs)]
async fn a_hidden_comment_is_a_tombstone_to_others_and_whole_to_its_author_and_moderators(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let mona = app.moderator("mona").await;
    let (_, _, p) = call_and_proposal(&app, &alice).await;
    let c = bob.comment(&p, "Asiaton kommentti").await.id;
    let fresh = comments(&carol, &p).await;
    assert_eq!(fresh[0]["visibility"], "visible");
    assert_eq!(fresh[0]["viewer_can_report"], true);
    assert_eq!(comments(&bob, &p).await[0]["viewer_can_report"], false, "not one's own");

    acted(&mona, "comment", &c, "hide", json!({ "public_note": "Asiaton", "category": "offensive" })).await;
    for viewer in [&*app.anon(), &*carol, &*alice] {
        let seen = comments(viewer, &p).await;
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0]["visibility"], "hidden");
        assert_eq!(seen[0]["author"], Value::Null);
        assert_eq!(seen[0]["body"], "");
        assert_eq!(seen[0]["deleted"], false);
        assert_eq!(seen[0]["moderation"], json!({ "category": "offensive", "public_note": "Asiaton" }));
        assert_eq!(seen[0]["viewer_can_report"], false);
    }
    for viewer in [&*bob, &*mona] {
        let seen = comments(viewer, &p).await;
        assert_eq!(seen[0]["body"], "Asiaton kommentti");
        assert_eq!(seen[0]["author"]["display_name"], "bob");
        assert_eq!(seen[0]["visibility"], "hidden");
    }
    assert_eq!(proposal(&app.anon(), &p).await["comment_count"], 1, "a hidden comment stays counted");
    let n = notifications_of(&bob, "content_hidden").await;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0]["comment_id"], c.as_str());

    acted(&mona, "comment", &c, "restore", json!({})).await;
    let seen = comments(&app.anon(), &p).await;
    assert_eq!(seen[0]["body"], "Asiaton kommentti");
    assert_eq!(seen[0]["visibility"], "visible");
    assert_eq!(seen[0]["moderation"], Value::Null);
}

#[apply(both_dbs)]
async fn hiding_upholds_the_open_reports_and_takes_the_commonest_reason(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let reporters = join_all(["r1", "r2", "r3"].map(|n| app.participant(n))).await;
    let mona = app.moderator("mona").await;
    let (_, call, p) = call_and_proposal(&app, &alice).await;
    let reasons = [ReportReason::Spam, ReportReason::Offensive, ReportReason::Offensive];
    for (r, reason) in reporters.iter().zip(reasons) {
        seed_report(&app, &call.id, &p, None, r, reason).await;
    }
    assert_eq!(queue_state(&app, "proposals", &p).await, (3, true));

    let entry = acted(&mona, "proposal", &p, "hide", json!({})).await;
    assert_eq!(entry["category"], "offensive", "the commonest open reason");
    assert_eq!(entry["data"]["reports_resolved"], 3);
    assert_eq!(report_statuses(&app, &p).await, ["upheld"; 3]);
    assert_eq!(queue_state(&app, "proposals", &p).await, (0, false), "out of the queue");
    assert_eq!(proposal(&app.anon(), &p).await["moderation"]["category"], "offensive");
}

#[apply(both_dbs)]
async fn dismissing_reports_needs_some_keeps_content_and_shows_what_they_hid_again(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let mona = app.moderator("mona").await;
    let (_, call, p) = call_and_proposal(&app, &alice).await;
    act(&mona, "proposal", &p, "dismiss_reports", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "no_open_reports");

    // Reports on visible content: dismissed, the content stays, the author hears nothing.
    seed_report(&app, &call.id, &p, None, &bob, ReportReason::Spam).await;
    let entry = acted(&mona, "proposal", &p, "dismiss_reports", json!({})).await;
    assert_eq!(entry["action"], "dismiss_reports");
    assert_eq!(report_statuses(&app, &p).await, ["dismissed"]);
    assert_eq!(queue_state(&app, "proposals", &p).await, (0, false));
    assert_eq!(proposal(&app.anon(), &p).await["visibility"], "visible");
    assert!(notifications(&alice).await.is_empty());
    act(&mona, "proposal", &p, "dismiss_reports", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "no_open_reports");

    // Reports that hid a comment: dismissing them shows it again, and its author is told.
    let c = alice.comment(&p, "Kommentti").await.id;
    seed_report(&app, &call.id, &p, Some(&c), &bob, ReportReason::Spam).await;
    seed_report(&app, &call.id, &p, Some(&c), &carol, ReportReason::Spam).await;
    seed_auto_hide(&app, &call.id, &p, Some(&c)).await;
    assert_eq!(comments(&bob, &p).await[0]["visibility"], "hidden");
    acted(&mona, "comment", &c, "dismiss_reports", json!({ "reason": "Ei sääntörikkomusta." })).await;
    let seen = comments(&bob, &p).await;
    assert_eq!(seen[0]["visibility"], "visible");
    assert_eq!(seen[0]["body"], "Kommentti");
    assert_eq!(seen[0]["moderation"], Value::Null);
    assert_eq!(report_statuses(&app, &c).await, ["dismissed", "dismissed"]);
    let n = notifications_of(&alice, "content_restored").await;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0]["moderation"]["action"], "dismiss_reports");
    assert_eq!(n[0]["moderation"]["reason"], "Ei sääntörikkomusta.");
}

#[apply(both_dbs)]
async fn a_pending_proposal_is_rejected_with_a_reason_and_approved_later(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    let p = alice.submit(&call).await.id;
    assert_eq!(proposal(&alice, &p).await["visibility"], "pending");
    assert_eq!(queue_state(&app, "proposals", &p).await, (0, true), "pending proposals wait in the queue");
    act(&mona, "proposal", &p, "hide", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");
    act(&mona, "proposal", &p, "restore", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");

    let rejected = acted(
        &mona,
        "proposal",
        &p,
        "reject",
        json!({ "reason": "Ei liity hakuun.", "category": "off_topic" }),
    )
    .await;
    assert_eq!(rejected["category"], "off_topic");
    assert_eq!(queue_state(&app, "proposals", &p).await, (0, false));
    app.anon().get(&format!("/api/v1/proposals/{p}")).await.expect(StatusCode::NOT_FOUND);
    let own = proposal(&alice, &p).await;
    assert_eq!(own["visibility"], "rejected");
    assert_eq!(own["moderation"], json!({ "category": "off_topic", "public_note": null }));
    let n = notifications_of(&alice, "proposal_rejected").await;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0]["moderation"]["reason"], "Ei liity hakuun.");
    act(&mona, "proposal", &p, "reject", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");

    acted(&admin, "proposal", &p, "approve", json!({ "reason": "Liittyy sittenkin." })).await;
    let seen = proposal(&app.anon(), &p).await;
    assert_eq!(seen["visibility"], "visible");
    assert_eq!(seen["moderation"], Value::Null);
    assert_eq!(notifications_of(&alice, "proposal_approved").await.len(), 1);

    // Another pending proposal, approved straight away.
    let q = alice.submit(&call).await.id;
    acted(&mona, "proposal", &q, "approve", json!({})).await;
    assert_eq!(proposal(&app.anon(), &q).await["visibility"], "visible");
    assert_eq!(queue_state(&app, "proposals", &q).await, (0, false));
}

#[apply(both_dbs)]
async fn actions_that_do_not_apply_are_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let (_, _, p) = call_and_proposal(&app, &alice).await;
    let c = alice.comment(&p, "Kommentti").await.id;
    let d = alice.comment(&p, "Poistettava").await.id;

    act(&mona, "proposal", &p, "restore", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");
    act(&mona, "proposal", &p, "approve", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");
    act(&mona, "proposal", &p, "reject", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");
    act(&mona, "comment", &c, "approve", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");
    act(&mona, "comment", &c, "reject", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");
    acted(&mona, "proposal", &p, "hide", json!({})).await;
    act(&mona, "proposal", &p, "hide", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");

    alice.delete(&format!("/api/v1/comments/{d}")).await.expect(StatusCode::NO_CONTENT);
    act(&mona, "comment", &d, "hide", json!({})).await.refused(StatusCode::CONFLICT, "comment_deleted");

    let nobody = Uuid::now_v7().to_string();
    act(&mona, "proposal", &nobody, "hide", json!({})).await.expect(StatusCode::NOT_FOUND);
    act(&mona, "comment", &nobody, "hide", json!({})).await.expect(StatusCode::NOT_FOUND);
    act(&mona, "proposal", &p, "restore", json!({ "reason": "   " }))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    act(&mona, "proposal", &p, "restore", json!({ "reason": "x".repeat(1001) }))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    act(&mona, "proposal", &p, "restore", json!({ "public_note": "x".repeat(1001) }))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    act(&mona, "proposal", &p, "obliterate", json!({}))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    act(&mona, "proposal", &p, "restore", json!({ "reason": "x".repeat(1000) }))
        .await
        .expect(StatusCode::CREATED);
    let missing = mona
        .post(
            "/api/v1/moderation/actions",
            &json!({ "target": { "kind": "proposal", "id": p }, "action": "hide" }),
        )
        .await;
    missing.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[apply(both_dbs)]
async fn a_participant_gets_403_on_every_moderation_route(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let mona = app.moderator("mona").await;
    let (_, _, p) = call_and_proposal(&app, &alice).await;
    let entry = acted(&mona, "proposal", &p, "hide", json!({})).await;
    let action_id = entry["id"].as_str().unwrap().to_owned();
    let appeal: Value = alice
        .post(&format!("/api/v1/moderation/actions/{action_id}/appeal"), &json!({ "text": "Väärin." }))
        .await
        .created();
    let appeal_id = appeal["id"].as_str().unwrap().to_owned();

    for user in [&alice, &bob] {
        act(user, "proposal", &p, "restore", json!({})).await.refused(StatusCode::FORBIDDEN, "role_required");
        user.post(
            &format!("/api/v1/moderation/appeals/{appeal_id}/decision"),
            &json!({ "outcome": "overturned", "reason": "Itse päätän." }),
        )
        .await
        .refused(StatusCode::FORBIDDEN, "role_required");
        user.get("/api/v1/moderation/log").await.refused(StatusCode::FORBIDDEN, "role_required");
    }
    // Signed out: 401 everywhere.
    let anon = app.anon();
    assert_eq!(act(&anon, "proposal", &p, "restore", json!({})).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anon.get("/api/v1/moderation/log").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        anon.post(&format!("/api/v1/moderation/actions/{action_id}/appeal"), &json!({ "text": "x" }))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(proposal(&app.anon(), &p).await["visibility"], "hidden", "nothing changed");
}

#[apply(both_dbs)]
async fn of_two_moderators_hiding_at_once_exactly_one_succeeds(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let milo = app.moderator("milo").await;
    let (_, _, p) = call_and_proposal(&app, &alice).await;
    let c = alice.comment(&p, "Kommentti").await.id;

    for (kind, id) in [("proposal", &p), ("comment", &c)] {
        let attempts = (0..6).map(|i| {
            let who = if i % 2 == 0 { &mona } else { &milo };
            act(who, kind, id, "hide", json!({}))
        });
        let answers = join_all(attempts).await;
        let created = answers.iter().filter(|r| r.status() == StatusCode::CREATED).count();
        assert_eq!(created, 1, "exactly one hide of the {kind}");
        for r in answers.iter().filter(|r| r.status() != StatusCode::CREATED) {
            r.refused(StatusCode::CONFLICT, "action_not_applicable");
        }
        let log: Value = mona.get(&format!("/api/v1/moderation/log?target_id={id}")).await.ok();
        assert_eq!(log["items"].as_array().unwrap().len(), 1, "one entry for the {kind}");
    }
    assert_eq!(notifications_of(&alice, "content_hidden").await.len(), 2, "the author told once per item");
}

#[apply(both_dbs)]
async fn dismissed_reports_never_hide_again(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "report_threshold": 2 })).await;
    let p = alice.submit(&call).await.id;
    let reporters = join_all(["r1", "r2", "r3"].map(|n| app.participant(n))).await;
    async fn report(u: &User, p: &str) -> Response {
        u.post(&format!("/api/v1/proposals/{p}/reports"), &json!({ "reason": "spam" })).await
    }
    report(&reporters[0], &p).await.expect(StatusCode::CREATED);
    report(&reporters[1], &p).await.expect(StatusCode::CREATED);
    assert_eq!(proposal(&app.anon(), &p).await["visibility"], "hidden", "auto-hidden at the threshold");
    acted(&mona, "proposal", &p, "dismiss_reports", json!({})).await;
    assert_eq!(proposal(&app.anon(), &p).await["visibility"], "visible");
    // The same users cannot report again; a new user's report counts from zero.
    report(&reporters[0], &p).await.refused(StatusCode::CONFLICT, "already_reported");
    report(&reporters[1], &p).await.refused(StatusCode::CONFLICT, "already_reported");
    report(&reporters[2], &p).await.expect(StatusCode::CREATED);
    assert_eq!(
        proposal(&app.anon(), &p).await["visibility"],
        "visible",
        "one new report is under the threshold"
    );
    assert_eq!(queue_state(&app, "proposals", &p).await.0, 1);
}

#[apply(both_dbs)]
async fn a_moderator_confirms_a_hide_by_reports_with_a_reason_the_author_can_appeal(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "report_threshold": 2 })).await;
    let p = alice.submit(&call).await.id;
    let reporters = join_all(["r1", "r2"].map(|n| app.participant(n))).await;
    for r in &reporters {
        r.post(&format!("/api/v1/proposals/{p}/reports"), &json!({ "reason": "offensive" }))
            .await
            .expect(StatusCode::CREATED);
    }
    assert_eq!(proposal(&app.anon(), &p).await["visibility"], "hidden", "auto-hidden at the threshold");
    assert_eq!(queue_state(&app, "proposals", &p).await, (2, true), "waiting for a moderator");

    // Hiding it again confirms the hide: the reports are upheld and it leaves the queue.
    let entry = acted(&mona, "proposal", &p, "hide", json!({ "reason": "Loukkaava sävy" })).await;
    assert_eq!(entry["category"], "offensive", "the reports' reason");
    assert_eq!(queue_state(&app, "proposals", &p).await, (0, false));
    assert_eq!(report_statuses(&app, &p).await, ["upheld", "upheld"]);
    assert_eq!(proposal(&app.anon(), &p).await["visibility"], "hidden");
    let told = notifications_of(&alice, "content_hidden").await;
    assert_eq!(told.len(), 2, "told of the automatic hide, then of the moderator's reason");
    assert!(told.iter().any(|n| n["moderation"]["reason"] == "Loukkaava sävy"), "{told:?}");
    // Confirmed once: with no open reports left, hiding again does not apply.
    act(&mona, "proposal", &p, "hide", json!({}))
        .await
        .refused(StatusCode::CONFLICT, "action_not_applicable");
    // The author appeals the moderator's action.
    let id = entry["id"].as_str().unwrap();
    alice
        .post(&format!("/api/v1/moderation/actions/{id}/appeal"), &json!({ "text": "Ei ollut loukkaava." }))
        .await
        .expect(StatusCode::CREATED);
}
