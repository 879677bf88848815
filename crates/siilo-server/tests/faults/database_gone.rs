//! PostgreSQL stopped under a running server, then started again. The cluster is a private
//! one that this test creates (Debian's `initdb` and `pg_ctl`, as the `postgres` user when the
//! test runs as root) in a temporary folder on a free port, so the server the other tests use
//! is never stopped.
//!
//! While the database is gone, a request that needs it is answered 503 problem+json
//! `database_unavailable` with `Retry-After` within the pool's acquire timeout (3 s), never a
//! hang, a 500 or a panic, and `/health` says 503; once the database is back the server
//! recovers by itself.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::util::{ADMIN, Answer, Api, Database, PASSWORD, Server, bounded};

/// A request while the database is gone is answered within this: the acquire timeout (3 s)
/// and some slack for a busy machine.
const PROMPTLY: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_gone_answers_503_at_once_and_the_server_recovers_when_it_returns() {
    bounded(database_gone()).await;
}

async fn database_gone() {
    if siilo_tests::postgres::base_url().is_none() {
        eprintln!("skipped: SIILO_TEST_POSTGRES_URL is not set");
        return;
    }
    let Some(bin) = postgres_bin() else {
        eprintln!("skipped: no PostgreSQL server binaries (initdb, pg_ctl) on this machine");
        return;
    };
    let cluster = Cluster::create(bin);
    cluster.start();
    let db = Database::at(cluster.url());
    db.set_up();
    let server = Server::start(&db);
    let api = server.api();
    let admin = api.login(ADMIN).await;
    let call = api.open_call(&admin).await;
    let alice = api.register("alice").await;
    let bob = api.register("bob").await;
    let proposal =
        api.submit(&alice, &call, "Yhteinen avustusrekisteri").await.ok()["id"].as_str().unwrap().to_owned();
    assert_eq!(api.try_thumb(&bob, &proposal, true).await.unwrap().status, StatusCode::OK);
    assert_eq!(health(&api).await.status, StatusCode::OK);

    cluster.stop();

    // The background check notices within a check or two.
    let res = wait_for(&api, StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(6)).await;
    res.refused(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
    assert!(res.retry_after.is_some(), "{res:?}");
    // Answered from memory: at once, however long the database takes.
    let start = Instant::now();
    health(&api).await.refused(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
    assert!(start.elapsed() < Duration::from_millis(500), "/health took {:?}", start.elapsed());

    // Reads, writes and a login, at once: each is a prompt 503.
    let start = Instant::now();
    let login = json!({ "email": "alice@vm.fi", "password": PASSWORD });
    let path = format!("/proposals/{proposal}");
    let (read, write, login) = tokio::join!(
        api.try_send(Method::GET, &path, Some(&bob.access), None),
        api.try_thumb(&bob, &proposal, false),
        api.try_send(Method::POST, "/auth/login", None, Some(&login)),
    );
    let took = start.elapsed();
    for res in [read, write, login] {
        let res = res.expect("answered, not cut off");
        res.refused(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable");
        assert!(res.retry_after.is_some(), "{res:?}");
    }
    assert!(took < PROMPTLY, "503s took {took:?}");
    assert!(!server.log().contains("panicked"), "{}", server.log());

    cluster.start();

    // Recovers by itself: the pool replaces the connections the restart closed.
    wait_for(&api, StatusCode::OK, Duration::from_secs(10)).await;
    let seen = api.get(&format!("/proposals/{proposal}"), &bob).await.ok();
    assert_eq!((seen["viewer_thumbed"].as_bool(), seen["thumb_count"].as_i64()), (Some(true), Some(1)));
    assert_eq!(api.try_thumb(&bob, &proposal, false).await.unwrap().status, StatusCode::OK);
    api.login("alice@vm.fi").await;
    server.assert_no_panic();
    let log = server.log();
    assert!(log.contains("the database does not answer"), "the outage is logged as such:\n{log}");
}

async fn health(api: &Api) -> Answer {
    api.send(Method::GET, "/health", None, None).await
}

/// Polls `/health` until it answers `status`.
async fn wait_for(api: &Api, status: StatusCode, limit: Duration) -> Answer {
    let start = Instant::now();
    loop {
        let res = health(api).await;
        if res.status == status {
            return res;
        }
        assert!(start.elapsed() < limit, "/health still answers {res:?} after {limit:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The folder of `initdb` and `pg_ctl`: Debian's newest `/usr/lib/postgresql/<v>/bin`, or
/// where `pg_config --bindir` says.
fn postgres_bin() -> Option<PathBuf> {
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|v| v.parse::<u32>().ok()).map(|v| (v, e.path())))
        .max_by_key(|(v, _)| *v)
        .map(|(_, path)| path.join("bin"));
    let from_pg_config = || {
        let out = Command::new("pg_config").arg("--bindir").output().ok()?;
        Some(PathBuf::from(String::from_utf8(out.stdout).ok()?.trim()))
    };
    debian.or_else(from_pg_config).filter(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
}

/// A PostgreSQL cluster of this test's own, removed with its folder when dropped.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    /// PostgreSQL refuses to run as root: the commands then run as `postgres`.
    as_postgres: bool,
}

impl Cluster {
    fn create(bin: PathBuf) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let as_postgres = is_root();
        if as_postgres {
            let ok = Command::new("chown").args(["-R", "postgres:"]).arg(dir.path()).status().unwrap();
            assert!(ok.success(), "chown the cluster's folder to postgres");
        }
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        };
        let cluster = Cluster { bin, dir, port, as_postgres };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &["-D", path(&data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"],
        );
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("postgres.log");
        self.run(
            "pg_ctl",
            &["-D", path(&self.data()), "-l", path(&log), "-o", &options, "-w", "-t", "30", "start"],
        );
    }

    /// Stops the server as an operator would (`fast`: sessions are ended, not waited for).
    fn stop(&self) {
        self.run("pg_ctl", &["-D", path(&self.data()), "-m", "fast", "-w", "-t", "30", "stop"]);
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let program = self.bin.join(tool);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let out = command.args(args).current_dir(self.dir.path()).output().unwrap();
        assert!(
            out.status.success(),
            "{tool} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let program = self.bin.join("pg_ctl");
        let data = self.data();
        let args = ["-D", path(&data), "-m", "immediate", "-w", "stop"];
        let _ = if self.as_postgres {
            Command::new("runuser").args(["-u", "postgres", "--"]).arg(&program).args(args).output()
        } else {
            Command::new(&program).args(args).output()
        };
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}
