//! What the site tells search engines: `/robots.txt` (the screens that are not for them, and
//! where the sitemap is) and `/sitemap.xml` (the published calls and the proposals a visitor
//! may read, by the same visibility rules as the API). Not part of the API, so not in its
//! contract; served whether or not the web client is built.

use std::collections::HashMap;
use std::fmt::Write as _;

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};
use chrono::{SecondsFormat, Utc};
use siilo_domain::proposals::{Audience, Sight, proposal_sight};
use siilo_store::sitemap;

use crate::error::ApiError;
use crate::state::AppState;

/// A sitemap file holds at most 50,000 addresses (sitemaps.org); the front page, the pilots
/// and the calls come first, the most recently changed proposals fill the rest.
const MAX_URLS: usize = 50_000;

/// Crawlers fetch these rarely, and an hour-old sitemap is fine: an hour in any cache.
const MAX_AGE_SECS: u32 = 3600;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/robots.txt").route(web::get().to(robots)))
        .service(web::resource("/sitemap.xml").route(web::get().to(sitemap)));
}

/// Screens that are someone's own or for staff: nothing there for a search engine.
const PRIVATE: [&str; 18] = [
    "/api/",
    "/admin",
    "/moderation",
    "/evaluation",
    "/profile",
    "/notifications",
    "/invitations",
    "/following",
    "/my/",
    "/login",
    "/register",
    "/forgot-password",
    "/reset-password",
    "/verify-email",
    "/unsubscribe",
    "/sso/",
    "/proposals/*/edit",
    "/calls/*/proposals/new",
];

async fn robots(state: web::Data<AppState>) -> HttpResponse {
    let mut body = String::from("User-agent: *\n");
    for path in PRIVATE {
        let _ = writeln!(body, "Disallow: {path}");
    }
    let _ = writeln!(body, "\nSitemap: {}/sitemap.xml", base(&state));
    HttpResponse::Ok().content_type("text/plain; charset=utf-8").insert_header(cache()).body(body)
}

async fn sitemap(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let base = base(&state);
    let (calls, proposals) = sitemap::published(&state.db, MAX_URLS as u64).await?;
    let now = Utc::now();
    let phases: HashMap<_, _> = calls.iter().map(|c| (c.id, c.state.phase_at(now))).collect();
    let mut urls = vec![(format!("{base}/"), None), (format!("{base}/pilots"), None)];
    urls.extend(
        calls
            .iter()
            .filter(|c| siilo_domain::calls::is_visible(c.state.phase_at(now), false))
            .map(|c| (format!("{base}/calls/{}", c.slug), Some(c.updated_at))),
    );
    let readable = proposals.iter().filter(|p| {
        phases
            .get(&p.call_id)
            .is_some_and(|phase| proposal_sight(*phase, &p.facts, Audience::VISITOR) == Sight::Full)
    });
    urls.extend(readable.map(|p| (format!("{base}/proposals/{}", p.id), Some(p.updated_at))));
    urls.truncate(MAX_URLS);

    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, changed) in urls {
        let _ = write!(xml, "  <url><loc>{}</loc>", quick_xml::escape::escape(&loc));
        if let Some(at) = changed {
            let _ = write!(xml, "<lastmod>{}</lastmod>", at.to_rfc3339_opts(SecondsFormat::Secs, true));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Ok(HttpResponse::Ok().content_type("application/xml; charset=utf-8").insert_header(cache()).body(xml))
}

/// The public address without a trailing slash.
fn base(state: &AppState) -> &str {
    state.config.public_url.trim_end_matches('/')
}

fn cache() -> CacheControl {
    CacheControl(vec![CacheDirective::Public, CacheDirective::MaxAge(MAX_AGE_SECS)])
}
