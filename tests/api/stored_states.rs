//! Stored states fail closed. The database refuses an enum-like column value that the domain
//! does not name (CHECK constraints on PostgreSQL, triggers on SQLite); and should one get in
//! anyway (here: written with the check dropped), reading it answers 500 `internal`, never a
//! permissive default that would show a hidden proposal or turn pre-moderation off.

use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use siilo_domain::accounts::Language;
use siilo_domain::calls::ModerationMode;
use siilo_domain::evaluation::{DecisionStage, Recommendation, ReviewStatus};
use siilo_domain::moderation::{ContentKind, ReportReason, ReportStatus};
use siilo_domain::notifications::NotificationKind;
use siilo_domain::pilots::PilotStatus;
use siilo_domain::proposals::{Stage, Visibility};
use siilo_domain::roles::Role;
use strum::IntoEnumIterator;
use uuid::Uuid;

use crate::util::views::Proposal;
use crate::util::{Db, PASSWORD, Response, TestApp, User, both_dbs, hours_from_now};

const SECRET_TITLE: &str = "Salainen ehdotus piiloon";

/// Drops the database's check on `table.column` in this test's own database, as a hand-made
/// repair or another tool might write past it.
async fn drop_check(app: &TestApp, db: Db, table: &str, column: &str) {
    let name = format!("ck_{table}_{column}");
    let statements = match db {
        Db::Sqlite => {
            vec![format!(r#"DROP TRIGGER "{name}_insert""#), format!(r#"DROP TRIGGER "{name}_update""#)]
        }
        Db::Postgres => vec![format!(r#"ALTER TABLE "{table}" DROP CONSTRAINT "{name}""#)],
    };
    for sql in statements {
        app.db.execute_unprepared(&sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

async fn write(app: &TestApp, sql: &str) -> Result<u64, String> {
    app.db.execute_unprepared(sql).await.map(|r| r.rows_affected()).map_err(|e| e.to_string())
}

/// Runs `sql` with `$id` bound to `id` (ids are blobs on SQLite, so never spliced in).
async fn write_for(app: &TestApp, sql: &str, id: &str) -> Result<u64, String> {
    let backend = app.db.get_database_backend();
    let placeholder = if backend == sea_orm::DbBackend::Postgres { "$1" } else { "?" };
    let id: Uuid = id.parse().expect("a uuid");
    let stmt = Statement::from_sql_and_values(backend, sql.replace("$id", placeholder), [id.into()]);
    app.db.execute_raw(stmt).await.map(|r| r.rows_affected()).map_err(|e| e.to_string())
}

/// Asserts a 500 `internal` whose body says nothing of the secret proposal.
#[track_caller]
fn assert_internal(res: &Response, what: &str) {
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR, "{what}: {}", res.text());
    let text = res.text();
    assert!(!text.contains(SECRET_TITLE), "{what} reveals the proposal: {text}");
    let p = res.problem();
    assert_eq!(p.code, "internal", "{what}: {text}");
}

/// An admin, an open call and alice's proposal, with bob's comment on it (and so a
/// notification to alice): a row in every table with an enum-like column.
struct World {
    alice: User,
    bob: User,
    call_id: String,
    proposal_id: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    // Submitting and commenting must be created (201).
    let proposal_id =
        alice.submit_with(&call, json!({ "title": SECRET_TITLE })).await.created::<Proposal>().id;
    bob.comment(&proposal_id, "Hyvä!").await;
    World { alice, bob, call_id: call.id, proposal_id }
}

fn names<T: IntoEnumIterator + Into<&'static str>>() -> Vec<&'static str> {
    T::iter().map(Into::into).collect()
}

#[apply(both_dbs)]
async fn the_database_takes_every_domain_name_and_refuses_others(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    // A report, for the reports' columns.
    let report = json!({ "reason": "spam" });
    let res = w.bob.post(&format!("/api/v1/proposals/{}/reports", w.proposal_id), &report).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text());
    // A review (a draft with a recommendation), for the reviews' columns.
    let admin = app.login("admin@vm.fi", PASSWORD).await;
    let criteria =
        json!({ "criteria": [{ "name": { "fi": "K" }, "description": { "fi": "K" }, "weight": 1 }] });
    admin.put(&format!("/api/v1/calls/{}/criteria", w.call_id), &criteria).await.expect(StatusCode::OK);
    let eva = app.user_with_roles("eva", &[Role::Evaluator]).await;
    admin
        .put_empty(&format!("/api/v1/calls/{}/evaluators/{}", w.call_id, eva.user_id))
        .await
        .expect(StatusCode::CREATED);
    let review_phase = json!({
        "opens_at": hours_from_now(-72), "submissions_close_at": hours_from_now(-48), "voting_closes_at": hours_from_now(-1),
    });
    admin.patch(&format!("/api/v1/calls/{}", w.call_id), &review_phase).await.expect(StatusCode::OK);
    let draft = json!({ "scores": [], "recommendation": "maybe" });
    eva.put(&format!("/api/v1/proposals/{}/reviews/mine", w.proposal_id), &draft)
        .await
        .expect(StatusCode::OK);
    // A decision, for its stage (no route makes one in an open call).
    let decision = r#"INSERT INTO "decisions" ("proposal_id", "call_id", "stage", "decided_at") SELECT "id", "call_id", 'selected', "created_at" FROM "proposals" WHERE "id" = $id"#;
    assert_eq!(write_for(&app, decision, &w.proposal_id).await, Ok(1));
    // A pilot, for the pilots' columns: made from the proposal once selected in published
    // results (set here with SQL until the decisions work lands and publishes through the API).
    write_for(&app, "UPDATE proposals SET stage = 'selected' WHERE id = $id", &w.proposal_id).await.unwrap();
    write(&app, "UPDATE calls SET results_published_at = created_at").await.unwrap();
    let vm = admin.organisation_id("VM").await;
    let pilot = json!({ "proposal_ids": [w.proposal_id], "title": "Kokeilu", "goal": "Tavoite", "language": "fi",
                        "owner_organisation_id": vm, "contact_name": "Maija", "starts_on": "2027-02-01",
                        "status": "planned" });
    let res = admin.post("/api/v1/pilots", &pilot).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text());
    let columns: [(&str, &str, Vec<&str>); 17] = [
        ("users", "language", names::<Language>()),
        ("user_roles", "role", names::<Role>()),
        ("calls", "moderation_mode", names::<ModerationMode>()),
        ("proposals", "language", names::<Language>()),
        ("proposals", "visibility", names::<Visibility>()),
        ("proposals", "stage", names::<Stage>()),
        ("comments", "language", names::<Language>()),
        ("comments", "visibility", names::<Visibility>()),
        ("notifications", "kind", names::<NotificationKind>()),
        ("reports", "target_kind", names::<ContentKind>()),
        ("reports", "reason", names::<ReportReason>()),
        ("reports", "status", names::<ReportStatus>()),
        ("decisions", "stage", names::<DecisionStage>()),
        ("pilots", "status", names::<PilotStatus>()),
        ("pilots", "language", names::<Language>()),
        ("reviews", "status", names::<ReviewStatus>()),
        ("reviews", "recommendation", names::<Recommendation>()),
    ];
    for (table, column, allowed) in columns {
        // One row is enough; user_roles holds only the admin's grant.
        let row = format!(r#"(SELECT "{column}" FROM "{table}" LIMIT 1)"#);
        // Short enough for every column (PostgreSQL checks the length first).
        let bad = ["", "zz", &allowed[0].to_uppercase()].map(str::to_owned);
        for value in allowed {
            let sql = format!(r#"UPDATE "{table}" SET "{column}" = '{value}' WHERE "{column}" = {row}"#);
            assert!(write(&app, &sql).await.is_ok_and(|n| n >= 1), "{table}.{column} takes {value}");
        }
        for bad in bad {
            let sql = format!(r#"UPDATE "{table}" SET "{column}" = '{bad}' WHERE "{column}" = {row}"#);
            let err = write(&app, &sql).await.expect_err(&format!("{table}.{column} refuses {bad:?}"));
            assert!(err.contains(&format!("ck_{table}_{column}")), "{table}.{column}: {err}");
        }
    }
    // Inserts are checked too, not only updates.
    let insert = r#"INSERT INTO "user_roles" ("user_id", "role") VALUES ($id, 'root')"#;
    let err =
        write_for(&app, insert, &w.alice.user_id.to_string()).await.expect_err("a role outside the domain");
    assert!(err.contains("ck_user_roles_role"), "{err}");
}

#[apply(both_dbs)]
async fn an_unknown_proposal_visibility_is_an_internal_error_that_shows_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    drop_check(&app, db, "proposals", "visibility").await;
    // A hand-written hiding, spelt wrong.
    let sql = "UPDATE proposals SET visibility = 'secret' WHERE id = $id";
    assert_eq!(write_for(&app, sql, &w.proposal_id).await, Ok(1));

    let one = format!("/api/v1/proposals/{}", w.proposal_id);
    let list = format!("/api/v1/calls/{}/proposals", w.call_id);
    let anon = app.anon();
    assert_internal(&anon.get(&one).await, "the proposal to a visitor");
    assert_internal(&w.bob.get(&one).await, "the proposal to another user");
    assert_internal(&anon.get(&list).await, "the list to a visitor");
    assert_internal(&w.bob.get(&list).await, "the list to another user");
    assert_internal(&w.bob.thumb(&w.proposal_id).await, "a thumb");
    assert_internal(&w.alice.get("/api/v1/notifications").await, "alice's notifications");
}

#[apply(both_dbs)]
async fn an_unknown_stage_or_comment_visibility_is_an_internal_error(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    drop_check(&app, db, "proposals", "stage").await;
    drop_check(&app, db, "comments", "visibility").await;
    let sql = "UPDATE proposals SET stage = 'gone' WHERE id = $id";
    assert_eq!(write_for(&app, sql, &w.proposal_id).await, Ok(1));
    assert_eq!(write(&app, "UPDATE comments SET visibility = 'gone'").await, Ok(1));

    // Read as "submitted", the stage would let its author edit it again.
    let edit = w
        .alice
        .patch(&format!("/api/v1/proposals/{}", w.proposal_id), &json!({ "title": "Uusi otsikko" }))
        .await;
    assert_internal(&edit, "editing");
    assert_internal(
        &app.anon().get(&format!("/api/v1/proposals/{}/comments", w.proposal_id)).await,
        "comments",
    );
}

#[apply(both_dbs)]
async fn an_unknown_moderation_mode_is_an_internal_error_not_post_moderation(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    let alice = app.participant("alice").await;
    drop_check(&app, db, "calls", "moderation_mode").await;
    let sql = "UPDATE calls SET moderation_mode = 'PRE' WHERE id = $id";
    assert_eq!(write_for(&app, sql, &call.id).await, Ok(1));

    let anon = app.anon();
    assert_internal(&anon.get(&format!("/api/v1/calls/{}", call.id)).await, "the call");
    assert_internal(&anon.get("/api/v1/calls").await, "the call list");
    // Read as the default (post), the proposal would show at once, unmoderated.
    let res = alice.submit_with(&call, json!({ "title": SECRET_TITLE })).await;
    assert_internal(&res, "submitting");
    let count = app.db.query_one_raw(Statement::from_string(
        app.db.get_database_backend(),
        "SELECT COUNT(*) AS n FROM proposals",
    ));
    let n: i64 = count.await.expect("count").expect("a row").try_get("", "n").expect("n");
    assert_eq!(n, 0, "nothing was stored");
}

#[apply(both_dbs)]
async fn an_unknown_role_or_language_is_an_internal_error_not_dropped(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.user_with_roles("alice", &[Role::Moderator]).await;
    let bob = app.participant("bob").await;
    drop_check(&app, db, "user_roles", "role").await;
    drop_check(&app, db, "users", "language").await;
    let sql = "UPDATE user_roles SET role = 'superuser' WHERE user_id = $id";
    assert_eq!(write_for(&app, sql, &alice.user_id.to_string()).await, Ok(1));
    let sql = "UPDATE users SET language = 'de' WHERE id = $id";
    assert_eq!(write_for(&app, sql, &bob.user_id.to_string()).await, Ok(1));

    assert_internal(&alice.get("/api/v1/me").await, "alice, whose role is unknown");
    assert_internal(&bob.get("/api/v1/me").await, "bob, whose language is unknown");
    assert_eq!(app.anon().get("/api/v1/health").await.status(), StatusCode::OK, "the rest still works");
}

#[apply(both_dbs)]
async fn an_unknown_report_reason_is_an_internal_error_in_the_queue(db: Db) {
    let app = TestApp::spawn(db).await;
    let w = world(&app).await;
    let moderator = app.moderator("moderaattori").await;
    let res = w
        .bob
        .post(&format!("/api/v1/proposals/{}/reports", w.proposal_id), &json!({ "reason": "spam" }))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text());
    drop_check(&app, db, "reports", "reason").await;
    let sql = "UPDATE reports SET reason = 'boring' WHERE target_id = $id";
    assert_eq!(write_for(&app, sql, &w.proposal_id).await, Ok(1));

    assert_internal(&moderator.get("/api/v1/moderation/queue").await, "the queue");
    // Counting it towards a hide's category fails closed too, rather than reading it as `other`.
    let carol = app.participant("carol").await;
    let dave = app.participant("dave").await;
    let report = json!({ "reason": "offensive" });
    let url = format!("/api/v1/proposals/{}/reports", w.proposal_id);
    assert_eq!(carol.post(&url, &report).await.status(), StatusCode::CREATED, "two of three");
    assert_internal(&dave.post(&url, &report).await, "the report that reaches the threshold");
    assert_eq!(
        app.anon().get(&format!("/api/v1/proposals/{}", w.proposal_id)).await.status(),
        StatusCode::OK
    );
}
