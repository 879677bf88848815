//! Proposals (*ehdotukset*): submitting, numbering, validation, limits, editing with
//! revisions, withdrawing, and what each viewer sees and may do.

use futures_util::future::join_all;
use reqwest::StatusCode;
use rstest_reuse::apply;
use serde_json::{Value, json};
use siilo_domain::accounts::Language;
use siilo_domain::proposals::Visibility;
use siilo_store::proposals::{NewProposal, ProposalText};

use crate::util::views::{Call, Page, Proposal, Revision};
use crate::util::{Client, Db, Response, TestApp, both_dbs, hours_from_now};

/// `GET /api/v1/proposals/{id}`, answering as it does.
async fn fetch(who: &Client, id: &str) -> Response {
    who.get(&format!("/api/v1/proposals/{id}")).await
}

/// `PATCH /api/v1/proposals/{id}`, answering as it does.
async fn edit(who: &Client, id: &str, change: &Value) -> Response {
    who.patch(&format!("/api/v1/proposals/{id}"), change).await
}

/// `GET /api/v1/proposals/{id}/revisions`, answering as it does.
async fn revisions(who: &Client, id: &str) -> Response {
    who.get(&format!("/api/v1/proposals/{id}/revisions")).await
}

/// The ids of the call's proposals as `who` lists them.
async fn listed(who: &Client, call: &Call) -> Vec<String> {
    who.proposals(call, "limit=100").await.items.into_iter().map(|p| p.id).collect()
}

fn window(opens: i64, closes: i64, voting_closes: i64) -> Value {
    json!({
        "opens_at": hours_from_now(opens),
        "submissions_close_at": hours_from_now(closes),
        "voting_closes_at": hours_from_now(voting_closes),
    })
}

#[apply(both_dbs)]
async fn proposals_are_numbered_one_two_three_within_each_call(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.open_call().await;
    let other = admin.open_call().await;

    let res = alice.submit_with(&call, json!({})).await;

    let first: Proposal = res.created();
    assert_eq!(first.number, 1);
    assert_eq!(first.call_id, call.id);
    assert_eq!(first.title, "Yhteinen avustusrekisteri");
    assert_eq!(first.stage, "submitted");
    assert_eq!(first.visibility, "visible");
    assert_eq!(first.author.id, alice.user_id);
    assert_eq!(first.author.display_name, "alice");
    assert_eq!(first.language, "fi", "the author's language by default");
    assert_eq!(first.thumb_count, 0);
    assert_eq!(first.comment_count, 0);
    assert_eq!(bob.submit(&call).await.number, 2);
    let swedish = alice.submit_with(&call, json!({ "language": "sv", "title": "Gemensamt register" })).await;
    let swedish: Proposal = swedish.created();
    assert_eq!(swedish.number, 3);
    assert_eq!(swedish.language, "sv");
    assert_eq!(bob.submit(&other).await.number, 1, "another call counts from one");
    assert_eq!(alice.submit(&other).await.number, 2);
    assert_eq!(app.anon().proposal(&first.id).await.number, 1);
}

#[apply(both_dbs)]
async fn the_text_is_rendered_as_sanitised_html_never_raw(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;

    let res = alice
        .submit_with(
            &call,
            json!({
                "challenge": "Avustustiedot ovat **hajallaan**.",
                "idea": "Kokeillaan <script>alert('xss')</script> ja <img src=x onerror=alert(1)> rekisteriä.",
            }),
        )
        .await;

    let created: Proposal = res.created();
    let stored = app.anon().proposal(&created.id).await;
    for p in [&created, &stored] {
        let challenge = &p.challenge_html;
        assert!(challenge.contains("<strong>hajallaan</strong>"), "{challenge}");
        assert_eq!(p.challenge, "Avustustiedot ovat **hajallaan**.", "the text is kept as written");
        let idea = &p.idea_html;
        assert!(!idea.contains("<script"), "no raw script: {idea}");
        assert!(!idea.contains("<img"), "no raw img: {idea}");
        assert!(idea.contains("&lt;script&gt;"), "the script shows as text: {idea}");
    }
}

#[apply(both_dbs)]
async fn a_call_that_is_not_open_refuses_proposals(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let upcoming = admin.call_with(window(2, 24, 48)).await;
    let voting = admin.call_with(window(-48, -2, 24)).await;
    let review = admin.call_with(window(-48, -24, -2)).await;

    for call in [&upcoming, &voting, &review] {
        let res = alice.submit_with(call, json!({})).await;

        res.refused(StatusCode::CONFLICT, "call_not_open");
        assert!(listed(&alice, call).await.is_empty());
    }
    admin.set_window(&upcoming, -1, 24, 48).await;
    assert_eq!(alice.submit(&upcoming).await.number, 1, "once open, it takes proposals");
}

#[apply(both_dbs)]
async fn a_theme_must_belong_to_the_call(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let other = admin.open_call().await;

    let res = alice.submit_with(&call, json!({ "theme_id": other.theme_ids()[0] })).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "theme_not_in_call");
    assert_eq!(p.fields(), ["theme_id:theme_not_in_call"]);
    let own = alice.submit_with(&call, json!({ "theme_id": call.theme_ids()[1] })).await;
    assert_eq!(own.created::<Proposal>().theme_id, Some(call.theme_ids()[1].clone()));
}

#[apply(both_dbs)]
async fn an_unknown_organisation_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let okm = app.anon().organisation_id("OKM").await;

    let res = alice.submit_with(&call, json!({ "organisation_ids": [okm, uuid::Uuid::now_v7()] })).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["organisation_ids[1]:unknown_organisation"]);
    assert!(listed(&alice, &call).await.is_empty());
}

#[apply(both_dbs)]
async fn invalid_text_is_refused_listing_each_field(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;

    let res = alice
        .submit_with(&call, json!({ "title": "Idea", "summary": "   ", "idea": "x".repeat(10_001) }))
        .await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let mut fields = p.fields();
    fields.sort();
    assert_eq!(fields, ["idea:length", "summary:required", "title:length"]);

    let too_long = alice.submit_with(&call, json!({ "title": "ä".repeat(141) })).await;
    too_long.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_long.problem().fields(), ["title:length"]);
    assert!(listed(&alice, &call).await.is_empty(), "nothing was submitted");

    let longest =
        alice.submit_with(&call, json!({ "title": "ä".repeat(140), "idea": "x".repeat(10_000) })).await;
    assert_eq!(longest.status(), StatusCode::CREATED, "140 characters and 10,000 characters fit");
    let shortest = alice.submit_with(&call, json!({ "title": "Päätö" })).await;
    assert_eq!(shortest.status(), StatusCode::CREATED, "5 characters fit");
}

#[apply(both_dbs)]
async fn the_proposal_limit_is_enforced_and_a_withdrawn_proposal_does_not_count(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.call_with(json!({ "max_proposals_per_user": 1 })).await;
    let first = alice.submit(&call).await;

    let second = alice.submit_with(&call, json!({})).await;

    second.refused(StatusCode::CONFLICT, "limit_reached");
    assert_eq!(bob.submit(&call).await.number, 2, "the limit is per user");

    assert_eq!(alice.withdraw(&first.id).await.status(), StatusCode::OK);
    let after_withdrawal = alice.submit_with(&call, json!({})).await;

    assert_eq!(after_withdrawal.created::<Proposal>().number, 3);
    let again = alice.submit_with(&call, json!({})).await;
    again.refused(StatusCode::CONFLICT, "limit_reached");
}

#[apply(both_dbs)]
async fn the_proposal_limit_holds_when_one_author_submits_in_parallel(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.call_with(json!({ "max_proposals_per_user": 1 })).await;

    let responses = join_all((0..8).map(|_| alice.submit_with(&call, json!({})))).await;

    let mut statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409, 409, 409, 409, 409], "exactly one gets in");
    for res in responses.iter().filter(|r| r.status() == StatusCode::CONFLICT) {
        assert_eq!(res.problem().code, "limit_reached");
    }
    assert_eq!(listed(&alice, &call).await.len(), 1);
}

#[apply(both_dbs)]
async fn a_visitor_must_sign_in_to_submit(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let anon = app.anon();
    let call = admin.open_call().await;

    let res = anon
        .post(
            &format!("/api/v1/calls/{}/proposals", call.id),
            &json!({
                "title": "Yhteinen avustusrekisteri",
                "summary": "Kootaan avustukset yhteen.",
                "challenge": "Tiedot ovat hajallaan.",
                "idea": "Kokeillaan yhteistä rekisteriä.",
            }),
        )
        .await;

    res.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    assert!(listed(&anon, &call).await.is_empty());
}

#[apply(both_dbs)]
async fn the_authors_own_organisation_is_implied(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let vm = app.anon().organisation_id("VM").await;
    let okm = app.anon().organisation_id("OKM").await;

    let res = alice.submit_with(&call, json!({ "organisation_ids": [vm, okm, okm] })).await;

    let created: Proposal = res.created();
    let stored = app.anon().proposal(&created.id).await;
    for p in [&created, &stored] {
        let own = p.author.organisation.as_ref().expect("the author's organisation");
        assert_eq!(own.code, "VM");
        assert_eq!(own.id, vm);
        let codes: Vec<&str> = p.organisations.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["OKM"], "the author's own is implied and not listed; no duplicates");
    }
}

#[apply(both_dbs)]
async fn parallel_submissions_get_gap_free_unique_numbers(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let mut authors = Vec::new();
    for i in 0..12 {
        authors.push(app.participant(&format!("author{i}")).await);
    }

    let responses = join_all(authors.iter().map(|a| a.submit_with(&call, json!({})))).await;

    let mut numbers = Vec::new();
    for res in responses {
        assert_eq!(res.status(), StatusCode::CREATED, "every parallel submission succeeds");
        numbers.push(res.created::<Proposal>().number);
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=12).collect::<Vec<i64>>());
    assert_eq!(listed(&app.anon(), &call).await.len(), 12);
    assert_eq!(authors[0].submit(&call).await.number, 13, "the next one follows on");
}

#[apply(both_dbs)]
async fn the_author_edits_while_open_and_every_edit_keeps_a_revision(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let proposal = alice.submit(&call).await;
    let id = &proposal.id;

    let res = edit(
        &alice,
        id,
        &json!({ "title": "Yhteinen avustusrekisteri kaikille", "challenge": "Tiedot ovat *yhä* hajallaan." }),
    )
    .await;

    let edited: Proposal = res.ok();
    assert_eq!(edited.title, "Yhteinen avustusrekisteri kaikille");
    assert_eq!(edited.number, 1, "the number stays");
    assert_eq!(edited.summary, proposal.summary, "fields left out stay");
    assert!(edited.challenge_html.contains("<em>yhä</em>"), "the edit is rendered again");
    let stored = anon.proposal(id).await;
    assert_eq!(stored.title, "Yhteinen avustusrekisteri kaikille");

    let res = revisions(&anon, id).await;

    let items = res.ok::<Page<Revision>>().items;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].revision, 1);
    assert_eq!(items[0].title, "Yhteinen avustusrekisteri");
    assert_eq!(items[0].challenge, "Avustustiedot ovat **hajallaan**.");
    assert_eq!(items[0].editor_id, alice.user_id);
    assert_eq!(items[1].revision, 2);
    assert_eq!(items[1].title, "Yhteinen avustusrekisteri kaikille");
    assert_eq!(items[1].challenge, "Tiedot ovat *yhä* hajallaan.");
    assert_eq!(items[1].summary, proposal.summary);
}

#[apply(both_dbs)]
async fn an_edit_is_checked_like_a_submission(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let other = admin.open_call().await;
    let id = alice.submit(&call).await.id;

    let short = edit(&alice, &id, &json!({ "title": "Lyh", "summary": "" })).await;
    let foreign_theme = edit(&alice, &id, &json!({ "theme_id": other.theme_ids()[0] })).await;

    let p = short.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let mut fields: Vec<String> = p.errors.iter().map(|e| e.field.clone()).collect();
    fields.sort();
    fields.dedup();
    assert_eq!(fields, ["summary", "title"]);
    foreign_theme.refused(StatusCode::UNPROCESSABLE_ENTITY, "theme_not_in_call");
    let revisions: Page<Revision> = revisions(&app.anon(), &id).await.json();
    assert_eq!(revisions.items.len(), 1, "a refused edit keeps no revision");

    let themed = edit(&alice, &id, &json!({ "theme_id": call.theme_ids()[0] })).await;
    assert_eq!(themed.ok::<Proposal>().theme_id, Some(call.theme_ids()[0].clone()));
    let unthemed = edit(&alice, &id, &json!({ "theme_id": null })).await;
    assert_eq!(unthemed.ok::<Proposal>().theme_id, None, "null removes the theme");
}

#[apply(both_dbs)]
async fn only_the_author_may_edit_or_withdraw(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let id = alice.submit(&call).await.id;

    let edited = edit(&bob, &id, &json!({ "title": "Bobin versio ideasta" })).await;
    let withdrawn = bob.withdraw(&id).await;
    let by_visitor = edit(&anon, &id, &json!({ "title": "Vierailija" })).await;

    edited.refused(StatusCode::FORBIDDEN, "not_author");
    withdrawn.refused(StatusCode::FORBIDDEN, "not_author");
    by_visitor.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    let stored = anon.proposal(&id).await;
    assert_eq!(stored.title, "Yhteinen avustusrekisteri");
    assert_eq!(stored.stage, "submitted");
    let bob_view = bob.proposal(&id).await;
    assert!(!bob_view.viewer_can_edit);
}

#[apply(both_dbs)]
async fn editing_after_submissions_close_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let id = alice.submit(&call).await.id;
    admin.set_window(&call, -48, -1, 24).await;

    let res = edit(&alice, &id, &json!({ "title": "Myöhästynyt muutos" })).await;

    res.refused(StatusCode::CONFLICT, "call_not_open");
    let stored = alice.proposal(&id).await;
    assert_eq!(stored.title, "Yhteinen avustusrekisteri");
    assert!(!stored.viewer_can_edit, "in voting the author may no longer edit");
}

#[apply(both_dbs)]
async fn a_withdrawn_proposal_can_no_longer_be_edited(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let id = alice.submit(&call).await.id;

    let res = alice.withdraw(&id).await;

    assert_eq!(res.ok::<Proposal>().stage, "withdrawn");
    let stored = alice.proposal(&id).await;
    assert_eq!(stored.stage, "withdrawn");
    assert!(!stored.viewer_can_edit);
    let edited = edit(&alice, &id, &json!({ "title": "Vielä yksi muutos" })).await;
    edited.refused(StatusCode::CONFLICT, "proposal_withdrawn");
    let twice = alice.withdraw(&id).await;
    twice.refused(StatusCode::CONFLICT, "proposal_withdrawn");
}

#[apply(both_dbs)]
async fn a_visitor_reads_a_proposal_but_is_told_to_sign_in_to_thumb(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    let id = alice.submit(&call).await.id;

    let p = app.anon().proposal(&id).await;

    assert_eq!(p.title, "Yhteinen avustusrekisteri");
    assert_eq!(p.summary, "Kootaan ministeriöiden avustukset yhteen rekisteriin.");
    assert_eq!(p.idea, "Kokeillaan yhteistä rekisteriä kolmen ministeriön kesken.");
    assert_eq!(p.author.display_name, "alice");
    assert!(!p.viewer_thumbed);
    assert!(!p.viewer_can_thumb);
    assert_eq!(p.thumb_refusal.as_deref(), Some("unauthenticated"));
    assert!(!p.viewer_can_edit);
}

#[apply(both_dbs)]
async fn the_author_may_edit_but_not_thumb_their_own_proposal(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.open_call().await;
    let id = alice.submit(&call).await.id;

    let own = alice.proposal(&id).await;
    let others = bob.proposal(&id).await;

    assert!(!own.viewer_can_thumb);
    assert_eq!(own.thumb_refusal.as_deref(), Some("own_proposal"));
    assert!(own.viewer_can_edit);
    assert!(others.viewer_can_thumb);
    assert_eq!(others.thumb_refusal, None);
    assert!(!others.viewer_can_edit);
}

#[apply(both_dbs)]
async fn in_a_pre_moderated_call_a_new_proposal_waits_unseen_by_others(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let anon = app.anon();
    let call = admin.call_with(json!({ "moderation_mode": "pre" })).await;

    let res = alice.submit_with(&call, json!({})).await;

    let created: Proposal = res.created();
    assert_eq!(created.visibility, "pending");
    let id = created.id;
    assert_eq!(alice.proposal(&id).await.visibility, "pending", "the author sees it");
    assert_eq!(admin.proposal(&id).await.title, "Yhteinen avustusrekisteri", "an admin sees it");
    for who in [&*bob, &*anon] {
        let res = fetch(who, &id).await;
        res.refused(StatusCode::NOT_FOUND, "not_found");
        assert!(listed(who, &call).await.is_empty(), "not in others' lists");
        let revisions = revisions(who, &id).await;
        revisions.expect(StatusCode::NOT_FOUND);
    }
    assert_eq!(listed(&alice, &call).await, [id.as_str()]);
    assert_eq!(listed(&admin, &call).await, [id.as_str()]);
    let thumb = bob.thumb(&id).await;
    assert_eq!(thumb.status(), StatusCode::NOT_FOUND, "what cannot be seen cannot be thumbed");
    let seen: Call = anon.get(&format!("/api/v1/calls/{}", call.id)).await.json();
    assert_eq!(seen.counts.proposals, 0, "a pending proposal is not counted");
}

#[apply(both_dbs)]
async fn a_proposal_of_a_draft_call_is_not_found_for_participants(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let anon = app.anon();
    let draft = admin.call_with(json!({ "publish": false })).await;
    // Nothing can be submitted to a draft through the API; put one there as an import would.
    let text = "Kokeillaan yhteistä rekisteriä.";
    let id = siilo_store::proposals::create(
        &app.db,
        NewProposal {
            call_id: draft.id.parse().unwrap(),
            number: 1,
            author_id: alice.user_id.into(),
            language: Language::Fi,
            visibility: Visibility::Visible,
            text: ProposalText {
                title: "Luonnoshaun ehdotus".into(),
                summary: "Ehdotus haussa, jota ei ole julkaistu.".into(),
                challenge: text.into(),
                idea: text.into(),
                challenge_html: format!("<p>{text}</p>"),
                idea_html: format!("<p>{text}</p>"),
                search_text: "luonnoshaun ehdotus".into(),
                theme_id: None,
                organisation_ids: Vec::new(),
            },
        },
        chrono::Utc::now(),
    )
    .await
    .expect("a proposal in the draft")
    .to_string();

    for who in [&*alice, &*bob, &*anon] {
        let res = fetch(who, &id).await;
        res.refused(StatusCode::NOT_FOUND, "not_found");
        let list = who.get(&format!("/api/v1/calls/{}/proposals", draft.id)).await;
        list.expect(StatusCode::NOT_FOUND);
    }
    let edited = edit(&alice, &id, &json!({ "title": "Muutettu otsikko" })).await;
    edited.expect(StatusCode::NOT_FOUND);
    let submitted = bob.submit_with(&draft, json!({})).await;
    assert_eq!(submitted.status(), StatusCode::NOT_FOUND, "a draft does not show, so it takes nothing");
    assert_eq!(admin.proposal(&id).await.title, "Luonnoshaun ehdotus", "admins see drafts");
}

#[apply(both_dbs)]
async fn a_proposal_that_does_not_exist_is_not_found(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let anon = app.anon();

    let missing = fetch(&anon, &uuid::Uuid::now_v7().to_string()).await;
    let not_an_id = fetch(&anon, "ehdotus-1").await;
    let edit_missing =
        edit(&alice, &uuid::Uuid::now_v7().to_string(), &json!({ "title": "Ei ketään" })).await;

    missing.refused(StatusCode::NOT_FOUND, "not_found");
    not_an_id.expect(StatusCode::NOT_FOUND);
    edit_missing.expect(StatusCode::NOT_FOUND);
}
