use rstest::rstest;

use crate::helpers::{Db, body};
use crate::spawn;

#[rstest]
#[case::sqlite(Db::Sqlite)]
#[case::postgres(Db::Postgres)]
#[tokio::test]
async fn health_checks_the_database(#[case] db: Db) {
    let app = spawn!(db);

    let res = app.get("/api/v1/health").await;

    assert_eq!(res.status(), 200);
    let expected = match db {
        Db::Sqlite => "sqlite",
        Db::Postgres => "postgres",
    };
    assert!(res.headers().contains_key("x-request-id"));
    assert_eq!(body(res).await, serde_json::json!({ "status": "ok", "database": expected }));
}
