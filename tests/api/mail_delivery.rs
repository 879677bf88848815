//! The mail worker: what the outbox holds arrives at an SMTP server (`tools/smtp_sink.py`)
//! once, in the recipient's language, with its headers and both parts; it is retried while
//! the server is away, survives a restart, and is sent once by many instances.

use std::time::Duration;

use rstest_reuse::apply;
use serde_json::json;
use siilo_domain::accounts::Language;
use siilo_domain::identity::MailTemplate;
use siilo_store::outbox::{self, NewEmail, QueuedEmail};
use uuid::Uuid;

use crate::util::mail::PUBLIC_URL;
use crate::util::{Db, MailSink, TestApp, both_dbs};

/// Queues an email through the store, as a route does in its transaction.
async fn enqueue(
    app: &TestApp,
    to: &str,
    language: Language,
    template: MailTemplate,
    payload: serde_json::Value,
) -> Uuid {
    let email = NewEmail { user_id: None, recipient: to, language, template, payload };
    outbox::enqueue(&app.db, email, chrono::Utc::now()).await.expect("enqueue")
}

async fn row(app: &TestApp, id: Uuid) -> QueuedEmail {
    outbox::get(&app.db, id).await.expect("read the outbox").expect("the row")
}

/// Waits until the row is sent or failed.
async fn settled(app: &TestApp, id: Uuid) -> QueuedEmail {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let r = row(app, id).await;
        if r.sent_at.is_some() || r.failed_at.is_some() {
            return r;
        }
        assert!(tokio::time::Instant::now() < deadline, "the email was neither sent nor failed: {r:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[apply(both_dbs)]
async fn a_queued_verification_email_arrives_with_its_link(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;

    let id = enqueue(
        &app,
        "maija@vm.fi",
        Language::Fi,
        MailTemplate::VerifyEmail,
        json!({ "token": "tok-123_abc", "display_name": "Maija Meikäläinen" }),
    )
    .await;

    let mail = sink.wait_for(|m| m.is_to("maija@vm.fi")).await;
    assert_eq!(mail.rcpt_tos, ["maija@vm.fi"]);
    assert_eq!(mail.mail_from, "siilo@siilo.test");
    assert_eq!(mail.subject, "Vahvista sähköpostiosoitteesi Siilossa");
    assert_eq!(mail.header("content-language"), Some("fi"));
    assert_eq!(mail.link("/verify-email"), format!("{PUBLIC_URL}/verify-email#token=tok-123_abc"));
    assert_eq!(mail.token("/verify-email"), "tok-123_abc");
    assert!(mail.text().starts_with("Hei Maija Meikäläinen,\n"), "{}", mail.text());
    assert!(mail.html().contains("Hei Maija Meikäläinen,"));

    let sent = settled(&app, id).await;
    assert!(sent.sent_at.is_some() && sent.failed_at.is_none(), "{sent:?}");
    assert_eq!(sent.payload, None, "the payload (the token) is gone once sent");
    assert_eq!(sent.attempts, 1);
}

#[apply(both_dbs)]
async fn each_language_gets_its_own_email_once_with_its_headers_and_both_parts(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let cases = [
        (
            "fi@vm.fi",
            Language::Fi,
            MailTemplate::PasswordReset,
            "Vaihda Siilo-salasanasi",
            "/reset-password",
            "Saat tämän viestin, koska",
        ),
        (
            "sv@vm.fi",
            Language::Sv,
            MailTemplate::ChangeEmail,
            "Bekräfta din nya e-postadress i Siilo",
            "/verify-email",
            "Du får det här meddelandet eftersom",
        ),
        (
            "en@vm.fi",
            Language::En,
            MailTemplate::VerifyEmail,
            "Confirm your email address for Siilo",
            "/verify-email",
            "You are receiving this email because",
        ),
    ];
    let mut ids = Vec::new();
    for (to, language, template, ..) in cases {
        let payload =
            json!({ "token": format!("token-{language}"), "display_name": "Kim <b>", "new_email": to });
        ids.push(enqueue(&app, to, language, template, payload).await);
    }

    for ((to, language, _, subject, path, reason), id) in cases.into_iter().zip(&ids) {
        let mail = sink.wait_for(|m| m.is_to(to)).await;
        assert_eq!(mail.subject, subject);
        assert_eq!(mail.header("content-language"), Some(language.into_str()));
        assert_eq!(mail.header("message-id"), Some(format!("<{id}@siilo.test>").as_str()));
        assert_eq!(mail.header("from"), Some("Siilo <siilo@siilo.test>"));
        assert_eq!(mail.header("to"), Some(to));
        assert_eq!(mail.header("auto-submitted"), Some("auto-generated"));
        assert!(mail.header("date").is_some_and(|d| !d.is_empty()));
        assert!(mail.header("content-type").is_some_and(|c| c.starts_with("multipart/alternative")));
        assert_eq!(mail.header("list-unsubscribe"), None, "account emails are not a mailing list");
        assert_eq!(mail.token(path), format!("token-{language}"));
        let text = mail.text();
        assert!(text.contains("Kim <b>,"), "{text}");
        assert!(text.contains(reason), "{text}");
        let html = mail.html();
        assert!(html.contains(&format!("<html lang=\"{language}\">")));
        assert!(html.contains("Kim &lt;b&gt;,") && !html.contains("Kim <b>"), "{html}");
        assert!(html.contains(&format!("href=\"{PUBLIC_URL}{path}#token=token-{language}\"")));
        assert!(html.contains(reason));
    }
    for id in ids {
        let r = settled(&app, id).await;
        assert!(r.sent_at.is_some() && r.payload.is_none() && r.attempts == 1, "{r:?}");
    }
    // Once each, even after a few more polls.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(sink.messages().len(), 3);
}

#[apply(both_dbs)]
async fn while_the_smtp_server_is_away_an_email_is_retried_with_growing_pauses_then_delivered(db: Db) {
    let port = crate::util::mail::free_port();
    let app = TestApp::spawn_with_smtp(db, &crate::util::mail::smtp_url(port), |_| {}).await;
    let id =
        enqueue(&app, "later@vm.fi", Language::Sv, MailTemplate::VerifyEmail, json!({ "token": "t" })).await;

    // Three refused attempts, each waiting twice as long as the one before: 200 + 400 + 800 ms.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let failed = loop {
        let r = row(&app, id).await;
        if r.attempts >= 3 && r.claimed_until.is_none() {
            break r;
        }
        assert!(tokio::time::Instant::now() < deadline, "three attempts expected: {r:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!((failed.sent_at, failed.failed_at), (None, None));
    assert!(failed.payload.is_some(), "kept for the next attempt");
    assert!(failed.last_error.as_deref().is_some_and(|e| !e.is_empty()), "{failed:?}");
    let waited = failed.next_attempt_at - failed.created_at;
    assert!(waited >= chrono::Duration::milliseconds(1400), "the pauses double: {waited:?} ({failed:?})");
    assert!(failed.attempts <= 4, "no attempt without its pause: {failed:?}");

    let sink = MailSink::start_on(port).await;
    let mail = sink.wait_for(|m| m.is_to("later@vm.fi")).await;
    assert_eq!(mail.subject, "Bekräfta din e-postadress i Siilo");
    let sent = settled(&app, id).await;
    assert!(sent.sent_at.is_some() && sent.failed_at.is_none() && sent.payload.is_none(), "{sent:?}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(sink.messages().len(), 1);
}

#[apply(both_dbs)]
async fn an_email_that_keeps_failing_is_given_up_after_eight_attempts(db: Db) {
    let port = crate::util::mail::free_port();
    let app = TestApp::spawn_with_smtp(db, &crate::util::mail::smtp_url(port), |c| {
        c.mail_retry = Duration::from_millis(1);
    })
    .await;
    let id =
        enqueue(&app, "nobody@vm.fi", Language::En, MailTemplate::PasswordReset, json!({ "token": "t" }))
            .await;

    let given_up = settled(&app, id).await;
    assert!(given_up.failed_at.is_some() && given_up.sent_at.is_none(), "{given_up:?}");
    assert_eq!(given_up.attempts, 8);
    assert_eq!(given_up.payload, None, "the token goes with a given-up email too");
    assert!(given_up.last_error.is_some());
    // And it stays given up.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(row(&app, id).await, given_up);
}

#[apply(both_dbs)]
async fn an_email_that_cannot_be_rendered_fails_at_once_and_the_others_still_go(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let bad =
        enqueue(&app, "bad@vm.fi", Language::Fi, MailTemplate::ChangeEmail, json!({ "token": "t" })).await;
    let not_an_object =
        enqueue(&app, "bad@vm.fi", Language::Fi, MailTemplate::EmailChanged, json!([1, 2])).await;
    let bad_recipient =
        enqueue(&app, "not an address", Language::Fi, MailTemplate::VerifyEmail, json!({ "token": "t" }))
            .await;
    let good =
        enqueue(&app, "good@vm.fi", Language::Fi, MailTemplate::VerifyEmail, json!({ "token": "t" })).await;

    sink.wait_for(|m| m.is_to("good@vm.fi")).await;
    for id in [bad, not_an_object, bad_recipient] {
        let r = settled(&app, id).await;
        assert!(r.failed_at.is_some() && r.sent_at.is_none(), "{r:?}");
        assert_eq!(r.attempts, 1, "never retried: {r:?}");
        assert_eq!(r.payload, None);
        assert!(r.last_error.is_some());
    }
    assert!(settled(&app, good).await.sent_at.is_some());
    sink.assert_none(Duration::from_millis(500), |m| m.is_to("bad@vm.fi") || m.subject.is_empty()).await;
    assert_eq!(sink.messages().len(), 1);
}

#[apply(both_dbs)]
async fn without_an_smtp_server_an_email_is_logged_and_counts_as_sent(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.mail_poll = Duration::from_millis(200)).await;
    let id =
        enqueue(&app, "maija@vm.fi", Language::Fi, MailTemplate::VerifyEmail, json!({ "token": "t" })).await;

    let r = settled(&app, id).await;
    assert!(r.sent_at.is_some() && r.failed_at.is_none(), "{r:?}");
    assert_eq!((r.payload, r.last_error, r.attempts), (None, None, 1));
}

#[apply(both_dbs)]
async fn an_email_claimed_by_a_sender_that_died_comes_back_when_the_claim_ends(db: Db) {
    let sink = MailSink::start().await;
    let app = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    // Due in half a second, so that this test, not the app, claims it first.
    let now = chrono::Utc::now();
    let due = now + chrono::Duration::milliseconds(500);
    let email = NewEmail {
        user_id: None,
        recipient: "orphan@vm.fi",
        language: Language::En,
        template: MailTemplate::VerifyEmail,
        payload: json!({ "token": "t" }),
    };
    let id = outbox::enqueue(&app.db, email, due).await.unwrap();
    // Another instance claims it for 1.5 s and dies.
    let claimed =
        outbox::claim_due(&app.db, 10, due, now + chrono::Duration::milliseconds(1500)).await.unwrap();
    assert_eq!(claimed.iter().map(|e| e.id).collect::<Vec<_>>(), [id]);
    assert_eq!(outbox::claim_due(&app.db, 10, due, due).await.unwrap(), [], "claimed once");

    sink.assert_none(Duration::from_millis(1000), |_| true).await;
    sink.wait_for(|m| m.is_to("orphan@vm.fi")).await;
    let r = settled(&app, id).await;
    assert_eq!(r.attempts, 2, "the dead sender's attempt counts: {r:?}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(sink.messages().len(), 1);
}

/// `n` verification emails to `<prefix><i>@vm.fi`.
async fn enqueue_many(app: &TestApp, prefix: &str, n: usize) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for i in 0..n {
        let to = format!("{prefix}{i}@vm.fi");
        ids.push(
            enqueue(app, &to, Language::Fi, MailTemplate::VerifyEmail, json!({ "token": format!("t{i}") }))
                .await,
        );
    }
    ids
}

/// Every queued email arrived exactly once: one message per recipient, one per Message-ID.
fn assert_each_once(sink: &MailSink, prefix: &str, n: usize) {
    let messages = sink.messages();
    let mut recipients: Vec<String> = messages.iter().flat_map(|m| m.rcpt_tos.clone()).collect();
    recipients.sort();
    let mut expected: Vec<String> = (0..n).map(|i| format!("{prefix}{i}@vm.fi")).collect();
    expected.sort();
    assert_eq!(recipients, expected, "each recipient once");
    let mut ids: Vec<&str> = messages.iter().filter_map(|m| m.header("message-id")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "each Message-ID once");
}

#[apply(both_dbs)]
async fn across_a_graceful_restart_nothing_is_lost_and_nothing_is_sent_twice(db: Db) {
    const N: usize = 40;
    let sink = MailSink::start().await;
    let first = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let ids = enqueue_many(&first, "restart", N).await;
    sink.wait_for_count(1, Duration::from_secs(15)).await;

    first.stop().await;

    // Stopped: what it sent is marked sent, and it holds no claim.
    let rows = outbox::all(&first.db).await.unwrap();
    let sent = rows.iter().filter(|r| r.sent_at.is_some()).count();
    assert!(rows.iter().all(|r| r.claimed_until.is_none()), "claims given back: {rows:#?}");
    assert_eq!(sink.messages().len(), sent, "each email sent is marked sent, and only those");

    let second = first.another_instance().await;
    sink.wait_for_count(N, Duration::from_secs(30)).await;
    for id in ids {
        let r = settled(&second, id).await;
        assert!(r.sent_at.is_some() && r.payload.is_none() && r.attempts == 1, "{r:?}");
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_each_once(&sink, "restart", N);
}

#[apply(both_dbs)]
async fn two_instances_send_each_of_many_queued_emails_exactly_once(db: Db) {
    const N: usize = 120;
    let sink = MailSink::start().await;
    let first = TestApp::spawn_with_mail(db, &sink, |_| {}).await;
    let second = first.another_instance().await;
    assert!(second.address != first.address);
    let ids = enqueue_many(&first, "many", N).await;

    sink.wait_for_count(N, Duration::from_secs(60)).await;
    for id in ids {
        let r = settled(&first, id).await;
        assert!(r.sent_at.is_some() && r.attempts == 1, "claimed once: {r:?}");
    }
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_each_once(&sink, "many", N);
}

#[tokio::test]
async fn a_sender_that_is_not_an_address_stops_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let vars = std::collections::HashMap::from([
        ("SIILO_DATABASE_URL".to_owned(), format!("sqlite://{}", dir.path().join("siilo.db").display())),
        ("SIILO_BIND".to_owned(), "127.0.0.1:0".to_owned()),
        ("SIILO_DATA_DIR".to_owned(), dir.path().display().to_string()),
        ("SIILO_JWT_SECRET".to_owned(), crate::util::JWT_SECRET.to_owned()),
        ("SIILO_MAIL_FROM".to_owned(), "Siilo".to_owned()),
    ]);
    let config = siilo_server::Config::from_vars(&vars).unwrap();
    let error = siilo_server::Application::build(config).await.err().expect("start-up fails").to_string();
    assert!(error.contains("SIILO_MAIL_FROM"), "{error}");
}
