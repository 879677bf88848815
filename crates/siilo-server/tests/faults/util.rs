//! The `siilo` binary as a process, its database, and the few API calls the scenarios make.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use siilo_tests::postgres::TestDatabase;

pub const SIILO: &str = env!("CARGO_BIN_EXE_siilo");
/// Shared by every instance of a scenario, so that a token one signs verifies on the other.
pub const SECRET: &str = "faults-secret-faults-secret-faults-secret";
pub const PASSWORD: &str = "correct horse battery staple";
pub const ADMIN: &str = "admin@vm.fi";

/// Runs a scenario, failing it if it takes longer than a minute (each takes seconds) rather
/// than letting a hang hold the test run.
pub async fn bounded(scenario: impl Future<Output = ()>) {
    tokio::time::timeout(Duration::from_secs(60), scenario)
        .await
        .expect("the scenario finishes within a minute");
}

/// A database for one scenario: a SQLite file in a temporary folder, or a fresh PostgreSQL
/// database on the server at `SIILO_TEST_POSTGRES_URL` (dropped afterwards).
pub struct Database {
    pub url: String,
    _pg: Option<TestDatabase>,
    _dir: tempfile::TempDir,
}

impl Database {
    pub fn sqlite() -> Database {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("siilo.db").display());
        Database { url, _pg: None, _dir: dir }
    }

    /// `None` (and a note) when `SIILO_TEST_POSTGRES_URL` is unset.
    pub async fn postgres() -> Option<Database> {
        let Some(pg) = TestDatabase::empty().await else {
            eprintln!("skipped: SIILO_TEST_POSTGRES_URL is not set");
            return None;
        };
        Some(Database { url: pg.url().to_owned(), _pg: Some(pg), _dir: tempfile::tempdir().unwrap() })
    }

    /// A database at `url` that this scenario manages itself (a private cluster).
    pub fn at(url: String) -> Database {
        Database { url, _pg: None, _dir: tempfile::tempdir().unwrap() }
    }

    /// `siilo migrate`, then the admin [`ADMIN`] with `siilo user create`, as an operator
    /// sets up a new installation.
    pub fn set_up(&self) {
        let dir = tempfile::tempdir().unwrap();
        let out = self.siilo(dir.path(), &["migrate"], "");
        assert!(out.status.success(), "siilo migrate: {}", String::from_utf8_lossy(&out.stderr));
        let out = self.siilo(
            dir.path(),
            &[
                "user",
                "create",
                "--email",
                ADMIN,
                "--name",
                "Admin",
                "--organisation",
                "VM",
                "--role",
                "admin",
            ],
            &format!("{PASSWORD}\n"),
        );
        assert!(out.status.success(), "siilo user create: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn siilo(&self, data_dir: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
        let mut child = Command::new(SIILO)
            .args(args)
            .env("SIILO_DATA_DIR", data_dir)
            .env("SIILO_DATABASE_URL", &self.url)
            .env("SIILO_JWT_SECRET", SECRET)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }
}

/// A running `siilo serve` on a free port of 127.0.0.1. Killed when dropped (if still running).
pub struct Server {
    child: Child,
    pub url: String,
    /// The database it serves, for confirming the addresses of the users tests register.
    db_url: String,
    log: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts `siilo serve` on `db` and waits until it says where it serves.
    pub fn start(db: &Database) -> Server {
        Self::start_with(db, &[])
    }

    pub fn start_with(db: &Database, env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(SIILO)
            .arg("serve")
            .env("SIILO_DATABASE_URL", &db.url)
            .env("SIILO_BIND", "127.0.0.1:0")
            .env("SIILO_DATA_DIR", dir.path())
            .env("SIILO_JWT_SECRET", SECRET)
            .env("SIILO_STATIC_DIR", dir.path().join("no-web-client"))
            .env("SIILO_DB_MAX_CONNECTIONS", "8")
            // Every test user comes from 127.0.0.1: the per-IP ceiling is not tested here.
            .env("SIILO_RATE_LIMIT_AUTH_PER_MINUTE", "100000")
            .env("RUST_LOG", "warn,siilo_server::cli=info")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::clone(&log);
        // Reads the log to its end, so that the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("Siilo is serving at ").nth(1) {
                    let url = rest.split_whitespace().next().unwrap_or("").trim_end_matches('/');
                    let _ = tx.send(url.to_owned());
                }
                let mut log = lines.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let url = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("siilo serve did not start:\n{}", log.lock().unwrap());
            }
        };
        Server { child, url, db_url: db.url.clone(), log, _dir: dir }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `host:port`, for raw TCP.
    pub fn host(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    pub fn api(&self) -> Api {
        Api { db_url: Some(self.db_url.clone()), ..Api::new(&self.url) }
    }

    /// What the server has logged (warnings and worse, and its start-up line).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// `kill -9`: the process dies at once, whatever it was doing.
    pub fn kill_hard(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// `kill -TERM`.
    pub fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.pid().to_string()]).status().unwrap();
        assert!(status.success());
    }

    /// Whether the process still runs.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Waits up to `limit` for the process to exit.
    pub async fn exited_within(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    /// Panics if the server's log shows a panic.
    pub fn assert_no_panic(&self) {
        let log = self.log();
        assert!(!log.contains("panicked"), "the server panicked:\n{log}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// An answer: status, `content-type`, `Retry-After` and the body as JSON (`Null` if none).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub retry_after: Option<String>,
    pub body: Value,
}

impl Answer {
    /// The body of a 2xx answer.
    pub fn ok(self) -> Value {
        assert!(self.status.is_success(), "expected success, got {self:?}");
        self.body
    }

    /// Asserts a problem+json refusal with this status and code.
    pub fn refused(&self, status: StatusCode, code: &str) {
        assert_eq!((self.status, self.body["code"].as_str()), (status, Some(code)), "{self:?}");
        assert_eq!(self.content_type, "application/problem+json", "{self:?}");
    }
}

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub access: String,
    pub refresh: String,
}

/// Requests to one server (one instance), as anyone or with a user's access token.
#[derive(Clone)]
pub struct Api {
    base: String,
    pub http: reqwest::Client,
    /// The server's database: registered users' addresses are confirmed there, as opening
    /// the emailed link would, so that they may take part.
    db_url: Option<String>,
}

impl Api {
    pub fn new(base: &str) -> Api {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
        Api { base: base.to_owned(), http, db_url: None }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    pub async fn try_send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Answer, reqwest::Error> {
        let mut req = self.http.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        let res = req.send().await?;
        let header = |name| res.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (status, content_type, retry_after) =
            (res.status(), header("content-type").unwrap_or_default(), header("retry-after"));
        let bytes = res.bytes().await?;
        let body = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap() };
        Ok(Answer { status, content_type, retry_after, body })
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Answer {
        self.try_send(method.clone(), path, token, body)
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    pub async fn get(&self, path: &str, user: &User) -> Answer {
        self.send(Method::GET, path, Some(&user.access), None).await
    }

    pub async fn post(&self, path: &str, user: &User, body: Value) -> Answer {
        self.send(Method::POST, path, Some(&user.access), Some(&body)).await
    }

    pub async fn patch(&self, path: &str, user: &User, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(&user.access), Some(&body)).await
    }

    fn user(tokens: Value) -> User {
        User {
            id: tokens["user"]["id"].as_str().unwrap().to_owned(),
            access: tokens["access_token"].as_str().unwrap().to_owned(),
            refresh: tokens["refresh_token"].as_str().unwrap().to_owned(),
        }
    }

    /// Registers `<name>@vm.fi`, accepting the seeded terms, and confirms the address (when
    /// the server's database is known) so that the user may take part.
    pub async fn register(&self, name: impl AsRef<str>) -> User {
        let name = name.as_ref();
        let body = json!({
            "email": format!("{name}@vm.fi"), "password": PASSWORD, "display_name": name,
            "accepted_terms_version": 1, "accepted_privacy_version": 1,
        });
        let res = self.send(Method::POST, "/auth/register", None, Some(&body)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{res:?}");
        let user = Self::user(res.body);
        self.confirm(&user.id).await;
        user
    }

    /// Confirms the user's address in the server's database (when known), as opening the
    /// emailed link would.
    pub async fn confirm(&self, user_id: &str) {
        if let Some(url) = &self.db_url {
            let db = siilo_store::connect(url, 1).await.unwrap();
            let id = uuid::Uuid::parse_str(user_id).unwrap();
            siilo_store::users::confirm_email(&db, id.into(), None, chrono::Utc::now()).await.unwrap();
            db.close().await.unwrap();
        }
    }

    pub async fn login(&self, email: &str) -> User {
        let body = json!({ "email": email, "password": PASSWORD });
        Self::user(self.send(Method::POST, "/auth/login", None, Some(&body)).await.ok())
    }

    pub async fn refresh(&self, refresh_token: &str) -> Answer {
        self.send(Method::POST, "/auth/refresh", None, Some(&json!({ "refresh_token": refresh_token }))).await
    }

    /// A published call open for submissions and thumbs; its id.
    pub async fn open_call(&self, admin: &User) -> String {
        let at = |h: i64| (chrono::Utc::now() + chrono::TimeDelta::hours(h)).to_rfc3339();
        let slug = format!("haku-{}", uuid::Uuid::now_v7().simple());
        let body = json!({
            "slug": &slug[..20],
            "title": { "fi": "Siilonmurtajat", "sv": "Silobrytarna", "en": "Silo breakers" },
            "description": { "fi": "Kokeiluja yli hallinnonrajojen." },
            "opens_at": at(-1),
            "submissions_close_at": at(24),
            "voting_closes_at": at(48),
            "themes": [ { "name": { "fi": "Digitaaliset palvelut" } } ],
        });
        let call = self.post("/calls", admin, body).await.ok();
        let id = call["id"].as_str().unwrap().to_owned();
        self.post(&format!("/calls/{id}/publish"), admin, json!({})).await.ok();
        id
    }

    /// Submits a proposal to `call`, answering as the server does.
    pub async fn submit(&self, author: &User, call: &str, title: &str) -> Answer {
        let body = json!({
            "title": title,
            "summary": "Kootaan ministeriöiden avustukset yhteen rekisteriin.",
            "challenge": "Avustustiedot ovat hajallaan.",
            "idea": "Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.",
        });
        self.post(&format!("/calls/{call}/proposals"), author, body).await
    }

    /// Every proposal of `call` (at most 100) as `viewer` sees them.
    pub async fn proposals(&self, call: &str, viewer: &User) -> Vec<Value> {
        let page = self.get(&format!("/calls/{call}/proposals?limit=100&sort=newest"), viewer).await.ok();
        page["items"].as_array().unwrap().clone()
    }

    /// `PUT` (give) or `DELETE` (take back) a thumb.
    pub async fn try_thumb(
        &self,
        voter: &User,
        proposal: &str,
        give: bool,
    ) -> Result<Answer, reqwest::Error> {
        let method = if give { Method::PUT } else { Method::DELETE };
        self.try_send(method, &format!("/proposals/{proposal}/thumb"), Some(&voter.access), None).await
    }
}

/// Thumbs per proposal as the database holds them: (number, counter on the proposal, rows).
pub async fn thumb_counts(db_url: &str) -> Vec<(i64, i64, i64)> {
    use siilo_store::ConnectionTrait;
    let db = siilo_store::connect(db_url, 1).await.unwrap();
    let sql = "SELECT CAST(p.number AS BIGINT) AS number, CAST(p.thumb_count AS BIGINT) AS counter, \
               (SELECT COUNT(*) FROM thumbs t WHERE t.proposal_id = p.id) AS rows_ \
               FROM proposals p ORDER BY p.number";
    let rows =
        db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    let out = rows
        .iter()
        .map(|r| {
            (
                r.try_get::<i64>("", "number").unwrap(),
                r.try_get::<i64>("", "counter").unwrap(),
                r.try_get::<i64>("", "rows_").unwrap(),
            )
        })
        .collect();
    db.close().await.unwrap();
    out
}
