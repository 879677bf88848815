//! Full-text search of a call's proposals (`q=` on `GET /calls/{id}/proposals`): inflected
//! Finnish and Swedish words, every word required, relevance order, accents and case
//! forgiven, edits followed, hostile queries harmless, and nothing leaked that the viewer
//! may not read.

use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::util::views::{Call, ProposalPage};
use crate::util::{Client, Db, TestApp, both_dbs};

fn numbers(page: &ProposalPage) -> Vec<i64> {
    page.items.iter().map(|p| p.number).collect()
}

/// `q=<value>` percent-encoded.
fn q(value: &str) -> String {
    let mut url = reqwest::Url::parse("http://localhost/").expect("a URL");
    url.query_pairs_mut().append_pair("q", value);
    url.query().unwrap_or_default().to_owned()
}

fn text(title: &str, summary: &str, challenge: &str, idea: &str) -> Value {
    json!({ "title": title, "summary": summary, "challenge": challenge, "idea": idea })
}

/// Four proposals: #1 and #2 Finnish (#2 has "kokeilu" in its title, #1 once in its idea),
/// #3 Swedish, #4 English.
async fn searchable(author: &Client, call: &Call) {
    let mut sv = text(
        "Kommun som föregångare",
        "Öppna beslut.",
        "Informationen är utspridd.",
        "Vi testar en gemensam portal.",
    );
    sv["language"] = json!("sv");
    let mut en = text(
        "Open data registry",
        "One place for grants.",
        "Grant data is scattered.",
        "Publish the registries.",
    );
    en["language"] = json!("en");
    let texts = [
        text(
            "Palvelut ikääntyneen arkeen",
            "Päätös kotihoidosta tukee asumista.",
            "Jonot ovat pitkiä.",
            "Mittarit kertovat, toimiiko kokeilu.",
        ),
        text("Kokeilu kunnissa", "Pieni alku riittää.", "Tietoa puuttuu.", "Aloitetaan kahdesta paikasta."),
        sv,
        en,
    ];
    for t in texts {
        assert_eq!(author.submit_with(call, t).await.status(), StatusCode::CREATED);
    }
}

async fn search(who: &Client, call: &Call, query: &str) -> ProposalPage {
    who.proposals(call, &q(query)).await
}

#[apply(both_dbs)]
async fn inflected_finnish_and_swedish_words_find_their_base_forms(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;

    for (query, expected) in [
        ("ikääntyneet", vec![1]),
        ("kokeiluja", vec![2, 1]),
        ("kokeilu", vec![2, 1]),
        ("kommunerna", vec![3]),
        ("kommunen", vec![3]),
        ("registries", vec![4]),
        ("registry", vec![4]),
        ("rekisteri", vec![]),
    ] {
        let found = search(&anon, &call, query).await;

        assert_eq!(numbers(&found), expected, "q={query}");
        assert_eq!(usize::try_from(found.total), Ok(expected.len()), "q={query}");
    }
}

#[apply(both_dbs)]
async fn case_and_accents_are_forgiven_and_word_starts_match(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;

    for (query, expected) in [
        ("paatos", vec![1]),
        ("PÄÄTÖS", vec![1]),
        ("IKAANTYNEEN", vec![1]),
        ("foregangare", vec![3]),
        ("FÖREGÅNGARE", vec![3]),
        ("öppna", vec![3]),
        ("ikäänt", vec![1]),
        ("regist", vec![4]),
    ] {
        assert_eq!(numbers(&search(&anon, &call, query).await), expected, "q={query}");
    }
}

#[apply(both_dbs)]
async fn every_word_must_match_in_any_field(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;

    let both = search(&anon, &call, "kokeilu kunnissa").await;
    let across_fields = search(&anon, &call, "kokeilu jonot").await;
    let one_missing = search(&anon, &call, "kokeilu portal").await;

    assert_eq!(numbers(&both), [2]);
    assert_eq!(numbers(&across_fields), [1], "title and challenge, or idea and challenge");
    assert!(numbers(&one_missing).is_empty(), "no proposal has both words");
}

#[apply(both_dbs)]
async fn with_a_search_the_best_match_comes_first_and_pages_follow_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;

    let ranked = search(&anon, &call, "kokeilu").await;
    let first = anon.proposals(&call, &format!("limit=1&{}", q("kokeilu"))).await;
    let cursor = first.next_cursor.clone().expect("a second page");
    let mut url = reqwest::Url::parse("http://localhost/").expect("a URL");
    url.query_pairs_mut()
        .append_pair("limit", "1")
        .append_pair("q", "kokeilu")
        .append_pair("cursor", &cursor);
    let second = anon.proposals(&call, url.query().unwrap_or_default()).await;
    let by_number = anon.proposals(&call, &format!("sort=newest&{}", q("kokeilu"))).await;

    assert_eq!(ranked.sort, "relevance", "relevance is the default with q");
    assert_eq!(ranked.seed, None);
    assert_eq!(numbers(&ranked), [2, 1], "a title match ranks above a word in the idea");
    assert_eq!(numbers(&first), [2]);
    assert_eq!(numbers(&second), [1]);
    assert_eq!(second.next_cursor, None);
    assert_eq!(numbers(&by_number), [2, 1], "another sort still filters by the search");
    let explicit = anon.proposals(&call, &format!("sort=relevance&{}", q("kokeiluja"))).await;
    assert_eq!(numbers(&explicit), [2, 1]);
}

#[apply(both_dbs)]
async fn relevance_without_a_search_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let anon = app.anon();
    let call = admin.open_call().await;

    for query in ["sort=relevance".to_owned(), format!("sort=relevance&{}", q("   "))] {
        let res = anon.get(&format!("/api/v1/calls/{}/proposals?{query}", call.id)).await;

        let problem = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let errors = problem.errors;
        assert_eq!(errors.len(), 1, "{query}");
        assert_eq!(errors[0].field, "sort");
        assert_eq!(errors[0].code, "search_required");
    }
}

#[apply(both_dbs)]
async fn an_edited_proposal_is_found_by_its_new_text_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;
    let id = search(&anon, &call, "registry").await.items[0].id.clone();

    let res = alice
        .patch(
            &format!("/api/v1/proposals/{id}"),
            &json!({ "title": "Shared grant catalogue", "idea": "Publish the catalogue." }),
        )
        .await;

    res.expect(StatusCode::OK);
    assert!(numbers(&search(&anon, &call, "registry").await).is_empty(), "the old words are gone");
    assert_eq!(numbers(&search(&anon, &call, "catalogues").await), [4]);
    assert_eq!(numbers(&search(&anon, &call, "grants").await), [4], "unchanged fields still count");
}

#[apply(both_dbs)]
async fn hostile_queries_are_words_or_nothing_never_an_error(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;

    for (query, expected) in [
        ("\"kokeilu\"", vec![2, 1]),
        ("kokeilu*", vec![2, 1]),
        ("-kokeilu", vec![2, 1]),
        ("^kokeilu", vec![2, 1]),
        ("kokeilu:*", vec![2, 1]),
        ("(kokeilu) & !portal", vec![]),
        ("NEAR(kokeilu kunnissa)", vec![]),
        ("kokeilu OR portal", vec![]),
        ("kokeilu' OR '1'='1", vec![]),
        ("kokeilu\\", vec![2, 1]),
        ("\"", vec![]),
        ("*", vec![]),
        ("-", vec![]),
        ("!!! ??? ...", vec![]),
        ("' \" ; -- /* */", vec![]),
    ] {
        let found = search(&anon, &call, query).await;

        assert_eq!(numbers(&found), expected, "q={query}");
    }
    // The contract's bound: 500 characters are searched, one more is refused by name.
    let at_limit = "kokeilu ".repeat(62) + "data";
    assert_eq!(at_limit.chars().count(), 500);
    let res = anon.get(&format!("/api/v1/calls/{}/proposals?{}", call.id, q(&at_limit))).await;
    assert_eq!(res.status(), StatusCode::OK, "a query of 500 characters");
    for query in ["a".repeat(10_000), "kokeilu ".repeat(1_200), "ä".repeat(501)] {
        let res = anon.get(&format!("/api/v1/calls/{}/proposals?{}", call.id, q(&query))).await;
        let problem = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(problem.fields().iter().any(|f| f == "q:length"), "{:?}", problem.fields());
    }
    let control = anon.get(&format!("/api/v1/calls/{}/proposals?{}", call.id, q("kokeilu\u{7}"))).await;
    control.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[apply(both_dbs)]
async fn pending_and_hidden_proposals_are_not_found_by_others(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let anon = app.anon();
    let pre = admin.call_with(json!({ "moderation_mode": "pre" })).await;
    let open = admin.open_call().await;
    let pending = text("Salainen kokeilu", "Odottaa.", "Ei näy.", "Vielä.");
    assert_eq!(alice.submit_with(&pre, pending).await.status(), StatusCode::CREATED);
    let hidden = text("Piilotettu kokeilu", "Poistettu näkyvistä.", "Ei näy.", "Enää.");
    assert_eq!(alice.submit_with(&open, hidden).await.status(), StatusCode::CREATED);
    app.db
        .execute_unprepared("UPDATE proposals SET visibility = 'hidden' WHERE title = 'Piilotettu kokeilu'")
        .await
        .expect("hide it");

    for who in [&*bob, &*anon] {
        assert!(numbers(&search(who, &pre, "salainen").await).is_empty());
        assert!(numbers(&search(who, &open, "piilotettu").await).is_empty(), "a tombstone tells nothing");
        assert!(numbers(&search(who, &open, "kokeilu").await).is_empty());
    }
    for who in [&*alice, &*admin] {
        assert_eq!(numbers(&search(who, &pre, "salainen").await), [1]);
        assert_eq!(numbers(&search(who, &open, "piilotettu").await), [1]);
    }
}

#[apply(both_dbs)]
async fn proposals_stored_before_the_index_are_indexed_after_migrating(db: Db) {
    let sqlite = matches!(db, Db::Sqlite);
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    searchable(&alice, &call).await;
    if sqlite {
        // As before the search migration: no proposal in the index.
        app.db.execute_unprepared("DELETE FROM proposal_search_rows").await.expect("empty the index");
        assert!(numbers(&search(&anon, &call, "kokeilu").await).is_empty());
    }

    siilo_store::migrate(&app.db).await.expect("migrate again");

    assert_eq!(numbers(&search(&anon, &call, "kokeilu").await), [2, 1]);
    assert_eq!(numbers(&search(&anon, &call, "kommunerna").await), [3]);
}
