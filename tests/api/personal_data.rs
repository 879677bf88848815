//! Personal data: `GET /me/export` holds the user's own data and nobody else's; `DELETE /me`
//! and `DELETE /users/{id}` erase an account so that no row anywhere names the person, while
//! their proposals, comments and thumbs stay (by a deleted user).

use chrono::Utc;
use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use serde_json::json;
use uuid::Uuid;

use crate::util::views::{Call, Page, Proposal, UserAdmin};
use crate::util::{Db, PASSWORD, Response, TestApp, User, both_dbs};

/// Runs `sql` with `$1`, `$2`, … bound to `values` (ids are blobs on SQLite: never spliced in).
fn statement(app: &TestApp, sql: &str, values: Vec<Value>) -> Statement {
    let backend = app.db.get_database_backend();
    let mut sql = sql.to_owned();
    if backend == DbBackend::Sqlite {
        for n in (1..=values.len()).rev() {
            sql = sql.replace(&format!("${n}"), &format!("?{n}"));
        }
    }
    Statement::from_sql_and_values(backend, sql, values)
}

async fn exec(app: &TestApp, sql: &str, values: Vec<Value>) {
    app.db.execute_raw(statement(app, sql, values)).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The first column of the one row `sql` answers, as a number.
async fn number(app: &TestApp, sql: &str, values: Vec<Value>) -> i64 {
    let row =
        app.db.query_one_raw(statement(app, sql, values)).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    row.expect("a row").try_get_by_index::<i64>(0).expect("a number")
}

/// The first column of the one row `sql` answers, as an optional text.
async fn text(app: &TestApp, sql: &str, values: Vec<Value>) -> Option<String> {
    let row =
        app.db.query_one_raw(statement(app, sql, values)).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    row.expect("a row").try_get_by_index::<Option<String>>(0).expect("a text")
}

fn id(s: &str) -> Value {
    s.parse::<Uuid>().expect("a uuid").into()
}

/// Every `table.column` of the database whose text holds `needle` (any case), in any row.
async fn places_holding(app: &TestApp, needle: &str) -> Vec<String> {
    let columns: Vec<(String, String)> = match app.db.get_database_backend() {
        DbBackend::Postgres => app
            .db
            .query_all_raw(statement(
                app,
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema()",
                vec![],
            ))
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.try_get_by_index(0).unwrap(), r.try_get_by_index(1).unwrap()))
            .collect(),
        _ => {
            let tables = app
                .db
                .query_all_raw(statement(
                    app,
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                    vec![],
                ))
                .await
                .unwrap();
            let mut columns = Vec::new();
            for t in tables {
                let table: String = t.try_get_by_index(0).unwrap();
                let cols = app
                    .db
                    .query_all_raw(statement(
                        app,
                        "SELECT name FROM pragma_table_info($1)",
                        vec![table.clone().into()],
                    ))
                    .await
                    .unwrap();
                columns.extend(cols.into_iter().map(|c| (table.clone(), c.try_get_by_index(0).unwrap())));
            }
            columns
        }
    };
    assert!(columns.len() > 50, "the schema's columns are found: {columns:?}");
    let pattern = format!("%{}%", needle.to_lowercase());
    let mut found = Vec::new();
    for (table, column) in columns {
        let sql = format!(r#"SELECT COUNT(*) FROM "{table}" WHERE LOWER(CAST("{column}" AS TEXT)) LIKE $1"#);
        if number(app, &sql, vec![pattern.clone().into()]).await > 0 {
            found.push(format!("{table}.{column}"));
        }
    }
    found
}

/// `DELETE` with a JSON body, answering as it does.
async fn delete_with(user: &User, path: &str, body: serde_json::Value) -> Response {
    user.request(Method::DELETE, path).json(&body).send().await
}

async fn delete_me(user: &User, password: &str) -> Response {
    delete_with(user, "/api/v1/me", json!({ "password": password })).await
}

async fn erase(admin: &User, user: Uuid, reason: &str) -> Response {
    delete_with(admin, &format!("/api/v1/users/{user}"), json!({ "reason": reason })).await
}

async fn export(user: &User) -> serde_json::Value {
    user.get("/api/v1/me/export").await.ok()
}

/// Stores a report by `reporter` on a proposal (or, with `comment`, on one of its comments).
async fn seed_report(
    app: &TestApp,
    reporter: &User,
    call: &Call,
    proposal: &str,
    comment: Option<&str>,
    note: &str,
) {
    let (kind, target) = match comment {
        Some(c) => ("comment", c),
        None => ("proposal", proposal),
    };
    exec(
        app,
        "INSERT INTO reports (id, target_kind, target_id, call_id, proposal_id, comment_id, reporter_id, \
         reason, note, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'spam', $8, 'open', $9)",
        vec![
            Uuid::now_v7().into(),
            kind.into(),
            id(target),
            id(&call.id),
            id(proposal),
            comment.map(|c| c.parse::<Uuid>().unwrap()).into(),
            reporter.user_id.into(),
            note.into(),
            Utc::now().into(),
        ],
    )
    .await;
}

/// Stores a moderator's hiding of `appellant`'s proposal and `appellant`'s appeal of it.
async fn seed_appeal(app: &TestApp, appellant: &User, call: &Call, proposal: &str, text: &str) {
    let action = Uuid::now_v7();
    exec(
        app,
        "INSERT INTO moderation_log (id, action, actor_id, target_kind, target_id, call_id, proposal_id, \
         category, reason, data, created_at) VALUES ($1, 'hide', NULL, 'proposal', $2, $3, $4, 'spam', \
         'Mainos', '{}', $5)",
        vec![action.into(), id(proposal), id(&call.id), id(proposal), Utc::now().into()],
    )
    .await;
    exec(
        app,
        "INSERT INTO appeals (id, action_id, target_kind, target_id, call_id, proposal_id, appellant_id, \
         text, created_at) VALUES ($1, $2, 'proposal', $3, $4, $5, $6, $7, $8)",
        vec![
            Uuid::now_v7().into(),
            action.into(),
            id(proposal),
            id(&call.id),
            id(proposal),
            appellant.user_id.into(),
            text.into(),
            Utc::now().into(),
        ],
    )
    .await;
}

/// A person's data of every kind: a proposal (edited once: two revisions), a comment and a
/// reply on `other`'s proposal, a thumb on it, a report on it, an appeal, and a notification
/// (`other` comments on their proposal). Returns their proposal's id.
async fn seed_person(
    app: &TestApp,
    call: &Call,
    me: &User,
    other: &User,
    other_proposal: &str,
    tag: &str,
) -> String {
    let mine = me
        .submit_with(
            call,
            json!({
                "title": format!("{tag} ehdotus"),
                "summary": format!("{tag} tiivistelmä"),
                "challenge": format!("{tag} haaste"),
                "idea": format!("{tag} idea"),
            }),
        )
        .await
        .created::<Proposal>()
        .id;
    let edited = me
        .patch(&format!("/api/v1/proposals/{mine}"), &json!({ "idea": format!("{tag} parempi idea") }))
        .await;
    assert_eq!(edited.status(), StatusCode::OK, "{}", edited.text());
    let comment = me.comment(other_proposal, &format!("{tag} kommentti")).await;
    me.reply(other_proposal, &comment.id, &format!("{tag} vastaus")).await;
    assert_eq!(me.thumb(other_proposal).await.status(), StatusCode::OK);
    seed_report(app, me, call, other_proposal, None, &format!("{tag} ilmoitus")).await;
    seed_appeal(app, me, call, &mine, &format!("{tag} valitus")).await;
    other.comment(&mine, &format!("Vieras kommentoi: {tag}")).await;
    mine
}

/// A proposal by `author` with its own texts; returns its id.
async fn first_proposal(author: &User, call: &Call, tag: &str) -> String {
    let body = json!({
        "title": format!("{tag} alku"),
        "summary": format!("{tag} alkuteksti"),
        "challenge": format!("{tag} alkuhaaste"),
        "idea": format!("{tag} alkuidea"),
    });
    author.submit_with(call, body).await.created::<Proposal>().id
}

/// Every text and id in `export` that belongs to its owner alone (proposal ids are left
/// out: another's thumbs and comments name them).
fn own_values(export: &serde_json::Value) -> Vec<String> {
    let mut values = Vec::new();
    let profile = &export["profile"];
    for key in ["id", "email", "display_name"] {
        values.push(profile[key].as_str().unwrap().to_owned());
    }
    for p in export["proposals"].as_array().unwrap() {
        for key in ["title", "summary", "challenge", "idea"] {
            values.push(p[key].as_str().unwrap().to_owned());
        }
    }
    for (list, keys) in [
        ("comments", &["id", "body"][..]),
        ("reports", &["id", "note"]),
        ("appeals", &["id", "text", "action_id"]),
        ("notifications", &["id"]),
        ("sessions", &["id"]),
    ] {
        let items = export[list].as_array().unwrap();
        assert!(!items.is_empty(), "{list} seeded");
        for item in items {
            for key in keys {
                values.push(item[key].as_str().unwrap().to_owned());
            }
        }
    }
    values
}

#[apply(both_dbs)]
async fn the_export_holds_the_users_own_data_and_nobody_elses(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let aino = app.participant("aino").await;
    let bertta = app.participant("bertta").await;
    // Each has a proposal the other acts on.
    let aino_first = first_proposal(&aino, &call, "Ainon").await;
    let bertta_first = first_proposal(&bertta, &call, "Bertan").await;
    let aino_second = seed_person(&app, &call, &aino, &bertta, &bertta_first, "Ainon").await;
    seed_person(&app, &call, &bertta, &aino, &aino_first, "Bertan").await;

    let res = aino.get("/api/v1/me/export").await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text());
    assert!(res.content_type().starts_with("application/json"), "{}", res.content_type());
    let today = Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(
        res.header("content-disposition"),
        Some(format!("attachment; filename=\"siilo-{today}.json\"").as_str())
    );
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let mine: serde_json::Value = res.json();

    assert_eq!(mine["profile"]["email"], "aino@vm.fi");
    assert_eq!(mine["profile"]["display_name"], "aino");
    assert_eq!(mine["profile"]["roles"], json!(["participant"]));
    let proposals = mine["proposals"].as_array().unwrap();
    let ids: Vec<&str> = proposals.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [aino_first.as_str(), aino_second.as_str()], "own proposals, oldest first");
    let revisions = proposals[1]["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 2, "submitted and edited: {revisions:?}");
    assert_eq!(revisions[0]["revision"], 1);
    assert_eq!(revisions[1]["idea"], "Ainon parempi idea");
    let bodies: Vec<&str> =
        mine["comments"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    // Her own comment on Bertta's proposal, not Bertta's comment on hers.
    assert_eq!(bodies, ["Ainon kommentti", "Ainon vastaus", "Vieras kommentoi: Bertan"]);
    assert_eq!(mine["comments"][1]["visibility"], "visible");
    assert_eq!(
        mine["thumbs"],
        json!([{ "proposal_id": bertta_first, "created_at": mine["thumbs"][0]["created_at"] }])
    );
    assert_eq!(mine["reports"][0]["note"], "Ainon ilmoitus");
    assert_eq!(mine["reports"][0]["target"], json!({ "kind": "proposal", "id": bertta_first }));
    assert_eq!(mine["reports"][0]["status"], "open");
    assert_eq!(mine["appeals"][0]["text"], "Ainon valitus");
    assert_eq!(mine["appeals"][0]["status"], "open");
    let kinds: Vec<&str> =
        mine["notifications"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    // Bertta's comment, reply and comment on Aino's two proposals.
    assert_eq!(kinds, ["comment_on_proposal"; 3]);
    let sessions = mine["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0]["expires_at"].is_string() && sessions[0]["revoked_at"].is_null());

    // Nothing of Bertta's: her id, email, name, texts, or the ids of what is hers alone.
    let theirs = export(&bertta).await;
    let text = mine.to_string();
    for value in own_values(&theirs) {
        assert!(!text.contains(&value), "Aino's export holds Bertta's {value:?}: {text}");
    }
    // And the reverse.
    let text = theirs.to_string();
    for value in own_values(&mine) {
        assert!(!text.contains(&value), "Bertta's export holds Aino's {value:?}: {text}");
    }
}

#[apply(both_dbs)]
async fn an_export_needs_a_signed_in_user(db: Db) {
    let app = TestApp::spawn(db).await;
    app.anon().get("/api/v1/me/export").await.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[apply(both_dbs)]
async fn deleting_my_account_leaves_nothing_personal_behind(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let email = "aino.poistuva@vm.fi";
    let name = "Aino Poistuva";
    let aino = app.register(email, name).await;
    let bertta = app.participant("bertta").await;
    let bertta_first = bertta.submit(&call).await.id;
    let aino_first = aino.submit(&call).await.id;
    seed_person(&app, &call, &aino, &bertta, &bertta_first, "Ainon").await;
    assert_eq!(bertta.thumb(&aino_first).await.status(), StatusCode::OK);
    // A role, a second session, and a failed login for the address (a throttle row).
    exec(&app, "INSERT INTO user_roles (user_id, role) VALUES ($1, 'moderator')", vec![aino.user_id.into()])
        .await;
    let other_session = app.login(email, PASSWORD).await;
    let wrong =
        app.anon().post("/api/v1/auth/login", &json!({ "email": email, "password": "väärä salasana" })).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM login_throttles WHERE email = $1", vec![email.into()]).await,
        1
    );
    let old_hash =
        text(&app, "SELECT password_hash FROM users WHERE id = $1", vec![aino.user_id.into()]).await;
    let thumbs_before = app.anon().proposal(&bertta_first).await.thumb_count;
    assert_eq!(thumbs_before, 1);

    let res = delete_me(&aino, PASSWORD).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "{}", res.text());

    // Nothing anywhere holds the address, the name or the hash.
    for needle in [email, name, old_hash.as_deref().unwrap()] {
        assert_eq!(places_holding(&app, needle).await, Vec::<String>::new(), "{needle} is left");
    }
    let user = aino.user_id;
    let row = |col: &str| format!("SELECT {col} FROM users WHERE id = $1");
    assert_eq!(text(&app, &row("password_hash"), vec![user.into()]).await.as_deref(), Some(""));
    assert_eq!(text(&app, &row("display_name"), vec![user.into()]).await.as_deref(), Some(""));
    assert_eq!(text(&app, &row("search_text"), vec![user.into()]).await.as_deref(), Some(""));
    assert_eq!(
        text(&app, &row("email"), vec![user.into()]).await,
        Some(format!("erased-{}@erased.invalid", user.simple()))
    );
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM users WHERE id = $1 AND erased_at IS NOT NULL", vec![user.into()])
            .await,
        1
    );
    assert_eq!(
        number(
            &app,
            "SELECT COUNT(*) FROM users WHERE id = $1 AND organisation_id IS NULL",
            vec![user.into()]
        )
        .await,
        1
    );
    for table in ["sessions", "notifications", "user_roles"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE user_id = $1");
        assert_eq!(number(&app, &sql, vec![user.into()]).await, 0, "{table} rows are left");
    }
    let tokens =
        "SELECT COUNT(*) FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE s.user_id = $1";
    assert_eq!(number(&app, tokens, vec![user.into()]).await, 0);
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM refresh_tokens", vec![]).await,
        2,
        "the others' tokens stay"
    );
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM login_throttles WHERE email = $1", vec![email.into()]).await,
        0
    );
    assert_eq!(
        number(
            &app,
            "SELECT COUNT(*) FROM reports WHERE reporter_id = $1 AND note IS NULL",
            vec![user.into()]
        )
        .await,
        1
    );
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM appeals WHERE appellant_id = $1 AND text = ''", vec![user.into()])
            .await,
        1
    );
    let log = "SELECT COUNT(*) FROM moderation_log WHERE action = 'account_erased' AND actor_id = $1 \
               AND target_kind = 'user' AND target_id = $1 AND reason IS NULL";
    assert_eq!(number(&app, log, vec![user.into()]).await, 1);

    // The content stays, by a deleted user; the thumbs stay counted.
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM proposals WHERE author_id = $1", vec![user.into()]).await,
        2
    );
    assert_eq!(
        number(&app, "SELECT COUNT(*) FROM comments WHERE author_id = $1", vec![user.into()]).await,
        2
    );
    assert_eq!(number(&app, "SELECT COUNT(*) FROM thumbs WHERE user_id = $1", vec![user.into()]).await, 1);
    let visitor = app.anon();
    let p = visitor.proposal(&aino_first).await;
    assert!(p.author.erased, "{p:?}");
    assert_eq!(p.author.display_name, "");
    assert!(p.author.organisation.is_none());
    assert_eq!(p.thumb_count, 1);
    assert_eq!(visitor.proposal(&bertta_first).await.thumb_count, thumbs_before);
    let threads: Page<serde_json::Value> =
        visitor.get(&format!("/api/v1/proposals/{bertta_first}/comments")).await.ok();
    let thread = &threads.items[0];
    assert_eq!(thread["author"], json!({ "id": user, "display_name": "", "erased": true }));
    assert_eq!(thread["body"], "Ainon kommentti");
    assert_eq!(thread["replies"][0]["author"]["erased"], true);
    let list = visitor.proposals(&call, "sort=newest").await;
    assert!(
        list.items
            .iter()
            .filter(|p| p.author.id == user)
            .all(|p| p.author.erased && p.author.display_name.is_empty())
    );
    let other = visitor.proposal(&bertta_first).await;
    assert!(!other.author.erased);
    assert_eq!(other.author.display_name, "bertta");

    // Both sessions ended at once.
    aino.get("/api/v1/me").await.refused(StatusCode::UNAUTHORIZED, "session_ended");
    other_session.get("/api/v1/me").await.refused(StatusCode::UNAUTHORIZED, "session_ended");
}

#[apply(both_dbs)]
async fn a_deleted_account_cannot_sign_in_and_its_address_can_register_again(db: Db) {
    let app = TestApp::spawn(db).await;
    let aino = app.participant("aino").await;
    assert_eq!(delete_me(&aino, PASSWORD).await.status(), StatusCode::NO_CONTENT);

    let login = |email: String, password: &'static str| {
        let anon = app.anon();
        async move { anon.post("/api/v1/auth/login", &json!({ "email": email, "password": password })).await }
    };
    login("aino@vm.fi".into(), PASSWORD).await.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    // The placeholder address with its empty hash fails closed, like an unknown one.
    let placeholder = format!("erased-{}@erased.invalid", aino.user_id.simple());
    login(placeholder.clone(), PASSWORD).await.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    login(placeholder, " ").await.refused(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let refresh =
        app.anon().post("/api/v1/auth/refresh", &json!({ "refresh_token": aino.refresh_token })).await;
    refresh.refused(StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    aino.get("/api/v1/me/export").await.refused(StatusCode::UNAUTHORIZED, "session_ended");

    let again = app.participant("aino").await;
    assert_ne!(again.user_id, aino.user_id);
    let me: serde_json::Value = again.get("/api/v1/me").await.ok();
    assert_eq!(me["email"], "aino@vm.fi");
    app.login("aino@vm.fi", PASSWORD).await;
}

#[apply(both_dbs)]
async fn deleting_my_account_needs_the_right_password(db: Db) {
    let app = TestApp::spawn(db).await;
    let aino = app.participant("aino").await;

    let p = delete_me(&aino, "väärä salasana").await.refused(StatusCode::FORBIDDEN, "wrong_password");
    assert_eq!(p.errors.first().map(|e| e.field.as_str()), Some("password"), "{p:?}");
    delete_with(&aino, "/api/v1/me", json!({}))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    delete_with(&aino, "/api/v1/me", json!({ "password": PASSWORD, "reason": "x" }))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    app.anon()
        .request(Method::DELETE, "/api/v1/me")
        .json(&json!({ "password": PASSWORD }))
        .send()
        .await
        .refused(StatusCode::UNAUTHORIZED, "unauthenticated");

    let me: serde_json::Value = aino.get("/api/v1/me").await.ok();
    assert_eq!(me["email"], "aino@vm.fi", "still there");
    app.login("aino@vm.fi", PASSWORD).await;
}

#[apply(both_dbs)]
async fn the_last_admin_cannot_leave_but_one_of_two_can(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    delete_me(&admin, PASSWORD).await.refused(StatusCode::CONFLICT, "last_admin");
    // Not through the admin route: one's own account is erased with the password.
    erase(&admin, admin.user_id, "Lähden").await.refused(StatusCode::CONFLICT, "self_lockout");

    let second = app.user_with_roles("toinen", &[siilo_domain::roles::Role::Admin]).await;
    // A blocked admin cannot act, so does not count.
    let path = format!("/api/v1/users/{}", second.user_id);
    assert_eq!(admin.patch(&path, &json!({ "blocked": true })).await.status(), StatusCode::OK);
    delete_me(&admin, PASSWORD).await.refused(StatusCode::CONFLICT, "last_admin");
    assert_eq!(admin.patch(&path, &json!({ "blocked": false })).await.status(), StatusCode::OK);
    let second = app.login("toinen@vm.fi", PASSWORD).await;
    // An admin leaving is fine while another admin remains.
    assert_eq!(delete_me(&admin, PASSWORD).await.status(), StatusCode::NO_CONTENT);
    admin.get("/api/v1/me").await.refused(StatusCode::UNAUTHORIZED, "session_ended");
    delete_me(&second, PASSWORD).await.refused(StatusCode::CONFLICT, "last_admin");
}

#[apply(both_dbs)]
async fn an_admin_erases_an_account_with_a_reason(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let aino = app.participant("aino").await;
    let reason = "Käyttäjä pyysi poistoa sähköpostitse";

    let res = erase(&admin, aino.user_id, &format!("  {reason} ")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "{}", res.text());
    aino.get("/api/v1/me").await.refused(StatusCode::UNAUTHORIZED, "session_ended");
    let log = "SELECT reason FROM moderation_log WHERE action = 'account_erased' AND actor_id = $1 \
               AND target_kind = 'user' AND target_id = $2";
    assert_eq!(
        text(&app, log, vec![admin.user_id.into(), aino.user_id.into()]).await.as_deref(),
        Some(reason)
    );
    assert_eq!(places_holding(&app, "aino@vm.fi").await, Vec::<String>::new());

    // The list shows the account as erased; the filter leaves it out or keeps it alone.
    let all: Page<UserAdmin> = admin.get("/api/v1/users").await.ok();
    let erased = all.items.iter().find(|u| u.id == aino.user_id).expect("listed");
    assert!(erased.erased_at.is_some() && erased.display_name.is_empty() && erased.roles == ["participant"]);
    assert!(all.items.iter().filter(|u| u.id != aino.user_id).all(|u| u.erased_at.is_none()));
    let live: Page<UserAdmin> = admin.get("/api/v1/users?erased=false").await.ok();
    assert!(live.items.iter().all(|u| u.id != aino.user_id));
    let only: Page<UserAdmin> = admin.get("/api/v1/users?erased=true").await.ok();
    assert_eq!(only.items.iter().map(|u| u.id).collect::<Vec<_>>(), [aino.user_id]);

    // Gone is gone: erasing again, or an unknown account, is a 404.
    erase(&admin, aino.user_id, reason).await.refused(StatusCode::NOT_FOUND, "not_found");
    erase(&admin, Uuid::now_v7(), reason).await.refused(StatusCode::NOT_FOUND, "not_found");
    // Nor can an erased account be given roles or blocked.
    admin
        .patch(&format!("/api/v1/users/{}", aino.user_id), &json!({ "roles": ["moderator"] }))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn erasing_an_account_needs_the_admin_role_and_a_reason(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let moderator = app.moderator("moderaattori").await;
    let aino = app.participant("aino").await;
    let bertta = app.participant("bertta").await;

    erase(&aino, bertta.user_id, "Kiusaa").await.refused(StatusCode::FORBIDDEN, "role_required");
    erase(&moderator, bertta.user_id, "Kiusaa").await.refused(StatusCode::FORBIDDEN, "role_required");
    let path = format!("/api/v1/users/{}", bertta.user_id);
    app.anon()
        .request(Method::DELETE, &path)
        .json(&json!({ "reason": "x" }))
        .send()
        .await
        .refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    for body in [
        json!({}),
        json!({ "reason": "" }),
        json!({ "reason": "   " }),
        json!({ "reason": "x".repeat(1001) }),
    ] {
        delete_with(&admin, &path, body).await.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }
    assert_eq!(number(&app, "SELECT COUNT(*) FROM users WHERE erased_at IS NOT NULL", vec![]).await, 0);
    let me: serde_json::Value = bertta.get("/api/v1/me").await.ok();
    assert_eq!(me["display_name"], "bertta");
}

#[apply(both_dbs)]
async fn two_admins_erasing_each_other_at_once_leave_one_admin(db: Db) {
    let app = TestApp::spawn(db).await;
    let first = app.admin().await;
    let second = app.user_with_roles("toinen", &[siilo_domain::roles::Role::Admin]).await;

    let (a, b) = tokio::join!(erase(&first, second.user_id, "Pois"), erase(&second, first.user_id, "Pois"));
    let statuses = [a.status(), b.status()];
    let erased = statuses.iter().filter(|s| **s == StatusCode::NO_CONTENT).count();
    assert_eq!(erased, 1, "{statuses:?}: {} {}", a.text(), b.text());
    for res in [&a, &b].into_iter().filter(|r| r.status() != StatusCode::NO_CONTENT) {
        // Refused by the rule, or already signed out by the other's erasure.
        let code = res.problem().code;
        assert!(["last_admin", "session_ended"].contains(&code.as_str()), "{}", res.text());
    }
    assert_eq!(number(&app, "SELECT COUNT(*) FROM user_roles WHERE role = 'admin'", vec![]).await, 1);
    assert_eq!(number(&app, "SELECT COUNT(*) FROM users WHERE erased_at IS NOT NULL", vec![]).await, 1);
}
