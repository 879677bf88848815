//! Reports: `POST /api/v1/proposals/{id}/reports` and `POST /api/v1/comments/{id}/reports`:
//! once per user and item, never one's own, only visible content; the call's threshold of
//! distinct reporters hides the item at once, exactly once under parallel reports, with one
//! `auto_hide` log entry and one notification to its author.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde_json::json;
use uuid::Uuid;

use crate::util::views::Call;
use crate::util::{Client, Db, Response, TestApp, User, both_dbs};

/// `POST /proposals/{id}/reports` with `body`, answering as it does.
pub async fn report_proposal_with(user: &Client, proposal: &str, body: serde_json::Value) -> Response {
    user.post(&format!("/api/v1/proposals/{proposal}/reports"), &body).await
}

/// `POST /comments/{id}/reports` with `body`, answering as it does.
pub async fn report_comment_with(user: &Client, comment: &str, body: serde_json::Value) -> Response {
    user.post(&format!("/api/v1/comments/{comment}/reports"), &body).await
}

/// Reports a proposal as spam, answering as it does.
pub async fn report_proposal(user: &Client, proposal: &str) -> Response {
    report_proposal_with(user, proposal, json!({ "reason": "spam" })).await
}

/// Reports a comment as offensive, answering as it does.
pub async fn report_comment(user: &Client, comment: &str) -> Response {
    report_comment_with(user, comment, json!({ "reason": "offensive" })).await
}

/// `n` participants `<prefix>0`, `<prefix>1`, ….
pub async fn participants(app: &TestApp, prefix: &str, n: usize) -> Vec<User> {
    let names: Vec<String> = (0..n).map(|i| format!("{prefix}{i}")).collect();
    join_all(names.iter().map(|name| app.participant(name))).await
}

/// A statement with `$1`, `$2`, … bound to `ids` (ids are blobs on SQLite, so never spliced in).
fn statement(app: &TestApp, sql: &str, ids: &[&str]) -> Statement {
    let backend = app.db.get_database_backend();
    let sql = if backend == DbBackend::Postgres { sql.to_owned() } else { sql.replace('$', "?") };
    let values: Vec<Value> = ids.iter().map(|id| id.parse::<Uuid>().expect("a uuid").into()).collect();
    Statement::from_sql_and_values(backend, sql, values)
}

/// The number `n` that `sql` selects.
pub async fn number(app: &TestApp, sql: &str, ids: &[&str]) -> i64 {
    let row = app.db.query_one_raw(statement(app, sql, ids)).await.expect(sql).expect("a row");
    row.try_get::<i64>("", "n").or_else(|_| row.try_get::<i32>("", "n").map(i64::from)).expect("n")
}

/// The texts `t` that `sql` selects.
pub async fn texts(app: &TestApp, sql: &str, ids: &[&str]) -> Vec<String> {
    let rows = app.db.query_all_raw(statement(app, sql, ids)).await.expect(sql);
    rows.iter().map(|r| r.try_get::<String>("", "t").expect("t")).collect()
}

/// Runs a write; its rows affected.
pub async fn write(app: &TestApp, sql: &str, ids: &[&str]) -> u64 {
    app.db.execute_raw(statement(app, sql, ids)).await.expect(sql).rows_affected()
}

/// An open call with the report threshold `threshold`, and a proposal by `author` in it.
async fn proposal_with_threshold(app: &TestApp, author: &User, threshold: u32) -> (Call, String) {
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "report_threshold": threshold })).await;
    let p = author.submit(&call).await.id;
    (call, p)
}

async fn auto_hides(app: &TestApp, target: &str) -> i64 {
    let sql = "SELECT COUNT(*) AS n FROM moderation_log WHERE action = 'auto_hide' AND target_id = $1";
    number(app, sql, &[target]).await
}

async fn hidden_notices(app: &TestApp, user: &User) -> Vec<String> {
    let sql = "SELECT data AS t FROM notifications WHERE kind = 'content_hidden' AND user_id = $1";
    texts(app, sql, &[&user.user_id.to_string()]).await
}

async fn comment_visibility(app: &TestApp, comment: &str) -> String {
    texts(app, "SELECT visibility AS t FROM comments WHERE id = $1", &[comment]).await.remove(0)
}

#[apply(both_dbs)]
async fn a_participant_reports_a_proposal_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, p) = proposal_with_threshold(&app, &alice, 3).await;

    let body = json!({ "reason": "personal_data", "note": "  Puhelinnumero näkyy.  " });
    let report = report_proposal_with(&bob, &p, body).await.created::<serde_json::Value>();
    assert_eq!(report["target"], json!({ "kind": "proposal", "id": p }));
    assert_eq!(report["reason"], "personal_data");
    assert_eq!(report["note"], "Puhelinnumero näkyy.", "the note is trimmed");
    assert_eq!(report["status"], "open");
    assert!(report["id"].is_string() && report["created_at"].is_string());
    assert!(report.get("reporter").is_none(), "the report names nobody");

    report_proposal(&bob, &p).await.refused(StatusCode::CONFLICT, "already_reported");
    let sql = "SELECT open_reports AS n FROM proposals WHERE id = $1";
    assert_eq!(number(&app, sql, &[&p]).await, 1, "the refused report is not counted");
    assert_eq!(alice.proposal(&p).await.visibility, "visible");
}

#[apply(both_dbs)]
async fn a_comment_is_reported_once_and_a_blank_note_is_none(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, p) = proposal_with_threshold(&app, &alice, 3).await;
    let c = alice.comment(&p, "Soita minulle: 040 123 4567").await.id;

    let res = report_comment_with(&bob, &c, json!({ "reason": "personal_data", "note": "   " })).await;
    let report = res.created::<serde_json::Value>();
    assert_eq!(report["target"], json!({ "kind": "comment", "id": c }));
    assert_eq!(report["note"], serde_json::Value::Null);
    report_comment(&bob, &c).await.refused(StatusCode::CONFLICT, "already_reported");
}

#[apply(both_dbs)]
async fn nobody_reports_their_own_content(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let (_, p) = proposal_with_threshold(&app, &alice, 3).await;
    let c = alice.comment(&p, "Oma kommentti").await.id;

    report_proposal(&alice, &p).await.refused(StatusCode::FORBIDDEN, "own_content");
    report_comment(&alice, &c).await.refused(StatusCode::FORBIDDEN, "own_content");
    let sql = "SELECT COUNT(*) AS n FROM reports";
    assert_eq!(number(&app, sql, &[]).await, 0);
}

#[apply(both_dbs)]
async fn hidden_and_deleted_content_cannot_be_reported(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let [bob, carol, dave]: [User; 3] = participants(&app, "r", 3).await.try_into().unwrap();
    let (_, p) = proposal_with_threshold(&app, &alice, 1).await;
    let hidden_comment = alice.comment(&p, "Piilotettava").await.id;
    let deleted = alice.comment(&p, "Poistettava").await.id;
    alice.delete(&format!("/api/v1/comments/{deleted}")).await.expect(StatusCode::NO_CONTENT);

    report_comment(&bob, &hidden_comment).await.expect(StatusCode::CREATED);
    assert_eq!(comment_visibility(&app, &hidden_comment).await, "hidden");
    report_comment(&carol, &hidden_comment).await.refused(StatusCode::CONFLICT, "content_not_visible");
    report_comment(&carol, &deleted).await.refused(StatusCode::CONFLICT, "comment_deleted");

    report_proposal(&bob, &p).await.expect(StatusCode::CREATED);
    assert_eq!(app.anon().proposal(&p).await.visibility, "hidden");
    // A hidden proposal shows to others as a tombstone: there, but not reportable.
    report_proposal(&carol, &p).await.refused(StatusCode::CONFLICT, "content_not_visible");
    // Its comments cannot be read by others any more.
    report_comment(&dave, &deleted).await.refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn visitors_cannot_report_and_unseen_content_is_not_found(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.call_with(json!({ "report_threshold": 3 })).await;
    let p = alice.submit(&call).await.id;
    let c = alice.comment(&p, "Kommentti").await.id;

    for res in [report_proposal(&app.anon(), &p).await, report_comment(&app.anon(), &c).await] {
        res.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    let nobody = Uuid::now_v7().to_string();
    report_proposal(&bob, &nobody).await.refused(StatusCode::NOT_FOUND, "not_found");
    report_comment(&bob, &nobody).await.refused(StatusCode::NOT_FOUND, "not_found");

    // A pending proposal is for its author and the moderators only.
    let pre = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    let pending = alice.submit(&pre).await.id;
    report_proposal(&bob, &pending).await.refused(StatusCode::NOT_FOUND, "not_found");
    // A moderator sees it, but it is not for reporting: it waits for a decision anyway.
    report_proposal(&admin, &pending).await.refused(StatusCode::CONFLICT, "content_not_visible");

    // A blocked account reports nothing.
    let res = admin.patch(&format!("/api/v1/users/{}", bob.user_id), &json!({ "blocked": true })).await;
    res.expect(StatusCode::OK);
    report_proposal(&bob, &p).await.refused(StatusCode::FORBIDDEN, "account_blocked");
}

#[apply(both_dbs)]
async fn a_report_is_validated(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let (_, p) = proposal_with_threshold(&app, &alice, 3).await;

    let too_long = "a".repeat(1001);
    for body in [
        json!({ "reason": "rude" }),
        json!({}),
        json!({ "reason": "spam", "note": too_long }),
        json!({ "reason": "spam", "extra": true }),
    ] {
        let res = report_proposal_with(&bob, &p, body.clone()).await;
        assert!(
            matches!(res.status(), StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST),
            "{body}: {}",
            res.text()
        );
        res.problem();
    }
    let res = report_proposal_with(&bob, &p, json!({ "reason": "spam", "note": "a".repeat(1000) })).await;
    res.expect(StatusCode::CREATED);
}

#[apply(both_dbs)]
async fn reaching_the_threshold_hides_the_proposal_and_tells_its_author_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let reporters = participants(&app, "r", 3).await;
    let (_, p) = proposal_with_threshold(&app, &alice, 3).await;

    report_proposal_with(&reporters[0], &p, json!({ "reason": "offensive" }))
        .await
        .expect(StatusCode::CREATED);
    report_proposal_with(&reporters[1], &p, json!({ "reason": "spam" })).await.expect(StatusCode::CREATED);
    assert_eq!(app.anon().proposal(&p).await.visibility, "visible", "two of three");
    assert!(hidden_notices(&app, &alice).await.is_empty());

    report_proposal_with(&reporters[2], &p, json!({ "reason": "offensive" }))
        .await
        .expect(StatusCode::CREATED);
    let tombstone = app.anon().proposal(&p).await;
    assert_eq!(tombstone.visibility, "hidden");
    assert_eq!(tombstone.idea, "", "others get the tombstone");
    assert!(!alice.proposal(&p).await.idea.is_empty(), "its author reads it still");

    assert_eq!(auto_hides(&app, &p).await, 1);
    let sql = "SELECT category AS t FROM moderation_log WHERE target_id = $1";
    assert_eq!(texts(&app, sql, &[&p]).await, ["offensive"], "the commonest reason");
    let sql = "SELECT COUNT(*) AS n FROM moderation_log WHERE target_id = $1 AND actor_id IS NULL AND reason IS NULL";
    assert_eq!(number(&app, sql, &[&p]).await, 1, "no actor, no reason");
    let sql = "SELECT moderation_category AS t FROM proposals WHERE id = $1";
    assert_eq!(texts(&app, sql, &[&p]).await, ["offensive"]);

    let notices = hidden_notices(&app, &alice).await;
    assert_eq!(notices.len(), 1);
    let data: serde_json::Value = serde_json::from_str(&notices[0]).unwrap();
    let action_id: Uuid = data["action_id"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        data,
        json!({ "action_id": action_id, "action": "auto_hide", "category": "offensive", "reason": null, "outcome": null })
    );
    let sql = "SELECT COUNT(*) AS n FROM moderation_log WHERE id = $1";
    assert_eq!(number(&app, sql, &[&action_id.to_string()]).await, 1, "the notification names the entry");
    let listed: serde_json::Value = alice.get("/api/v1/notifications").await.ok();
    assert_eq!(listed["items"][0]["kind"], "content_hidden");
    assert_eq!(listed["items"][0]["proposal_id"], json!(p));
    assert_eq!(listed["items"][0]["actor"], serde_json::Value::Null);
}

#[apply(both_dbs)]
async fn reaching_the_threshold_hides_a_comment(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let reporters = participants(&app, "r", 2).await;
    let (_, p) = proposal_with_threshold(&app, &alice, 2).await;
    let c = bob.comment(&p, "Asiaton kommentti").await.id;

    report_comment(&reporters[0], &c).await.expect(StatusCode::CREATED);
    assert_eq!(comment_visibility(&app, &c).await, "visible");
    report_comment(&reporters[1], &c).await.expect(StatusCode::CREATED);
    assert_eq!(comment_visibility(&app, &c).await, "hidden");
    assert_eq!(auto_hides(&app, &c).await, 1);
    assert_eq!(app.anon().proposal(&p).await.visibility, "visible", "the proposal stays");

    let notices = hidden_notices(&app, &bob).await;
    assert_eq!(notices.len(), 1, "the comment's author is told");
    assert!(hidden_notices(&app, &alice).await.is_empty(), "not the proposal's");
    let sql = "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'content_hidden' AND comment_id = $1";
    assert_eq!(number(&app, sql, &[&c]).await, 1);
}

/// Twelve users report at once where three hide: the item is hidden once, logged once and
/// its author told once; the reports after the hide find it hidden.
#[apply(both_dbs)]
async fn parallel_reports_hide_exactly_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let reporters = participants(&app, "r", 12).await;
    let (call, p) = proposal_with_threshold(&app, &alice, 3).await;
    // On another proposal: once the first is hidden, others may not read its comments.
    let other = alice.submit(&call).await.id;
    let c = bob.comment(&other, "Kiistelty kommentti").await.id;

    let on_proposal = reporters.iter().map(|r| report_proposal(r, &p));
    let on_comment = reporters.iter().map(|r| report_comment(r, &c));
    let (proposal_answers, comment_answers) = tokio::join!(join_all(on_proposal), join_all(on_comment));

    for (target, answers) in [(&p, proposal_answers), (&c, comment_answers)] {
        let mut created = 0;
        for res in answers {
            if res.status() == StatusCode::CREATED {
                created += 1;
            } else {
                res.refused(StatusCode::CONFLICT, "content_not_visible");
            }
        }
        assert_eq!(created, 3, "reports taken until the item was hidden");
        assert_eq!(auto_hides(&app, target).await, 1, "one auto_hide entry");
        let sql = "SELECT COUNT(*) AS n FROM reports WHERE target_id = $1";
        assert_eq!(number(&app, sql, &[target]).await, 3);
    }
    assert_eq!(app.anon().proposal(&p).await.visibility, "hidden");
    assert_eq!(comment_visibility(&app, &c).await, "hidden");
    let sql = "SELECT open_reports AS n FROM proposals WHERE id = $1";
    assert_eq!(number(&app, sql, &[&p]).await, 3);
    let sql = "SELECT open_reports AS n FROM comments WHERE id = $1";
    assert_eq!(number(&app, sql, &[&c]).await, 3);
    assert_eq!(hidden_notices(&app, &alice).await.len(), 1);
    assert_eq!(hidden_notices(&app, &bob).await.len(), 1);
}

/// A restore (written here as the moderators' action writes it) dismisses the open reports:
/// they never count again, and their reporters cannot report the item a second time.
#[apply(both_dbs)]
async fn dismissed_reports_do_not_count_again(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let reporters = participants(&app, "r", 5).await;
    let (_, p) = proposal_with_threshold(&app, &alice, 2).await;
    for r in &reporters[..2] {
        report_proposal(r, &p).await.expect(StatusCode::CREATED);
    }
    assert_eq!(app.anon().proposal(&p).await.visibility, "hidden");

    write(
        &app,
        "UPDATE proposals SET visibility = 'visible', open_reports = 0, queued_at = NULL, \
         moderation_category = NULL WHERE id = $1",
        &[&p],
    )
    .await;
    write(&app, "UPDATE reports SET status = 'dismissed' WHERE target_id = $1", &[&p]).await;

    report_proposal(&reporters[0], &p).await.refused(StatusCode::CONFLICT, "already_reported");
    report_proposal(&reporters[2], &p).await.expect(StatusCode::CREATED);
    assert_eq!(app.anon().proposal(&p).await.visibility, "visible", "one open report of two");
    let sql = "SELECT open_reports AS n FROM proposals WHERE id = $1";
    assert_eq!(number(&app, sql, &[&p]).await, 1);
    let sql = "SELECT COUNT(*) AS n FROM proposals WHERE id = $1 AND queued_at IS NOT NULL";
    assert_eq!(number(&app, sql, &[&p]).await, 1, "back in the queue");

    report_proposal(&reporters[3], &p).await.expect(StatusCode::CREATED);
    assert_eq!(app.anon().proposal(&p).await.visibility, "hidden", "two new reports");
    assert_eq!(auto_hides(&app, &p).await, 2);
    assert_eq!(hidden_notices(&app, &alice).await.len(), 2);
}
