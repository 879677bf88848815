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

/// A built client whose index has the head the build writes.
fn built_client() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><html lang=\"fi\"><head>\n<meta name=\"description\" content=\"Siilo – ideoita\" />\n\
         <title>Siilo</title>\n</head><body><div id=\"root\"></div></body></html>",
    )
    .unwrap();
    dir
}

/// The `<title>`, the description and the canonical address of a page as served.
async fn head_of(app: &TestApp, path: &str) -> (String, String, Option<String>) {
    let res = app.anon().get(path).await;
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    assert!(res.header("content-type").unwrap().starts_with("text/html"), "{path}");
    assert!(res.header("content-security-policy").unwrap().contains("script-src 'self'"), "{path}");
    assert_eq!(res.header("cache-control"), Some("no-cache"), "{path}");
    let html = res.text();
    let between = |start: &str, end: &str| {
        let from = html.find(start).map(|i| i + start.len())?;
        Some(html[from..from + html[from..].find(end)?].to_owned())
    };
    (
        between("<title>", "</title>").unwrap(),
        between("<meta name=\"description\" content=\"", "\"").unwrap(),
        between("<link rel=\"canonical\" href=\"", "\"")
            .filter(|_| html.matches("rel=\"canonical\"").count() == 1),
    )
}

#[apply(both_dbs)]
async fn call_and_proposal_pages_carry_their_title_description_and_canonical_address(db: Db) {
    let client = built_client();
    let dir = client.path().to_path_buf();
    let app = TestApp::spawn_with(db, move |c: &mut siilo_server::Config| {
        at_base(c);
        c.static_dir = dir;
    })
    .await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let mona = app.moderator("mona").await;
    let call = admin
        .call_with(json!({
            "title": { "fi": "Kokeilut & <pilotit>", "sv": "Försök" },
            "description": { "fi": "## Mistä on kyse\n\nEtsimme **rohkeita** kokeiluja \"yli rajojen\"." },
        }))
        .await;
    let draft = admin.call_with(json!({ "publish": false })).await;
    let shown = alice
        .submit_with(
            &call,
            json!({ "title": "Yhteinen kokoushuone", "summary": "Kokeillaan yhteistä tilaa." }),
        )
        .await
        .created::<crate::util::views::Proposal>();
    let hidden = alice.submit(&call).await;
    acted(&mona, "proposal", &hidden.id, "hide", json!({ "category": "offensive" })).await;

    let (title, description, canonical) = head_of(&app, &format!("/calls/{}", call.slug)).await;
    assert_eq!(title, "Kokeilut &amp; &lt;pilotit&gt; – Siilo");
    assert_eq!(description, "Mistä on kyse Etsimme rohkeita kokeiluja &quot;yli rajojen&quot;.");
    assert_eq!(canonical.as_deref(), Some(format!("{BASE}/calls/{}", call.slug).as_str()));
    // By its id, or with the list's filters, the call's address is still the one with its slug.
    let (_, _, by_id) = head_of(&app, &format!("/calls/{}?theme=x", call.id)).await;
    assert_eq!(by_id, canonical);

    let (title, description, canonical) = head_of(&app, &format!("/proposals/{}", shown.id)).await;
    assert_eq!(title, "Yhteinen kokoushuone – Siilo");
    assert_eq!(description, "Kokeillaan yhteistä tilaa.");
    assert_eq!(canonical, Some(format!("{BASE}/proposals/{}", shown.id)));

    // What a visitor may not read, or what is not there, gets the site's own head.
    let site = ("Siilo".to_owned(), "Siilo – ideoita".to_owned(), None);
    for path in [
        format!("/calls/{}", draft.slug),
        format!("/proposals/{}", hidden.id),
        "/proposals/not-an-id".to_owned(),
        format!("/proposals/{}", uuid::Uuid::now_v7()),
        "/calls/no-such-call".to_owned(),
        format!("/proposals/{}/edit", shown.id),
    ] {
        assert_eq!(head_of(&app, &path).await, site, "{path}");
    }
}
