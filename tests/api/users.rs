//! Account administration: `GET /api/v1/users` and `PATCH /api/v1/users/{id}`, for admins.

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use siilo_domain::roles::Role;
use uuid::Uuid;

use crate::util::views::{Me, Page, UserAdmin};
use crate::util::{Db, PASSWORD, Response, TestApp, User, both_dbs};

/// Registers `email` with the display name `name` and returns the new user's id.
async fn register(app: &TestApp, email: &str, name: &str) -> Uuid {
    app.register(email, name).await.user_id
}

/// One page of `GET /api/v1/users?<query>` as `admin`, which must succeed.
async fn users(admin: &User, query: &str) -> Page<UserAdmin> {
    admin.get(&format!("/api/v1/users?{query}")).await.ok()
}

fn emails(page: &Page<UserAdmin>) -> Vec<String> {
    page.items.iter().map(|u| u.email.clone()).collect()
}

async fn patch_user(admin: &User, id: Uuid, change: Value) -> Response {
    admin.patch(&format!("/api/v1/users/{id}"), &change).await
}

/// The roles `GET /me` shows `user`.
async fn roles(user: &User) -> Vec<String> {
    user.get("/api/v1/me").await.ok::<Me>().roles
}

#[apply(both_dbs)]
async fn a_participant_may_neither_list_nor_change_users(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;

    let list = alice.get("/api/v1/users").await;
    let change = patch_user(&alice, bob.user_id, json!({ "blocked": true })).await;

    list.refused(StatusCode::FORBIDDEN, "role_required");
    change.refused(StatusCode::FORBIDDEN, "role_required");
    assert_eq!(roles(&bob).await, ["participant"], "bob is unchanged and still signed in");
}

#[apply(both_dbs)]
async fn a_visitor_must_sign_in_to_list_or_change_users(db: Db) {
    let app = TestApp::spawn(db).await;
    let bob = app.participant("bob").await;

    let visitor = app.anon();

    let list = visitor.get("/api/v1/users").await;
    let change = visitor.patch(&format!("/api/v1/users/{}", bob.user_id), &json!({ "blocked": true })).await;

    list.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    change.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[apply(both_dbs)]
async fn an_admin_lists_users_in_creation_order_with_a_total(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let carol = app.participant("carol").await;
    app.participant("alice").await;
    app.participant("bob").await;

    let page = users(&admin, "").await;

    assert_eq!(emails(&page), ["admin@vm.fi", "carol@vm.fi", "alice@vm.fi", "bob@vm.fi"]);
    assert_eq!(page.total, Some(4));
    assert_eq!(page.next_cursor, None);
    let carol_row = &page.items[1];
    assert_eq!(carol_row.id, carol.user_id);
    assert_eq!(carol_row.display_name, "carol");
    assert_eq!(carol_row.roles, ["participant"]);
    assert!(!carol_row.blocked);
    assert_eq!(carol_row.blocked_at, None);
    assert!(carol_row.organisation_id.is_some(), "a vm.fi address joins VM");
    assert_eq!(page.items[0].roles, ["participant", "admin"]);
}

#[apply(both_dbs)]
async fn paging_through_users_visits_each_one_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    for name in ["alice", "bob", "carol", "dave"] {
        app.participant(name).await;
    }
    let everyone = emails(&users(&admin, "limit=100").await);
    assert_eq!(everyone.len(), 5);

    let mut seen = Vec::new();
    let mut pages = Vec::new();
    let mut query = "limit=2".to_owned();
    loop {
        let page = users(&admin, &query).await;
        assert_eq!(page.total, Some(5), "total counts every match, not the page");
        assert!(page.items.len() <= 2);
        seen.extend(emails(&page));
        pages.push(page.items.len());
        match page.next_cursor {
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
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    app.participant("alice").await;
    app.participant("bob").await;
    app.participant("carol").await;

    let first = users(&admin, "limit=2").await;
    let cursor = first.next_cursor.expect("a second page");
    let last = users(&admin, &format!("limit=2&cursor={cursor}")).await;

    assert_eq!(emails(&last), ["bob@vm.fi", "carol@vm.fi"]);
    assert_eq!(last.next_cursor, None);
}

#[apply(both_dbs)]
async fn searching_users_matches_part_of_the_email_or_name_in_any_case(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    register(&app, "maija.m@vm.fi", "Maija Meikäläinen").await;
    register(&app, "pekka@um.fi", "Pekka Virtanen").await;

    assert_eq!(emails(&users(&admin, "q=MAIJA").await), ["maija.m@vm.fi"]);
    assert_eq!(emails(&users(&admin, "q=Um.Fi").await), ["pekka@um.fi"]);
    assert_eq!(emails(&users(&admin, "q=virta").await), ["pekka@um.fi"]);
    assert_eq!(emails(&users(&admin, "q=MEIK%C3%84L%C3%84").await), ["maija.m@vm.fi"], "q=MEIKÄLÄ");
    let none = users(&admin, "q=nobody").await;
    assert!(none.items.is_empty());
    assert_eq!(none.total, Some(0));
    let percent = users(&admin, "q=%25").await;
    assert_eq!(percent.total, Some(0), "a % in q is a literal character, not a wildcard");
}

#[apply(both_dbs)]
async fn searching_users_ignores_the_case_of_finnish_letters(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    register(&app, "aijala@vm.fi", "ÄIJÄLÄ Öljynen").await;
    register(&app, "liisa@okm.fi", "Liisa Öhman").await;
    register(&app, "other@vm.fi", "Other Person").await;

    assert_eq!(emails(&users(&admin, "q=%C3%A4ij%C3%A4").await), ["aijala@vm.fi"], "q=äijä");
    assert_eq!(emails(&users(&admin, "q=%C3%B6ljy").await), ["aijala@vm.fi"], "q=öljy");
    assert_eq!(emails(&users(&admin, "q=%C3%B6hman").await), ["liisa@okm.fi"], "q=öhman");
}

#[apply(both_dbs)]
async fn an_admin_filters_users_by_role(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    app.participant("alice").await;
    app.user_with_roles("mona", &[Role::Moderator]).await;
    app.user_with_roles("root", &[Role::Admin, Role::Evaluator]).await;

    let admins = users(&admin, "role=admin").await;
    let moderators = users(&admin, "role=moderator").await;

    assert_eq!(emails(&admins), ["admin@vm.fi", "root@vm.fi"]);
    assert_eq!(admins.total, Some(2));
    assert_eq!(emails(&moderators), ["mona@vm.fi"]);
    assert_eq!(moderators.total, Some(1));
}

#[apply(both_dbs)]
async fn an_admin_filters_users_by_blocked_state(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    app.participant("alice").await;
    let bob = app.participant("bob").await;
    assert_eq!(patch_user(&admin, bob.user_id, json!({ "blocked": true })).await.status(), StatusCode::OK);

    let blocked = users(&admin, "blocked=true").await;
    let unblocked = users(&admin, "blocked=false").await;

    assert_eq!(emails(&blocked), ["bob@vm.fi"]);
    assert_eq!(blocked.total, Some(1));
    assert_eq!(emails(&unblocked), ["admin@vm.fi", "alice@vm.fi"]);
    assert_eq!(unblocked.total, Some(2));
}

#[apply(both_dbs)]
async fn a_limit_outside_one_to_a_hundred_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    for limit in ["0", "101"] {
        let res = admin.get(&format!("/api/v1/users?limit={limit}")).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "limit={limit}");
        let p = res.problem();
        assert_eq!(p.code, "validation_failed");
        assert_eq!(p.fields(), ["limit:range"], "limit={limit}");
    }
    let hundred = admin.get("/api/v1/users?limit=100").await;
    assert_eq!(hundred.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn a_cursor_the_list_did_not_give_out_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    let res = admin.get("/api/v1/users?cursor=not-a-cursor!").await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["cursor:invalid_cursor"]);
}

#[apply(both_dbs)]
async fn a_search_longer_than_any_email_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    let res = admin.get(&format!("/api/v1/users?q={}", "a".repeat(255))).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["q:length"]);
    assert_eq!(users(&admin, &format!("q={}", "a".repeat(254))).await.items.len(), 0);
}

#[apply(both_dbs)]
async fn more_roles_than_there_are_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let bob = app.participant("bob").await;

    let res = patch_user(&admin, bob.user_id, json!({ "roles": vec!["moderator"; 5] })).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["roles:length"]);
}

#[apply(both_dbs)]
async fn an_admin_grants_roles_that_the_user_then_has(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let bob = app.participant("bob").await;

    let res = patch_user(&admin, bob.user_id, json!({ "roles": ["evaluator", "moderator"] })).await;

    let updated: UserAdmin = res.ok();
    assert_eq!(updated.id, bob.user_id);
    assert_eq!(updated.roles, ["participant", "moderator", "evaluator"]);
    assert_eq!(roles(&bob).await, ["participant", "moderator", "evaluator"]);

    let res = patch_user(&admin, bob.user_id, json!({ "roles": [] })).await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(roles(&bob).await, ["participant"], "an empty list takes the granted roles away");
}

#[apply(both_dbs)]
async fn an_admin_cannot_lock_themselves_out(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    let block = patch_user(&admin, admin.user_id, json!({ "blocked": true })).await;
    let demote = patch_user(&admin, admin.user_id, json!({ "roles": ["moderator"] })).await;

    block.refused(StatusCode::CONFLICT, "self_lockout");
    demote.refused(StatusCode::CONFLICT, "self_lockout");
    let me = admin.get("/api/v1/me").await;
    assert_eq!(me.status(), StatusCode::OK, "the admin is still signed in");
    assert_eq!(me.json::<Me>().roles, ["participant", "admin"]);

    let more = patch_user(&admin, admin.user_id, json!({ "roles": ["admin", "evaluator"] })).await;
    assert_eq!(more.status(), StatusCode::OK, "keeping admin while adding a role is fine");
    assert_eq!(more.json::<UserAdmin>().roles, ["participant", "evaluator", "admin"]);
}

#[apply(both_dbs)]
async fn changing_a_user_who_does_not_exist_is_not_found(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    let unknown = patch_user(&admin, Uuid::now_v7(), json!({ "blocked": true })).await;
    let not_a_uuid = admin.patch("/api/v1/users/not-a-uuid", &json!({ "blocked": true })).await;

    unknown.refused(StatusCode::NOT_FOUND, "not_found");
    not_a_uuid.refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn blocking_a_user_marks_them_and_ends_their_sessions_until_unblocked(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let bob = app.participant("bob").await;

    let res = patch_user(&admin, bob.user_id, json!({ "blocked": true })).await;

    let blocked: UserAdmin = res.ok();
    assert!(blocked.blocked);
    let at = blocked.blocked_at.as_deref().expect("blocked_at is set");
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "blocked_at is a timestamp: {at}");
    assert_eq!(
        bob.get("/api/v1/me").await.status(),
        StatusCode::FORBIDDEN,
        "bob's session has ended: blocked"
    );
    let listed = users(&admin, "q=bob").await;
    assert!(listed.items[0].blocked);

    let res = patch_user(&admin, bob.user_id, json!({ "blocked": false })).await;

    let unblocked: UserAdmin = res.ok();
    assert!(!unblocked.blocked);
    assert_eq!(unblocked.blocked_at, None);
    let again = app.login(&bob.email, PASSWORD).await;
    assert_eq!(again.get("/api/v1/me").await.status(), StatusCode::OK, "bob can sign in again");
}

#[apply(both_dbs)]
async fn a_block_keeps_the_admin_s_reason_until_unblocked(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let bob = app.participant("bob").await;
    let fresh: UserAdmin = patch_user(&admin, bob.user_id, json!({ "roles": [] })).await.json();
    assert_eq!(fresh.blocked_reason, None);

    let res = patch_user(
        &admin,
        bob.user_id,
        json!({ "blocked": true, "blocked_reason": "  Toistuvaa asiatonta kielenkäyttöä  " }),
    )
    .await;

    assert_eq!(res.ok::<UserAdmin>().blocked_reason.as_deref(), Some("Toistuvaa asiatonta kielenkäyttöä"));
    let listed = users(&admin, "q=bob").await;
    assert_eq!(listed.items[0].blocked_reason.as_deref(), Some("Toistuvaa asiatonta kielenkäyttöä"));
    // 500 characters of two bytes each are within the limit; blocking again replaces it.
    let longest = "ä".repeat(500);
    let res = patch_user(&admin, bob.user_id, json!({ "blocked": true, "blocked_reason": longest })).await;
    assert_eq!(res.ok::<UserAdmin>().blocked_reason, Some(longest));

    let res = patch_user(&admin, bob.user_id, json!({ "blocked": false })).await;
    assert_eq!(res.ok::<UserAdmin>().blocked_reason, None);
    let res = patch_user(&admin, bob.user_id, json!({ "blocked": true })).await;
    assert_eq!(res.json::<UserAdmin>().blocked_reason, None, "an old reason does not come back");
}

#[apply(both_dbs)]
async fn a_block_reason_goes_only_with_a_block_and_within_500_characters(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let bob = app.participant("bob").await;

    for change in [
        json!({ "blocked_reason": "Häiriköinti" }),
        json!({ "blocked": false, "blocked_reason": "Häiriköinti" }),
    ] {
        let res = patch_user(&admin, bob.user_id, change.clone()).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{change}");
        let p = res.problem();
        assert_eq!(p.code, "blocked_reason_requires_block");
        assert_eq!(p.fields(), ["blocked_reason:blocked_reason_requires_block"]);
    }
    let res =
        patch_user(&admin, bob.user_id, json!({ "blocked": true, "blocked_reason": "a".repeat(501) })).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.problem().fields(), ["blocked_reason:length"]);
    assert_eq!(bob.get("/api/v1/me").await.status(), StatusCode::OK, "nothing was changed");
}
