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
