//! The `siilo` binary as an operator uses it: creating the first admin from the command
//! line, with the password on standard input, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use siilo_store::ConnectionTrait;

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
    let Some(base) = std::env::var("SIILO_TEST_POSTGRES_URL").ok().filter(|s| !s.is_empty()) else {
        eprintln!("skipped: SIILO_TEST_POSTGRES_URL is not set");
        return;
    };
    let base = base.trim_end_matches('/').to_owned();
    let name = format!("siilo_test_{}_{}", std::process::id(), uuid::Uuid::now_v7().simple());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let admin = rt.block_on(siilo_store::connect(&format!("{base}/postgres"), 1)).unwrap();
    rt.block_on(admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))).unwrap();
    let result = std::panic::catch_unwind(|| creates_an_admin_who_can_log_in(&format!("{base}/{name}")));
    rt.block_on(admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")))
        .unwrap();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
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
