//! The application under test: spawned on a random port with a fresh database, which is
//! dropped again afterwards on PostgreSQL.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::DatabaseConnection;
use siilo_domain::roles::{Role, Roles};
use siilo_server::{Application, Config};
use siilo_tests::postgres::TestDatabase;

use super::actors::{Anon, Client, User};
use super::mail::{MailSink, PUBLIC_URL};
use super::views::TokenPair;

pub const PASSWORD: &str = "correct horse battery staple";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-42";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    /// A client that follows no redirects, shared by every actor of this app.
    pub client: reqwest::Client,
    /// A connection of the test's own to the app's database (to grant roles, or to look).
    pub db: DatabaseConnection,
    /// Stops the server gracefully, as SIGTERM does.
    pub shutdown: siilo_server::ShutdownHandle,
    /// How many SQL statements the app has run on its connection pool so far.
    statements: Arc<AtomicU64>,
    /// The database the app runs on, for [`TestApp::another_instance`].
    database_url: String,
    /// The SMTP server of [`TestApp::spawn_with_mail`], which another instance sends through too.
    smtp_url: Option<String>,
    /// The running app, for [`TestApp::stop`].
    running: Mutex<Option<tokio::task::JoinHandle<std::io::Result<()>>>>,
    // Dropped after the connections above: the PostgreSQL database goes last.
    _pg: Option<TestDatabase>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Spawns the app with the test configuration.
    pub async fn spawn(db: Db) -> TestApp {
        Self::spawn_with(db, |_| {}).await
    }

    /// Spawns the app sending its emails to `sink` (its links start with [`PUBLIC_URL`]; the
    /// worker looks for due emails and retries failed ones every 200 ms), with the test
    /// configuration changed by `configure`.
    pub async fn spawn_with_mail(db: Db, sink: &MailSink, configure: impl FnOnce(&mut Config)) -> TestApp {
        Self::spawn_with_smtp(db, &sink.smtp_url(), configure).await
    }

    /// [`TestApp::spawn_with_mail`] with an SMTP URL of its own (where perhaps nothing
    /// listens yet).
    pub async fn spawn_with_smtp(db: Db, smtp_url: &str, configure: impl FnOnce(&mut Config)) -> TestApp {
        let smtp_url = smtp_url.to_owned();
        let url = smtp_url.clone();
        let mut app = Self::spawn_with(db, move |c| {
            mail_settings(c, &url);
            configure(c);
        })
        .await;
        app.smtp_url = Some(smtp_url);
        app
    }

    /// Spawns the app with the test configuration changed by `configure`.
    pub async fn spawn_with(db: Db, configure: impl FnOnce(&mut Config)) -> TestApp {
        super::logging::init();
        let dir = tempfile::tempdir().expect("temp dir");
        let (db_url, pg) = match db {
            Db::Sqlite => (format!("sqlite://{}", dir.path().join("siilo.db").display()), None),
            Db::Postgres => {
                let pg = TestDatabase::migrated().await.expect(
                    "a PostgreSQL case runs only with SIILO_TEST_POSTGRES_URL set (it is ignored without)",
                );
                (pg.url().to_owned(), Some(pg))
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
        let (address, shutdown, statements, running) = start(config).await;
        // The test's own connection waits longer than the server's pool: on a loaded machine
        // (CI, parallel builds) opening it can take more than the server's three seconds.
        let settings = siilo_store::database::PoolSettings {
            acquire_timeout: std::time::Duration::from_secs(30),
            ..siilo_store::database::PoolSettings::new(2)
        };
        let conn = siilo_store::database::connect_with(&db_url, settings).await.expect("test connection");
        TestApp {
            address,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            db: conn,
            shutdown,
            statements,
            database_url: db_url,
            smtp_url: None,
            running: Mutex::new(Some(running)),
            _pg: pg,
            _dir: dir,
        }
    }

    /// A second instance of the app on the same database (as behind a load balancer), with
    /// the same secret: tokens of one work on the other. The database stays this app's. An
    /// app of [`TestApp::spawn_with_mail`] gets another that sends through the same server.
    pub async fn another_instance(&self) -> TestApp {
        self.another_instance_with(|_| {}).await
    }

    /// [`TestApp::another_instance`] with its configuration changed by `configure`.
    pub async fn another_instance_with(&self, configure: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::from_vars(&HashMap::from([
            ("SIILO_DATABASE_URL".to_owned(), self.database_url.clone()),
            ("SIILO_BIND".to_owned(), "127.0.0.1:0".to_owned()),
            ("SIILO_DATA_DIR".to_owned(), dir.path().display().to_string()),
            ("SIILO_JWT_SECRET".to_owned(), JWT_SECRET.to_owned()),
            ("SIILO_DB_MAX_CONNECTIONS".to_owned(), "5".to_owned()),
        ]))
        .expect("test configuration");
        if let Some(url) = &self.smtp_url {
            mail_settings(&mut config, url);
        }
        configure(&mut config);
        let (address, shutdown, statements, running) = start(config).await;
        TestApp {
            address,
            client: self.client.clone(),
            db: self.db.clone(),
            shutdown,
            statements,
            database_url: self.database_url.clone(),
            smtp_url: self.smtp_url.clone(),
            running: Mutex::new(Some(running)),
            _pg: None,
            _dir: dir,
        }
    }

    /// Stops the app gracefully (as SIGTERM does) and waits until it has stopped, its mail
    /// worker too.
    pub async fn stop(&self) {
        self.shutdown.graceful().await;
        let running = self.running.lock().expect("lock").take();
        if let Some(running) = running {
            running.await.expect("the app's task").expect("the app stops cleanly");
        }
    }

    /// A link of an email (`https://siilo.test/…`) as an address of this app.
    pub fn local(&self, link: &str) -> String {
        let path =
            link.strip_prefix(PUBLIC_URL).unwrap_or_else(|| panic!("{link} is not under {PUBLIC_URL}"));
        self.url(path)
    }

    /// The database the app runs on, for a connection of a test's own (as another instance
    /// would have).
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// How many SQL statements the app has run so far: compare before and after a request.
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::SeqCst)
    }

    /// Spawns the app on SQLite, for a test that involves no database (a plain
    /// `#[tokio::test]`, run once): what it checks cannot differ between the engines.
    pub async fn spawn_sqlite() -> TestApp {
        Self::spawn(Db::Sqlite).await
    }

    /// [`TestApp::spawn_sqlite`] with the test configuration changed by `configure`.
    pub async fn spawn_sqlite_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        Self::spawn_with(Db::Sqlite, configure).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Someone who has not signed in.
    pub fn anon(&self) -> Anon {
        Anon::new(self.bearer(None))
    }

    /// A client that sends `token` (any string, valid or not) as its bearer token.
    pub fn bearer(&self, token: Option<&str>) -> Client {
        Client::new(self.address.clone(), self.client.clone(), token.map(str::to_owned))
    }

    /// The actor that a token response signs in.
    pub fn user_from(&self, tokens: &TokenPair) -> User {
        User::new(self.bearer(Some(&tokens.access_token)), tokens)
    }

    /// Registers `<name>@vm.fi` with [`PASSWORD`] and display name `name`; signed in.
    pub async fn participant(&self, name: &str) -> User {
        self.register(&format!("{name}@vm.fi"), name).await
    }

    /// Registers `email` with [`PASSWORD`] and display name `name`, accepting the seeded
    /// terms of use and privacy notice (version 1), and confirms the address (as its emailed
    /// link would); signed in, and may take part (until a test publishes a new version of
    /// either page).
    pub async fn register(&self, email: &str, name: &str) -> User {
        let user = self.register_unverified(email, name).await;
        self.confirm_email(user.user_id).await;
        user
    }

    /// Confirms a user's address through the store, as opening the emailed link does: they
    /// join the most specific organisation of their domain unless they have one.
    pub async fn confirm_email(&self, user_id: uuid::Uuid) {
        let user =
            siilo_store::users::get(&self.db, user_id.into()).await.expect("read user").expect("a user");
        let domains = siilo_store::organisations::all_domains(&self.db).await.expect("read domains");
        let allowed = siilo_domain::accounts::email_domain(&user.email)
            .map(|d| siilo_domain::organisations::allowed_for_domain(d, &domains))
            .unwrap_or_default();
        let organisation =
            user.organisation_id.or_else(|| siilo_domain::organisations::placement(None, &allowed));
        siilo_store::users::confirm_email(&self.db, user.id, organisation, chrono::Utc::now())
            .await
            .expect("confirm the address");
    }

    /// Registers `email` with [`PASSWORD`] and display name `name`, accepting the seeded terms
    /// of use and privacy notice; signed in, but the address is not confirmed: the user reads
    /// and signs in, and does not take part.
    pub async fn register_unverified(&self, email: &str, name: &str) -> User {
        let res = self
            .anon()
            .post(
                "/api/v1/auth/register",
                &serde_json::json!({
                    "email": email, "password": PASSWORD, "display_name": name,
                    "accepted_terms_version": 1, "accepted_privacy_version": 1,
                }),
            )
            .await;
        assert_eq!(res.status(), reqwest::StatusCode::CREATED, "registering {email}: {}", res.text());
        self.user_from(&res.json())
    }

    /// A participant who has been granted `roles` (as `siilo user create --role` would).
    pub async fn user_with_roles(&self, name: &str, roles: &[Role]) -> User {
        let user = self.participant(name).await;
        siilo_store::users::replace_roles(&self.db, user.user_id.into(), &Roles::new(roles.iter().copied()))
            .await
            .expect("grant roles");
        user
    }

    /// A moderator `<name>@vm.fi`.
    pub async fn moderator(&self, name: &str) -> User {
        self.user_with_roles(name, &[Role::Moderator]).await
    }

    /// The administrator `admin@vm.fi`.
    pub async fn admin(&self) -> User {
        self.user_with_roles("admin", &[Role::Admin]).await
    }

    /// Signs in with a password; the response must be 200.
    pub async fn login(&self, email: &str, password: &str) -> User {
        let res = self
            .anon()
            .post("/api/v1/auth/login", &serde_json::json!({ "email": email, "password": password }))
            .await;
        assert_eq!(res.status(), reqwest::StatusCode::OK, "logging in {email}: {}", res.text());
        self.user_from(&res.json())
    }

    /// Exchanges a refresh token for a new pair; the response must be 200.
    pub async fn refresh(&self, refresh_token: &str) -> User {
        let res = self
            .anon()
            .post("/api/v1/auth/refresh", &serde_json::json!({ "refresh_token": refresh_token }))
            .await;
        assert_eq!(res.status(), reqwest::StatusCode::OK, "refreshing: {}", res.text());
        self.user_from(&res.json())
    }
}

/// What [`TestApp::spawn_with_mail`] sets: the SMTP server, the links' base, and a worker
/// that looks every 200 ms and retries after 200 ms (then 400, 800, …).
fn mail_settings(config: &mut Config, smtp_url: &str) {
    config.smtp_url = Some(smtp_url.to_owned().into());
    config.public_url = PUBLIC_URL.to_owned();
    config.mail_from = "Siilo <siilo@siilo.test>".to_owned();
    config.mail_poll = Duration::from_millis(200);
    config.mail_retry = Duration::from_millis(200);
}

type Running = tokio::task::JoinHandle<std::io::Result<()>>;

/// Builds and starts the app, counting the statements it runs on its pool.
async fn start(config: Config) -> (String, siilo_server::ShutdownHandle, Arc<AtomicU64>, Running) {
    let statements = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&statements);
    let app = Application::build_observed(config, move |db| {
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
    })
    .await
    .expect("the app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let shutdown = app.shutdown_handle();
    let running = tokio::spawn(app.run_until_stopped());
    (address, shutdown, statements, running)
}
