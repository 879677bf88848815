//! Notifications by email: the settings (`GET`/`PUT /api/v1/me/email-settings`), the
//! one-click unsubscribe (`GET`/`POST /api/v1/email/unsubscribe`), the email sent at once
//! for a kind set to `immediately`, and the daily digest
//! (`siilo_server::mail::digest::run_digests`).

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use reqwest::{Method, StatusCode};
use rstest_reuse::apply;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use siilo_server::mail::digest::run_digests;
use siilo_server::mail::unsubscribe::{Unsubscribe, UnsubscribeKey};

use crate::util::mail::{MAIL_TIMEOUT, Mail, MailSink, PUBLIC_URL};
use crate::util::views::Proposal;
use crate::util::{Client, Db, JWT_SECRET, PASSWORD, TestApp, User, both_dbs};

const KINDS: [&str; 20] = [
    "comment_on_proposal",
    "reply_to_comment",
    "content_hidden",
    "content_restored",
    "proposal_approved",
    "proposal_rejected",
    "appeal_decided",
    "decision_published",
    "proposal_merged",
    "pilot_created",
    "pilot_update",
    "pilot_lessons",
    "coauthor_invited",
    "coauthor_answered",
    "coauthor_removed",
    "call_news",
    "interest_declared",
    "proposal_revised",
    "followed_comment",
    "followed_decision",
];

/// `(kind, delivery)` of each item of an `EmailSettings` body, in order.
fn pairs(body: &Value) -> Vec<(String, String)> {
    body["settings"]
        .as_array()
        .expect("settings")
        .iter()
        .map(|s| (s["kind"].as_str().unwrap().to_owned(), s["delivery"].as_str().unwrap().to_owned()))
        .collect()
}

fn delivery_of(body: &Value, kind: &str) -> String {
    pairs(body).into_iter().find(|(k, _)| k == kind).map(|(_, d)| d).expect("the kind is listed")
}

async fn settings(user: &Client) -> Value {
    user.get("/api/v1/me/email-settings").await.ok()
}

async fn choose(user: &Client, changes: &[(&str, &str)]) -> Value {
    let items: Vec<Value> = changes.iter().map(|(k, d)| json!({ "kind": k, "delivery": d })).collect();
    user.put("/api/v1/me/email-settings", &json!({ "settings": items })).await.ok()
}

/// The token of an unsubscribe link of `user`, as the server signs it (`kind` `None`: all).
fn token(user: &User, kind: Option<&str>) -> String {
    let key = UnsubscribeKey::derive(JWT_SECRET.as_bytes()).unwrap();
    key.token(Unsubscribe { user: user.user_id.into(), kind: kind.map(|k| k.parse().unwrap()) })
}

#[apply(both_dbs)]
async fn every_kind_goes_in_the_daily_digest_until_the_user_chooses(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;

    let body = settings(&alice).await;

    let expected: Vec<(String, String)> =
        KINDS.iter().map(|k| ((*k).to_owned(), "daily_digest".to_owned())).collect();
    assert_eq!(pairs(&body), expected);
}

#[apply(both_dbs)]
async fn a_change_sets_the_kinds_named_and_keeps_the_others(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;

    let after = choose(&alice, &[("comment_on_proposal", "immediately"), ("pilot_update", "off")]).await;
    assert_eq!(delivery_of(&after, "comment_on_proposal"), "immediately");
    assert_eq!(delivery_of(&after, "pilot_update"), "off");
    assert_eq!(delivery_of(&after, "reply_to_comment"), "daily_digest");
    assert_eq!(pairs(&after).len(), KINDS.len());

    // A second change leaves the first one's other kinds alone; a kind named twice takes its
    // last value; an empty list changes nothing.
    let after = choose(
        &alice,
        &[("pilot_update", "immediately"), ("comment_on_proposal", "off"), ("pilot_update", "daily_digest")],
    )
    .await;
    assert_eq!(delivery_of(&after, "comment_on_proposal"), "off");
    assert_eq!(delivery_of(&after, "pilot_update"), "daily_digest");
    assert_eq!(choose(&alice, &[]).await, after);
    assert_eq!(settings(&alice).await, after);

    // Bob's are his own.
    assert!(pairs(&settings(&bob).await).iter().all(|(_, d)| d == "daily_digest"));

    // The export of Alice's data holds her choices (the kinds she chose, in the kinds' order).
    let export: Value = alice.get("/api/v1/me/export").await.ok();
    assert_eq!(
        export["email_settings"],
        json!([
            { "kind": "comment_on_proposal", "delivery": "off" },
            { "kind": "pilot_update", "delivery": "daily_digest" },
        ])
    );
    let export: Value = bob.get("/api/v1/me/export").await.ok();
    assert_eq!(export["email_settings"], json!([]));
}

#[apply(both_dbs)]
async fn hostile_settings_are_refused_and_change_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let before = settings(&alice).await;

    for body in [
        json!({ "settings": [{ "kind": "everything", "delivery": "off" }] }),
        json!({ "settings": [{ "kind": "comment_on_proposal", "delivery": "hourly" }] }),
        json!({ "settings": [{ "kind": "comment_on_proposal" }] }),
        json!({ "settings": [{ "kind": "comment_on_proposal", "delivery": "off", "user_id": alice.user_id }] }),
        json!({ "settings": { "kind": "comment_on_proposal", "delivery": "off" } }),
        json!({ "settings": [{ "kind": "comment_on_proposal", "delivery": "off" }], "user_id": alice.user_id }),
        json!({ "settings": vec![json!({ "kind": "pilot_update", "delivery": "off" }); 51] }),
        json!({}),
    ] {
        let res = alice.put("/api/v1/me/email-settings", &body).await;
        let p = res.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(!p.errors.is_empty(), "{body}: {p:?}");
    }
    assert_eq!(settings(&alice).await, before);

    // Signed-in users only.
    let anon = app.anon();
    anon.get("/api/v1/me/email-settings").await.refused(StatusCode::UNAUTHORIZED, "unauthenticated");
    anon.put("/api/v1/me/email-settings", &json!({ "settings": [] }))
        .await
        .refused(StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[apply(both_dbs)]
async fn an_unsubscribe_link_says_what_it_stops_and_stops_it_when_posted(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    choose(&alice, &[("comment_on_proposal", "immediately")]).await;
    let anon = app.anon();
    let path = format!("/api/v1/email/unsubscribe?token={}", token(&alice, Some("comment_on_proposal")));

    // Looking changes nothing (a mail scanner that follows links unsubscribes nobody).
    let seen: Value = anon.get(&path).await.ok();
    assert_eq!(seen, json!({ "kind": "comment_on_proposal" }));
    assert_eq!(delivery_of(&settings(&alice).await, "comment_on_proposal"), "immediately");

    let done: Value = anon.post_empty(&path).await.ok();
    assert_eq!(done, json!({ "kind": "comment_on_proposal" }));
    let now = settings(&alice).await;
    assert_eq!(delivery_of(&now, "comment_on_proposal"), "off");
    assert_eq!(pairs(&now).iter().filter(|(_, d)| d == "off").count(), 1, "only that kind");

    // Again: the same answer, nothing more changed.
    let again: Value = anon.post_empty(&path).await.ok();
    assert_eq!(again, done);
    assert_eq!(settings(&alice).await, now);

    // A digest's link stops every kind.
    let all = format!("/api/v1/email/unsubscribe?token={}", token(&alice, None));
    assert_eq!(anon.get(&all).await.ok::<Value>(), json!({ "kind": null }));
    assert_eq!(anon.post_empty(&all).await.ok::<Value>(), json!({ "kind": null }));
    assert!(pairs(&settings(&alice).await).iter().all(|(_, d)| d == "off"));
}

#[apply(both_dbs)]
async fn a_mail_reader_unsubscribes_with_the_one_click_form_post(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let path = format!("/api/v1/email/unsubscribe?token={}", token(&alice, Some("pilot_update")));

    // RFC 8058: a form body, no cookies or sign-in.
    let res = app
        .anon()
        .request(Method::POST, &path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await;

    assert_eq!(res.ok::<Value>(), json!({ "kind": "pilot_update" }));
    assert_eq!(delivery_of(&settings(&alice).await, "pilot_update"), "off");
}

#[apply(both_dbs)]
async fn a_forged_changed_or_missing_token_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let bob = app.participant("bob").await;
    let anon = app.anon();
    let good = token(&alice, Some("comment_on_proposal"));
    let foreign = UnsubscribeKey::derive(b"another secret, not this server's one!")
        .unwrap()
        .token(Unsubscribe { user: alice.user_id.into(), kind: None });
    let widened = good.replacen("comment_on_proposal", "all", 1);
    let moved = good.replacen(&alice.user_id.simple().to_string(), &bob.user_id.simple().to_string(), 1);

    for bad in [
        foreign.as_str(),
        widened.as_str(),
        moved.as_str(),
        "",
        "x.all.y",
        &good[..good.len() - 2],
        &"a".repeat(500),
    ] {
        let path = format!("/api/v1/email/unsubscribe?token={bad}");
        anon.get(&path).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
        anon.post_empty(&path).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
    }
    for path in ["/api/v1/email/unsubscribe", "/api/v1/email/unsubscribe?token=a%00b"] {
        anon.get(path).await.refused(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }
    assert!(pairs(&settings(&alice).await).iter().all(|(_, d)| d == "daily_digest"));
    assert!(pairs(&settings(&bob).await).iter().all(|(_, d)| d == "daily_digest"));
}

#[apply(both_dbs)]
async fn the_link_of_an_erased_account_works_no_more(db: Db) {
    let app = TestApp::spawn(db).await;
    let alice = app.participant("alice").await;
    let path = format!("/api/v1/email/unsubscribe?token={}", token(&alice, None));
    app.anon().get(&path).await.ok::<Value>();
    choose(&alice, &[("comment_on_proposal", "immediately")]).await;
    assert_eq!(chosen_rows(&app, &alice).await, 1);

    alice
        .request(Method::DELETE, "/api/v1/me")
        .json(&json!({ "password": PASSWORD }))
        .send()
        .await
        .expect(StatusCode::NO_CONTENT);

    app.anon().post_empty(&path).await.refused(StatusCode::BAD_REQUEST, "link_invalid");
    // Erasure took the settings with the rest.
    assert_eq!(chosen_rows(&app, &alice).await, 0);
}

// ---- Emails, through a real SMTP server ----

/// Marks the account's address confirmed, as its verification link would.
async fn confirm(app: &TestApp, user: &User) {
    let db = &app.db;
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "UPDATE users SET email_verified_at = created_at WHERE id = $1",
        _ => "UPDATE users SET email_verified_at = created_at WHERE id = ?",
    };
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [user.user_id.into()])).await.unwrap();
}

/// How many email settings rows `user` has.
async fn chosen_rows(app: &TestApp, user: &User) -> i64 {
    let db = &app.db;
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "SELECT COUNT(*) AS n FROM email_preferences WHERE user_id = $1",
        _ => "SELECT COUNT(*) AS n FROM email_preferences WHERE user_id = ?",
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [user.user_id.into()]))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

/// How many emails of `template` the outbox holds for `user` (sent or not).
async fn queued(app: &TestApp, user: &User, template: &str) -> i64 {
    let db = &app.db;
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "SELECT COUNT(*) AS n FROM outbox WHERE user_id = $1 AND template = $2",
        _ => "SELECT COUNT(*) AS n FROM outbox WHERE user_id = ? AND template = ?",
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [user.user_id.into(), template.into()]))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

/// A participant `<name>@vm.fi` whose address is confirmed, in `language`.
async fn confirmed(app: &TestApp, name: &str, language: &str) -> User {
    let user = app.participant(name).await;
    confirm(app, &user).await;
    user.patch("/api/v1/me", &json!({ "language": language })).await.ok::<Value>();
    user
}

/// An open call (by a new admin) and a proposal in it by `author`.
async fn proposal_by(app: &TestApp, author: &User) -> Proposal {
    let call = app.admin().await.open_call().await;
    author.submit(&call).await
}

/// The address a `List-Unsubscribe` header names, without its angle brackets.
fn list_unsubscribe(mail: &Mail) -> String {
    let h = mail.header("List-Unsubscribe").expect("a List-Unsubscribe header");
    h.trim().trim_start_matches('<').trim_end_matches('>').to_owned()
}

/// The API path (with its query) of an absolute `PUBLIC_URL` address.
fn api_path(url: &str) -> String {
    url.strip_prefix(PUBLIC_URL).unwrap_or_else(|| panic!("{url} is not under {PUBLIC_URL}")).to_owned()
}

/// Moves `user`'s notifications back to `at`, keeping their order (their ids).
async fn backdate_notifications(app: &TestApp, user: &User, at: DateTime<Utc>) {
    let db = &app.db;
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "UPDATE notifications SET created_at = $1 WHERE user_id = $2",
        _ => "UPDATE notifications SET created_at = ? WHERE user_id = ?",
    };
    db.execute_raw(Statement::from_sql_and_values(backend, sql, [at.into(), user.user_id.into()]))
        .await
        .unwrap();
}

/// Whether an email is about notifications (not the confirmation link that every
/// registration sends).
fn notice(mail: &Mail) -> bool {
    !mail.links().iter().any(|l| l.contains("/verify-email"))
}

/// Waits for at least `n` emails about notifications and returns those received by then.
async fn notices(sink: &MailSink, n: usize) -> Vec<Mail> {
    let deadline = tokio::time::Instant::now() + MAIL_TIMEOUT;
    loop {
        let found: Vec<Mail> = sink.messages().into_iter().filter(notice).collect();
        if found.len() >= n || tokio::time::Instant::now() >= deadline {
            assert!(
                found.len() >= n,
                "{n} emails expected within {MAIL_TIMEOUT:?}; received {}",
                found.len()
            );
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A moment when the digest window holds everything done so far: two days on.
fn in_two_days() -> DateTime<Utc> {
    Utc::now() + ChronoDuration::days(2)
}

#[apply(both_dbs)]
async fn a_comment_on_your_proposal_is_emailed_at_once_when_you_ask_for_it(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let alice = confirmed(&app, "alice", "sv").await;
    let bob = confirmed(&app, "bob", "fi").await;
    choose(&alice, &[("comment_on_proposal", "immediately")]).await;
    let proposal = proposal_by(&app, &alice).await;

    let comment = bob.comment(&proposal.id, "Hyvä idea!").await;

    let mail = sink.wait_for(|m| m.is_to("alice@vm.fi") && notice(m)).await;
    assert_eq!(mail.rcpt_tos, vec!["alice@vm.fi".to_owned()]);
    assert_eq!(mail.subject, "Siilo: Ny kommentar till ditt förslag");
    let text = mail.text();
    assert!(text.starts_with("Hej alice,\n"), "{text}");
    assert!(text.contains("bob kommenterade ditt förslag nr 1 ”Yhteinen avustusrekisteri”."), "{text}");
    assert!(!text.contains("Hyvä idea!"), "the comment itself stays in the app");
    let link = mail.link("/proposals/");
    assert_eq!(link, format!("{PUBLIC_URL}/proposals/{}#comment-{}", proposal.id, comment.id));
    assert_eq!(mail.link("/profile"), format!("{PUBLIC_URL}/profile"));
    assert!(mail.html().contains("lang=\"sv\""));
    assert!(mail.html().contains("bob kommenterade ditt förslag nr 1 ”Yhteinen avustusrekisteri”."));

    // The unsubscribe link in the footer and the one-click header name this kind.
    let page = mail.link("/unsubscribe#token=");
    let header = list_unsubscribe(&mail);
    assert_eq!(mail.header("List-Unsubscribe-Post"), Some("List-Unsubscribe=One-Click"));
    assert_eq!(page.split_once("#token=").unwrap().1, header.split_once("?token=").unwrap().1);
    let anon = app.anon();
    assert_eq!(anon.get(&api_path(&header)).await.ok::<Value>(), json!({ "kind": "comment_on_proposal" }));

    // The mail reader's one click turns it off: the next comment is in the app only.
    anon.request(Method::POST, &api_path(&header))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .ok::<Value>();
    bob.comment(&proposal.id, "Toinen kommentti").await;
    assert_eq!(queued(&app, &alice, "notification").await, 1);
    assert_eq!(sink.messages().iter().filter(|m| notice(m) && m.is_to("alice@vm.fi")).count(), 1);
}

#[apply(both_dbs)]
async fn only_a_confirmed_active_address_that_asked_is_emailed_at_once(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let commenter = confirmed(&app, "bob", "fi").await;
    // Who wants what: the default, off, at once but unconfirmed, at once but blocked, and one
    // who gets it (so that the others' silence is not a slow worker's).
    let digest = confirmed(&app, "dora", "fi").await;
    let off = confirmed(&app, "olli", "fi").await;
    choose(&off, &[("comment_on_proposal", "off")]).await;
    let unconfirmed = app.participant("ulla").await;
    choose(&unconfirmed, &[("comment_on_proposal", "immediately")]).await;
    let blocked = confirmed(&app, "bertta", "fi").await;
    choose(&blocked, &[("comment_on_proposal", "immediately")]).await;
    let eager = confirmed(&app, "eeva", "en").await;
    choose(&eager, &[("comment_on_proposal", "immediately")]).await;
    let mut proposals = Vec::new();
    for author in [&digest, &off, &unconfirmed, &blocked, &eager] {
        proposals.push(author.submit(&call).await);
    }
    // The harness confirms every participant: Ulla's address is made unconfirmed again once
    // her proposal is in.
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "UPDATE users SET email_verified_at = NULL WHERE id = $1",
        _ => "UPDATE users SET email_verified_at = NULL WHERE id = ?",
    };
    app.db
        .execute_raw(Statement::from_sql_and_values(backend, sql, [unconfirmed.user_id.into()]))
        .await
        .unwrap();
    admin
        .patch(&format!("/api/v1/users/{}", blocked.user_id), &json!({ "blocked": true }))
        .await
        .ok::<Value>();

    for p in &proposals {
        commenter.comment(&p.id, "Kommentti").await;
    }

    let mail = sink.wait_for(|m| m.is_to("eeva@vm.fi") && notice(m)).await;
    assert_eq!(mail.subject, "Siilo: New comment on your proposal");
    assert!(mail.text().contains("bob commented on your proposal No. 5 “Yhteinen avustusrekisteri”."));
    for user in [&digest, &off, &unconfirmed, &blocked] {
        assert_eq!(queued(&app, user, "notification").await, 0, "{}", user.email);
    }
    assert_eq!(queued(&app, &eager, "notification").await, 1);
    assert_eq!(sink.messages().iter().filter(|m| notice(m)).count(), 1);
}

#[apply(both_dbs)]
async fn a_digest_gathers_the_day_into_one_email_grouped_by_proposal(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let admin = app.admin().await;
    let call = admin.open_call().await;
    let alice = confirmed(&app, "alice", "fi").await;
    let bob = confirmed(&app, "bob", "fi").await;
    let carol = confirmed(&app, "carol", "fi").await;
    let first = alice.submit(&call).await;
    let second = alice.submit_with(&call, json!({ "title": "Toinen ehdotus" })).await.created::<Proposal>();
    // Bob hears of replies only in the app: his reply is left out of any digest.
    choose(&bob, &[("reply_to_comment", "off")]).await;

    let bobs = bob.comment(&first.id, "Ensimmäinen").await;
    carol.comment(&second.id, "Toiselle").await;
    bob.comment(&first.id, "Toinen").await;
    carol.comment_with(&first.id, "Vastaus", Some(&bobs.id)).await.created::<Value>();

    // As if it all happened two days ago: today's window holds it.
    backdate_notifications(&app, &alice, Utc::now() - ChronoDuration::days(2)).await;
    let now = Utc::now();
    assert_eq!(run_digests(&app.db, 7, now).await.unwrap(), 1);
    let mail = sink.wait_for(|m| m.is_to("alice@vm.fi") && notice(m)).await;

    assert_eq!(mail.subject, "Siilon päivän kooste: 4 uutta ilmoitusta");
    let text = mail.text();
    let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in:\n{text}"));
    let first_heading = at("Ehdotus nro 1 ”Yhteinen avustusrekisteri”");
    let second_heading = at("Ehdotus nro 2 ”Toinen ehdotus”");
    // Grouped by proposal, each group in the order of its first notification.
    assert!(first_heading < second_heading);
    let in_first = &text[first_heading..second_heading];
    assert_eq!(in_first.matches("- bob kommentoi ehdotustasi.").count(), 2, "{text}");
    assert_eq!(in_first.matches("- carol kommentoi ehdotustasi.").count(), 1, "{text}");
    assert!(text[second_heading..].contains("- carol kommentoi ehdotustasi."), "{text}");
    assert!(mail.link("/proposals/").starts_with(&format!("{PUBLIC_URL}/proposals/{}#comment-", first.id)));
    assert_eq!(mail.link("/notifications"), format!("{PUBLIC_URL}/notifications"));
    // A digest's unsubscribe link stops every kind.
    let header = list_unsubscribe(&mail);
    assert_eq!(app.anon().get(&api_path(&header)).await.ok::<Value>(), json!({ "kind": null }));

    // The same window again, on this or any instance: none.
    assert_eq!(run_digests(&app.db, 7, now).await.unwrap(), 0);
    assert_eq!(queued(&app, &alice, "digest").await, 1);
    assert_eq!(queued(&app, &bob, "digest").await, 0);

    // What happens now goes in tomorrow's digest, and only that.
    carol.comment(&second.id, "Vielä yksi").await;
    assert_eq!(run_digests(&app.db, 7, Utc::now()).await.unwrap(), 0);
    let tomorrow = Utc::now() + ChronoDuration::days(1);
    assert_eq!(run_digests(&app.db, 7, tomorrow).await.unwrap(), 1);
    let mails = notices(&sink, 2).await;
    let next = mails.iter().filter(|m| m.is_to("alice@vm.fi")).nth(1).expect("a second digest");
    assert_eq!(next.subject, "Siilon päivän kooste: 1 uusi ilmoitus");
    assert!(
        next.text().contains("Ehdotus nro 2 ”Toinen ehdotus”\n\n- carol kommentoi ehdotustasi."),
        "{}",
        next.text()
    );
    assert!(!next.text().contains("nro 1"), "{}", next.text());
}

#[apply(both_dbs)]
async fn two_instances_running_the_digest_at_once_send_each_user_one(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let call = app.admin().await.open_call().await;
    let commenter = confirmed(&app, "kommentoija", "en").await;
    let mut authors = Vec::new();
    for i in 0..6 {
        let author = confirmed(&app, &format!("author{i}"), "en").await;
        let p = author.submit(&call).await;
        commenter.comment(&p.id, "Nice").await;
        commenter.comment(&p.id, "Really").await;
        authors.push(author);
    }
    // Two passes at once, each on a connection of its own (as two instances would be).
    let other = siilo_store::database::connect(app.database_url(), 2).await.unwrap();
    let now = in_two_days();

    let (a, b) = tokio::join!(run_digests(&app.db, 7, now), run_digests(&other, 7, now));

    assert_eq!(a.unwrap() + b.unwrap(), authors.len());
    let mails = notices(&sink, authors.len()).await;
    for author in &authors {
        assert_eq!(queued(&app, author, "digest").await, 1);
        let theirs: Vec<&Mail> = mails.iter().filter(|m| m.is_to(&author.email)).collect();
        assert_eq!(theirs.len(), 1, "{}", author.email);
        assert_eq!(theirs[0].subject, "Your daily Siilo digest: 2 new notifications");
    }
}
