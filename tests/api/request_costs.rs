//! What a read request costs: a proposal page and a proposal run a handful of SQL
//! statements (auth in one, the call in one, the page's proposals with their authors and
//! organisations in one, the viewer's thumbs in one, organisations from memory), and the
//! organisations kept in memory follow every change, on this instance and on others.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::util::views::{Call, Organisation, Page, Proposal};
use crate::util::{Client, Db, TestApp, User, both_dbs};

/// Statements a signed-in 20-item page may run: session + user + roles, the call and its
/// themes, the page (ordering and total), its proposals with authors and organisations, their
/// accepted co-authors, and the viewer's thumbs on it with their count in the call (the call
/// has a limit).
const PAGE_BUDGET: u64 = 7;
/// Statements `GET /proposals/{id}` may run: session + user + roles, the proposal with its
/// author and organisations, its co-authors, its call and themes, the viewer's thumb with
/// their count in the call, the organisations it reaches by administrative branch, the pilot
/// made from it, its decision (if the viewer may see it) and merge credits, who would join it
/// ("we'd join this" totals), the viewer's own declaration, and its followers with whether
/// the viewer is one.
const PROPOSAL_BUDGET: u64 = 11;

/// How many statements `get` runs on `app`, measured on its second run (the first may fill
/// the organisations cache).
async fn statements_of(app: &TestApp, who: &Client, path: &str) -> u64 {
    assert_eq!(who.get(path).await.status(), StatusCode::OK, "GET {path}");
    let before = app.statements();
    assert_eq!(who.get(path).await.status(), StatusCode::OK, "GET {path}");
    app.statements() - before
}

/// An open call with a thumb limit and 20 proposals, each involving two organisations,
/// several of them thumbed by `bob`.
async fn a_full_page(app: &TestApp) -> (Call, Vec<Proposal>, User) {
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let okm = alice.organisation_id("OKM").await;
    let stm = alice.organisation_id("STM").await;
    let call = admin.call_with(json!({ "max_thumbs_per_user": 10 })).await;
    let mut proposals = Vec::new();
    for i in 0..20 {
        let res = alice
            .submit_with(&call, json!({ "title": format!("Ehdotus {i}"), "organisation_ids": [okm, stm] }))
            .await;
        proposals.push(res.created::<Proposal>());
    }
    for p in proposals.iter().take(5) {
        assert_eq!(bob.thumb(&p.id).await.status(), StatusCode::OK);
    }
    (call, proposals, bob)
}

#[apply(both_dbs)]
async fn a_page_and_a_proposal_run_a_handful_of_statements(db: Db) {
    let app = TestApp::spawn(db).await;
    let (call, proposals, bob) = a_full_page(&app).await;
    let page = format!("/api/v1/calls/{}/proposals?limit=20&sort=newest", call.id);
    let one = format!("/api/v1/proposals/{}", proposals[0].id);

    let signed_in_page = statements_of(&app, &bob, &page).await;
    let visitor_page = statements_of(&app, &app.anon(), &page).await;
    let signed_in_one = statements_of(&app, &bob, &one).await;
    let visitor_one = statements_of(&app, &app.anon(), &one).await;

    eprintln!(
        "{db:?}: page {signed_in_page} (visitor {visitor_page}), proposal {signed_in_one} (visitor {visitor_one})"
    );
    assert!(signed_in_page <= PAGE_BUDGET, "a signed-in page ran {signed_in_page} statements");
    assert!(visitor_page < signed_in_page, "a visitor's page ran {visitor_page} statements");
    assert!(signed_in_one <= PROPOSAL_BUDGET, "a signed-in proposal ran {signed_in_one} statements");
    assert!(visitor_one < signed_in_one, "a visitor's proposal ran {visitor_one} statements");
    // What the fewer statements still put together.
    let items = bob.proposals(&call, "limit=20&sort=newest").await.items;
    assert_eq!(items.len(), 20);
    assert!(items.iter().all(|p| p.author.display_name == "alice"));
    assert!(items.iter().all(|p| p.author.organisation.as_ref().map(|o| o.code.as_str()) == Some("VM")));
    assert!(items.iter().all(|p| {
        p.organisations.iter().map(|o| o.code.as_str()).collect::<Vec<_>>() == ["OKM", "STM"]
            || p.organisations.iter().map(|o| o.code.as_str()).collect::<Vec<_>>() == ["STM", "OKM"]
    }));
    assert_eq!(items.iter().filter(|p| p.viewer_thumbed).count(), 5);
}

/// Renames `code` (its short name in every language) as `admin`.
async fn rename(admin: &User, id: uuid::Uuid, short: &str) -> Organisation {
    let res = admin
        .patch(
            &format!("/api/v1/organisations/{id}"),
            &json!({ "short_name": { "fi": short, "sv": short, "en": short } }),
        )
        .await;
    res.ok()
}

fn short_names(app_page: &[crate::util::views::ProposalSummary]) -> Vec<String> {
    app_page
        .iter()
        .flat_map(|p| p.organisations.iter().chain(p.author.organisation.iter()))
        .map(|o| o.short_name.fi.clone())
        .collect()
}

#[apply(both_dbs)]
async fn a_changed_organisation_shows_on_the_next_request(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let stm = alice.organisation_id("STM").await;
    let call = admin.open_call().await;
    let p: Proposal = alice.submit_with(&call, json!({ "organisation_ids": [stm] })).await.created();
    let anon = app.anon();
    assert!(short_names(&anon.proposals(&call, "").await.items).contains(&"STM".to_owned()));

    rename(&admin, stm, "SOTE").await;

    assert!(short_names(&anon.proposals(&call, "").await.items).contains(&"SOTE".to_owned()));
    let one: Proposal = anon.proposal(&p.id).await;
    assert_eq!(one.organisations[0].short_name.fi, "SOTE");
    let all: Page<Organisation> = anon.get("/api/v1/organisations").await.ok();
    assert!(all.items.iter().any(|o| o.short_name.fi == "SOTE"));
    let fetched: Organisation = anon.get(&format!("/api/v1/organisations/{stm}")).await.ok();
    assert_eq!(fetched.short_name.fi, "SOTE");
    // A new organisation too, with its domain.
    let res = admin
        .post(
            "/api/v1/organisations",
            &json!({ "code": "VALTORI", "name": { "fi": "Valtori", "sv": "Valtori", "en": "Valtori" }, "email_domains": ["valtori.fi"] }),
        )
        .await;
    let valtori: Organisation = res.created();
    let fetched: Organisation = anon.get(&format!("/api/v1/organisations/{}", valtori.id)).await.ok();
    assert_eq!(fetched.email_domains, ["valtori.fi"]);
}

/// Waits until `seen` holds on `app`, for at most a few seconds; how long it took.
async fn within_seconds<F, Fut>(mut seen: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    let mut tries = 1;
    while !seen().await {
        assert!(start.elapsed() < Duration::from_secs(5), "not seen within 5 s");
        tokio::time::sleep(Duration::from_millis(10)).await;
        tries += 1;
    }
    eprintln!("seen at try {tries}");
    start.elapsed()
}

async fn short_name_on(app: &TestApp, id: uuid::Uuid) -> String {
    let all: Page<Organisation> = app.anon().get("/api/v1/organisations").await.ok();
    all.items.into_iter().find(|o| o.id == id).expect("the organisation").short_name.fi
}

/// The ids of the backends that listen for changes (one per instance).
async fn listeners(app: &TestApp) -> Vec<i32> {
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() \
             AND application_name = 'siilo-listener' ORDER BY pid",
        ))
        .await
        .expect("pg_stat_activity");
    rows.iter().map(|r| r.try_get::<i32>("", "pid").expect("pid")).collect()
}

#[tokio::test]
#[cfg_attr(not(siilo_postgres), ignore = "SIILO_TEST_POSTGRES_URL is not set")]
async fn another_instance_follows_organisation_changes_and_logouts() {
    let a = TestApp::spawn(Db::Postgres).await;
    let b = a.another_instance().await;
    let admin = a.admin().await;
    let stm = admin.organisation_id("STM").await;
    within_seconds(|| async { listeners(&a).await.len() == 2 }).await;
    assert_eq!(short_name_on(&b, stm).await, "STM", "B has the organisations in memory");

    rename(&admin, stm, "SOTE").await;
    let took = within_seconds(|| async { short_name_on(&b, stm).await == "SOTE" }).await;
    eprintln!("B saw A's change after {took:?}");
    assert!(took < Duration::from_secs(1), "B saw the change {took:?} later");

    // The listening connections are cut: a change made meanwhile is not heard, so each
    // instance reads from the database until it listens again, and then starts afresh.
    let before = listeners(&a).await;
    for pid in &before {
        a.db.execute_raw(Statement::from_string(
            a.db.get_database_backend(),
            format!("SELECT pg_terminate_backend({pid})"),
        ))
        .await
        .expect("terminate a listener");
    }
    rename(&admin, stm, "STM2").await;
    within_seconds(|| async { short_name_on(&b, stm).await == "STM2" }).await;
    within_seconds(|| async {
        let now = listeners(&a).await;
        now.len() == 2 && now.iter().all(|pid| !before.contains(pid))
    })
    .await;
    assert_eq!(short_name_on(&b, stm).await, "STM2");
    rename(&admin, stm, "STM3").await;
    within_seconds(|| async { short_name_on(&b, stm).await == "STM3" }).await;

    // Sessions are never cached: a logout on A ends the token on B at once.
    let alice = a.participant("alice").await;
    let on_b = b.bearer(Some(&alice.access_token));
    assert_eq!(on_b.get("/api/v1/me").await.status(), StatusCode::OK);
    let res = a.anon().post("/api/v1/auth/logout", &json!({ "refresh_token": alice.refresh_token })).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    on_b.get("/api/v1/me").await.refused(StatusCode::UNAUTHORIZED, "session_ended");
}
