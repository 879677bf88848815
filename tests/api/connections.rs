//! Connections: an idle keep-alive connection outlives the client's idle timeout, and a
//! graceful shutdown under load (SIGTERM, or `ShutdownHandle::graceful`) answers every request
//! the server accepted while a connection attempted after the stop began is refused.
//! The load goes through reqwest and raw TCP directly: a refused connection is an outcome here,
//! which the harness's actors would treat as a failure.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::future::join_all;
use reqwest::{Client, Method, StatusCode};
use rstest_reuse::apply;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;

use crate::util::{Db, TestApp, User, both_dbs};

/// Loaders that keep thumbing on their keep-alive connections while the server stops.
const LOADERS: usize = 16;
/// Connections the server has accepted, whose request arrives just as the stop begins.
const BURST: usize = 40;
/// Answers seen before the stop begins.
const WARM_UP: usize = 80;

#[derive(Default)]
struct Tally {
    answered: AtomicUsize,
    answered_after_stop: AtomicUsize,
    refused: AtomicUsize,
    /// Anything else: a request that was sent and never answered.
    lost: Mutex<Vec<String>>,
    wrong_status: Mutex<Vec<String>>,
}

impl Tally {
    /// Records one outcome; `false` when the sender should stop (the server is gone).
    fn record(&self, outcome: Result<reqwest::Response, reqwest::Error>, stopping: bool) -> bool {
        match outcome {
            Ok(res) => {
                self.answer(res.status() == StatusCode::OK, res.status().to_string(), stopping);
                true
            }
            Err(e) if e.is_connect() => {
                self.refused.fetch_add(1, Ordering::SeqCst);
                false
            }
            Err(e) => {
                self.lost.lock().unwrap().push(format!("{e:?}"));
                false
            }
        }
    }

    fn answer(&self, ok: bool, status: String, stopping: bool) {
        if !ok {
            self.wrong_status.lock().unwrap().push(status);
        }
        self.answered.fetch_add(1, Ordering::SeqCst);
        if stopping {
            self.answered_after_stop.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn thumb_request(
    client: &Client,
    app: &TestApp,
    voter: &User,
    proposal: &str,
    give: bool,
) -> reqwest::RequestBuilder {
    let method = if give { Method::PUT } else { Method::DELETE };
    client
        .request(method, app.url(&format!("/api/v1/proposals/{proposal}/thumb")))
        .bearer_auth(&voter.access_token)
}

/// Writes `request` on `stream` and reads the answer's status line (the body is read too).
async fn exchange(stream: &mut TcpStream, request: &str) -> std::io::Result<String> {
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
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
                return Ok(head.lines().next().unwrap_or("").to_owned());
            }
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        answer.extend_from_slice(&chunk[..n]);
    }
}

fn host(app: &TestApp) -> &str {
    app.address.trim_start_matches("http://")
}

#[apply(both_dbs)]
async fn a_graceful_shutdown_under_load_answers_every_request_it_accepted(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = app.participant("alice").await;
    let proposal = alice.submit(&call).await.id;
    let names: Vec<String> = (0..LOADERS).map(|i| format!("voter{i}")).collect();
    let voters = join_all(names.iter().map(|n| app.participant(n))).await;
    let fresh = Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let tally = Tally::default();
    let stopping = std::sync::atomic::AtomicBool::new(false);
    let warmed_up = Notify::new();

    let loaders = voters.iter().map(|voter| async {
        for i in 0..500 {
            let res = thumb_request(&app.client, &app, voter, &proposal, i % 2 == 0).send().await;
            let was_stopping = stopping.load(Ordering::SeqCst);
            if !tally.record(res, was_stopping) {
                return;
            }
            if tally.answered.load(Ordering::SeqCst) >= WARM_UP {
                warmed_up.notify_one();
            }
        }
        panic!("the server kept answering after it was told to stop");
    });
    let stop = async {
        warmed_up.notified().await;
        // Connections the server accepts before the stop; their requests come with the stop.
        let mut burst = join_all((0..BURST).map(|_| TcpStream::connect(host(&app)))).await;
        // The accept thread hands connections to the workers in turn and in order: once later
        // connections are answered, the burst's have reached a worker too.
        for _ in 0..4 {
            assert_eq!(fresh.get(app.url("/api/v1/health")).send().await.unwrap().status(), StatusCode::OK);
        }
        let requests = burst.iter_mut().zip(voters.iter().cycle()).map(|(stream, voter)| {
            let request = format!(
                "PUT /api/v1/proposals/{proposal}/thumb HTTP/1.1\r\nHost: siilo\r\nAuthorization: Bearer {}\r\nContent-Length: 0\r\n\r\n",
                voter.access_token
            );
            let tally = &tally;
            async move {
                match exchange(stream.as_mut().unwrap(), &request).await {
                    Ok(status) => tally.answer(status == "HTTP/1.1 200 OK", status, true),
                    Err(e) => tally.lost.lock().unwrap().push(format!("burst: {e}")),
                }
            }
        });
        stopping.store(true, Ordering::SeqCst);
        tokio::join!(join_all(requests), app.shutdown.graceful());
    };
    tokio::join!(join_all(loaders), stop);

    let lost = tally.lost.lock().unwrap().clone();
    eprintln!(
        "answered {} ({} after the stop began), refused {}, lost {}",
        tally.answered.load(Ordering::SeqCst),
        tally.answered_after_stop.load(Ordering::SeqCst),
        tally.refused.load(Ordering::SeqCst),
        lost.len()
    );
    assert!(lost.is_empty(), "requests sent and never answered: {lost:#?}");
    assert!(tally.wrong_status.lock().unwrap().is_empty(), "{:?}", tally.wrong_status.lock().unwrap());
    assert!(tally.answered_after_stop.load(Ordering::SeqCst) >= BURST);
    let after = fresh.get(app.url("/api/v1/health")).send().await;
    assert!(after.is_err_and(|e| e.is_connect()), "a stopped server refuses connections");
}

const HEALTH: &str = "GET /api/v1/health HTTP/1.1\r\nHost: siilo\r\n\r\n";

// Connections involve no database: this runs once, on SQLite.
#[tokio::test]
async fn an_idle_keep_alive_connection_still_takes_requests_after_a_pause() {
    let app = TestApp::spawn_sqlite().await;
    let mut stream = TcpStream::connect(host(&app)).await.unwrap();
    assert_eq!(exchange(&mut stream, HEALTH).await.unwrap(), "HTTP/1.1 200 OK");

    // Longer than actix's default keep-alive (5 s), which a busy machine reaches between two
    // requests; clients keep idle connections for 90 s (reqwest) or more. The one deliberate
    // wait in these tests: the pause is what is tested.
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;

    let again = exchange(&mut stream, HEALTH).await;
    assert_eq!(again.unwrap(), "HTTP/1.1 200 OK", "the server kept the idle connection");
}
