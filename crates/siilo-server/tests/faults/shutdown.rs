//! SIGTERM to `siilo serve` under a thumb load: every request the server accepted is
//! answered (also one whose request had not fully arrived when the signal came), a new
//! connection is refused while the server still finishes, and it exits 0 well within the
//! grace period. (The in-process test `connections::a_graceful_shutdown_under_load_…` covers
//! the same order of stopping with a burst of connections; this one is the real process and
//! its signal.)

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::util::{ADMIN, Database, Server, bounded};

const LOADERS: usize = 12;
/// Answers seen before the signal.
const WARM_UP: usize = 60;
/// Within this after SIGTERM the process has exited (its own limit is 30 s of draining).
const GRACE: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_answers_every_accepted_request_and_exits_0_on_sqlite() {
    bounded(sigterm_under_load(Database::sqlite())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_answers_every_accepted_request_and_exits_0_on_postgres() {
    if let Some(db) = Database::postgres().await {
        bounded(sigterm_under_load(db)).await;
    }
}

#[derive(Default)]
struct Tally {
    answered: AtomicUsize,
    answered_after_signal: AtomicUsize,
    refused: AtomicUsize,
    /// Sent and never answered.
    lost: Mutex<Vec<String>>,
    wrong_status: Mutex<Vec<String>>,
}

async fn sigterm_under_load(db: Database) {
    db.set_up();
    let mut server = Server::start(&db);
    let api = server.api();
    let admin = api.login(ADMIN).await;
    let call = api.open_call(&admin).await;
    let alice = api.register("alice").await;
    let proposal =
        api.submit(&alice, &call, "Yhteinen avustusrekisteri").await.ok()["id"].as_str().unwrap().to_owned();
    let voters = join_all((0..LOADERS).map(|i| api.register(format!("voter{i}")))).await;
    let tally = Tally::default();
    let signalled = AtomicBool::new(false);
    // No pooling: each probe is a new connection.
    let fresh = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let health = api.url("/health");

    // Loaders thumb and unthumb on their keep-alive connections until refused.
    let loaders = voters.iter().map(|voter| {
        let (api, tally, signalled, proposal) = (&api, &tally, &signalled, &proposal);
        async move {
            for i in 0..5000 {
                let res = api.try_thumb(voter, proposal, i % 2 == 0).await;
                let after = signalled.load(Ordering::SeqCst);
                match res {
                    Ok(res) => {
                        if res.status != StatusCode::OK {
                            tally.wrong_status.lock().unwrap().push(format!("{res:?}"));
                        }
                        tally.answered.fetch_add(1, Ordering::SeqCst);
                        if after {
                            tally.answered_after_signal.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    Err(e) if e.is_connect() => {
                        tally.refused.fetch_add(1, Ordering::SeqCst);
                        return;
                    }
                    Err(e) => {
                        tally.lost.lock().unwrap().push(format!("{e:?}"));
                        return;
                    }
                }
            }
            panic!("the server kept answering after SIGTERM");
        }
    });

    let stop = async {
        let start = Instant::now();
        while tally.answered.load(Ordering::SeqCst) < WARM_UP {
            assert!(start.elapsed() < Duration::from_secs(30), "the load did not get going");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // A connection whose request is still arriving when the signal comes: accepted, so it
        // must be answered.
        let mut held = TcpStream::connect(server.host()).await.unwrap();
        let head = format!(
            "PUT /api/v1/proposals/{proposal}/thumb HTTP/1.1\r\nHost: siilo\r\nAuthorization: Bearer {}\r\nContent-Length: 0\r\n",
            voters[0].access
        );
        held.write_all(head.as_bytes()).await.unwrap();
        // The accept thread takes connections in order: once later ones are answered, the
        // held one has been accepted too.
        for _ in 0..4 {
            assert_eq!(fresh.get(&health).send().await.unwrap().status(), StatusCode::OK);
        }

        signalled.store(true, Ordering::SeqCst);
        server.terminate();
        let signalled_at = Instant::now();
        // New connections are refused, while the held request keeps the server running.
        loop {
            match fresh.get(&health).send().await {
                Err(e) if e.is_connect() => break,
                // Accepted just before the stop (answered), or taken by the kernel in the
                // instant between the pause and the close (reset, never accepted).
                _ => {}
            }
            assert!(signalled_at.elapsed() < Duration::from_secs(5), "new connections are still taken");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(server.running(), "the server waits for the request it accepted");

        held.write_all(b"\r\n").await.unwrap();
        let status = read_status(&mut held).await;
        assert_eq!(status, "HTTP/1.1 200 OK", "the held request is answered");

        let exit = server.exited_within(GRACE).await.expect("the server exits within the grace period");
        assert!(exit.success(), "exit status {exit}");
        eprintln!("exited {:?} after SIGTERM", signalled_at.elapsed());
    };
    tokio::join!(join_all(loaders), stop);

    let lost = tally.lost.lock().unwrap().clone();
    eprintln!(
        "answered {} ({} after SIGTERM), refused {}, lost {}",
        tally.answered.load(Ordering::SeqCst),
        tally.answered_after_signal.load(Ordering::SeqCst),
        tally.refused.load(Ordering::SeqCst),
        lost.len()
    );
    assert!(lost.is_empty(), "requests sent and never answered: {lost:#?}");
    let wrong = tally.wrong_status.lock().unwrap().clone();
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(tally.refused.load(Ordering::SeqCst), LOADERS, "every loader ends refused");
    let after = fresh.get(&health).send().await;
    assert!(after.is_err_and(|e| e.is_connect()), "a stopped server refuses connections");
    server.assert_no_panic();
}

/// Reads one answer on `stream` and returns its status line.
async fn read_status(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    let read = async {
        loop {
            let text = String::from_utf8_lossy(&answer).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned())
                    })
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0);
                if body.len() >= length {
                    return head.lines().next().unwrap_or("").to_owned();
                }
            }
            let n = stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "the server closed the connection unanswered: {text:?}");
            answer.extend_from_slice(&chunk[..n]);
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read).await.expect("an answer within 10 s")
}
