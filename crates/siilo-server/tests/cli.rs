//! The `siilo` binary as an operator uses it: creating the first admin from the command
//! line, with the password on standard input, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use siilo_tests::postgres::TestDatabase;

const SIILO: &str = env!("CARGO_BIN_EXE_siilo");

fn siilo(data_dir: &Path, database_url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(SIILO)
        .args(args)
        .env("SIILO_DATA_DIR", data_dir)
        .env("SIILO_DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `check` against a fresh, empty PostgreSQL database (siilo-tests' shared helper),
/// dropped afterwards even when it fails; skips when `SIILO_TEST_POSTGRES_URL` is unset (CI
/// always sets it).
fn on_fresh_postgres(check: fn(&str)) {
    let Some(database) = TestDatabase::empty_blocking() else {
        eprintln!("skipped: SIILO_TEST_POSTGRES_URL is not set");
        return;
    };
    check(database.url());
}

fn creates_an_admin_who_can_log_in(database_url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let create = |args: &[&str], password: &str| {
        let mut all = vec!["user", "create"];
        all.extend_from_slice(args);
        siilo(dir.path(), database_url, &all, password)
    };

    let out = create(
        &["--email", " Admin@VM.fi", "--name", "Pääkäyttäjä", "--organisation", "vm", "--role", "admin"],
        "a long admin passphrase\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("admin@vm.fi") && stdout.contains("participant, admin"), "{stdout}");

    let again = create(&["--email", "admin@vm.fi", "--name", "X"], "another long passphrase\n");
    assert!(!again.status.success(), "a taken email is refused");
    let short = create(&["--email", "b@vm.fi", "--name", "B"], "short\n");
    assert!(stderr(&short).contains("12–128"), "{}", stderr(&short));
    let unknown =
        create(&["--email", "c@vm.fi", "--name", "C", "--organisation", "XX"], "a long admin passphrase\n");
    assert!(stderr(&unknown).contains("no organisation has the code XX"), "{}", stderr(&unknown));

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = siilo_store::connect(database_url, 1).await.unwrap();
        let creds = siilo_store::users::credentials_by_email(&db, "admin@vm.fi").await.unwrap().unwrap();
        let passwords = siilo_server::auth::Passwords::default();
        assert!(passwords.verify("a long admin passphrase".into(), Some(creds.password_hash)).await.unwrap());
        let user = siilo_store::users::get(&db, creds.user_id).await.unwrap().unwrap();
        assert!(user.roles.has(siilo_domain::roles::Role::Admin));
        assert_eq!(user.display_name, "Pääkäyttäjä");
        assert!(user.organisation_id.is_some());
        assert!(siilo_store::users::credentials_by_email(&db, "b@vm.fi").await.unwrap().is_none());
    });
}

#[test]
fn user_create_makes_an_admin_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    creates_an_admin_who_can_log_in(&format!("sqlite://{}", dir.path().join("cli.db").display()));
}

#[test]
fn user_create_makes_an_admin_on_postgres() {
    on_fresh_postgres(creates_an_admin_who_can_log_in);
}

#[test]
fn a_bad_setting_stops_start_up_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(SIILO)
        .arg("migrate")
        .env("SIILO_DATA_DIR", dir.path())
        .env("SIILO_ACCESS_TOKEN_TTL", "soon")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("SIILO_ACCESS_TOKEN_TTL"), "{}", stderr(&out));
}

#[test]
fn openapi_prints_the_contract() {
    let out = Command::new(SIILO).arg("openapi").output().unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "Siilo API");
}

fn seeds_a_living_demo(database_url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = siilo(dir.path(), database_url, &["seed-demo", "--seed", "7"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("seeded 3 calls, 61 people, 58 proposals"), "{stdout}");

    // A second run refuses to mix demo data into a used database; --if-empty skips quietly.
    let again = siilo(dir.path(), database_url, &["seed-demo"], "");
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already has accounts"), "{}", stderr(&again));
    let if_empty = siilo(dir.path(), database_url, &["seed-demo", "--if-empty"], "");
    assert!(if_empty.status.success(), "{}", stderr(&if_empty));

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = siilo_store::connect(database_url, 1).await.unwrap();
        let calls = siilo_store::calls::list(&db, false).await.unwrap();
        let now = chrono::Utc::now();
        let mut phases: Vec<&str> = calls.iter().map(|c| c.state.phase_at(now).into_str()).collect();
        phases.sort();
        assert_eq!(phases, vec!["open", "review", "voting"]);
        let open = calls.iter().find(|c| c.state.phase_at(now).into_str() == "open").unwrap();
        assert_eq!(open.themes.len(), 5);
        let counts = siilo_store::calls::counts(&db, &[open.id]).await.unwrap()[&open.id];
        assert_eq!(counts.proposals, 40);
        assert!(counts.thumbs > 100 && counts.comments > 20, "{counts:?}");
        let admin = siilo_store::users::credentials_by_email(&db, siilo_server::demo::DEMO_ADMIN)
            .await
            .unwrap()
            .unwrap();
        let passwords = siilo_server::auth::Passwords::default();
        assert!(
            passwords
                .verify(siilo_server::demo::DEMO_PASSWORD.into(), Some(admin.password_hash))
                .await
                .unwrap()
        );
    });
}

#[test]
fn seed_demo_fills_an_empty_database_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    seeds_a_living_demo(&format!("sqlite://{}", dir.path().join("demo.db").display()));
}

#[test]
fn seed_demo_fills_an_empty_database_on_postgres() {
    on_fresh_postgres(seeds_a_living_demo);
}
