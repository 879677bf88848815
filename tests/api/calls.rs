//! Calls (*haut*): creating, publishing, the phase derived from the window, counts, what the
//! viewer may do, settings and themes.

use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::util::views::{Call, CallCapabilities, Counts, Page, Proposal, Texts, Theme};
use crate::util::{Client, Db, Response, TestApp, both_dbs, hours_from_now};

/// A valid body for `POST /api/v1/calls` with this slug, open now.
fn new_call(slug: &str) -> Value {
    json!({
        "slug": slug,
        "title": { "fi": "Siilonmurtajat 2026", "sv": "Silobrytarna 2026", "en": "Silo breakers 2026" },
        "description": { "fi": "Kokeiluja yli hallinnonrajojen." },
        "opens_at": hours_from_now(-1),
        "submissions_close_at": hours_from_now(24),
        "voting_closes_at": hours_from_now(48),
    })
}

/// Texts from literals, to compare with a view's.
fn texts(fi: &str, sv: Option<&str>, en: Option<&str>) -> Texts {
    Texts { fi: fi.to_owned(), sv: sv.map(str::to_owned), en: en.map(str::to_owned) }
}

/// `POST /api/v1/calls`, answering as it does.
async fn create(who: &Client, call: &Value) -> Response {
    who.post("/api/v1/calls", call).await
}

/// `GET /api/v1/calls/{id_or_slug}`, answering as it does.
async fn fetch(who: &Client, id_or_slug: &str) -> Response {
    who.get(&format!("/api/v1/calls/{id_or_slug}")).await
}

/// The call as `who` sees it, which must succeed.
async fn call_as(who: &Client, call: &Call) -> Call {
    fetch(who, &call.id).await.ok()
}

/// The ids in `GET /api/v1/calls?<query>` as `who`.
async fn listed(who: &Client, query: &str) -> Vec<String> {
    let page: Page<Call> = who.get(&format!("/api/v1/calls?{query}")).await.ok();
    page.items.into_iter().map(|c| c.id).collect()
}

/// `PATCH /api/v1/calls/{id}`, answering as it does.
async fn patch_call(who: &Client, call: &Call, change: &Value) -> Response {
    who.patch(&format!("/api/v1/calls/{}", call.id), change).await
}

/// `POST /api/v1/calls/{id}/publish` or `/archive`, answering as it does.
async fn act(who: &Client, call: &Call, action: &str) -> Response {
    who.post(&format!("/api/v1/calls/{}/{action}", call.id), &json!({})).await
}

/// A window in hours from now, as overrides for a call.
fn window(opens: i64, closes: i64, voting_closes: i64) -> Value {
    json!({
        "opens_at": hours_from_now(opens),
        "submissions_close_at": hours_from_now(closes),
        "voting_closes_at": hours_from_now(voting_closes),
    })
}

#[apply(both_dbs)]
async fn an_admin_creates_a_call_that_starts_as_a_draft_with_its_themes(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mut call = new_call("siilonmurtajat-2026");
    call["themes"] = json!([
        { "name": { "fi": "Digitaaliset palvelut", "sv": "Digitala tjänster", "en": "Digital services" } },
        { "name": { "fi": "Yhteiset hankinnat" } },
    ]);

    let res = create(&admin, &call).await;

    let created: Call = res.created();
    assert!(created.id.parse::<Uuid>().is_ok(), "an id: {created:?}");
    assert_eq!(created.slug, "siilonmurtajat-2026");
    assert_eq!(created.phase, "draft");
    assert_eq!(created.published_at, None);
    assert_eq!(
        created.title,
        texts("Siilonmurtajat 2026", Some("Silobrytarna 2026"), Some("Silo breakers 2026"))
    );
    assert_eq!(
        created.description,
        texts("Kokeiluja yli hallinnonrajojen.", None, None),
        "Swedish and English are optional"
    );
    let themes = &created.themes;
    assert_eq!(themes.len(), 2);
    assert_eq!(themes[0].name.fi, "Digitaaliset palvelut");
    assert_eq!(themes[0].name.sv.as_deref(), Some("Digitala tjänster"));
    assert_eq!(themes[1].name.fi, "Yhteiset hankinnat");
    assert!(themes.iter().all(|t| !t.id.is_empty()), "every theme has an id");
    assert_eq!(created.moderation_mode, "post");
    assert_eq!(created.report_threshold, 3);
    assert_eq!(created.max_proposals_per_user, None);
    assert_eq!(created.counts, Counts { proposals: 0, thumbs: 0, comments: 0, participants: 0 });
    assert!(created.viewer.can_manage);
}

#[apply(both_dbs)]
async fn a_call_needs_a_finnish_title_and_description(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mut swedish_only = new_call("vain-ruotsiksi");
    swedish_only["title"] = json!({ "sv": "Silobrytarna" });
    let mut blank = new_call("tyhja-otsikko");
    blank["title"] = json!({ "fi": "   ", "sv": "Silobrytarna" });
    blank["description"] = json!({ "fi": "" });

    let missing = create(&admin, &swedish_only).await;
    let empty = create(&admin, &blank).await;

    let p = missing.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(p.fields(), ["title.fi:required"]);
    let p = empty.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let mut fields = p.fields();
    fields.sort();
    assert_eq!(fields, ["description.fi:required", "title.fi:required"]);
    let all = listed(&admin, "").await;
    assert!(all.is_empty(), "nothing was created");
}

#[apply(both_dbs)]
async fn a_draft_is_seen_by_admins_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let draft = admin.call_with(json!({ "publish": false })).await;

    for who in [&*alice, &*anon] {
        let by_id = fetch(who, &draft.id).await;
        let by_slug = fetch(who, &draft.slug).await;

        by_id.refused(StatusCode::NOT_FOUND, "not_found");
        by_slug.refused(StatusCode::NOT_FOUND, "not_found");
        assert!(listed(who, "").await.is_empty(), "a draft is not listed");
    }
    assert_eq!(call_as(&admin, &draft).await.phase, "draft");
    let by_slug = fetch(&admin, &draft.slug).await;
    by_slug.expect(StatusCode::OK);
    assert_eq!(listed(&admin, "").await, [draft.id.as_str()]);
}

#[apply(both_dbs)]
async fn publishing_a_draft_shows_it_to_everyone_by_id_and_by_slug(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let draft = admin.call_with(json!({ "publish": false })).await;

    let res = act(&admin, &draft, "publish").await;

    let published: Call = res.ok();
    assert_eq!(published.phase, "open");
    assert!(published.published_at.is_some());
    for who in [&*alice, &*anon] {
        let by_id = call_as(who, &draft).await;
        assert_eq!(by_id.phase, "open");
        let by_slug: Call = fetch(who, &draft.slug).await.ok();
        assert_eq!(by_slug.id, draft.id);
        assert_eq!(listed(who, "").await, [draft.id.as_str()]);
    }
}

#[apply(both_dbs)]
async fn a_window_in_the_wrong_order_is_refused_naming_the_field(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mut closes_before_opening = new_call("sulkeutuu-ennen");
    closes_before_opening["opens_at"] = json!(hours_from_now(5));
    closes_before_opening["submissions_close_at"] = json!(hours_from_now(2));
    let mut closes_as_it_opens = new_call("sulkeutuu-heti");
    let at = hours_from_now(5);
    closes_as_it_opens["opens_at"] = json!(at);
    closes_as_it_opens["submissions_close_at"] = json!(at);
    let mut voting_before_submissions = new_call("aanestys-ensin");
    voting_before_submissions["submissions_close_at"] = json!(hours_from_now(24));
    voting_before_submissions["voting_closes_at"] = json!(hours_from_now(23));

    for (call, field) in [
        (closes_before_opening, "submissions_close_at"),
        (closes_as_it_opens, "submissions_close_at"),
        (voting_before_submissions, "voting_closes_at"),
    ] {
        let res = create(&admin, &call).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "window_order");
        assert_eq!(p.fields(), [format!("{field}:window_order")]);
    }
    assert!(listed(&admin, "").await.is_empty(), "nothing was created");
}

#[apply(both_dbs)]
async fn moving_a_window_into_the_wrong_order_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let before = call_as(&admin, &call).await;

    let res = patch_call(&admin, &call, &json!({ "voting_closes_at": hours_from_now(2) })).await;

    let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "window_order");
    assert_eq!(p.fields(), ["voting_closes_at:window_order"]);
    let after = call_as(&admin, &call).await;
    assert_eq!(after.voting_closes_at, before.voting_closes_at, "the window is unchanged");
}

#[apply(both_dbs)]
async fn voting_may_close_when_submissions_close(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let mut call = new_call("ei-aanestysaikaa");
    let closes = hours_from_now(24);
    call["submissions_close_at"] = json!(closes);
    call["voting_closes_at"] = json!(closes);

    let res = create(&admin, &call).await;

    let created: Call = res.created();
    assert_eq!(created.submissions_close_at, created.voting_closes_at);
}

#[apply(both_dbs)]
async fn a_slug_already_in_use_is_a_conflict(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    create(&admin, &new_call("siilonmurtajat")).await.expect(StatusCode::CREATED);

    let res = create(&admin, &new_call("siilonmurtajat")).await;

    let p = res.refused(StatusCode::CONFLICT, "slug_taken");
    assert_eq!(p.fields(), ["slug:slug_taken"]);
    assert_eq!(listed(&admin, "").await.len(), 1);

    let other = admin.open_call().await;
    let renamed = patch_call(&admin, &other, &json!({ "slug": "siilonmurtajat" })).await;
    assert_eq!(renamed.status(), StatusCode::CONFLICT, "renaming to a taken slug");
    renamed.refused(StatusCode::CONFLICT, "slug_taken");
    let invalid = patch_call(&admin, &other, &json!({ "slug": "Ei Kelpaa" })).await;
    invalid.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.problem().fields(), ["slug:invalid_slug"]);
    assert_eq!(call_as(&app.anon(), &other).await.slug, other.slug);
}

#[apply(both_dbs)]
async fn a_slug_that_is_not_url_safe_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;

    for slug in ["Siilonmurtajat", "siilon murtajat", "ab", "-siilo", "siilo--2026", "siilö", "haku/2026"] {
        let res = create(&admin, &new_call(slug)).await;

        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "slug {slug:?}");
        let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(p.fields(), ["slug:invalid_slug"], "slug {slug:?}");
    }
}

#[apply(both_dbs)]
async fn only_admins_and_call_managers_manage_calls(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let theme = &call.theme_ids()[0];
    let attempts = [
        (Method::POST, "/api/v1/calls".to_owned(), new_call("alicen-haku")),
        (Method::PATCH, format!("/api/v1/calls/{}", call.id), json!({ "title": { "fi": "Uusi nimi" } })),
        (Method::POST, format!("/api/v1/calls/{}/publish", call.id), json!({})),
        (Method::POST, format!("/api/v1/calls/{}/archive", call.id), json!({})),
        (Method::POST, format!("/api/v1/calls/{}/themes", call.id), json!({ "name": { "fi": "Teema" } })),
        (Method::PATCH, format!("/api/v1/calls/{}/themes/{theme}", call.id), json!({ "position": 5 })),
        (Method::DELETE, format!("/api/v1/calls/{}/themes/{theme}", call.id), json!({})),
    ];

    for (method, path, payload) in attempts {
        let as_participant = alice.request(method.clone(), &path).json(&payload).send().await;
        let as_visitor = anon.request(method.clone(), &path).json(&payload).send().await;

        assert_eq!(as_participant.status(), StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(as_participant.problem().code, "not_call_manager", "{method} {path}");
        assert_eq!(as_visitor.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(as_visitor.problem().code, "unauthenticated", "{method} {path}");
    }
    let after = call_as(&alice, &call).await;
    assert_eq!(after.title.fi, "Siilonmurtajat");
    assert_eq!(after.phase, "open");
    assert_eq!(after.themes.len(), 2);
    assert_eq!(listed(&anon, "").await, [call.id.as_str()], "no call was added");
}

#[apply(both_dbs)]
async fn the_phase_follows_the_window(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let anon = app.anon();
    let upcoming = admin.call_with(window(2, 24, 48)).await;
    let open = admin.call_with(window(-2, 24, 48)).await;
    let voting = admin.call_with(window(-48, -2, 24)).await;
    let review = admin.call_with(window(-48, -24, -2)).await;

    for (call, phase) in [(&upcoming, "upcoming"), (&open, "open"), (&voting, "voting"), (&review, "review")]
    {
        assert_eq!(call_as(&anon, call).await.phase, phase, "{}", call.slug);
    }

    admin.set_window(&upcoming, -1, 24, 48).await;
    assert_eq!(call_as(&anon, &upcoming).await.phase, "open", "moving the window opens the call");
    admin.set_window(&upcoming, -48, -1, 24).await;
    assert_eq!(call_as(&anon, &upcoming).await.phase, "voting");
    admin.set_window(&upcoming, -48, -24, -1).await;
    assert_eq!(call_as(&anon, &upcoming).await.phase, "review");
}

#[apply(both_dbs)]
async fn listing_calls_filters_by_phase(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let anon = app.anon();
    let upcoming = admin.call_with(window(2, 24, 48)).await;
    let open = admin.call_with(window(-2, 24, 48)).await;
    let also_open = admin.call_with(window(-5, 5, 10)).await;
    let voting = admin.call_with(window(-48, -2, 24)).await;

    let mut open_ids = listed(&anon, "phase=open").await;
    open_ids.sort();
    let mut expected = vec![open.id.clone(), also_open.id.clone()];
    expected.sort();

    assert_eq!(open_ids, expected);
    assert_eq!(listed(&anon, "phase=upcoming").await, [upcoming.id.as_str()]);
    assert_eq!(listed(&anon, "phase=voting").await, [voting.id.as_str()]);
    assert!(listed(&anon, "phase=review").await.is_empty());
    assert_eq!(
        listed(&anon, "").await,
        [upcoming.id.clone(), open.id.clone(), also_open.id.clone(), voting.id.clone()],
        "the latest opening first"
    );
    let bad = anon.get("/api/v1/calls?phase=someday").await;
    bad.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[apply(both_dbs)]
async fn archiving_a_call_makes_it_archived_and_closes_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;

    let res = act(&admin, &call, "archive").await;

    let archived: Call = res.ok();
    assert_eq!(archived.phase, "archived");
    assert!(archived.archived_at.is_some());
    let seen = call_as(&alice, &call).await;
    assert_eq!(seen.phase, "archived", "an archived call stays readable");
    assert!(!seen.viewer.can_submit);
    assert_eq!(listed(&anon, "phase=archived").await, [call.id.as_str()]);
    assert!(listed(&anon, "phase=open").await.is_empty());
    let submit = alice.submit_with(&call, json!({})).await;
    submit.refused(StatusCode::CONFLICT, "call_not_open");
    let publish = act(&admin, &call, "publish").await;
    publish.refused(StatusCode::CONFLICT, "call_archived");
    assert_eq!(call_as(&anon, &call).await.phase, "archived", "publishing does not bring it back");
}

#[apply(both_dbs)]
async fn the_counts_reflect_proposals_thumbs_comments_and_participants(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let carol = app.participant("carol").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let other = admin.open_call().await;
    let first = alice.submit(&call).await;
    let second = bob.submit(&call).await;
    carol.submit(&other).await;

    for (who, proposal) in [(&bob, &first), (&carol, &first), (&alice, &second)] {
        who.thumbed(&proposal.id).await;
    }
    for text in ["Hyvä idea!", "Mukana kokeilussa."] {
        carol.comment(&second.id, text).await;
    }

    let counts = call_as(&anon, &call).await.counts;

    assert_eq!(counts, Counts { proposals: 2, thumbs: 3, comments: 2, participants: 3 });
    let other_counts = call_as(&anon, &other).await.counts;
    assert_eq!(other_counts, Counts { proposals: 1, thumbs: 0, comments: 0, participants: 1 });
}

#[apply(both_dbs)]
async fn a_visitor_is_told_to_sign_in_to_take_part(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;

    let viewer = call_as(&app.anon(), &call).await.viewer;

    assert!(!viewer.can_submit);
    assert_eq!(viewer.submit_refusal.as_deref(), Some("unauthenticated"));
    assert!(!viewer.can_thumb);
    assert_eq!(viewer.thumb_refusal.as_deref(), Some("unauthenticated"));
    assert!(!viewer.can_comment);
    assert_eq!(viewer.comment_refusal.as_deref(), Some("unauthenticated"));
    assert!(!viewer.can_manage);
}

#[apply(both_dbs)]
async fn a_visitor_is_told_that_a_closed_call_takes_nothing_not_to_sign_in(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let proposal = alice.submit(&call).await.id;
    admin.set_window(&call, -48, -24, -1).await;

    let viewer = call_as(&anon, &call).await.viewer;
    let p: Proposal = anon.proposal(&proposal).await;

    assert_eq!(call_as(&anon, &call).await.phase, "review");
    assert_eq!(viewer.submit_refusal.as_deref(), Some("call_not_open"));
    assert_eq!(viewer.thumb_refusal.as_deref(), Some("call_not_accepting_thumbs"));
    assert_eq!(viewer.comment_refusal.as_deref(), Some("call_not_accepting_comments"));
    assert_eq!(p.thumb_refusal.as_deref(), Some("call_not_accepting_thumbs"));
    assert_eq!(p.comment_refusal.as_deref(), Some("call_not_accepting_comments"));
    assert_eq!(p.edit_refusal.as_deref(), Some("call_not_open"));
    // In voting the call still takes thumbs and comments: signing in is what is missing.
    admin.set_window(&call, -48, -1, 24).await;
    let viewer = call_as(&anon, &call).await.viewer;
    assert_eq!(viewer.submit_refusal.as_deref(), Some("call_not_open"));
    assert_eq!(viewer.thumb_refusal.as_deref(), Some("unauthenticated"));
    assert_eq!(viewer.comment_refusal.as_deref(), Some("unauthenticated"));
}

#[apply(both_dbs)]
async fn a_participant_may_submit_thumb_and_comment_in_an_open_call(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;

    let viewer = call_as(&alice, &call).await.viewer;

    let CallCapabilities {
        can_submit,
        can_thumb,
        can_comment,
        can_manage,
        submit_refusal,
        thumb_refusal,
        comment_refusal,
    } = viewer;
    assert_eq!((can_submit, submit_refusal), (true, None));
    assert_eq!((can_thumb, thumb_refusal), (true, None));
    assert_eq!((can_comment, comment_refusal), (true, None));
    assert!(!can_manage);
}

#[apply(both_dbs)]
async fn an_upcoming_call_takes_nothing_yet(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.call_with(window(2, 24, 48)).await;

    let viewer = call_as(&alice, &call).await.viewer;

    assert!(!viewer.can_submit);
    assert_eq!(viewer.submit_refusal.as_deref(), Some("call_not_open"));
    assert!(!viewer.can_thumb);
    assert!(!viewer.can_comment);
}

#[apply(both_dbs)]
async fn in_voting_a_participant_may_thumb_and_comment_but_not_submit(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    admin.set_window(&call, -48, -1, 24).await;

    let viewer = call_as(&alice, &call).await.viewer;

    assert!(!viewer.can_submit);
    assert_eq!(viewer.submit_refusal.as_deref(), Some("call_not_open"));
    assert!(viewer.can_thumb);
    assert_eq!(viewer.thumb_refusal, None);
    assert!(viewer.can_comment);
    assert_eq!(viewer.comment_refusal, None);
}

#[apply(both_dbs)]
async fn in_review_a_participant_may_only_read(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let call = admin.open_call().await;
    admin.set_window(&call, -48, -24, -1).await;

    let viewer = call_as(&alice, &call).await.viewer;

    assert!(!viewer.can_submit);
    assert_eq!(viewer.submit_refusal.as_deref(), Some("call_not_open"));
    assert!(!viewer.can_thumb);
    assert_eq!(viewer.thumb_refusal.as_deref(), Some("call_not_accepting_thumbs"));
    assert!(!viewer.can_comment);
    assert_eq!(viewer.comment_refusal.as_deref(), Some("call_not_accepting_comments"));
}

#[apply(both_dbs)]
async fn a_participant_at_the_proposal_limit_is_told_they_may_not_submit_more(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let call = admin.call_with(json!({ "max_proposals_per_user": 1 })).await;
    assert!(call_as(&alice, &call).await.viewer.can_submit);

    alice.submit(&call).await;

    let alice_view = call_as(&alice, &call).await.viewer;
    assert!(!alice_view.can_submit);
    assert_eq!(alice_view.submit_refusal.as_deref(), Some("limit_reached"));
    assert!(alice_view.can_thumb, "the limit is on proposals only");
    let bob_view = call_as(&bob, &call).await.viewer;
    assert!(bob_view.can_submit, "the limit is per user");
}

#[apply(both_dbs)]
async fn an_admin_updates_texts_window_and_settings(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "max_proposals_per_user": 3, "max_thumbs_per_user": 10 })).await;
    let opens = hours_from_now(-3);
    let closes = hours_from_now(72);
    let voting_closes = hours_from_now(96);

    let res = patch_call(
        &admin,
        &call,
        &json!({
            "title": { "fi": "Siilonmurtajat kevät", "en": "Silo breakers spring" },
            "description": { "fi": "Uusi kuvaus.", "sv": "Ny beskrivning." },
            "opens_at": opens,
            "submissions_close_at": closes,
            "voting_closes_at": voting_closes,
            "moderation_mode": "pre",
            "report_threshold": 5,
            "max_proposals_per_user": null,
        }),
    )
    .await;

    let updated: Call = res.ok();
    let reread = call_as(&admin, &call).await;
    for view in [&updated, &reread] {
        assert_eq!(view.title, texts("Siilonmurtajat kevät", None, Some("Silo breakers spring")));
        assert_eq!(view.description, texts("Uusi kuvaus.", Some("Ny beskrivning."), None));
        assert_eq!(view.moderation_mode, "pre");
        assert_eq!(view.report_threshold, 5);
        assert_eq!(view.max_proposals_per_user, None, "null removes the limit");
        assert_eq!(view.max_thumbs_per_user, Some(10), "a setting left out stays");
        assert_eq!(view.slug, call.slug);
        let instant = |t: &str| chrono::DateTime::parse_from_rfc3339(t).expect("RFC 3339");
        // Storage may round below a millisecond.
        assert!((instant(&view.opens_at) - instant(&opens)).num_milliseconds().abs() <= 1);
        assert!((instant(&view.submissions_close_at) - instant(&closes)).num_milliseconds().abs() <= 1);
        assert!((instant(&view.voting_closes_at) - instant(&voting_closes)).num_milliseconds().abs() <= 1);
        assert_eq!(view.phase, "open");
    }

    let res = patch_call(&admin, &call, &json!({ "max_thumbs_per_user": null, "slug": "uusi-osoite" })).await;

    let updated: Call = res.ok();
    assert_eq!(updated.max_thumbs_per_user, None);
    assert_eq!(updated.title.fi, "Siilonmurtajat kevät", "texts left out stay");
    assert_eq!(fetch(&app.anon(), "uusi-osoite").await.status(), StatusCode::OK, "the new slug finds it");
}

#[apply(both_dbs)]
async fn an_admin_adds_renames_and_removes_themes(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let themes_path = format!("/api/v1/calls/{}/themes", call.id);

    let res =
        admin.post(&themes_path, &json!({ "name": { "fi": "Tiedon jakaminen", "sv": "Datadelning" } })).await;

    let added: Theme = res.created();
    assert_eq!(added.name, texts("Tiedon jakaminen", Some("Datadelning"), None));
    let ids = call_as(&anon, &call).await.theme_ids();
    assert_eq!(
        ids,
        [call.theme_ids()[0].as_str(), call.theme_ids()[1].as_str(), added.id.as_str()],
        "a new theme goes last"
    );

    let res = admin
        .patch(
            &format!("{themes_path}/{}", added.id),
            &json!({ "name": { "fi": "Tietojen yhteiskäyttö", "en": "Data sharing" } }),
        )
        .await;

    assert_eq!(res.ok::<Theme>().name, texts("Tietojen yhteiskäyttö", None, Some("Data sharing")));
    let themes = call_as(&anon, &call).await.themes;
    assert_eq!(themes[2].name.fi, "Tietojen yhteiskäyttö");

    let nameless = admin.post(&themes_path, &json!({ "name": { "fi": " ", "en": "Nameless" } })).await;
    nameless.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nameless.problem().fields(), ["name.fi:required"]);
    let other = admin.open_call().await;
    let through_other = admin
        .patch(
            &format!("/api/v1/calls/{}/themes/{}", other.id, added.id),
            &json!({ "name": { "fi": "Väärä haku" } }),
        )
        .await;
    assert_eq!(through_other.status(), StatusCode::NOT_FOUND, "a theme is reached through its own call");
    assert_eq!(call_as(&anon, &call).await.themes.len(), 3);
}

#[apply(both_dbs)]
async fn deleting_a_theme_keeps_its_proposals_without_a_theme(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let alice = app.participant("alice").await;
    let anon = app.anon();
    let call = admin.open_call().await;
    let doomed = call.theme_ids()[0].clone();
    let res = alice.submit_with(&call, json!({ "theme_id": doomed })).await;
    let proposal: Proposal = res.created();
    assert_eq!(proposal.theme_id.as_deref(), Some(doomed.as_str()));

    let res = admin.delete(&format!("/api/v1/calls/{}/themes/{doomed}", call.id)).await;

    res.expect(StatusCode::NO_CONTENT);
    let ids = call_as(&anon, &call).await.theme_ids();
    assert_eq!(ids, [call.theme_ids()[1].as_str()]);
    let res = anon.get(&format!("/api/v1/proposals/{}", proposal.id)).await;
    assert_eq!(res.status(), StatusCode::OK, "the proposal stays");
    assert_eq!(res.ok::<Proposal>().theme_id, None);
    let again = admin.delete(&format!("/api/v1/calls/{}/themes/{doomed}", call.id)).await;
    again.expect(StatusCode::NOT_FOUND);
}

#[apply(both_dbs)]
async fn a_call_that_does_not_exist_is_not_found(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let anon = app.anon();

    let by_id = fetch(&anon, &Uuid::now_v7().to_string()).await;
    let by_slug = fetch(&anon, "ei-ole-olemassa").await;
    let patch =
        admin.patch(&format!("/api/v1/calls/{}", Uuid::now_v7()), &json!({ "report_threshold": 4 })).await;

    by_id.refused(StatusCode::NOT_FOUND, "not_found");
    by_slug.expect(StatusCode::NOT_FOUND);
    patch.refused(StatusCode::NOT_FOUND, "not_found");
}

#[apply(both_dbs)]
async fn a_call_description_comes_with_its_markdown_rendered_to_safe_html(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let anon = app.anon();
    let call = admin
        .call_with(json!({ "description": {
            "fi": "**Kokeilu** yli rajojen:\n\n- yksi\n- kaksi\n\n<script>alert(1)</script>",
            "sv": "*Försök*",
        } }))
        .await;

    let seen = call_as(&anon, &call).await;
    let html = &seen.description_html;
    let fi = &html.fi;
    assert!(fi.contains("<strong>Kokeilu</strong>"), "{fi}");
    assert!(fi.contains("<li>yksi</li>"), "{fi}");
    assert!(!fi.contains("<script"), "raw HTML stays text: {fi}");
    assert_eq!(html.sv.as_deref(), Some("<p><em>Försök</em></p>\n"));
    assert_eq!(html.en, None, "no English description, no English HTML");
    assert_eq!(seen.description.sv.as_deref(), Some("*Försök*"), "the source stays as written");

    let res = patch_call(&admin, &call, &json!({ "description": { "fi": "Uusi *kuvaus*" } })).await;
    res.expect(StatusCode::OK);
    let listed: Page<Call> = anon.get("/api/v1/calls").await.json();
    let item = listed.items.into_iter().find(|c| c.id == call.id).expect("the call is listed");
    assert_eq!(item.description_html.fi, "<p>Uusi <em>kuvaus</em></p>\n");
    assert_eq!(item.description_html.sv, None, "an edit renders every language again");
}

#[apply(both_dbs)]
async fn calls_stored_before_descriptions_were_rendered_get_their_html_at_start_up(db: Db) {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let anon = app.anon();
    let call = admin.call_with(json!({ "description": { "fi": "**Vanha** haku", "en": "*Old*" } })).await;
    app.db
        .execute_unprepared(
            "UPDATE calls SET description_html_fi = NULL, description_html_sv = NULL, description_html_en = NULL",
        )
        .await
        .expect("forget the rendering");
    assert_eq!(call_as(&anon, &call).await.description_html.fi, "", "nothing raw meanwhile");

    siilo_server::startup::render_missing_call_html(&app.db).await.expect("backfill");

    let html = call_as(&anon, &call).await.description_html;
    assert_eq!(html.fi, "<p><strong>Vanha</strong> haku</p>\n");
    assert_eq!(html.en.as_deref(), Some("<p><em>Old</em></p>\n"));
}

#[apply(both_dbs)]
async fn a_whole_number_written_with_a_fraction_is_taken_as_that_integer(db: Db) {
    // JSON Schema's `integer` takes 3.0 as well as 3 (schemathesis sends both).
    let app = TestApp::spawn(db).await;
    let admin = app.admin().await;
    let call = admin.call_with(json!({ "max_proposals_per_user": 3 })).await;

    let res =
        patch_call(&admin, &call, &json!({ "max_proposals_per_user": 5.0, "max_thumbs_per_user": 1e1 }))
            .await;

    let updated: Call = res.ok();
    assert_eq!(updated.max_proposals_per_user, Some(5));
    assert_eq!(updated.max_thumbs_per_user, Some(10));
    let res = patch_call(&admin, &call, &json!({ "max_proposals_per_user": 5.5 })).await;
    res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}
