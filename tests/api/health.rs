use rstest_reuse::apply;

use crate::helpers::{Db, body};
use crate::spawn;
use crate::util::both_dbs;

#[apply(both_dbs)]
async fn health_checks_the_database(db: Db) {
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
