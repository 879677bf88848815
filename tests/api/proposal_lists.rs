//! `GET /api/v1/calls/{id}/proposals`: the fair random order and its seed, the other sorts,
//! cursor pagination that never skips or repeats, filters, search, and what each item tells
//! the viewer.

use std::collections::HashSet;

use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::json;
use uuid::Uuid;

use crate::util::views::{Call, Proposal, ProposalPage};
use crate::util::{Client, Db, TestApp, both_dbs};

fn numbers(page: &ProposalPage) -> Vec<i64> {
    page.items.iter().map(|p| p.number).collect()
}

fn ids(page: &ProposalPage) -> Vec<String> {
    page.items.iter().map(|p| p.id.clone()).collect()
}

/// `key=value` with the value percent-encoded.
fn param(key: &str, value: &str) -> String {
    let mut url = reqwest::Url::parse("http://localhost/").expect("a URL");
    url.query_pairs_mut().append_pair(key, value);
    url.query().unwrap_or_default().to_owned()
}

/// Submits `n` proposals by `author`, titled by their order; returns them.
async fn submit_many(author: &Client, call: &Call, n: usize) -> Vec<Proposal> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let res = author.submit_with(call, json!({ "title": format!("Kokeiluehdotus {i}") })).await;
        assert_eq!(res.status(), StatusCode::CREATED, "submitting proposal {i}");
        out.push(res.created());
    }
    out
}

/// When `call` was created: the epoch its trending scores count from.
async fn call_created(app: &TestApp, call: &Call) -> chrono::DateTime<chrono::Utc> {
    let id: Uuid = call.id.parse().expect("a call id");
    siilo_store::calls::get(&app.db, id).await.expect("the call").expect("it exists").created_at
}

/// Walks every page from `query` on, following `next_cursor`; returns the pages.
async fn walk(who: &Client, call: &Call, query: &str) -> Vec<ProposalPage> {
    let mut pages = Vec::new();
    let mut next = query.to_owned();
    loop {
        let p = who.proposals(call, &next).await;
        let cursor = p.next_cursor.clone();
        pages.push(p);
        match cursor {
            Some(c) => next = format!("limit=4&{}", param("cursor", &c)),
            None => break,
        }
        assert!(pages.len() < 20, "the walk ends");
    }
    pages
}

#[apply(both_dbs)]
async fn the_default_order_is_a_seeded_shuffle_whose_seed_comes_back(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    submit_many(&alice, &call, 15).await;

    let first = anon.proposals(&call, "limit=100").await;

    assert_eq!(first.sort, "random");
    let seed = first.seed.expect("a seed in the page");
    assert!(seed >= 0, "a seed is a u64");
    assert_eq!(first.total, 15);
    assert_eq!(first.items.len(), 15);
    let again = anon.proposals(&call, &format!("limit=100&seed={seed}")).await;
    assert_eq!(ids(&again), ids(&first), "sending the seed back keeps the order");
    assert_eq!(again.seed, Some(seed));
    let other_visitor = anon.proposals(&call, "limit=100").await;
    assert_ne!(other_visitor.seed, first.seed, "a new visitor gets a new seed");
    let newest = anon.proposals(&call, "sort=newest").await;
    assert_eq!(newest.seed, None, "only the random order has a seed");
}

#[apply(both_dbs)]
async fn the_same_seed_gives_the_same_order(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    submit_many(&alice, &call, 15).await;

    let as_visitor = anon.proposals(&call, "seed=4242&limit=100").await;
    let as_bob = bob.proposals(&call, "sort=random&seed=4242&limit=100").await;
    let later = anon.proposals(&call, "seed=4242&limit=100").await;

    assert_eq!(numbers(&as_visitor).len(), 15);
    assert_eq!(numbers(&as_bob), numbers(&as_visitor));
    assert_eq!(numbers(&later), numbers(&as_visitor));
}

#[apply(both_dbs)]
async fn a_different_seed_gives_a_different_order(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    submit_many(&alice, &call, 15).await;

    let one = numbers(&anon.proposals(&call, "seed=1&limit=100").await);
    let two = numbers(&anon.proposals(&call, "seed=2&limit=100").await);

    assert_ne!(one, two);
    let mut sorted = one.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=15).collect::<Vec<i64>>(), "the same proposals, shuffled");
    assert_ne!(one, sorted, "the shuffle is not the order of submission");
    let mut firsts = HashSet::new();
    for seed in 1..=6 {
        firsts.insert(numbers(&anon.proposals(&call, &format!("seed={seed}&limit=1")).await)[0]);
    }
    assert!(firsts.len() > 1, "no proposal is always first: {firsts:?}");
}

#[apply(both_dbs)]
async fn paging_through_any_order_visits_every_proposal_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let proposals = submit_many(&alice, &call, 15).await;
    for p in proposals.iter().step_by(3) {
        bob.thumbed(&p.id).await;
    }
    for p in proposals.iter().step_by(4) {
        bob.comment(&p.id, "Kannatan.").await;
    }
    let all: HashSet<String> = proposals.iter().map(|p| p.id.clone()).collect();

    for sort in ["random", "top", "newest", "most_commented", "trending"] {
        let pages = walk(&anon, &call, &format!("sort={sort}&limit=4")).await;

        let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
        assert_eq!(sizes, [4, 4, 4, 3], "{sort}");
        assert!(pages.iter().all(|p| p.total == 15), "{sort}: total counts every match");
        let seen: Vec<String> = pages.iter().flat_map(ids).collect();
        let unique: HashSet<String> = seen.iter().cloned().collect();
        assert_eq!(unique.len(), seen.len(), "{sort}: no proposal repeats");
        assert_eq!(unique, all, "{sort}: every proposal shows");
        assert!(pages.iter().all(|p| p.sort == sort), "{sort}");
    }

    let pages = walk(&anon, &call, "seed=77&limit=4").await;
    let walked: Vec<String> = pages.iter().flat_map(ids).collect();
    let whole = anon.proposals(&call, "seed=77&limit=100").await;
    assert_eq!(walked, ids(&whole), "pages of a seed follow the same shuffle as one long page");
    assert!(pages.iter().all(|p| p.seed == Some(77)), "every page carries the seed");
}

#[apply(both_dbs)]
async fn proposals_submitted_between_pages_neither_repeat_nor_push_others_out(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let before: HashSet<String> = submit_many(&alice, &call, 10).await.into_iter().map(|p| p.id).collect();

    // Newest first: the new ones land before the cursor, the rest follows on unchanged.
    let first = anon.proposals(&call, "sort=newest&limit=4").await;
    assert_eq!(numbers(&first), [10, 9, 8, 7]);
    submit_many(&bob, &call, 3).await;
    let cursor = first.next_cursor.clone().expect("more pages");
    let rest = walk(&anon, &call, &format!("limit=4&{}", param("cursor", &cursor))).await;
    let rest_numbers: Vec<i64> = rest.iter().flat_map(numbers).collect();
    assert_eq!(rest_numbers, [6, 5, 4, 3, 2, 1]);

    // Random: whatever the shuffle does with the new ones, the old ones each show once.
    let present: HashSet<String> = ids(&anon.proposals(&call, "limit=100").await).into_iter().collect();
    assert_eq!(present.len(), 13);
    assert!(before.is_subset(&present));
    let first = anon.proposals(&call, "seed=99&limit=4").await;
    submit_many(&bob, &call, 3).await;
    let cursor = first.next_cursor.clone().expect("more pages");
    let rest = walk(&anon, &call, &format!("limit=4&{}", param("cursor", &cursor))).await;
    let seen: Vec<String> = ids(&first).into_iter().chain(rest.iter().flat_map(ids)).collect();
    let unique: HashSet<String> = seen.iter().cloned().collect();
    assert_eq!(unique.len(), seen.len(), "no proposal repeats");
    assert!(present.is_subset(&unique), "no proposal that was there is skipped");
    assert!(rest.iter().all(|p| p.total == 16), "the total follows the inserts");
}

#[apply(both_dbs)]
async fn top_lists_the_most_thumbed_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let voters =
        [app.participant("bob").await, app.participant("carol").await, app.participant("dave").await];
    let call = admin.open_call().await;
    let p = submit_many(&alice, &call, 4).await;
    for (proposal, count) in [(&p[0], 1), (&p[1], 3), (&p[3], 2)] {
        for voter in voters.iter().take(count) {
            voter.thumbed(&proposal.id).await;
        }
    }

    let top = app.anon().proposals(&call, "sort=top").await;

    assert_eq!(top.sort, "top");
    assert_eq!(numbers(&top), [2, 4, 1, 3]);
    let counts: Vec<u64> = top.items.iter().map(|i| i.thumb_count).collect();
    assert_eq!(counts, [3, 2, 1, 0]);
}

#[apply(both_dbs)]
async fn most_commented_lists_the_most_discussed_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.open_call().await;
    let p = submit_many(&alice, &call, 4).await;
    for (proposal, count) in [(&p[1], 2), (&p[2], 1), (&p[3], 3)] {
        for i in 0..count {
            bob.comment(&proposal.id, &format!("Kommentti {i}")).await;
        }
    }

    let discussed = app.anon().proposals(&call, "sort=most_commented").await;

    assert_eq!(discussed.sort, "most_commented");
    assert_eq!(numbers(&discussed), [4, 2, 3, 1]);
    let counts: Vec<u64> = discussed.items.iter().map(|i| i.comment_count).collect();
    assert_eq!(counts, [3, 2, 1, 0]);
}

#[apply(both_dbs)]
async fn newest_lists_the_latest_number_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.open_call().await;
    submit_many(&alice, &call, 3).await;
    submit_many(&bob, &call, 2).await;

    let newest = app.anon().proposals(&call, "sort=newest").await;

    assert_eq!(newest.sort, "newest");
    assert_eq!(numbers(&newest), [5, 4, 3, 2, 1]);
}

#[apply(both_dbs)]
async fn trending_lists_the_recently_thumbed_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let voters =
        [app.participant("bob").await, app.participant("carol").await, app.participant("dave").await];
    let anon = app.anon();
    let call = admin.open_call().await;
    let p = submit_many(&alice, &call, 4).await;
    // Thumbs given earlier, as if the call had been open for days.
    let given = |hours: i64| chrono::Utc::now() - chrono::TimeDelta::hours(hours);
    let epoch = call_created(&app, &call).await;
    for voter in &voters {
        siilo_store::thumbs::add(
            &app.db,
            p[0].id.parse().unwrap(),
            voter.user_id.into(),
            given(5 * 24),
            epoch,
        )
        .await
        .expect("an old thumb");
    }
    for voter in voters.iter().take(2) {
        siilo_store::thumbs::add(&app.db, p[2].id.parse().unwrap(), voter.user_id.into(), given(30), epoch)
            .await
            .expect("a day-old thumb");
    }
    voters[0].thumbed(&p[1].id).await;

    let trending = anon.proposals(&call, "sort=trending").await;
    let top = anon.proposals(&call, "sort=top").await;

    assert_eq!(trending.sort, "trending");
    assert_eq!(numbers(&top), [1, 3, 2, 4], "by count: 3, 2, 1, 0 thumbs");
    assert_eq!(numbers(&trending), [2, 3, 1, 4], "one thumb now outweighs two yesterday and three last week");
}

#[apply(both_dbs)]
async fn filtering_by_theme_lists_only_that_theme(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let theme_ids = call.theme_ids();
    let [digital, procurement] = [&theme_ids[0], &theme_ids[1]];
    for theme in [Some(digital), Some(procurement), Some(digital), None] {
        let overrides = theme.map_or_else(|| json!({}), |t| json!({ "theme_id": t }));
        assert_eq!(alice.submit_with(&call, overrides).await.status(), StatusCode::CREATED);
    }

    let digital_page = anon.proposals(&call, &format!("sort=newest&theme={digital}")).await;
    let procurement_page = anon.proposals(&call, &format!("sort=newest&theme={procurement}")).await;

    assert_eq!(numbers(&digital_page), [3, 1]);
    assert_eq!(digital_page.total, 2);
    assert!(digital_page.items.iter().all(|i| i.theme_id.as_ref() == Some(digital)));
    assert_eq!(numbers(&procurement_page), [2]);
    assert_eq!(procurement_page.total, 1);
}

#[apply(both_dbs)]
async fn filtering_by_organisation_finds_involved_ones_and_the_authors_own(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    // A participant at another ministry's address.
    let pekka = app.register("pekka@um.fi", "Pekka").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let vm = anon.organisation_id("VM").await;
    let um = anon.organisation_id("UM").await;
    let okm = anon.organisation_id("OKM").await;
    let stm = anon.organisation_id("STM").await;
    // #1 by VM staff; #2 by UM staff involving OKM; #3 by UM staff; #4 by UM staff involving VM.
    for (author, orgs) in
        [(&alice, json!([])), (&pekka, json!([okm])), (&pekka, json!([])), (&pekka, json!([vm]))]
    {
        let res = author.submit_with(&call, json!({ "organisation_ids": orgs })).await;
        res.expect(StatusCode::CREATED);
    }

    let by_vm = anon.proposals(&call, &format!("sort=newest&organisation={vm}")).await;
    let by_um = anon.proposals(&call, &format!("sort=newest&organisation={um}")).await;
    let by_okm = anon.proposals(&call, &format!("sort=newest&organisation={okm}")).await;
    let by_stm = anon.proposals(&call, &format!("sort=newest&organisation={stm}")).await;

    assert_eq!(numbers(&by_vm), [4, 1], "written at VM or involving VM");
    assert_eq!(by_vm.total, 2);
    assert_eq!(numbers(&by_um), [4, 3, 2], "written at UM");
    assert_eq!(numbers(&by_okm), [2], "involving OKM");
    assert!(numbers(&by_stm).is_empty());
    assert_eq!(by_stm.total, 0);
}

#[apply(both_dbs)]
async fn filtering_by_stage_finds_withdrawn_proposals(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let p = submit_many(&alice, &call, 3).await;
    alice.withdraw(&p[1].id).await.expect(StatusCode::OK);

    let withdrawn = anon.proposals(&call, "sort=newest&stage=withdrawn").await;
    let submitted = anon.proposals(&call, "sort=newest&stage=submitted").await;

    assert_eq!(numbers(&withdrawn), [2]);
    assert_eq!(withdrawn.total, 1);
    assert_eq!(withdrawn.items[0].stage, "withdrawn");
    assert_eq!(numbers(&submitted), [3, 1]);
    assert_eq!(submitted.total, 2);
}

#[apply(both_dbs)]
async fn mine_lists_only_the_viewers_own_proposals(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let call = admin.open_call().await;
    alice.submit(&call).await;
    bob.submit(&call).await;
    alice.submit(&call).await;

    let alices = alice.proposals(&call, "sort=newest&mine=true").await;
    let bobs = bob.proposals(&call, "sort=newest&mine=true").await;
    let carols = carol.proposals(&call, "mine=true").await;
    let everyone = alice.proposals(&call, "sort=newest&mine=false").await;
    let visitor = app.anon().get(&format!("/api/v1/calls/{}/proposals?mine=true", call.id)).await;

    assert_eq!(numbers(&alices), [3, 1]);
    assert_eq!(alices.total, 2);
    assert_eq!(numbers(&bobs), [2]);
    assert!(carols.items.is_empty());
    assert_eq!(carols.total, 0);
    assert_eq!(numbers(&everyone), [3, 2, 1]);
    visitor.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
}

/// Three proposals with controlled texts: #1 Finnish, #2 Swedish, #3 the helper's default.
async fn searchable(author: &Client, call: &Call) {
    let texts = [
        json!({
            "title": "Päätösten yhteinen tietovaranto",
            "summary": "Kootaan valtioneuvoston ratkaisut yhteen paikkaan.",
            "challenge": "Tieto on monessa paikassa.",
            "idea": "Kokeillaan yhteistä tietovarantoa.",
        }),
        json!({
            "title": "Åtgärder för öppenhet",
            "summary": "Öppna data mellan myndigheterna.",
            "challenge": "Informationen är utspridd.",
            "idea": "Vi testar en gemensam portal.",
            "language": "sv",
        }),
        json!({}),
    ];
    for t in texts {
        assert_eq!(author.submit_with(call, t).await.status(), StatusCode::CREATED);
    }
}

#[apply(both_dbs)]
async fn searching_ignores_case_and_finnish_and_swedish_accents(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;

    for (q, expected) in [
        ("paatosten", vec![1]),
        ("PÄÄTÖSTEN", vec![1]),
        ("Päätösten", vec![1]),
        ("atgarder", vec![2]),
        ("ÅTGÄRDER", vec![2]),
        ("oppenhet", vec![2]),
        ("öppenhet", vec![2]),
        ("myndigheterna", vec![2]),
        ("hajallaan", vec![3]),
        ("yhteinen", vec![3, 1]),
        ("kokonaan-muuta", vec![]),
    ] {
        let found = anon.proposals(&call, &format!("sort=newest&{}", param("q", q))).await;

        assert_eq!(numbers(&found), expected, "q={q}");
        assert_eq!(usize::try_from(found.total), Ok(expected.len()), "q={q}");
    }
}

#[apply(both_dbs)]
async fn searching_for_two_words_needs_both(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;

    let both = anon.proposals(&call, &format!("sort=newest&{}", param("q", "yhteinen TIETOVARANTO"))).await;
    let across = anon.proposals(&call, &format!("sort=newest&{}", param("q", "yhteinen portal"))).await;
    let in_any_field =
        anon.proposals(&call, &format!("sort=newest&{}", param("q", "gemensam oppenhet"))).await;

    assert_eq!(numbers(&both), [1]);
    assert!(numbers(&across).is_empty(), "no proposal has both words");
    assert_eq!(numbers(&in_any_field), [2], "the words may be in different fields");
}

#[apply(both_dbs)]
async fn each_item_carries_counts_author_and_what_the_viewer_did_and_may_do(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let okm = anon.organisation_id("OKM").await;
    let res = alice.submit_with(&call, json!({ "organisation_ids": [okm] })).await;
    let proposal: Proposal = res.created();
    bob.thumbed(&proposal.id).await;
    bob.comment(&proposal.id, "Hyvä ajatus.").await;
    carol.comment(&proposal.id, "Samaa mieltä.").await;

    let as_bob = bob.proposals(&call, "").await;
    let as_carol = carol.proposals(&call, "").await;
    let as_alice = alice.proposals(&call, "").await;
    let as_visitor = anon.proposals(&call, "").await;

    let item = &as_bob.items[0];
    assert_eq!(item.id, proposal.id);
    assert_eq!(item.number, 1);
    assert_eq!(item.title, "Yhteinen avustusrekisteri");
    assert_eq!(item.thumb_count, 1);
    assert_eq!(item.comment_count, 2);
    assert_eq!(item.author.display_name, "alice");
    assert_eq!(item.author.organisation.as_ref().map(|o| o.code.as_str()), Some("VM"));
    assert_eq!(item.organisations[0].code, "OKM");
    assert!(item.viewer_thumbed, "bob has thumbed it");
    assert!(item.viewer_can_thumb);
    let item = &as_carol.items[0];
    assert!(!item.viewer_thumbed);
    assert!(item.viewer_can_thumb);
    let item = &as_alice.items[0];
    assert!(!item.viewer_thumbed);
    assert!(!item.viewer_can_thumb);
    assert_eq!(item.thumb_refusal.as_deref(), Some("own_proposal"));
    let item = &as_visitor.items[0];
    assert!(!item.viewer_thumbed);
    assert!(!item.viewer_can_thumb);
    assert_eq!(item.thumb_refusal.as_deref(), Some("unauthenticated"));
    assert_eq!(item.thumb_count, 1);
}

#[apply(both_dbs)]
async fn a_limit_outside_one_to_a_hundred_or_a_foreign_cursor_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    alice.submit(&call).await;
    let path = format!("/api/v1/calls/{}/proposals", call.id);

    for limit in ["0", "101"] {
        let res = anon.get(&format!("{path}?limit={limit}")).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "limit={limit}");
        let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(p.fields(), ["limit:range"], "limit={limit}");
    }
    let cursor = anon.get(&format!("{path}?cursor=not-a-cursor!")).await;
    let p = cursor.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["cursor:invalid_cursor"]);
    assert_eq!(anon.get(&format!("{path}?limit=100")).await.status(), StatusCode::OK);
    assert_eq!(anon.get(&format!("{path}?limit=1")).await.status(), StatusCode::OK);
}

#[apply(both_dbs)]
async fn a_filter_or_sort_that_does_not_parse_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let path = format!("/api/v1/calls/{}/proposals", call.id);

    for query in [
        "sort=best",
        "stage=winning",
        "theme=not-a-uuid",
        "organisation=VM",
        "limit=many",
        "seed=-1",
        "mine=maybe",
    ] {
        let res = anon.get(&format!("{path}?{query}")).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(res.problem().code, "validation_failed", "{query}");
    }
}

#[apply(both_dbs)]
async fn search_wildcards_are_neither_wildcards_nor_words(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;
    let res = alice.submit_with(&call, json!({ "title": "Hankinnat 100 % yhteisiksi" })).await;
    res.expect(StatusCode::CREATED);

    let percent = anon.proposals(&call, &format!("sort=newest&{}", param("q", "%"))).await;
    let underscore = anon.proposals(&call, &format!("sort=newest&{}", param("q", "_"))).await;
    let blank = anon.proposals(&call, &format!("sort=newest&{}", param("q", "   "))).await;

    let number = anon.proposals(&call, &format!("sort=newest&{}", param("q", "100 %"))).await;
    assert!(numbers(&percent).is_empty(), "a % is no word: nothing matches, not everything");
    assert!(numbers(&underscore).is_empty(), "an _ is no word either");
    assert_eq!(numbers(&number), [4], "the % beside a word is left out");
    assert_eq!(numbers(&blank), [4, 3, 2, 1], "a blank query matches everything");
}

#[apply(both_dbs)]
async fn whether_an_item_may_be_thumbed_follows_the_call_and_the_proposal(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.open_call().await;
    let p = submit_many(&alice, &call, 2).await;
    alice.withdraw(&p[1].id).await.expect(StatusCode::OK);
    let refusals = |page: &ProposalPage| -> Vec<(bool, Option<String>)> {
        page.items.iter().map(|i| (i.viewer_can_thumb, i.thumb_refusal.clone())).collect()
    };
    let refused = |code: &str| (false, Some(code.to_owned()));

    admin.set_window(&call, -48, -1, 24).await;
    let voting = bob.proposals(&call, "sort=newest").await;
    admin.set_window(&call, -48, -24, -1).await;
    let review = bob.proposals(&call, "sort=newest").await;

    assert_eq!(refusals(&voting), [refused("proposal_withdrawn"), (true, None)]);
    assert_eq!(
        refusals(&review),
        [refused("call_not_accepting_thumbs"), refused("call_not_accepting_thumbs")]
    );
}

#[apply(both_dbs)]
async fn listing_a_call_that_does_not_exist_is_not_found(db: Db) {
    let app = TestApp::spawn(db).await;

    let res = app.anon().get(&format!("/api/v1/calls/{}/proposals", Uuid::now_v7())).await;

    res.refused(StatusCode::NOT_FOUND, "not_found");
}

/// Fifteen proposals by alice with thumbs from three voters and comments in uneven, tied
/// numbers, so that ties are broken across page boundaries.
async fn varied_call(app: &TestApp) -> (Call, Vec<Proposal>) {
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let voters =
        [app.participant("bob").await, app.participant("carol").await, app.participant("dave").await];
    let call = admin.open_call().await;
    let proposals = submit_many(&alice, &call, 15).await;
    for (i, p) in proposals.iter().enumerate() {
        for voter in voters.iter().take((i * 7) % 4) {
            voter.thumbed(&p.id).await;
        }
        for c in 0..(i * 5) % 3 {
            voters[0].comment(&p.id, &format!("Kommentti {c}")).await;
        }
    }
    (call, proposals)
}

#[apply(both_dbs)]
async fn paging_through_each_sort_keeps_its_order_across_pages(db: Db) {
    let app = TestApp::spawn(db).await;
    let (call, proposals) = varied_call(&app).await;
    let anon = app.anon();
    let all: HashSet<String> = proposals.iter().map(|p| p.id.clone()).collect();

    for sort in ["top", "most_commented", "newest", "trending", "random"] {
        let pages = walk(&anon, &call, &format!("sort={sort}&limit=4")).await;
        assert!(pages.len() > 2, "{sort}: more than two pages");
        let items: Vec<_> = pages.iter().flat_map(|p| p.items.iter()).collect();
        let seen: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
        assert_eq!(seen.len(), 15, "{sort}: every proposal once");
        assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), all, "{sort}");
        let whole = anon.proposals(&call, &format!("sort={sort}&limit=100&seed=5")).await;
        let keys: Vec<(i64, i64)> = items
            .iter()
            .map(|i| match sort {
                "top" => (-(i.thumb_count as i64), i.number),
                "most_commented" => (-(i.comment_count as i64), i.number),
                "newest" => (-i.number, 0),
                _ => (0, 0),
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{sort}: in the order named, ties by number");
        if sort == "trending" {
            assert_eq!(seen, ids(&whole), "trending: pages follow one long page");
        }
    }
    let counts: HashSet<u64> =
        anon.proposals(&call, "sort=top&limit=100").await.items.iter().map(|i| i.thumb_count).collect();
    assert!(counts.len() > 2, "the thumbs differ: {counts:?}");
    // Every seed slot pages through the whole call once, in the order of one long page.
    for seed in 0..8 {
        let pages = walk(&anon, &call, &format!("seed={seed}&limit=4")).await;
        let walked: Vec<String> = pages.iter().flat_map(ids).collect();
        assert_eq!(walked, ids(&anon.proposals(&call, &format!("seed={seed}&limit=100")).await), "{seed}");
    }
}

#[apply(both_dbs)]
async fn the_shuffles_differ_by_seed_and_do_not_follow_submission(db: Db) {
    let app = TestApp::spawn(db).await;
    let (call, _) = varied_call(&app).await;
    let anon = app.anon();
    let mut orders: Vec<Vec<i64>> = Vec::new();
    for seed in 0..8 {
        orders.push(numbers(&anon.proposals(&call, &format!("seed={seed}&limit=100")).await));
    }
    let distinct: HashSet<&Vec<i64>> = orders.iter().collect();
    assert_eq!(distinct.len(), 8, "eight seeds, eight shuffles");
    let submitted: Vec<i64> = (1..=15).collect();
    let reversed: Vec<i64> = (1..=15).rev().collect();
    for order in &orders {
        assert_ne!(order, &submitted);
        assert_ne!(order, &reversed);
    }
    // The same seed, asked again and by another viewer: the same order.
    let bob = app.participant("erkki").await;
    assert_eq!(numbers(&bob.proposals(&call, "seed=3&limit=100").await), orders[3]);
    // The first place goes around: no proposal leads most shuffles.
    let firsts: HashSet<i64> = orders.iter().map(|o| o[0]).collect();
    assert!(firsts.len() >= 4, "{firsts:?}");
}

#[apply(both_dbs)]
async fn a_later_thumb_outranks_an_earlier_one_and_taking_it_back_undoes_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let p = submit_many(&alice, &call, 3).await;
    let epoch = call_created(&app, &call).await;
    let ten_hours_ago = chrono::Utc::now() - chrono::TimeDelta::hours(10);
    for voter in [&bob, &carol] {
        siilo_store::thumbs::add(
            &app.db,
            p[0].id.parse().unwrap(),
            voter.user_id.into(),
            ten_hours_ago,
            epoch,
        )
        .await
        .expect("an earlier thumb");
    }
    bob.thumbed(&p[1].id).await;
    carol.thumbed(&p[1].id).await;

    let trending = anon.proposals(&call, "sort=trending").await;
    assert_eq!(numbers(&trending), [2, 1, 3], "the same count, given later, leads");

    // Taken back: no thumbs left weighs exactly nothing, below the older ones.
    bob.unthumb(&p[1].id).await.ok::<serde_json::Value>();
    carol.unthumb(&p[1].id).await.ok::<serde_json::Value>();
    assert_eq!(numbers(&anon.proposals(&call, "sort=trending").await), [1, 2, 3]);
    let score = trending_score(&app, &p[1].id).await;
    assert_eq!(score, 0.0, "the last thumb taken back leaves no rounding behind");
    // One fresh thumb (1) weighs less than two of ten hours ago (2 × 0.5^(10/24) ≈ 1.5) and
    // more than none.
    bob.thumbed(&p[2].id).await;
    assert_eq!(numbers(&anon.proposals(&call, "sort=trending").await), [1, 3, 2]);
    assert!(trending_score(&app, &p[0].id).await > 0.0);
}

/// The stored trending score of a proposal.
async fn trending_score(app: &TestApp, id: &str) -> f64 {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = app.db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => "SELECT trending_score FROM proposals WHERE id = $1",
        _ => "SELECT trending_score FROM proposals WHERE id = ?",
    };
    let id: Uuid = id.parse().expect("a proposal id");
    let row = app
        .db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [id.into()]))
        .await
        .expect("the score")
        .expect("the proposal");
    row.try_get("", "trending_score").expect("a number")
}

#[apply(both_dbs)]
async fn total_counts_what_the_viewer_may_see(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let moderator = app.moderator("mona").await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    for _ in 0..2 {
        alice.submit(&call).await;
    }
    bob.submit(&call).await;

    // All three wait for a moderator: each author sees their own.
    assert_eq!(app.anon().proposals(&call, "").await.total, 0);
    assert_eq!(alice.proposals(&call, "limit=1").await.total, 2);
    assert_eq!(bob.proposals(&call, "").await.total, 1);
    assert_eq!(moderator.proposals(&call, "").await.total, 3);
    let first = alice.proposals(&call, "limit=1").await;
    assert_eq!(first.items.len(), 1);
    let rest =
        alice.proposals(&call, &param("cursor", first.next_cursor.as_deref().expect("a second page"))).await;
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.next_cursor, None);
    // Narrowed by a filter, counted by it.
    assert_eq!(moderator.proposals(&call, "stage=withdrawn").await.total, 0);
    assert_eq!(alice.proposals(&call, "mine=true&sort=top").await.total, 2);
}

/// The engine's plan of each sort's page query, first page and a later one, as the viewer
/// a participant (visibility filtered) and unfiltered otherwise.
async fn page_plans(app: &TestApp, call: &Call) -> Vec<(String, Vec<String>)> {
    use sea_orm::{ConnectionTrait, DbBackend, TransactionTrait};
    use siilo_domain::ordering::ProposalSort;
    let call_id: Uuid = call.id.parse().expect("a call id");
    let backend = app.db.get_database_backend();
    let filter = siilo_store::proposals::ProposalFilter {
        call_id,
        pending_visible_to: Some(siilo_domain::UserId(Uuid::now_v7())),
        ..Default::default()
    };
    let mut plans = Vec::new();
    for sort in [
        ProposalSort::Top,
        ProposalSort::MostCommented,
        ProposalSort::Newest,
        ProposalSort::Trending,
        ProposalSort::Random,
    ] {
        for after in [None, Some((1, 3))] {
            let q = siilo_store::proposals::page_query(backend, &filter, sort, 3, after, 21, false);
            let mut stmt = backend.build(&q);
            let txn = app.db.begin().await.expect("a transaction");
            let lines: Vec<String> = match backend {
                DbBackend::Postgres => {
                    // At this size a scan and a sort cost little; forbidding them asks whether
                    // an index gives the order at all.
                    txn.execute_unprepared("SET LOCAL enable_sort = off").await.expect("set");
                    txn.execute_unprepared("SET LOCAL enable_seqscan = off").await.expect("set");
                    stmt.sql = format!("EXPLAIN {}", stmt.sql);
                    let rows = txn.query_all_raw(stmt).await.expect("a plan");
                    rows.iter().map(|r| r.try_get::<String>("", "QUERY PLAN").expect("a line")).collect()
                }
                _ => {
                    stmt.sql = format!("EXPLAIN QUERY PLAN {}", stmt.sql);
                    let rows = txn.query_all_raw(stmt).await.expect("a plan");
                    rows.iter().map(|r| r.try_get::<String>("", "detail").expect("a line")).collect()
                }
            };
            txn.rollback().await.expect("rolled back");
            plans.push((format!("{sort:?} after {after:?}"), lines));
        }
    }
    plans
}

#[apply(both_dbs)]
async fn every_sort_pages_on_its_index_without_sorting_the_call(db: Db) {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn(db).await;
    let (call, _) = varied_call(&app).await;
    for (what, plan) in page_plans(&app, &call).await {
        let text = plan.join("\n");
        assert!(!text.contains("TEMP B-TREE"), "{what}: SQLite sorts:\n{text}");
        assert!(!text.contains("Sort  (") && !text.contains("Sort ("), "{what}: PostgreSQL sorts:\n{text}");
        let index = if what.starts_with("Top") {
            "idx_proposals_call_top"
        } else if what.starts_with("MostCommented") {
            "idx_proposals_call_commented"
        } else if what.starts_with("Trending") {
            "idx_proposals_call_trending"
        } else if what.starts_with("Random") {
            "idx_proposal_shuffles_order"
        } else {
            "idx_proposals_call_number"
        };
        assert!(text.contains(index), "{what}: not on {index}:\n{text}");
    }
    // A filter that keeps few proposals starts from its own index (SQLite; PostgreSQL chooses
    // by its statistics) rather than walking the call in the order's index.
    if app.db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        let filter = siilo_store::proposals::ProposalFilter {
            call_id: call.id.parse().expect("a call id"),
            stage: Some(siilo_domain::proposals::Stage::Selected),
            moderator: true,
            ..Default::default()
        };
        for sort in [siilo_domain::ordering::ProposalSort::Top, siilo_domain::ordering::ProposalSort::Random]
        {
            let q = siilo_store::proposals::page_query(
                app.db.get_database_backend(),
                &filter,
                sort,
                3,
                None,
                21,
                true,
            );
            let mut stmt = app.db.get_database_backend().build(&q);
            stmt.sql = format!("EXPLAIN QUERY PLAN {}", stmt.sql);
            let rows = app.db.query_all_raw(stmt).await.expect("a plan");
            let text: Vec<String> = rows.iter().map(|r| r.try_get::<String>("", "detail").unwrap()).collect();
            assert!(text.join("\n").contains("idx_proposals_call_stage"), "{sort:?}: {text:?}");
        }
    }
}

#[apply(both_dbs)]
async fn the_list_order_migration_backfills_shuffle_keys_and_trending_scores(db: Db) {
    use sea_orm::{ConnectionTrait, Statement};
    use siilo_migrations::{Migrator, MigratorTrait};
    let app = TestApp::spawn(db).await;
    let (call, proposals) = varied_call(&app).await;
    let before: Vec<f64> =
        futures_util::future::join_all(proposals.iter().map(|p| trending_score(&app, &p.id))).await;
    let random_before = numbers(&app.anon().proposals(&call, "seed=6&limit=100").await);

    // Back to the schema before lists were ordered in the database, and forward again: the
    // migration fills what existing rows need from the rows themselves.
    // (Later migrations, if any, are undone and redone with it.)
    let steps = Migrator::migrations()
        .iter()
        .rev()
        .position(|m| m.name() == "m20261202_000001_list_order")
        .expect("the list migration is registered");
    Migrator::down(&app.db, Some(u32::try_from(steps + 1).unwrap()))
        .await
        .expect("the list migration undone");
    let backend = app.db.get_database_backend();
    let columns = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_name = 'proposals' \
             AND column_name = 'trending_score'"
        }
        _ => "SELECT COUNT(*) AS n FROM pragma_table_info('proposals') WHERE name = 'trending_score'",
    };
    let gone = app.db.query_one_raw(Statement::from_string(backend, columns)).await.unwrap().unwrap();
    assert_eq!(gone.try_get::<i64>("", "n").unwrap(), 0, "the column is gone");
    Migrator::up(&app.db, None).await.expect("the list migration again");

    let after: Vec<f64> =
        futures_util::future::join_all(proposals.iter().map(|p| trending_score(&app, &p.id))).await;
    assert!(before.iter().any(|s| *s > 0.0));
    for (b, a) in before.iter().zip(&after) {
        assert!((a - b).abs() <= b * 1e-6, "backfilled {a}, kept {b}");
    }
    // The migration's copy of the hash gives the domain's shuffles.
    assert_eq!(numbers(&app.anon().proposals(&call, "seed=6&limit=100").await), random_before);
    let pages = walk(&app.anon(), &call, "sort=trending&limit=4").await;
    assert_eq!(pages.iter().map(|p| p.items.len()).sum::<usize>(), 15);
}
