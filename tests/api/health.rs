//! `GET /api/v1/health`: the service and its database answer.

use reqwest::StatusCode;
use rstest_reuse::apply;

use crate::util::views::Health;
use crate::util::{Db, TestApp, both_dbs};

#[apply(both_dbs)]
async fn health_checks_the_database(db: Db) {
    let app = TestApp::spawn(db).await;

    let res = app.anon().get("/api/v1/health").await;

    assert_eq!(res.status(), StatusCode::OK);
    let expected = match db {
        Db::Sqlite => "sqlite",
        Db::Postgres => "postgres",
    };
    assert!(res.headers().contains_key("x-request-id"));
    // The whole body, field for field: nothing more is said.
    assert_eq!(res.value(), serde_json::json!({ "status": "ok", "database": expected }));
    let health: Health = res.json();
    assert_eq!((health.status.as_str(), health.database.as_str()), ("ok", expected));
}
