//! The MIME message of a rendered email: multipart/alternative (plain text, then HTML),
//! `Message-ID` derived from the outbox id (a retried email keeps its id, so a receiving
//! server can drop a duplicate), `Date`, `From`, `To`, `Content-Language`, and
//! `Auto-Submitted` so that out-of-office replies stay away.

use std::time::SystemTime;

use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use siilo_domain::accounts::Language;
use uuid::Uuid;

use super::RenderedEmail;

#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    #[error("the recipient {0:?} is not an email address")]
    Recipient(String),
    #[error(transparent)]
    Build(#[from] lettre::error::Error),
}

/// `<outbox-id@sender's domain>`.
pub fn message_id(outbox_id: Uuid, from: &Mailbox) -> String {
    format!("<{outbox_id}@{}>", from.email.domain())
}

fn raw(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

pub fn build(
    outbox_id: Uuid,
    from: &Mailbox,
    recipient: &str,
    language: Language,
    email: &RenderedEmail,
    date: SystemTime,
) -> Result<Message, MessageError> {
    let to: Mailbox = recipient.parse().map_err(|_| MessageError::Recipient(recipient.to_owned()))?;
    let mut builder = Message::builder()
        .message_id(Some(message_id(outbox_id, from)))
        .date(date)
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone())
        .raw_header(raw("Content-Language", language.into_str().to_owned()))
        .raw_header(raw("Auto-Submitted", "auto-generated".to_owned()));
    if let Some(url) = &email.list_unsubscribe {
        builder = builder
            .raw_header(raw("List-Unsubscribe", format!("<{url}>")))
            .raw_header(raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".to_owned()));
    }
    Ok(builder.multipart(MultiPart::alternative_plain_html(email.text.clone(), email.html.clone()))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(list_unsubscribe: Option<&str>) -> RenderedEmail {
        RenderedEmail {
            subject: "Vahvista sähköpostiosoitteesi".into(),
            text: "Hei,\n\nlinkki\n".into(),
            html: "<p>Hei,</p>".into(),
            list_unsubscribe: list_unsubscribe.map(str::to_owned),
        }
    }

    #[test]
    fn the_message_carries_its_headers_and_both_parts() {
        let from: Mailbox = "Siilo <siilo@example.fi>".parse().unwrap();
        let id = Uuid::now_v7();
        let message =
            build(id, &from, "maija@vm.fi", Language::Fi, &rendered(None), SystemTime::now()).unwrap();
        let formatted = String::from_utf8(message.formatted()).unwrap();
        assert!(formatted.contains(&format!("Message-ID: <{id}@example.fi>\r\n")), "{formatted}");
        assert!(formatted.contains("Content-Language: fi\r\n"));
        assert!(formatted.contains("Auto-Submitted: auto-generated\r\n"));
        assert!(formatted.contains("To: maija@vm.fi\r\n"));
        assert!(formatted.contains("Date: "));
        assert!(formatted.contains("multipart/alternative"));
        assert!(formatted.contains("text/plain; charset=utf-8"));
        assert!(formatted.contains("text/html; charset=utf-8"));
        assert!(!formatted.contains("List-Unsubscribe"));
        assert_eq!(message.envelope().to().len(), 1);
    }

    #[test]
    fn a_notification_offers_one_click_unsubscribe() {
        let from: Mailbox = "siilo@example.fi".parse().unwrap();
        let url = "https://siilo.test/api/v1/email/unsubscribe?token=abc";
        let message =
            build(Uuid::now_v7(), &from, "a@vm.fi", Language::Sv, &rendered(Some(url)), SystemTime::now())
                .unwrap();
        let formatted = String::from_utf8(message.formatted()).unwrap();
        assert!(formatted.contains(&format!("List-Unsubscribe: <{url}>\r\n")), "{formatted}");
        assert!(formatted.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    }

    #[test]
    fn a_recipient_that_is_not_an_address_is_refused() {
        let from: Mailbox = "siilo@example.fi".parse().unwrap();
        let res =
            build(Uuid::now_v7(), &from, "not an address", Language::En, &rendered(None), SystemTime::now());
        assert!(matches!(res, Err(MessageError::Recipient(_))));
    }
}
