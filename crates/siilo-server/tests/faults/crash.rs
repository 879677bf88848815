//! `kill -9` under a thumb load from many users, then a restart on the same database: every
//! thumb the server answered 200 is there, no thumb is there that was not asked for, and every
//! proposal's counter equals its rows.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use reqwest::StatusCode;

use crate::util::{ADMIN, Database, Server, bounded, thumb_counts};

const AUTHORS: usize = 4;
const PROPOSALS_EACH: usize = 5;
const VOTERS: usize = 12;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hard_kill_under_a_thumb_load_loses_no_answered_thumb_on_sqlite() {
    bounded(hard_kill_under_load(Database::sqlite())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hard_kill_under_a_thumb_load_loses_no_answered_thumb_on_postgres() {
    if let Some(db) = Database::postgres().await {
        bounded(hard_kill_under_load(db)).await;
    }
}

async fn hard_kill_under_load(db: Database) {
    db.set_up();
    let mut server = Server::start(&db);
    let api = server.api();
    let admin = api.login(ADMIN).await;
    let call = api.open_call(&admin).await;
    let authors = join_all((0..AUTHORS).map(|i| api.register(format!("author{i}")))).await;
    let mut proposals = Vec::new();
    for (i, author) in authors.iter().enumerate() {
        for j in 0..PROPOSALS_EACH {
            let created = api.submit(author, &call, &format!("Ehdotus {i}.{j}")).await.ok();
            proposals.push(created["id"].as_str().unwrap().to_owned());
        }
    }
    let voters = join_all((0..VOTERS).map(|i| api.register(format!("voter{i}")))).await;

    // Each voter thumbs every proposal once, in an order of its own; the server is killed
    // when a third of the thumbs are answered.
    let total = VOTERS * proposals.len();
    let answered: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());
    let count = AtomicUsize::new(0);
    let load = voters.iter().enumerate().map(|(v, voter)| {
        let (api, proposals, answered, count) = (&api, &proposals, &answered, &count);
        async move {
            for k in 0..proposals.len() {
                let p = (k + v * 7) % proposals.len();
                match api.try_thumb(voter, &proposals[p], true).await {
                    Ok(res) => {
                        assert_eq!(res.status, StatusCode::OK, "{res:?}");
                        answered.lock().unwrap().push((v, p));
                        count.fetch_add(1, Ordering::SeqCst);
                    }
                    // Killed: this request may or may not have been committed.
                    Err(_) => return,
                }
            }
        }
    });
    let kill = async {
        let start = Instant::now();
        while count.load(Ordering::SeqCst) < total / 3 {
            assert!(start.elapsed() < Duration::from_secs(30), "the load did not get going");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        server.kill_hard();
    };
    tokio::join!(join_all(load), kill);
    let answered = answered.into_inner().unwrap();
    assert!(answered.len() < total, "the kill came after the load was over");

    let server = Server::start(&db);
    let api = server.api();
    for (v, voter) in voters.iter().enumerate() {
        let seen = api.proposals(&call, voter).await;
        for p in answered.iter().filter(|(who, _)| *who == v).map(|(_, p)| &proposals[*p]) {
            let proposal = seen.iter().find(|s| s["id"].as_str() == Some(p)).unwrap();
            assert_eq!(proposal["viewer_thumbed"], true, "voter{v}'s answered thumb on {p} is lost");
        }
    }
    let counts = thumb_counts(&db.url).await;
    assert_eq!(counts.len(), proposals.len());
    for (number, counter, rows) in &counts {
        assert_eq!(counter, rows, "proposal {number}: its counter is not its rows");
    }
    // Nothing more than was asked: at most one request per voter was cut off by the kill.
    let rows: i64 = counts.iter().map(|(_, _, rows)| rows).sum();
    let answered_count = i64::try_from(answered.len()).unwrap();
    let in_flight = i64::try_from(VOTERS).unwrap();
    assert!(
        (answered_count..=answered_count + in_flight).contains(&rows),
        "{rows} rows, {answered_count} answered"
    );
    // And the API tells the same counts.
    let listed = api.proposals(&call, &voters[0]).await;
    for (number, counter, _) in &counts {
        let shown = listed.iter().find(|p| p["number"].as_i64() == Some(*number)).unwrap();
        assert_eq!(shown["thumb_count"].as_i64(), Some(*counter));
    }
    eprintln!("killed after {} of {total} thumbs answered; {rows} rows after the restart", answered.len());
    server.assert_no_panic();
}
