//! What the site tells search engines: `/robots.txt` and `/sitemap.xml`, which lists the
//! published calls and exactly the proposals a visitor may read.

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::json;

use crate::moderation_actions::acted;
use crate::util::{Db, TestApp, both_dbs};

/// The public address the apps here run at, with a trailing slash that the links leave out.
const BASE: &str = "https://siilo.test";

fn at_base(c: &mut siilo_server::Config) {
    c.public_url = format!("{BASE}/");
}

#[tokio::test]
async fn robots_keeps_crawlers_out_of_private_screens_and_points_to_the_sitemap() {
    let app = TestApp::spawn_sqlite_with(at_base).await;

    let res = app.anon().get("/robots.txt").await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"));
    let body = res.text();
    assert!(body.starts_with("User-agent: *\n"), "{body}");
    for private in
        ["Disallow: /api/", "Disallow: /admin", "Disallow: /profile", "Disallow: /proposals/*/edit"]
    {
        assert!(body.lines().any(|l| l == private), "{private} in {body}");
    }
    assert!(!body.lines().any(|l| l == "Disallow: /" || l == "Disallow: /calls"), "{body}");
    assert!(body.lines().any(|l| l == format!("Sitemap: {BASE}/sitemap.xml")), "{body}");
}

#[apply(both_dbs)]
async fn the_sitemap_lists_published_calls_and_only_proposals_a_visitor_may_read(db: Db) {
    let app = TestApp::spawn_with(db, at_base).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let open = admin.open_call().await;
    let draft = admin.call_with(json!({ "publish": false })).await;
    let premoderated = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    let shown = alice.submit(&open).await;
    let hidden = alice.submit(&open).await;
    acted(&mona, "proposal", &hidden.id, "hide", json!({ "category": "offensive" })).await;
    let pending = alice.submit(&premoderated).await;

    let res = app.anon().get("/sitemap.xml").await;

    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("application/xml; charset=utf-8"));
    let xml = res.text();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"), "{xml}");
    let locs: Vec<&str> = xml.split("<loc>").skip(1).map(|s| &s[..s.find("</loc>").unwrap()]).collect();
    assert_eq!(xml.matches("<url>").count(), locs.len());
    let has = |path: String| locs.contains(&format!("{BASE}{path}").as_str());
    assert!(has("/".into()) && has("/pilots".into()), "{locs:?}");
    assert!(has(format!("/calls/{}", open.slug)) && has(format!("/calls/{}", premoderated.slug)), "{locs:?}");
    assert!(has(format!("/proposals/{}", shown.id)), "{locs:?}");
    assert!(!has(format!("/calls/{}", draft.slug)), "a draft call is listed: {locs:?}");
    assert!(!has(format!("/proposals/{}", hidden.id)), "a hidden proposal is listed: {locs:?}");
    assert!(!has(format!("/proposals/{}", pending.id)), "a pending proposal is listed: {locs:?}");
    assert_eq!(locs.len(), 5, "{locs:?}");
    assert!(xml.contains(&format!("<loc>{BASE}/proposals/{}</loc><lastmod>", shown.id)), "{xml}");
}
