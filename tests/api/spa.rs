//! The built web client served at `/`, as a browser meets it. No database is involved: these
//! run once, on SQLite.

use reqwest::{Method, StatusCode};

use crate::util::TestApp;

fn built_client() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>Siilo</title>").unwrap();
    std::fs::write(dir.path().join("assets/app-1a2b3c.js"), "console.log('siilo')").unwrap();
    dir
}

#[tokio::test]
async fn client_routes_get_the_app_and_api_misses_stay_problems() {
    let client = built_client();
    let dir = client.path().to_path_buf();
    let app = TestApp::spawn_sqlite_with(move |c: &mut siilo_server::Config| c.static_dir = dir).await;
    let browser = app.anon();

    for path in ["/", "/calls/siilonmurtajat-2026", "/proposals/123/edit"] {
        let res = browser.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let csp = res.header("content-security-policy").unwrap().to_owned();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("script-src 'self' 'unsafe-inline'"),
            "{csp}"
        );
        assert_eq!(res.header("cache-control"), Some("no-cache"));
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
        assert!(res.text().contains("<title>Siilo</title>"), "{path}");
    }

    let asset = browser.get("/assets/app-1a2b3c.js").await;
    assert_eq!(asset.status(), StatusCode::OK);
    assert!(asset.header("cache-control").unwrap().contains("immutable"));

    browser.get("/api/v1/nothing-here").await.refused(StatusCode::NOT_FOUND, "not_found");
    let wrong_method = browser.request(Method::PUT, "/api/v1/me").send().await;
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(browser.get("/api/v1/health").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn without_a_built_client_the_root_is_a_problem_404() {
    let app =
        TestApp::spawn_sqlite_with(|c: &mut siilo_server::Config| c.static_dir = "/nonexistent/siilo".into())
            .await;

    let res = app.anon().get("/").await;

    res.refused(StatusCode::NOT_FOUND, "not_found");
}
