//! Two `siilo serve` on one PostgreSQL database with one shared secret, as behind a load
//! balancer: proposals and thumbs sent to both at once keep exact counts and gap-free
//! numbers; a token of one works on the other; a logout or a block on one is honoured by the
//! other at once; an organisation changed on one shows on the other.

use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::util::{ADMIN, Api, Database, Server, User, bounded, thumb_counts};

const AUTHORS: usize = 6;
const PROPOSALS_EACH: usize = 3;
const VOTERS: usize = 10;

/// How long an organisation change may take to show on the other instance. The caches are
/// invalidated across instances; if that is by notification rather than on every request,
/// this short wait covers the notification's trip.
const ORGANISATION_PROPAGATION: std::time::Duration = std::time::Duration::from_secs(1);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_act_as_one() {
    bounded(two_instances()).await;
}

async fn two_instances() {
    let Some(db) = Database::postgres().await else { return };
    db.set_up();
    let (a, b) = (Server::start(&db), Server::start(&db));
    let both = [a.api(), b.api()];
    // Request `i` goes to instance `i % 2`, as a round-robin balancer sends them.
    let to = |i: usize| &both[i % 2];

    let admin = both[0].login(ADMIN).await;
    let call = both[1].open_call(&admin).await;
    let authors = join_all((0..AUTHORS).map(|i| to(i).register(format!("author{i}")))).await;
    let voters = join_all((0..VOTERS).map(|i| to(i + 1).register(format!("voter{i}")))).await;

    // Proposals from every author at once, through both instances.
    let submissions = (0..AUTHORS * PROPOSALS_EACH).map(|i| {
        let (author, call) = (&authors[i % AUTHORS], &call);
        async move { to(i).submit(author, call, &format!("Ehdotus {i}")).await.ok() }
    });
    let created: Vec<Value> = join_all(submissions).await;
    let mut numbers: Vec<i64> = created.iter().map(|p| p["number"].as_i64().unwrap()).collect();
    numbers.sort_unstable();
    let expected: Vec<i64> = (1..=i64::try_from(created.len()).unwrap()).collect();
    assert_eq!(numbers, expected, "numbers are unique and gap-free");
    let proposals: Vec<String> = created.iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect();

    // Every voter thumbs every proposal, then takes back every third, alternating instances
    // request by request; all voters at once.
    let taken_back = |v: usize, p: usize| (v + p).is_multiple_of(3);
    let load = voters.iter().enumerate().map(|(v, voter)| {
        let proposals = &proposals;
        async move {
            for (p, id) in proposals.iter().enumerate() {
                let res = to(v + p).try_thumb(voter, id, true).await.unwrap();
                assert_eq!(res.status, StatusCode::OK, "{res:?}");
            }
            for (p, id) in proposals.iter().enumerate().filter(|(p, _)| taken_back(v, *p)) {
                let res = to(v + p + 1).try_thumb(voter, id, false).await.unwrap();
                assert_eq!(res.status, StatusCode::OK, "{res:?}");
            }
        }
    });
    join_all(load).await;
    for (api, viewer) in both.iter().zip([&voters[0], &authors[0]]) {
        let listed = api.proposals(&call, viewer).await;
        for (p, id) in proposals.iter().enumerate() {
            let expected = (0..VOTERS).filter(|v| !taken_back(*v, p)).count();
            let shown = listed.iter().find(|s| s["id"].as_str() == Some(id)).unwrap();
            assert_eq!(shown["thumb_count"].as_u64(), Some(u64::try_from(expected).unwrap()), "{shown}");
        }
    }
    for (number, counter, rows) in thumb_counts(&db.url).await {
        assert_eq!(counter, rows, "proposal {number}: its counter is not its rows");
    }

    tokens_work_on_both_and_endings_hold_on_both(&both, &admin).await;
    organisation_changes_show_on_the_other_instance(&both, &admin).await;
    a.assert_no_panic();
    b.assert_no_panic();
}

async fn tokens_work_on_both_and_endings_hold_on_both(both: &[Api; 2], admin: &User) {
    let [a, b] = both;
    // Signed in on A, used on B; refreshed on B, used on A.
    let maija = a.register("maija").await;
    assert_eq!(b.get("/me", &maija).await.ok()["id"].as_str(), Some(maija.id.as_str()));
    let refreshed = b.refresh(&maija.refresh).await.ok();
    let access = refreshed["access_token"].as_str().unwrap().to_owned();
    let maija = User { access, refresh: refreshed["refresh_token"].as_str().unwrap().to_owned(), ..maija };
    assert_eq!(a.get("/me", &maija).await.status, StatusCode::OK);

    // A logout on B ends the session on A at once.
    let res = b
        .send(reqwest::Method::POST, "/auth/logout", None, Some(&json!({ "refresh_token": maija.refresh })))
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    a.get("/me", &maija).await.refused(StatusCode::UNAUTHORIZED, "session_ended");
    assert_eq!(a.refresh(&maija.refresh).await.status, StatusCode::UNAUTHORIZED);

    // A block on A shuts the user out of B at once.
    let pekka = b.register("pekka").await;
    assert_eq!(b.get("/me", &pekka).await.status, StatusCode::OK);
    a.patch(&format!("/users/{}", pekka.id), admin, json!({ "blocked": true })).await.ok();
    b.get("/me", &pekka).await.refused(StatusCode::FORBIDDEN, "account_blocked");
    b.refresh(&pekka.refresh).await.refused(StatusCode::FORBIDDEN, "account_blocked");
}

async fn organisation_changes_show_on_the_other_instance(both: &[Api; 2], admin: &User) {
    let [a, b] = both;
    let organisations = |api: &Api| {
        let api = api.clone();
        let admin = admin.clone();
        async move { api.get("/organisations", &admin).await.ok()["items"].as_array().unwrap().clone() }
    };
    let vm_of = |items: &[Value]| items.iter().find(|o| o["code"] == "VM").cloned().unwrap();
    // B has read (and may have cached) the organisations before the change.
    let vm = vm_of(&organisations(b).await);
    let id = vm["id"].as_str().unwrap().to_owned();
    let mut domains: Vec<Value> = vm["email_domains"].as_array().unwrap().clone();
    domains.push(json!("vm-kokeilu.fi"));
    let name = json!({ "fi": "Valtiovarainministeriö (uusi)", "sv": "Finansministeriet (ny)", "en": "Ministry of Finance (new)" });
    a.patch(&format!("/organisations/{id}"), admin, json!({ "name": name, "email_domains": domains }))
        .await
        .ok();
    let created = a
        .post(
            "/organisations",
            admin,
            json!({ "code": "KOKEILU", "name": { "fi": "Kokeiluvirasto", "sv": "Försöksverket", "en": "Trial Agency" }, "email_domains": ["kokeilu.fi"] }),
        )
        .await
        .ok();

    let start = std::time::Instant::now();
    loop {
        let items = organisations(b).await;
        let vm = vm_of(&items);
        let shown = vm["name"] == name
            && vm["email_domains"].as_array().unwrap().contains(&json!("vm-kokeilu.fi"))
            && items.iter().any(|o| o["id"] == created["id"]);
        let single = b.get(&format!("/organisations/{id}"), admin).await.ok();
        if shown && single["name"] == name {
            break;
        }
        assert!(
            start.elapsed() < ORGANISATION_PROPAGATION,
            "B still shows the organisations as they were after {ORGANISATION_PROPAGATION:?}: {vm}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // A user who registers on B with the new domain and confirms it may join VM there.
    let newcomer = {
        let body = json!({
            "email": "uusi@vm-kokeilu.fi", "password": crate::util::PASSWORD, "display_name": "Uusi",
            "accepted_terms_version": 1, "accepted_privacy_version": 1,
        });
        b.send(reqwest::Method::POST, "/auth/register", None, Some(&body)).await
    };
    assert_eq!(newcomer.status, StatusCode::CREATED, "{newcomer:?}");
    b.confirm(newcomer.body["user"]["id"].as_str().unwrap()).await;
    let token = newcomer.body["access_token"].as_str().unwrap();
    let choices = b.send(reqwest::Method::GET, "/me/organisation-choices", Some(token), None).await.ok();
    assert!(
        choices.as_array().unwrap().iter().any(|o| o["code"] == "VM"),
        "B offers VM for the new domain: {choices}"
    );
}
