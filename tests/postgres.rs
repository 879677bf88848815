//! Throw-away PostgreSQL databases on the server at `SIILO_TEST_POSTGRES_URL`: empty, or cloned
//! from a template migrated once per test process; each is dropped when its handle is.

use std::path::PathBuf;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbErr, Statement};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// The variable that names the PostgreSQL server, as `postgres://user@host:port` (no database).
pub const URL_VAR: &str = "SIILO_TEST_POSTGRES_URL";

/// The server's URL without a database or trailing slash, when `SIILO_TEST_POSTGRES_URL` is set.
pub fn base_url() -> Option<String> {
    std::env::var(URL_VAR).ok().filter(|s| !s.trim().is_empty()).map(|s| s.trim_end_matches('/').to_owned())
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// A database of this test process, dropped (with `FORCE`) when the handle is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    base: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// An empty database, or `None` when `SIILO_TEST_POSTGRES_URL` is unset.
    pub async fn empty() -> Option<TestDatabase> {
        let base = base_url()?;
        let name = fresh_name("siilo_test");
        execute(&base, &format!("CREATE DATABASE \"{name}\"")).await.expect("create a test database");
        Some(TestDatabase::named(base, name))
    }

    /// A migrated database (cloned from this process's template), or `None` when
    /// `SIILO_TEST_POSTGRES_URL` is unset.
    pub async fn migrated() -> Option<TestDatabase> {
        let base = base_url()?;
        let template = TEMPLATE.get_or_init(|| create_template(base.clone())).await;
        let name = fresh_name("siilo_test");
        execute(&base, &format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""))
            .await
            .expect("clone the migrated template");
        Some(TestDatabase::named(base, name))
    }

    /// [`TestDatabase::empty`] for tests without a runtime of their own.
    pub fn empty_blocking() -> Option<TestDatabase> {
        block_on(TestDatabase::empty())
    }

    /// The database's URL, for `SIILO_DATABASE_URL`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    fn named(base: String, name: String) -> TestDatabase {
        TestDatabase { url: format!("{base}/{name}"), base, name }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (base, name) = (self.base.clone(), self.name.clone());
        // Drop is synchronous and may run inside (or after) a test's runtime: use a thread and
        // a runtime of our own.
        let _ = std::thread::spawn(move || {
            block_on(async {
                let _ = execute(&base, &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
            })
        })
        .join();
    }
}

/// `<prefix>_<pid>_<uuid>`: the pid lets a later run drop what a crashed one left behind.
fn fresh_name(prefix: &str) -> String {
    format!("{prefix}_{}_{}", std::process::id(), Uuid::now_v7().simple())
}

fn block_on<T>(future: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime for the test database")
        .block_on(future)
}

async fn admin_connection(base: &str) -> DatabaseConnection {
    Database::connect(format!("{base}/postgres"))
        .await
        .expect("PostgreSQL at SIILO_TEST_POSTGRES_URL answers")
}

async fn execute(base: &str, sql: &str) -> Result<(), DbErr> {
    let admin = admin_connection(base).await;
    let result = admin.execute_unprepared(sql).await.map(|_| ());
    admin.close().await.ok();
    result
}

/// Migrates a template database for this process, first dropping what crashed runs left.
async fn create_template(base: String) -> String {
    drop_stale(&base).await;
    let name = fresh_name("siilo_tpl");
    execute(&base, &format!("CREATE DATABASE \"{name}\"")).await.expect("create the template");
    let db = siilo_store::connect(&format!("{base}/{name}"), 1).await.expect("connect to the template");
    siilo_store::migrate(&db).await.expect("migrate the template");
    db.close().await.expect("close the template");
    name
}

/// Drops test databases that a crashed earlier run left behind (their process is gone).
async fn drop_stale(base: &str) {
    let admin = admin_connection(base).await;
    let rows = admin
        .query_all_raw(Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'siilo_t%'",
        ))
        .await
        .unwrap_or_default();
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else { continue };
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !PathBuf::from(format!("/proc/{pid}")).exists()
        {
            let _ =
                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
        }
    }
    admin.close().await.ok();
}
