//! Account administration: `GET /api/v1/users` and `PATCH /api/v1/users/{id}`, for admins.

use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};
use siilo_domain::roles::Role;
use uuid::Uuid;

use crate::helpers::{Db, PASSWORD, Session, TestApp, body, problem};
use crate::spawn;
use crate::util::both_dbs;

/// Registers `email` with the display name `name` and returns the new user's id.
async fn register(app: &TestApp, email: &str, name: &str) -> Uuid {
    let res = app.register_raw(json!({ "email": email, "password": PASSWORD, "display_name": name })).await;
    assert_eq!(res.status(), StatusCode::CREATED, "registering {email}");
    body(res).await["user"]["id"].as_str().and_then(|s| s.parse().ok()).expect("user.id")
}

/// One page of `GET /api/v1/users?<query>` as `admin`, which must succeed.
async fn users(app: &TestApp, admin: &Session, query: &str) -> Value {
    let res = app.get_as(admin, &format!("/api/v1/users?{query}")).await;
    assert_eq!(res.status(), StatusCode::OK, "listing users with {query:?}");
    body(res).await
}

fn emails(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|u| u["email"].as_str().expect("email").to_owned())
        .collect()
}

async fn patch_user(app: &TestApp, admin: &Session, id: Uuid, change: Value) -> reqwest::Response {
    app.send_as(admin, Method::PATCH, &format!("/api/v1/users/{id}"), change).await
}

#[apply(both_dbs)]
async fn a_participant_may_neither_list_nor_change_users(db: Db) {
    let app = spawn!(db);
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;

    let list = app.get_as(&alice, "/api/v1/users").await;
    let change = patch_user(&app, &alice, bob.user_id, json!({ "blocked": true })).await;

    assert_eq!(list.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(list).await.code, "role_required");
    assert_eq!(change.status(), StatusCode::FORBIDDEN);
    assert_eq!(problem(change).await.code, "role_required");
    let me = body(app.me(&bob).await).await;
    assert_eq!(me["roles"], json!(["participant"]), "bob is unchanged and still signed in");
}

#[apply(both_dbs)]
async fn a_visitor_must_sign_in_to_list_or_change_users(db: Db) {
    let app = spawn!(db);
    let bob = app.participant("bob").await;

    let list = app.get("/api/v1/users").await;
    let change = app
        .request(
            Method::PATCH,
            &format!("/api/v1/users/{}", bob.user_id),
            None,
            Some(json!({ "blocked": true })),
        )
        .await;

    assert_eq!(list.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(list).await.code, "unauthenticated");
    assert_eq!(change.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(problem(change).await.code, "unauthenticated");
}

#[apply(both_dbs)]
async fn an_admin_lists_users_in_creation_order_with_a_total(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let carol = app.participant("carol").await;
    app.participant("alice").await;
    app.participant("bob").await;

    let page = users(&app, &admin, "").await;

    assert_eq!(emails(&page), ["admin@vm.fi", "carol@vm.fi", "alice@vm.fi", "bob@vm.fi"]);
    assert_eq!(page["total"], 4);
    assert_eq!(page["next_cursor"], Value::Null);
    let carol_row = &page["items"][1];
    assert_eq!(carol_row["id"], carol.user_id.to_string());
    assert_eq!(carol_row["display_name"], "carol");
    assert_eq!(carol_row["roles"], json!(["participant"]));
    assert_eq!(carol_row["blocked"], false);
    assert_eq!(carol_row["blocked_at"], Value::Null);
    assert!(carol_row["organisation_id"].is_string(), "a vm.fi address joins VM");
    assert_eq!(page["items"][0]["roles"], json!(["participant", "admin"]));
}

#[apply(both_dbs)]
async fn paging_through_users_visits_each_one_once(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    for name in ["alice", "bob", "carol", "dave"] {
        app.participant(name).await;
    }
    let everyone = emails(&users(&app, &admin, "limit=100").await);
    assert_eq!(everyone.len(), 5);

    let mut seen = Vec::new();
    let mut pages = Vec::new();
    let mut query = "limit=2".to_owned();
    loop {
        let page = users(&app, &admin, &query).await;
        assert_eq!(page["total"], 5, "total counts every match, not the page");
        assert!(page["items"].as_array().expect("items").len() <= 2);
        seen.extend(emails(&page));
        pages.push(page["items"].as_array().expect("items").len());
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=2&cursor={cursor}"),
            None => break,
        }
        assert!(pages.len() < 10, "the walk ends");
    }

    assert_eq!(pages, [2, 2, 1]);
    assert_eq!(seen, everyone);
}

#[apply(both_dbs)]
async fn a_full_last_page_has_no_next_cursor(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    app.participant("alice").await;
    app.participant("bob").await;
    app.participant("carol").await;

    let first = users(&app, &admin, "limit=2").await;
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let last = users(&app, &admin, &format!("limit=2&cursor={cursor}")).await;

    assert_eq!(emails(&last), ["bob@vm.fi", "carol@vm.fi"]);
    assert_eq!(last["next_cursor"], Value::Null);
}

#[apply(both_dbs)]
async fn searching_users_matches_part_of_the_email_or_name_in_any_case(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    register(&app, "maija.m@vm.fi", "Maija Meikäläinen").await;
    register(&app, "pekka@um.fi", "Pekka Virtanen").await;

    assert_eq!(emails(&users(&app, &admin, "q=MAIJA").await), ["maija.m@vm.fi"]);
    assert_eq!(emails(&users(&app, &admin, "q=Um.Fi").await), ["pekka@um.fi"]);
    assert_eq!(emails(&users(&app, &admin, "q=virta").await), ["pekka@um.fi"]);
    assert_eq!(emails(&users(&app, &admin, "q=MEIK%C3%84L%C3%84").await), ["maija.m@vm.fi"], "q=MEIKÄLÄ");
    let none = users(&app, &admin, "q=nobody").await;
    assert_eq!(none["items"], json!([]));
    assert_eq!(none["total"], 0);
    let percent = users(&app, &admin, "q=%25").await;
    assert_eq!(percent["total"], 0, "a % in q is a literal character, not a wildcard");
}

#[apply(both_dbs)]
async fn searching_users_ignores_the_case_of_finnish_letters(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    register(&app, "aijala@vm.fi", "ÄIJÄLÄ Öljynen").await;
    register(&app, "liisa@okm.fi", "Liisa Öhman").await;
    register(&app, "other@vm.fi", "Other Person").await;

    assert_eq!(emails(&users(&app, &admin, "q=%C3%A4ij%C3%A4").await), ["aijala@vm.fi"], "q=äijä");
    assert_eq!(emails(&users(&app, &admin, "q=%C3%B6ljy").await), ["aijala@vm.fi"], "q=öljy");
    assert_eq!(emails(&users(&app, &admin, "q=%C3%B6hman").await), ["liisa@okm.fi"], "q=öhman");
}

#[apply(both_dbs)]
async fn an_admin_filters_users_by_role(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    app.participant("alice").await;
    app.user_with_roles("mona", &[Role::Moderator]).await;
    app.user_with_roles("root", &[Role::Admin, Role::Evaluator]).await;

    let admins = users(&app, &admin, "role=admin").await;
    let moderators = users(&app, &admin, "role=moderator").await;

    assert_eq!(emails(&admins), ["admin@vm.fi", "root@vm.fi"]);
    assert_eq!(admins["total"], 2);
    assert_eq!(emails(&moderators), ["mona@vm.fi"]);
    assert_eq!(moderators["total"], 1);
}

#[apply(both_dbs)]
async fn an_admin_filters_users_by_blocked_state(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    app.participant("alice").await;
    let bob = app.participant("bob").await;
    assert_eq!(
        patch_user(&app, &admin, bob.user_id, json!({ "blocked": true })).await.status(),
        StatusCode::OK
    );

    let blocked = users(&app, &admin, "blocked=true").await;
    let unblocked = users(&app, &admin, "blocked=false").await;

    assert_eq!(emails(&blocked), ["bob@vm.fi"]);
    assert_eq!(blocked["total"], 1);
    assert_eq!(emails(&unblocked), ["admin@vm.fi", "alice@vm.fi"]);
    assert_eq!(unblocked["total"], 2);
}

#[apply(both_dbs)]
async fn a_limit_outside_one_to_a_hundred_is_refused(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;

    for limit in ["0", "101"] {
        let res = app.get_as(&admin, &format!("/api/v1/users?limit={limit}")).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "limit={limit}");
        let p = problem(res).await;
        assert_eq!(p.code, "validation_failed");
        assert_eq!(p.fields(), ["limit:range"], "limit={limit}");
    }
    let hundred = app.get_as(&admin, "/api/v1/users?limit=100").await;
    assert_eq!(hundred.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn a_cursor_the_list_did_not_give_out_is_refused(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;

    let res = app.get_as(&admin, "/api/v1/users?cursor=not-a-cursor!").await;

    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p.code, "validation_failed");
    assert_eq!(p.fields(), ["cursor:invalid_cursor"]);
}

#[apply(both_dbs)]
async fn an_admin_grants_roles_that_the_user_then_has(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let bob = app.participant("bob").await;

    let res = patch_user(&app, &admin, bob.user_id, json!({ "roles": ["evaluator", "moderator"] })).await;

    assert_eq!(res.status(), StatusCode::OK);
    let updated = body(res).await;
    assert_eq!(updated["id"], bob.user_id.to_string());
    assert_eq!(updated["roles"], json!(["participant", "moderator", "evaluator"]));
    let me = body(app.me(&bob).await).await;
    assert_eq!(me["roles"], json!(["participant", "moderator", "evaluator"]));

    let res = patch_user(&app, &admin, bob.user_id, json!({ "roles": [] })).await;

    assert_eq!(res.status(), StatusCode::OK);
    let me = body(app.me(&bob).await).await;
    assert_eq!(me["roles"], json!(["participant"]), "an empty list takes the granted roles away");
}

#[apply(both_dbs)]
async fn an_admin_cannot_lock_themselves_out(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;

    let block = patch_user(&app, &admin, admin.user_id, json!({ "blocked": true })).await;
    let demote = patch_user(&app, &admin, admin.user_id, json!({ "roles": ["moderator"] })).await;

    assert_eq!(block.status(), StatusCode::CONFLICT);
    assert_eq!(problem(block).await.code, "self_lockout");
    assert_eq!(demote.status(), StatusCode::CONFLICT);
    assert_eq!(problem(demote).await.code, "self_lockout");
    let me = app.me(&admin).await;
    assert_eq!(me.status(), StatusCode::OK, "the admin is still signed in");
    assert_eq!(body(me).await["roles"], json!(["participant", "admin"]));

    let more = patch_user(&app, &admin, admin.user_id, json!({ "roles": ["admin", "evaluator"] })).await;
    assert_eq!(more.status(), StatusCode::OK, "keeping admin while adding a role is fine");
    assert_eq!(body(more).await["roles"], json!(["participant", "evaluator", "admin"]));
}

#[apply(both_dbs)]
async fn changing_a_user_who_does_not_exist_is_not_found(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;

    let unknown = patch_user(&app, &admin, Uuid::now_v7(), json!({ "blocked": true })).await;
    let not_a_uuid =
        app.send_as(&admin, Method::PATCH, "/api/v1/users/not-a-uuid", json!({ "blocked": true })).await;

    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(unknown).await.code, "not_found");
    assert_eq!(not_a_uuid.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(not_a_uuid).await.code, "not_found");
}

#[apply(both_dbs)]
async fn blocking_a_user_marks_them_and_ends_their_sessions_until_unblocked(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let bob = app.participant("bob").await;

    let res = patch_user(&app, &admin, bob.user_id, json!({ "blocked": true })).await;

    assert_eq!(res.status(), StatusCode::OK);
    let blocked = body(res).await;
    assert_eq!(blocked["blocked"], true);
    let at = blocked["blocked_at"].as_str().expect("blocked_at is set");
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "blocked_at is a timestamp: {at}");
    assert_eq!(app.me(&bob).await.status(), StatusCode::FORBIDDEN, "bob's session has ended: blocked");
    let listed = users(&app, &admin, "q=bob").await;
    assert_eq!(listed["items"][0]["blocked"], true);

    let res = patch_user(&app, &admin, bob.user_id, json!({ "blocked": false })).await;

    assert_eq!(res.status(), StatusCode::OK);
    let unblocked = body(res).await;
    assert_eq!(unblocked["blocked"], false);
    assert_eq!(unblocked["blocked_at"], Value::Null);
    let again = app.login(&bob.email, PASSWORD).await;
    assert_eq!(app.me(&again).await.status(), StatusCode::OK, "bob can sign in again");
}

#[apply(both_dbs)]
async fn a_block_keeps_the_admin_s_reason_until_unblocked(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let bob = app.participant("bob").await;
    let fresh = body(patch_user(&app, &admin, bob.user_id, json!({ "roles": [] })).await).await;
    assert_eq!(fresh["blocked_reason"], Value::Null);

    let res = patch_user(
        &app,
        &admin,
        bob.user_id,
        json!({ "blocked": true, "blocked_reason": "  Toistuvaa asiatonta kielenkäyttöä  " }),
    )
    .await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["blocked_reason"], "Toistuvaa asiatonta kielenkäyttöä");
    let listed = users(&app, &admin, "q=bob").await;
    assert_eq!(listed["items"][0]["blocked_reason"], "Toistuvaa asiatonta kielenkäyttöä");
    // 500 characters of two bytes each are within the limit; blocking again replaces it.
    let longest = "ä".repeat(500);
    let res =
        patch_user(&app, &admin, bob.user_id, json!({ "blocked": true, "blocked_reason": longest })).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["blocked_reason"], longest.as_str());

    let res = patch_user(&app, &admin, bob.user_id, json!({ "blocked": false })).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body(res).await["blocked_reason"], Value::Null);
    let res = patch_user(&app, &admin, bob.user_id, json!({ "blocked": true })).await;
    assert_eq!(body(res).await["blocked_reason"], Value::Null, "an old reason does not come back");
}

#[apply(both_dbs)]
async fn a_block_reason_goes_only_with_a_block_and_within_500_characters(db: Db) {
    let app = spawn!(db);
    let admin = app.admin().await;
    let bob = app.participant("bob").await;

    for change in [
        json!({ "blocked_reason": "Häiriköinti" }),
        json!({ "blocked": false, "blocked_reason": "Häiriköinti" }),
    ] {
        let res = patch_user(&app, &admin, bob.user_id, change.clone()).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{change}");
        let p = problem(res).await;
        assert_eq!(p.code, "blocked_reason_requires_block");
        assert_eq!(p.fields(), ["blocked_reason:blocked_reason_requires_block"]);
    }
    let res =
        patch_user(&app, &admin, bob.user_id, json!({ "blocked": true, "blocked_reason": "a".repeat(501) }))
            .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(res).await.fields(), ["blocked_reason:length"]);
    assert_eq!(app.me(&bob).await.status(), StatusCode::OK, "nothing was changed");
}
