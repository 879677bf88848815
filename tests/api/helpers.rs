//! `spawn_app` builds the real application on a random port with a fresh database: a
//! temporary SQLite file, or a PostgreSQL database cloned from a template migrated once per
//! test process and dropped after the test. `TestApp` and `Session` keep tests readable.

use std::collections::HashMap;
use std::path::PathBuf;

use reqwest::{Method, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde::Deserialize;
use serde_json::{Value, json};
use siilo_domain::roles::{Role, Roles};
use siilo_server::{Application, Config};
use tokio::sync::OnceCell;
use uuid::Uuid;

pub const PASSWORD: &str = "correct horse battery staple";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-42";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Spawns the app for a test case, or returns from the test when it is a PostgreSQL case
/// and `SIILO_TEST_POSTGRES_URL` is unset (`.ci/run` always sets it).
#[macro_export]
macro_rules! spawn {
    ($db:expr) => {
        spawn!($db, |_c: &mut siilo_server::Config| {})
    };
    ($db:expr, $configure:expr) => {
        match $crate::helpers::spawn_app_with($db, $configure).await {
            Some(app) => app,
            None => {
                eprintln!("skipped: SIILO_TEST_POSTGRES_URL is not set");
                return;
            }
        }
    };
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    /// Stops the server gracefully, as SIGTERM does.
    pub shutdown: siilo_server::ShutdownHandle,
    _dir: tempfile::TempDir,
    pg_database: Option<String>,
}

/// A problem+json body.
#[derive(Debug, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl Problem {
    /// The codes of the field errors, as `field:code`.
    pub fn fields(&self) -> Vec<String> {
        self.errors.iter().map(|e| format!("{}:{}", e.field, e.code)).collect()
    }
}

/// Reads a response as problem+json, checking the content type on the way.
pub async fn problem(res: Response) -> Problem {
    let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(ct, "application/problem+json", "status {}", res.status());
    let status = res.status().as_u16();
    let p: Problem = res.json().await.expect("a problem body");
    assert_eq!(p.status, status);
    assert_eq!(p.type_, "about:blank");
    assert!(!p.title.is_empty() && !p.detail.is_empty(), "a problem has a title and a detail: {p:?}");
    p
}

pub async fn body(res: Response) -> Value {
    res.json().await.expect("a JSON body")
}

/// A signed-in user: their token pair and account.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub user_id: Uuid,
    pub email: String,
}

impl Session {
    fn from_tokens(v: &Value) -> Session {
        Session {
            access_token: v["access_token"].as_str().expect("access_token").to_owned(),
            refresh_token: v["refresh_token"].as_str().expect("refresh_token").to_owned(),
            user_id: v["user"]["id"].as_str().and_then(|s| s.parse().ok()).expect("user.id"),
            email: v["user"]["email"].as_str().expect("user.email").to_owned(),
        }
    }
}

async fn postgres_base() -> Option<String> {
    std::env::var("SIILO_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('/').to_owned())
}

static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();

async fn admin_connection(base: &str) -> DatabaseConnection {
    Database::connect(format!("{base}/postgres"))
        .await
        .expect("PostgreSQL at SIILO_TEST_POSTGRES_URL answers")
}

/// Drops test databases that a crashed earlier run left behind (their process is gone).
async fn drop_stale(admin: &DatabaseConnection) {
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
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
}

/// A migrated template database for this test process.
async fn pg_template(base: &str) -> String {
    PG_TEMPLATE
        .get_or_init(|| async {
            let admin = admin_connection(base).await;
            drop_stale(&admin).await;
            let name = format!("siilo_tpl_{}_{}", std::process::id(), Uuid::now_v7().simple());
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create template");
            let db = siilo_store::connect(&format!("{base}/{name}"), 1).await.expect("connect template");
            siilo_store::migrate(&db).await.expect("migrate template");
            db.close().await.expect("close template");
            admin.close().await.ok();
            name
        })
        .await
        .clone()
}

pub async fn spawn_app_with(db: Db, configure: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db_url, pg_database) = match db {
        Db::Sqlite => (format!("sqlite://{}", dir.path().join("siilo.db").display()), None),
        Db::Postgres => {
            let base = postgres_base().await?;
            let template = pg_template(&base).await;
            let name = format!("siilo_test_{}_{}", std::process::id(), Uuid::now_v7().simple());
            let admin = admin_connection(&base).await;
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""))
                .await
                .expect("clone the template");
            admin.close().await.ok();
            (format!("{base}/{name}"), Some(name))
        }
    };
    let mut config = Config::from_vars(&HashMap::from([
        ("SIILO_DATABASE_URL".to_owned(), db_url.clone()),
        ("SIILO_BIND".to_owned(), "127.0.0.1:0".to_owned()),
        ("SIILO_DATA_DIR".to_owned(), dir.path().display().to_string()),
        ("SIILO_JWT_SECRET".to_owned(), JWT_SECRET.to_owned()),
        ("SIILO_DB_MAX_CONNECTIONS".to_owned(), "5".to_owned()),
    ]))
    .expect("test configuration");
    configure(&mut config);
    let app = Application::build(config).await.expect("the app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let shutdown = app.shutdown_handle();
    tokio::spawn(app.run_until_stopped());
    let conn = siilo_store::connect(&db_url, 2).await.expect("test connection");
    Some(TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        db: conn,
        shutdown,
        _dir: dir,
        pg_database,
    })
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some(name) = self.pg_database.take() else { return };
        // Drop is synchronous and the test's runtime is going away: use a runtime of our own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async {
                if let Some(base) = postgres_base().await {
                    let admin = admin_connection(&base).await;
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .await;
                    admin.close().await.ok();
                }
            });
        })
        .join();
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A request with an optional bearer token and JSON body.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.expect("the request is sent")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path, None, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.request(Method::POST, path, None, Some(body)).await
    }

    pub async fn register_raw(&self, body: Value) -> Response {
        self.post("/api/v1/auth/register", body).await
    }

    /// Registers `<name>@vm.fi` with [`PASSWORD`] and returns the signed-in session.
    pub async fn participant(&self, name: &str) -> Session {
        let res = self
            .register_raw(json!({
                "email": format!("{name}@vm.fi"),
                "password": PASSWORD,
                "display_name": name,
            }))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "registering {name}");
        Session::from_tokens(&body(res).await)
    }

    /// A participant who has been granted `roles` (as `siilo user create --role` would).
    pub async fn user_with_roles(&self, name: &str, roles: &[Role]) -> Session {
        let session = self.participant(name).await;
        siilo_store::users::replace_roles(
            &self.db,
            session.user_id.into(),
            &Roles::new(roles.iter().copied()),
        )
        .await
        .expect("grant roles");
        session
    }

    pub async fn admin(&self) -> Session {
        self.user_with_roles("admin", &[Role::Admin]).await
    }

    pub async fn login_raw(&self, email: &str, password: &str) -> Response {
        self.post("/api/v1/auth/login", json!({ "email": email, "password": password })).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Session {
        let res = self.login_raw(email, password).await;
        assert_eq!(res.status(), StatusCode::OK, "logging in {email}");
        Session::from_tokens(&body(res).await)
    }

    pub async fn refresh_raw(&self, refresh_token: &str) -> Response {
        self.post("/api/v1/auth/refresh", json!({ "refresh_token": refresh_token })).await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Session {
        let res = self.refresh_raw(refresh_token).await;
        assert_eq!(res.status(), StatusCode::OK, "refreshing");
        Session::from_tokens(&body(res).await)
    }

    pub async fn get_as(&self, session: &Session, path: &str) -> Response {
        self.request(Method::GET, path, Some(&session.access_token), None).await
    }

    pub async fn send_as(&self, session: &Session, method: Method, path: &str, body: Value) -> Response {
        self.request(method, path, Some(&session.access_token), Some(body)).await
    }

    pub async fn me(&self, session: &Session) -> Response {
        self.get_as(session, "/api/v1/me").await
    }
}

/// A call as tests use it.
#[derive(Debug, Clone)]
pub struct CallFixture {
    pub id: String,
    pub slug: String,
    pub theme_ids: Vec<String>,
}

/// Times relative to now, for call windows.
pub fn hours_from_now(h: i64) -> String {
    (chrono::Utc::now() + chrono::TimeDelta::hours(h)).to_rfc3339()
}

impl TestApp {
    /// Creates a call as `admin` with `overrides` merged into a valid body, and publishes it
    /// unless `overrides` says `"publish": false`. Its window is open now by default.
    pub async fn call_with(&self, admin: &Session, overrides: Value) -> CallFixture {
        let slug = format!("haku-{}", &Uuid::now_v7().simple().to_string()[20..]);
        let mut body = json!({
            "slug": slug,
            "title": { "fi": "Siilonmurtajat", "sv": "Silobrytarna", "en": "Silo breakers" },
            "description": { "fi": "Kokeiluja yli hallinnonrajojen." },
            "opens_at": hours_from_now(-1),
            "submissions_close_at": hours_from_now(24),
            "voting_closes_at": hours_from_now(48),
            "themes": [ { "name": { "fi": "Digitaaliset palvelut" } }, { "name": { "fi": "Yhteiset hankinnat" } } ],
        });
        let mut publish = true;
        if let Value::Object(o) = overrides {
            for (k, v) in o {
                if k == "publish" {
                    publish = v.as_bool().unwrap_or(true);
                } else {
                    body[k] = v;
                }
            }
        }
        let res = self.send_as(admin, Method::POST, "/api/v1/calls", body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "creating a call");
        let call = self::body(res).await;
        let id = call["id"].as_str().unwrap().to_owned();
        if publish {
            let res =
                self.send_as(admin, Method::POST, &format!("/api/v1/calls/{id}/publish"), json!({})).await;
            assert_eq!(res.status(), StatusCode::OK, "publishing a call");
        }
        CallFixture {
            id,
            slug: call["slug"].as_str().unwrap().to_owned(),
            theme_ids: call["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_str().unwrap().to_owned())
                .collect(),
        }
    }

    /// A published call that is open now.
    pub async fn open_call(&self, admin: &Session) -> CallFixture {
        self.call_with(admin, json!({})).await
    }

    /// Moves a call's window, for example from open to voting: `set_window(admin, call, -48, -1, 24)`.
    pub async fn set_window(
        &self,
        admin: &Session,
        call: &CallFixture,
        opens: i64,
        closes: i64,
        voting_closes: i64,
    ) {
        let res = self
            .send_as(
                admin,
                Method::PATCH,
                &format!("/api/v1/calls/{}", call.id),
                json!({
                    "opens_at": hours_from_now(opens),
                    "submissions_close_at": hours_from_now(closes),
                    "voting_closes_at": hours_from_now(voting_closes),
                }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "moving the window");
    }

    /// Submits a proposal with `overrides` merged into a valid body; returns the response.
    pub async fn submit_raw(&self, author: &Session, call: &CallFixture, overrides: Value) -> Response {
        let mut body = json!({
            "title": "Yhteinen avustusrekisteri",
            "summary": "Kootaan ministeriöiden avustukset yhteen rekisteriin.",
            "challenge": "Avustustiedot ovat **hajallaan**.",
            "idea": "Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.",
        });
        if let Value::Object(o) = overrides {
            for (k, v) in o {
                body[k] = v;
            }
        }
        self.send_as(author, Method::POST, &format!("/api/v1/calls/{}/proposals", call.id), body).await
    }

    /// Submits a valid proposal and returns it.
    pub async fn submit(&self, author: &Session, call: &CallFixture) -> Value {
        let res = self.submit_raw(author, call, json!({})).await;
        assert_eq!(res.status(), StatusCode::CREATED, "submitting a proposal");
        body(res).await
    }
}
