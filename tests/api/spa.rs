//! The built web client served at `/`, as a browser meets it.

use rstest_reuse::apply;

use crate::helpers::{Db, problem};
use crate::spawn;
use crate::util::both_dbs;

fn built_client() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>Siilo</title>").unwrap();
    std::fs::write(dir.path().join("assets/app-1a2b3c.js"), "console.log('siilo')").unwrap();
    dir
}

#[apply(both_dbs)]
async fn client_routes_get_the_app_and_api_misses_stay_problems(db: Db) {
    let client = built_client();
    let dir = client.path().to_path_buf();
    let app = spawn!(db, move |c: &mut siilo_server::Config| c.static_dir = dir);

    for path in ["/", "/calls/siilonmurtajat-2026", "/proposals/123/edit"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("script-src 'self' 'unsafe-inline'"),
            "{csp}"
        );
        assert_eq!(res.headers()["cache-control"], "no-cache");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert!(res.text().await.unwrap().contains("<title>Siilo</title>"), "{path}");
    }

    let asset = app.get("/assets/app-1a2b3c.js").await;
    assert_eq!(asset.status(), 200);
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"));

    let miss = app.get("/api/v1/nothing-here").await;
    assert_eq!(miss.status(), 404);
    assert_eq!(problem(miss).await.code, "not_found");
    let wrong_method = app.request(reqwest::Method::DELETE, "/api/v1/me", None, None).await;
    assert_eq!(wrong_method.status(), 405);
    assert_eq!(app.get("/api/v1/health").await.status(), 200);
}

#[apply(both_dbs)]
async fn without_a_built_client_the_root_is_a_problem_404(db: Db) {
    let app = spawn!(db, |c: &mut siilo_server::Config| c.static_dir = "/nonexistent/siilo".into());

    let res = app.get("/").await;

    assert_eq!(res.status(), 404);
    assert_eq!(problem(res).await.code, "not_found");
}
