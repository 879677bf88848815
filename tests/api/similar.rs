//! Similar proposals: `POST /calls/{id}/similar-proposals` while writing, and
//! `GET /proposals/{id}/similar` (possible duplicates) for moderators. Any meaningful word
//! found inflected, title matches first, what the viewer may not see left out, hostile text
//! harmless.

use reqwest::StatusCode;
use rstest_reuse::apply;
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::util::views::Call;
use crate::util::{Client, Db, TestApp, both_dbs};

#[derive(Debug, Deserialize)]
struct Similar {
    items: Vec<Item>,
    words: u32,
}

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
    number: i64,
    title: String,
    summary: String,
    thumb_count: u64,
    comment_count: u64,
    stage: String,
    visibility: String,
    relevance: i64,
}

fn numbers(found: &Similar) -> Vec<i64> {
    found.items.iter().map(|p| p.number).collect()
}

fn text(title: &str, summary: &str, challenge: &str, idea: &str) -> Value {
    json!({ "title": title, "summary": summary, "challenge": challenge, "idea": idea })
}

async fn similar(who: &Client, call: &Call, draft: Value) -> Similar {
    who.post(&format!("/api/v1/calls/{}/similar-proposals", call.id), &draft).await.ok()
}

async fn submit(who: &Client, call: &Call, body: Value) -> String {
    let res = who.submit_with(call, body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text());
    res.value()["id"].as_str().expect("an id").to_owned()
}

/// #1 about library opening hours (Finnish, inflected), #2 unrelated, #3 Swedish about
/// libraries, #4 with "kirjasto" only deep in its idea.
async fn library_proposals(author: &Client, call: &Call) -> Vec<String> {
    let mut sv = text(
        "Biblioteket i kommunen",
        "Ett bibliotek som är öppet på kvällarna.",
        "Många arbetar dagtid.",
        "Vi testar självbetjäning.",
    );
    sv["language"] = json!("sv");
    let texts = [
        text(
            "Pidempi aukioloaika kirjastossa",
            "Kirjastossa voisi asioida iltaisin.",
            "Moni on töissä silloin kun palvelut ovat auki.",
            "Kokeillaan omatoimiaikaa.",
        ),
        text("Avoin data kunnille", "Rajapinnat yhteen paikkaan.", "Tietoa on hajallaan.", "Julkaistaan."),
        sv,
        text(
            "Lukutaito nousuun",
            "Lapset lukemaan.",
            "Lukutaito heikkenee.",
            "Yhteistyö koulujen ja kirjastojen kesken.",
        ),
    ];
    let mut ids = Vec::new();
    for t in texts {
        ids.push(submit(author, call, t).await);
    }
    // Others on other subjects, as a call has: a word in half of the proposals weighs nothing
    // in FTS5's ranking.
    for (i, subject) in
        ["Verotus", "Hankinnat", "Liikenne", "Terveys", "Ilmasto", "Koulutus"].iter().enumerate()
    {
        submit(author, call, text(&format!("{subject} {i}"), "Muuta.", "Ongelma.", "Ratkaisu.")).await;
    }
    ids
}

#[apply(both_dbs)]
async fn similar_proposals_are_found_across_finnish_and_swedish_inflection(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.open_call().await;
    library_proposals(&alice, &call).await;

    let fi = similar(&bob, &call, json!({ "title": "Kirjastojen aukioloajat" })).await;
    let sv = similar(&bob, &call, json!({ "title": "Biblioteken", "summary": "Öppna på kvällen" })).await;
    let none = similar(&bob, &call, json!({ "title": "Tekoäly veroilmoituksiin" })).await;

    assert_eq!(numbers(&fi), [1, 4], "title and summary match above one word in the idea");
    assert_eq!(fi.words, 2);
    let first = &fi.items[0];
    assert_eq!(first.title, "Pidempi aukioloaika kirjastossa");
    assert_eq!(first.summary, "Kirjastossa voisi asioida iltaisin.");
    assert_eq!((first.thumb_count, first.comment_count), (0, 0));
    assert_eq!((first.stage.as_str(), first.visibility.as_str()), ("submitted", "visible"));
    assert!(fi.items[0].relevance > fi.items[1].relevance, "{fi:?}");
    assert_eq!(numbers(&sv), [3]);
    assert!(numbers(&none).is_empty());
    assert_eq!(none.words, 2);
}

#[apply(both_dbs)]
async fn a_title_match_ranks_above_a_match_in_the_text_and_counts_show(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.open_call().await;
    let in_idea = submit(
        &alice,
        &call,
        text(
            "Yhteinen kalenteri",
            "Varaukset yhteen.",
            "Tilat ovat vajaakäytössä.",
            "Myös kirjastot mukaan.",
        ),
    )
    .await;
    let in_title = submit(
        &alice,
        &call,
        text("Kirjasto kaikille", "Avoimet ovet.", "Harva tietää palveluista.", "Esittelypäivä."),
    )
    .await;
    bob.thumbed(&in_idea).await;
    bob.comment(&in_idea, "Hyvä ajatus.").await;

    let found = similar(&bob, &call, json!({ "title": "Kirjastojen", "limit": 10 })).await;

    let ids: Vec<&str> = found.items.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, [in_title.as_str(), in_idea.as_str()]);
    assert_eq!((found.items[1].thumb_count, found.items[1].comment_count), (1, 1));
    let one = similar(&bob, &call, json!({ "title": "Kirjastojen", "limit": 1 })).await;
    assert_eq!(one.items.len(), 1);
}

#[apply(both_dbs)]
async fn withdrawn_merged_pending_and_hidden_proposals_show_to_moderators_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let moderator = app.moderator("mona").await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.open_call().await;
    let mut ids = Vec::new();
    for title in ["Kirjasto yksi", "Kirjasto kaksi", "Kirjasto kolme", "Kirjasto neljä", "Kirjasto viisi"] {
        ids.push(
            submit(
                &alice,
                &call,
                json!({ "title": title, "summary": "Kirjastot.", "challenge": "x", "idea": "y" }),
            )
            .await,
        );
    }
    alice.withdraw(&ids[0]).await.expect(StatusCode::OK);
    for sql in [
        "UPDATE proposals SET stage = 'merged' WHERE title = 'Kirjasto kaksi'",
        "UPDATE proposals SET visibility = 'hidden' WHERE title = 'Kirjasto kolme'",
        "UPDATE proposals SET visibility = 'pending' WHERE title = 'Kirjasto neljä'",
    ] {
        app.db.execute_unprepared(sql).await.expect("set its state");
    }
    let draft = json!({ "title": "Kirjastoja", "limit": 10 });

    let participant = similar(&bob, &call, draft.clone()).await;
    let author = similar(&alice, &call, draft.clone()).await;
    let moderated = similar(&moderator, &call, draft).await;

    assert_eq!(numbers(&participant), [5]);
    assert_eq!(numbers(&author), [5], "a draft is compared with what everyone sees");
    let mut seen = numbers(&moderated);
    seen.sort_unstable();
    assert_eq!(seen, [3, 4, 5], "never withdrawn or merged");
    let visibilities: Vec<&str> = moderated.items.iter().map(|p| p.visibility.as_str()).collect();
    assert!(visibilities.contains(&"hidden") && visibilities.contains(&"pending"), "{visibilities:?}");
}

#[apply(both_dbs)]
async fn the_proposal_being_edited_is_left_out(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let ids = library_proposals(&alice, &call).await;

    let editing =
        similar(&alice, &call, json!({ "title": "Pidempi aukioloaika kirjastossa", "exclude_id": ids[0] }))
            .await;

    assert_eq!(numbers(&editing), [4]);
}

#[apply(both_dbs)]
async fn a_text_of_stop_words_and_short_words_finds_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    submit(&alice, &call, text("Että kun ja se", "Och att det som.", "The and with that.", "On ja ei."))
        .await;
    library_proposals(&alice, &call).await;

    for draft in [
        json!({ "title": "" }),
        json!({ "title": "ja että kun", "summary": "och att det som", "idea": "the and with" }),
        json!({ "title": "ab 12 2026 x" }),
    ] {
        let found = similar(&alice, &call, draft.clone()).await;

        assert!(found.items.is_empty(), "{draft}: {found:?}");
        assert_eq!(found.words, 0, "{draft}");
    }
}

#[apply(both_dbs)]
async fn hostile_text_is_refused_by_the_limits_or_read_as_plain_words(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    library_proposals(&alice, &call).await;
    let path = format!("/api/v1/calls/{}/similar-proposals", call.id);

    for (draft, field) in [
        (json!({ "title": "k".repeat(141) }), "title"),
        (json!({ "title": "x", "summary": "k".repeat(501) }), "summary"),
        (json!({ "title": "x", "challenge": "kirjasto ".repeat(1_200) }), "challenge"),
        (json!({ "title": "x", "idea": "k".repeat(10_001) }), "idea"),
        (json!({ "title": "kirjasto\u{7}" }), "title"),
        (json!({ "title": "x", "limit": 11 }), "limit"),
        (json!({ "title": "x", "limit": 0 }), "limit"),
    ] {
        let problem =
            alice.post(&path, &draft).await.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem.errors.first().map(|e| e.field.as_str()), Some(field), "{problem:?}");
    }
    alice.post(&path, &json!({ "summary": "kirjasto" })).await.expect(StatusCode::UNPROCESSABLE_ENTITY);
    alice.post(&path, &json!({ "title": "x", "extra": 1 })).await.expect(StatusCode::UNPROCESSABLE_ENTITY);

    for title in [
        "\" OR * NEAR( kirjastossa",
        "kirjasto' | !aukioloaika & :* \\",
        "kirjasto) OR (1=1); DROP TABLE proposals; --",
        "NOT kirjasto AND ^kirjasto -kirjasto",
        "'''''kirjasto\"\"\"",
    ] {
        let found = similar(&alice, &call, json!({ "title": title })).await;
        assert_eq!(numbers(&found).first(), Some(&1), "{title}: {found:?}");
    }
    let long = json!({
        "title": "k".repeat(140),
        "summary": "kirjasto ".repeat(55),
        "challenge": (0..1_500).map(|i| format!("s{i} ")).collect::<String>(),
        "idea": "ö".repeat(10_000),
    });
    let found = similar(&alice, &call, long).await;
    assert!(found.words <= 16);
}

#[apply(both_dbs)]
async fn similar_proposals_need_sign_in_and_a_call_the_viewer_sees(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let draft_call = admin.call_with(json!({ "publish": false })).await;
    let ids = library_proposals(&alice, &call).await;

    app.anon()
        .post(&format!("/api/v1/calls/{}/similar-proposals", call.id), &json!({ "title": "Kirjasto" }))
        .await
        .refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    app.anon()
        .get(&format!("/api/v1/proposals/{}/similar", ids[0]))
        .await
        .refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    alice
        .post(
            &format!("/api/v1/calls/{}/similar-proposals", uuid::Uuid::new_v4()),
            &json!({ "title": "Kirjasto" }),
        )
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(draft_call.phase, "draft");
    alice
        .post(&format!("/api/v1/calls/{}/similar-proposals", draft_call.id), &json!({ "title": "Kirjasto" }))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
    let by_slug = alice
        .post(&format!("/api/v1/calls/{}/similar-proposals", call.slug), &json!({ "title": "Kirjasto" }))
        .await
        .ok::<Similar>();
    assert_eq!(numbers(&by_slug), [1, 4]);
}

#[apply(both_dbs)]
async fn possible_duplicates_are_for_moderators_and_include_what_only_they_see(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let moderator = app.moderator("mona").await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.open_call().await;
    let ids = library_proposals(&alice, &call).await;
    submit(
        &bob,
        &call,
        text(
            "Kirjastot auki illalla",
            "Aukioloajat pidemmiksi.",
            "Kirjastossa käy vähän väkeä.",
            "Kokeillaan.",
        ),
    )
    .await;
    app.db
        .execute_unprepared(
            "UPDATE proposals SET visibility = 'hidden' WHERE title = 'Kirjastot auki illalla'",
        )
        .await
        .expect("hide it");
    let path = format!("/api/v1/proposals/{}/similar", ids[0]);

    bob.get(&path).await.refused(StatusCode::FORBIDDEN, "role_required");
    alice.get(&path).await.refused(StatusCode::FORBIDDEN, "role_required");
    let found: Similar = moderator.get(&path).await.ok();
    let by_admin: Similar = admin.get(&format!("{path}?limit=1")).await.ok();

    assert_eq!(numbers(&found).first(), Some(&11), "the hidden twin first: {found:?}");
    assert!(!numbers(&found).contains(&1), "not itself");
    assert!(!numbers(&found).contains(&2), "nothing in common");
    assert_eq!(found.items[0].visibility, "hidden");
    assert_eq!(numbers(&by_admin), [11]);
    moderator
        .get(&format!("{path}?limit=11"))
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    moderator
        .get(&format!("/api/v1/proposals/{}/similar", uuid::Uuid::new_v4()))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
}
